"""The SQLite store (sqlite-utils): the award ledger, stored applications and their claims.

The only module that touches SQLite. Amounts are INTEGER cents so that SUM is exact; every
write runs in one BEGIN IMMEDIATE transaction, so bad input never half-writes and two
workbenches on one file take turns instead of failing half-way.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from workbench.core.domain.findings import dumps as dump_findings
from workbench.core.domain.model import CLAIM_FIELDS, Application, LedgerAward
from workbench.core.domain.money import from_cents
from workbench.core.rules.result import ClaimResult
from workbench.core.rules.ruleset import RuleSet
from workbench.core.rules.usage import Usage
from workbench.core.store import coverage, page_cache, txn, usage_repo
from workbench.core.store.encoding import _cents, _dumps, _fields_of, _findings_json, _plain
from workbench.core.store.migrations import migrations
from workbench.core.store.opening import (
    BUSY_TIMEOUT_S,
    StoreError,
    StoreMissing,
    StoreTooNew,
    _probe,
    _refuse_foreign,
    _refuse_network,
    check_workbench_file,
    known_migrations,
)
from workbench.core.store.pg.opening import is_url
from workbench.core.store.pg.store_open import open_pg

# Names defined in opening.py and encoding.py are imported from here too (kept importable).
__all__ = ["Store", "Stored", "LEDGER_COLUMNS", "BUSY_TIMEOUT_S", "StoreError", "StoreMissing",
           "StoreTooNew", "check_workbench_file", "explanation_lines", "known_migrations",
           "_dumps", "_fields_of", "_findings_json", "_plain"]

# Columns of a ledger row as Store.add_ledger_rows expects them (see ledger.py).
LEDGER_COLUMNS = (
    "credit_code", "name", "year", "code", "project", "project_key", "product", "product_key",
    "voucher", "voucher_key", "installment", "amount_cents", "doc_no", "source", "source_row",
    "row_key", "imported_at",
)



class Stored(NamedTuple):
    """What add_application did: the application's id, and False when the file was already there."""

    id: int
    created: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def explanation_lines(result: ClaimResult) -> list[str]:
    """The explanation of a result, whether the engine gives it as a list or renders it lazily."""
    try:
        lines = result.explanation
    except ImportError:  # the renderer is not available in this build: keep the findings only
        return []
    return [str(line) for line in (lines or [])]


class Store:
    """One open store. Use Store.open(path) to work, Store.open_readonly(path) to only look."""

    def __init__(self, db: Database, path: Path | None = None, *, readonly: bool = False):
        self.db = db
        self.path = path
        self.readonly = readonly
        self.unknown_migrations: list[str] = []
        # The copy made before this open applied migrations (None: nothing was migrated).
        self.migration_backup: Path | None = None
        self._depth = 0   # transactions open on this store (see transaction)
        self.url: str | None = None   # office mode: the server's address (no password)
        self.login = ""               # office mode: the database login

    @property
    def where(self) -> str | Path | None:
        """What the store is, for messages: its file, or its server's address."""
        return self.url or self.path

    # ---- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, password: str | None = None) -> Store:
        """Open (creating folders and file if needed) in WAL mode and bring the schema up to date.

        A store a newer version wrote is refused (StoreTooNew) before anything writes to it.
        A store that needs migrations is first copied to backups/ beside it. A
        `postgresql://` address opens the store on that server (office mode)."""
        if is_url(path):
            return open_pg(cls, str(path), "write", password=password)
        path = Path(path)
        _refuse_network(path)
        if path.is_dir():
            raise StoreError(f"{path} 是文件夹，不是数据库文件；请用 --db 指定数据库文件（如 {path / 'store.sqlite'}）")
        backup = None
        if path.is_file() and path.stat().st_size:
            applied, unknown = _probe(path)
            if unknown:
                raise StoreTooNew(path, unknown)
            pending = [name for name in known_migrations() if name not in applied]
            if applied and pending:
                from workbench.core.store.file_copy import before_migrating
                backup = before_migrating(path, pending[0])
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        db = Database(conn)
        try:
            _refuse_foreign(db, path)
            db.enable_wal()
            cls._configure(db)
            store = cls(db, path)
            store._migrate()
            coverage.install(conn)
        except Exception:
            conn.close()
            raise
        store.migration_backup = backup
        return store

    @classmethod
    def memory(cls) -> Store:
        """An empty, up-to-date store in memory (tests; checks without a store file)."""
        db = Database(memory=True)
        cls._configure(db)
        store = cls(db, None)
        store._migrate()
        coverage.install(db.conn)
        return store

    @classmethod
    def open_readonly(cls, path: str | Path, *, password: str | None = None) -> Store:
        """Look at a store without changing it in any way.

        A missing file gives an empty in-memory store (the file is not created). A store that
        an older workbench wrote is copied into memory and brought up to date there, so the
        file on disk keeps its schema until a writing command opens it.
        """
        if is_url(path):
            return open_pg(cls, str(path), "read", password=password)
        path = Path(path)
        if not path.exists():
            store = cls.memory()
            store.readonly = True
            return store
        _refuse_network(path)
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
        db = Database(conn)
        cls._configure(db, write=False)
        try:
            pending = migrations.pending(db)
            applied = {m.name for m in migrations.applied(db)}
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"无法读取数据库文件 {path}：{exc}") from exc
        unknown = sorted(applied - set(known_migrations()))
        if unknown:
            # A newer version's store: shown as it is, never migrated, not even in memory.
            store = cls(db, path, readonly=True)
            store.unknown_migrations = unknown
            return store
        if pending:
            mem = sqlite3.connect(":memory:")
            conn.backup(mem)
            conn.close()
            db = Database(mem)
            cls._configure(db)
            store = cls(db, path)
            store._migrate()
            store.readonly = True
            return store
        return cls(db, path, readonly=True)

    @classmethod
    def open_existing(cls, path: str | Path, *, password: str | None = None) -> Store:
        """Open an existing workbench store only to look at it (verify-store, log, checks).

        Nothing is created or written, not even the WAL switch: a missing file, a file that is
        not SQLite, or another program's SQLite database is refused with StoreError before
        anything is changed, so such a file stays byte-identical.
        """
        if is_url(path):
            return open_pg(cls, str(path), "look", password=password)
        path = Path(path)
        _refuse_network(path)
        if not path.is_file():
            raise StoreMissing(f"找不到数据库文件 {path}（未创建）" if not path.exists()
                               else f"{path} 不是文件")
        check_workbench_file(path)
        return cls.open_readonly(path)

    @staticmethod
    def _configure(db: Database, *, write: bool = True) -> None:
        txn.set_busy_timeout(db.conn, BUSY_TIMEOUT_S)
        txn.busy_timeout_from_env(db.conn)
        db.conn.execute("PRAGMA foreign_keys = ON")
        if not write:
            db.conn.execute("PRAGMA query_only = ON")

    def _migrate(self) -> None:
        newer = migrations.unknown(self.db)   # a newer version got there after our first look
        if newer:
            raise StoreTooNew(self.where, newer)
        if not migrations.pending(self.db):
            return
        with self.transaction():
            # Another workbench may have migrated between our look and our lock.
            migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: all of it or nothing.

        Nests: inside another transaction of this store it is a SAVEPOINT, undone alone on an
        exception, and the outer one commits (so a step that writes can run alone or as part
        of a larger whole). Everything done through this store inside it is part of it."""
        if self.readonly:
            if self.unknown_migrations:
                raise StoreTooNew(self.where, self.unknown_migrations)
            raise StoreError("只读打开的数据库不能写入")
        depth = self._depth
        if depth:
            context = txn.savepoint(self.db.conn, depth)
        elif self.db.conn.in_transaction:
            raise StoreError("不支持嵌套事务")   # one begun on the connection outside this store
        else:
            # txn.write is the one place that turns a long wait for the lock into StoreBusy.
            context = txn.write(self.db.conn)
        with context:
            self._depth = depth + 1
            try:
                yield self
            finally:
                self._depth = depth

    @contextmanager
    def import_durability(self) -> Iterator[None]:
        """For a batch import on this connection: commits without an fsync each, and the
        whole batch made durable once at the end.

        Why it is safe: in WAL mode, synchronous=NORMAL never corrupts the store, and a commit
        survives a crash of the process (the operating system has the WAL); only a power cut
        or an OS crash can lose the last commits since the WAL was last synced. An import
        loses nothing that cannot be had again: a file already stored is recognised by its
        hash and never stored twice, so importing the same files again restores exactly what
        was lost. Each application is still whole or absent (its own savepoint, several
        applications to a transaction: see grouped.py); a crash of the process loses the
        applications of the transaction not yet committed (at most `grouped.MAX_ITEMS`, or
        `grouped.MAX_SECONDS` of work), which are then simply absent.

        Why only here: decisions, finalizing, amendments and every other write are things a
        reviewer did and must not be lost: they keep synchronous=FULL (the previous setting is
        put back at the end, even on an error). The fsync saved is most of an import's storing
        time (about 1-6 ms a file on the development VM, against ~1 ms of work).

        At the end, a checkpoint syncs the WAL (and copies it into the database), so a batch
        import that has returned is as durable as if every commit had been synced. Other
        journal modes (an in-memory store, a store that could not switch to WAL) are left as
        they are: there NORMAL is not safe against corruption.
        """
        conn = self.db.conn
        if self.readonly or conn.in_transaction or self.journal_mode() != "wal":
            yield
            return
        before = conn.execute("PRAGMA synchronous").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA synchronous = {int(before)}")
            if not conn.in_transaction:
                # PASSIVE: readers (another workbench) are not waited for; a frame a reader
                # holds back becomes durable with the next synced commit or checkpoint.
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    # ---- facts about the store -----------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def journal_mode(self) -> str:
        mode: str = self.db.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode

    def count(self, table: str) -> int:
        if table not in ("ledger", "applications", "claims"):
            raise ValueError(table)
        n: int = self.db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return n

    # ---- ledger --------------------------------------------------------------------------

    def add_ledger_rows(self, rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Insert validated ledger rows in one transaction; rows whose row_key is already stored
        are skipped. Returns (added, skipped)."""
        rows = list(rows)
        # ON CONFLICT(row_key) rather than OR IGNORE: only "already stored" is skipped; any
        # other constraint failure aborts the whole import.
        sql = (f"INSERT INTO ledger ({', '.join(LEDGER_COLUMNS)}) "
               f"VALUES ({', '.join('?' for _ in LEDGER_COLUMNS)}) ON CONFLICT(row_key) DO NOTHING")
        with page_cache.roomy(self.db.conn), self.transaction():
            cursor = self.db.conn.executemany(sql, ([r[c] for c in LEDGER_COLUMNS] for r in rows))
            added = cursor.rowcount
        return added, len(rows) - added

    def ledger_awards(self, credit_code: str | None = None) -> list[LedgerAward]:
        sql = ("SELECT credit_code, name, year, code, project, product, voucher, installment, "
               "amount_cents, doc_no FROM ledger")
        params: list[Any] = []
        if credit_code is not None:
            sql += " WHERE credit_code = ?"
            params.append(credit_code)
        sql += " ORDER BY id"
        return [self._award(r) for r in self.db.conn.execute(sql, params)]

    @staticmethod
    def _award(r: Sequence[Any]) -> LedgerAward:
        return LedgerAward(credit_code=r[0], name=r[1], year=r[2], code=r[3], project=r[4],
                           product=r[5], voucher=r[6], installment=r[7],
                           amount=from_cents(r[8]), doc_no=r[9])

    # ---- what already counts -------------------------------------------------------------

    def usage_for(self, app: Application, rules: RuleSet, *, skip: tuple[int, ...] = ()) -> Usage:
        """The engine's view of the store for one application (usage_repo.usage_for)."""
        return usage_repo.usage_for(self, app, rules, skip=skip)

    # ---- applications --------------------------------------------------------------------

    def find_application(self, file_hash: str) -> int | None:
        if not file_hash:
            return None
        row = self.db.conn.execute(
            "SELECT id FROM applications WHERE file_hash = ?", [file_hash]).fetchone()
        return row[0] if row else None

    def add_application(self, app: Application, results: list[ClaimResult], *,
                        rule_set: str = "", batch: str | None = None) -> Stored:
        """Store an application whole with its settled claims, in one transaction.

        The same file (same sha256) is stored once: importing it again returns the existing id
        with created=False. A refused application is not stored (ValueError).
        """
        if app.refused or app.applicant is None:
            raise ValueError("被拒收的申报表不能入库")
        a = app.applicant
        by_row = {c.row: c for c in app.claims}
        rule_set = rule_set or next((r.rule_set for r in results if r.rule_set), "")
        now = _now()
        with self.transaction():
            db = self.db
            existing = self.find_application(app.file_hash)
            if existing is not None:
                return Stored(existing, False)
            cursor = db.conn.execute(
                "INSERT INTO applications (file_hash, source, credit_code, name, year, "
                "in_district, fiscal_contribution_cents, applicant, rule_set, imported_at, batch) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [app.file_hash or None, app.source, a.credit_code, a.name, a.year,
                 int(bool(a.in_district)), _cents(a.fiscal_contribution), _dumps(_fields_of(a)),
                 rule_set, now, batch])
            app_id = cursor.lastrowid
            assert app_id is not None   # an INSERT sets it
            rows = []
            for r in results:
                claim = by_row.get(r.row)
                inputs = {}
                problems = []
                raw_code = ""
                if claim is not None:
                    for name in CLAIM_FIELDS:
                        value = getattr(claim, name, None)
                        if value is not None and value != "":
                            inputs[name] = _plain(value) if isinstance(value, Decimal) else str(value)
                    problems = [p.as_dict() for p in claim.problems]
                    raw_code = claim.raw_code
                rows.append([
                    app_id, r.row, r.line, r.code, raw_code,
                    claim.project if claim else r.project,
                    claim.project_key if claim else "",
                    (claim.product or "") if claim else "",
                    claim.product_key if claim else "",
                    claim.voucher if claim else "",
                    claim.voucher_key if claim else "",
                    _dumps(inputs), _dumps(problems),
                    _cents(r.requested), _cents(r.computed), _cents(r.suggested), r.status,
                    dump_findings(r.findings), r.article,
                ])
            db.conn.executemany(
                "INSERT INTO claims (application_id, row, line, code, raw_code, project, "
                "project_key, product, product_key, voucher, voucher_key, inputs, problems, "
                "requested_cents, computed_cents, suggested_cents, status, findings, "
                "article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows)
        return Stored(app_id, True)

    def applications(self) -> list[dict[str, Any]]:
        """Stored applications, newest last, as plain rows (amounts in cents)."""
        cur = self.db.conn.execute(
            "SELECT id, file_hash, source, credit_code, name, year, in_district, "
            "fiscal_contribution_cents, rule_set, imported_at, batch FROM applications ORDER BY id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=False)) for r in cur]

    def backup_to(self, path: str | Path) -> None:
        """A consistent copy of the store (WAL included) at `path`."""
        dest = sqlite3.connect(str(path))
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()

