"""A PostgreSQL connection (psycopg 3) that the store's modules use as they use sqlite3's.

The store's repositories speak to a connection: `execute`, `executemany`, a cursor to iterate,
`lastrowid`, `rowcount`, `description`, `in_transaction`, and sqlite3's error classes. This
gives them exactly that over PostgreSQL, so one set of repositories serves both engines:
the SQL is turned by `dialect`, the few PRAGMAs the store uses are answered here, and the
server's errors are raised as the sqlite3 errors the store already handles (an integrity
error stays an IntegrityError, a lock wait that timed out an OperationalError saying "locked").

The connection is in autocommit mode, so the store's own BEGIN / SAVEPOINT / COMMIT
statements are the transactions, as on SQLite.

Each statement sent alone is a wait for the server (on a loaded PC, milliseconds of waiting for
the scheduler twice): SAVEPOINT / RELEASE inside a transaction go with the next statement,
BEGIN with its lock, and `fetch_together` / `run_together` send several statements in one
psycopg pipeline, run in order, a failing one raising its own error.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import pq
from psycopg.types.numeric import NumericLoader

from workbench.core.store.pg import session
from workbench.core.store.pg.dialect import translate, translate_ddl

__all__ = ["PgConnection", "PgCursor", "PgDatabase", "connect"]

_DDL = ("CREATE", "ALTER", "DROP")
_HELD = ("SAVEPOINT", "RELEASE")
WRITE_LOCK = 0x5742_0001   # the store's one write lock (an advisory lock key)
_TUPLES_OK = pq.ExecStatus.TUPLES_OK
# executemany of a plain `INSERT INTO t (a, b) VALUES (%s, %s)` (no conflict clause, nothing
# returned, no expression) with at least this many rows goes as COPY.
COPY_FROM = 100
# The first value of an INSERT's VALUES: the id, in an INSERT that gives it (Translated.explicit_id).
_FIRST_VALUE = re.compile(r"\bVALUES\s*\(\s*(%s|\d+)\s*,", re.I)
_PLAIN_INSERT = re.compile(
    r'^\s*INSERT\s+INTO\s+("?\w+"?)\s*\(([\w\s,"]+)\)\s*VALUES\s*\(\s*%s(?:\s*,\s*%s)*\s*\)\s*;?\s*$', re.I)


class _WholeNumbers(NumericLoader):
    """SUM over BIGINT cents is NUMERIC on PostgreSQL: a whole number comes back as int, as
    SQLite gives it (cents are never Decimal in the store)."""

    def load(self, data: Any) -> Any:
        raw = bytes(data)
        if raw.isdigit() or (raw[:1] == b"-" and raw[1:].isdigit()):
            return int(raw)
        return super().load(data)


def _forgets_head(sql: str) -> bool:
    """Whether the statement may move the end of the audit log otherwise than chain's own
    writes (after which chain sets PgConnection.chain_head again): anything but a read or a
    write to other tables (a transaction begun, committed, rolled back, DDL…)."""
    head = sql.lstrip()[:6].upper()
    if head == "SELECT":
        return False
    if head in ("INSERT", "UPDATE", "DELETE"):
        return "audit_log" in sql or "log_head" in sql
    return True


def _as_sqlite_error(exc: psycopg.Error) -> sqlite3.Error:
    text = str(exc).strip()
    if isinstance(exc, psycopg.errors.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(exc, (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled,
                        psycopg.errors.DeadlockDetected)):
        return sqlite3.OperationalError(f"database is locked ({text})")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return sqlite3.OperationalError(f"attempt to write a readonly database ({text})")
    if isinstance(exc, psycopg.OperationalError):
        return sqlite3.OperationalError(text)
    if isinstance(exc, psycopg.errors.UndefinedTable):
        return sqlite3.OperationalError(f"no such table ({text})")
    return sqlite3.DatabaseError(text)


def _call(sql: str, params: Sequence[Any] | dict[str, Any]) -> tuple[Any, list[Any] | None]:
    """The statement as PostgreSQL reads it and its parameters (JSON lists as arrays)."""
    t = translate(sql)
    args = list(params)
    for i in t.json_lists:
        value = args[i]
        args[i] = json.loads(value) if isinstance(value, str) else list(value)
    return t, (args if args or "%s" in t.sql else None)


def _gave_rows(cur: psycopg.Cursor[Any]) -> bool:
    """Whether the statement gave rows (a SELECT, or RETURNING), without asking for the
    description: psycopg builds it (a Column per field) anew each time it is asked."""
    res = cur.pgresult
    return bool(res is not None and (res.nfields or res.status == _TUPLES_OK))


class PgCursor:
    """The part of sqlite3.Cursor the store uses."""

    def __init__(self, cur: psycopg.Cursor[Any] | None, *, rows: Sequence[Sequence[Any]] = (),
                 description: Sequence[Sequence[Any]] | None = None, returning: bool = False):
        self._cur = cur
        self._rows = list(rows) if cur is None else None
        self._description = description
        self.lastrowid: int | None = None
        self.rowcount = -1
        # Worked out once: asking psycopg's description at every fetch was a fifth of a
        # read's client time.
        self._tuples = False
        if cur is not None:
            self.rowcount = cur.rowcount
            self._tuples = _gave_rows(cur)
            if returning and self._tuples:
                first = cur.fetchone()
                self.lastrowid = first[0] if first else None
                self._rows = []
        elif rows:
            self.rowcount = len(self._rows or [])

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    @property
    def description(self) -> Sequence[Sequence[Any]] | None:
        if self._cur is not None and self._rows is None:
            return [(c.name, None, None, None, None, None, None) for c in self._cur.description or ()]
        return self._description

    def fetchone(self) -> Any:
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        assert self._cur is not None
        return self._cur.fetchone() if self._tuples else None

    def fetchall(self) -> list[Any]:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        assert self._cur is not None
        return self._cur.fetchall() if self._tuples else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        if self._rows is not None:
            rows, self._rows = self._rows[:size], self._rows[size:]
            return rows
        assert self._cur is not None
        return self._cur.fetchmany(size) if self._tuples else []

    def __iter__(self) -> Iterator[Any]:
        while True:
            rows = self.fetchmany(500)
            if not rows:
                return
            yield from rows

    def close(self) -> None:
        if self._cur is not None:
            self._cur.close()


class PgConnection:
    """sqlite3.Connection's face over a psycopg connection (see the module's docstring)."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any], url: str):
        self._raw = conn
        # SAVEPOINT / RELEASE inside a transaction, not yet sent: they go to the server in
        # one pipeline with the next statement (see `execute`).
        self._later: list[str] = []
        self.url = url
        self.read_only = False
        self.login = ""            # session_user, once the store is open (audit entries carry it)
        self.busy_ms = 10_000
        self._row_keys: dict[str, str] = {}
        self._follow_floor: dict[str, int] = {}   # table -> where this connection set its id sequence
        self.coverage_installed = False           # coverage.install ran (and committed) on it
        self.txn_open = False                     # a BEGIN sent and not yet ended (pg/session.py)
        self.vouched_tables: set[str] = set()     # covered tables the last vouching read (vouch_pg)
        # (seq, hash) of the end of the audit log as this connection last wrote it in the open
        # transaction (chain._append, vouch_pg), so the next entry need not ask; forgotten
        # at anything that may move the end otherwise (see _forgets_head).
        self.chain_head: tuple[int, str] | None = None
        # False: coverage's note of the entry to vouch with is known to be empty (vouch_pg
        # emptied it, and nothing noted or rolled back since), so ending a transaction need
        # not ask. True when unknown.
        self.entry_noted = True
        conn.adapters.register_loader("numeric", _WholeNumbers)

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection, for what the store sends it directly: whatever this
        connection holds back is sent first, so the statements reach the server in order
        (and what it knew of the log's end is forgotten: it cannot see what is sent)."""
        if self._later:
            self._flush()
        self.chain_head = None
        return self._raw

    def row_key(self, table: str) -> str:
        """The column to find a table's rows by their rowid with an index: the INTEGER
        PRIMARY KEY the `rowid` column is generated from (that column has no index of its
        own: a look-up by rowid would read the whole table), else `rowid` (an identity
        column with its own unique index). See dialect.translate_ddl."""
        key = self._row_keys.get(table)
        if key is None:
            self._flush()
            row = self._raw.execute(
                "SELECT generation_expression FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = %s AND column_name = 'rowid'", [table]).fetchone()
            expr = (row[0] or "").strip() if row else ""
            key = f'"{expr}"' if re.fullmatch(r"[a-z_][a-z0-9_]*", expr) else "rowid"
            self._row_keys[table] = key
        return key

    # ---- sqlite3.Connection ---------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        # What is held back (SAVEPOINT, RELEASE inside a transaction) never ends one; a
        # dropped session holds none (the server rolled it back).
        return not session.dead(self._raw) and self._raw.info.transaction_status != pq.TransactionStatus.IDLE

    def replace_session(self, raw: psycopg.Connection[Any]) -> None:
        """A new psycopg session in place of one the server dropped (pg/session.py)."""
        old, self._raw, self._later, self.chain_head = self._raw, raw, [], None
        self.entry_noted = True
        old.close()

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        head = sql.lstrip()[:12].upper()
        if head.startswith("PRAGMA"):
            return self._pragma(sql)
        if head.startswith(_HELD) and not params and self.in_transaction:
            # A savepoint set or released inside a transaction cannot fail there but by a
            # mistake in the store's code (a name never set): it goes to the server with the
            # next statement, in one round trip instead of two (an imported application sets
            # and releases two).
            self._later.append(sql.strip().rstrip(";"))
            return PgCursor(None)
        if head.startswith(_DDL) and not params:
            return self._run(translate_ddl(sql), None, returning=False)
        if head.startswith("BEGIN"):
            # The mode from the whole statement: `head` stops at "BEGIN IMMEDI".
            writing = sql.upper().split()[1:2] in (["IMMEDIATE"], ["EXCLUSIVE"])
            # A read (verify, a page of a list) sees one snapshot, as a SQLite reader in WAL
            # mode does; a write sees what was committed before it took the lock.
            if not writing:
                self._run("BEGIN ISOLATION LEVEL REPEATABLE READ", None, returning=False)
                return PgCursor(None)
            # SQLite's write lock: one writer at a time, waiting up to the busy timeout, so
            # the audit chain stays one line and a stage is changed by one person. BEGIN and
            # the lock in one round trip.
            for attempt in (1, 2):
                try:
                    self.run_together([("BEGIN", ()), ("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK])])
                    break
                except sqlite3.Error:
                    if attempt == 1 and session.dead(self._raw):
                        session.reconnect(self)   # the session was dropped while idle
                        continue
                    # As SQLite's BEGIN IMMEDIATE that times out: no transaction is left open.
                    self.rollback()
                    raise
            self.txn_open = True
            return PgCursor(None)
        t, args = _call(sql, params)
        cur = self._run(t.sql, args, returning=t.returning)
        if t.explicit_id and not self._followed_past(t.explicit_id, t.sql, args):
            self._follow_ids(t.explicit_id)
        return cur

    def _followed_past(self, table: str, sql: str, args: list[Any] | None) -> bool:
        """Whether this connection already moved the table's id sequence to or past the id
        this one-row INSERT gave (the chain's head row is written with id 1 at every entry:
        a round trip each time for nothing). A sequence never goes back by a rollback."""
        m = _FIRST_VALUE.search(sql)
        if m is None or re.search(r"\)\s*,\s*\(", sql[m.end():]):   # none, or several rows
            return False
        value = args[0] if m.group(1) == "%s" and args else m.group(1)
        try:
            given = int(value)
        except (TypeError, ValueError):
            return False
        return given <= self._follow_floor.get(table, 0)

    def fetch_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of several reads sent at once (psycopg's pipeline: one wait for the
        server instead of one per statement), in order. Reads only (SELECT)."""
        calls = []
        for sql, params in statements:
            if not sql.lstrip()[:6].upper() == "SELECT":
                raise ValueError("fetch_together: reads only")
            calls.append(_call(sql, params))
        in_txn = self.txn_open
        try:
            curs = self._pipeline([(t.sql, args, None) for t, args in calls])
        except sqlite3.OperationalError:
            if in_txn or not session.dead(self._raw):
                raise
            session.reconnect(self)          # reads: the same on a new session
            curs = self._pipeline([(t.sql, args, None) for t, args in calls])
        return [c.fetchall() if _gave_rows(c) else [] for c in curs]

    def run_together(self, statements: Sequence[tuple[str, Sequence[Any]]], *,
                     many: Sequence[Sequence[Sequence[Any]]] | None = None) -> list[PgCursor]:
        """Several statements, reads and writes, sent in one pipeline and run by the server in
        order, as one after the other: one round trip. Their cursors, in order (a read's rows,
        a write's rowcount). A statement that fails stops the ones after it (the server skips
        them) and raises its own error, as the sqlite3 error `execute` would have raised;
        the transaction is then in error, as after a failed `execute`.

        many: for the statements whose entry is not None there, its rows (executemany, as
        many statements in the same pipeline). Plain statements only: no PRAGMA, no DDL, no
        BEGIN; no COPY (a pipeline cannot carry it)."""
        calls: list[tuple[Any, list[Any] | None, list[list[Any]] | None]] = []
        for i, (sql, params) in enumerate(statements):
            head = sql.lstrip()[:6].upper()
            if head.startswith(("PRAGMA", *_DDL)):
                raise ValueError(f"run_together: not in a pipeline: {sql[:40]}")
            rows = many[i] if many is not None else None
            if rows is not None:
                t = translate(sql)
                calls.append((t, None, [list(r) for r in rows]))
            else:
                t, args = _call(sql, params)
                calls.append((t, args, None))
        curs = self._pipeline([(t.sql if not t.returning or rows is None
                                else t.sql[:t.sql.rindex(" RETURNING rowid")], args, rows)
                               for t, args, rows in calls])
        out = [PgCursor(c, returning=t.returning and rows is None)
               for c, (t, _, rows) in zip(curs, calls, strict=True)]
        for t, args, rows in calls:
            if t.explicit_id and (rows is not None or not self._followed_past(t.explicit_id, t.sql, args)):
                self._follow_ids(t.explicit_id)
        return out

    def _pipeline(self, calls: list[tuple[str, list[Any] | None, list[list[Any]] | None]]
                  ) -> list[psycopg.Cursor[Any]]:
        """The held-back statements, then `calls` ((sql, params, rows for executemany or
        None), as PostgreSQL reads them) in one pipeline: their cursors, in order."""
        later, self._later = self._later, []
        raw = self._raw
        if self.chain_head is not None and any(_forgets_head(sql) for sql, _, _ in calls):
            self.chain_head = None
        try:
            with raw.pipeline():
                for sql in later:
                    raw.execute(sql)
                curs = []
                for sql, args, rows in calls:
                    cur = raw.cursor()
                    if rows is None:
                        cur.execute(sql, args)
                    else:
                        cur.executemany(sql, rows)
                    curs.append(cur)
        except psycopg.Error as exc:
            self.chain_head = None
            if session.dead(raw):
                raise session.lost(self, exc) from exc
            raise _as_sqlite_error(exc) from exc
        return curs

    def _flush(self) -> None:
        """Send what is held back (SAVEPOINT / RELEASE), on its own."""
        if self._later:
            self._pipeline([])

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        t = translate(sql)
        text = t.sql
        if t.returning:
            text = text[:text.rindex(" RETURNING rowid")]
        rows = [list(r) for r in seq]
        plain = _PLAIN_INSERT.match(text) if len(rows) >= COPY_FROM else None
        self._flush()
        if _forgets_head(text):
            self.chain_head = None
        try:
            with self._raw.cursor() as cur:
                if plain:
                    # A plain INSERT of many rows is COPY: the same rows, constraints and
                    # triggers, in one stream instead of a statement per row.
                    with cur.copy(f"COPY {plain.group(1)} ({plain.group(2)}) FROM STDIN") as copy:
                        for r in rows:
                            copy.write_row(r)
                    count = len(rows)
                else:
                    cur.executemany(text, rows)
                    count = cur.rowcount
        except psycopg.Error as exc:
            if session.dead(self._raw):
                raise session.lost(self, exc) from exc
            raise _as_sqlite_error(exc) from exc
        if t.explicit_id:
            self._follow_ids(t.explicit_id)
        out = PgCursor(None)
        out.rowcount = count if count is not None and count >= 0 else len(rows)
        return out

    def _follow_ids(self, table: str) -> None:
        """Rows inserted with their own ids: the next id the server numbers is past them."""
        row = self._run(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f"GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))", None, returning=False).fetchone()
        if row is not None and isinstance(row[0], int):
            self._follow_floor[table] = row[0]

    def _run(self, sql: str, params: list[Any] | None, *, returning: bool,
             again: bool = True) -> PgCursor:
        if self.chain_head is not None and _forgets_head(sql):
            self.chain_head = None
        if sql.lstrip()[:8].upper() == "ROLLBACK":
            self.entry_noted = True        # a note emptied since may be back
        if self._later:
            # What is held back and this statement: one round trip.
            out = PgCursor(self._pipeline([(sql, params, None)])[0], returning=returning)
            session.track(self, sql)
            return out
        try:
            cur = self._raw.cursor()
            cur.execute(sql, params)
        except psycopg.Error as exc:
            self.chain_head = None
            if not session.dead(self._raw):
                raise _as_sqlite_error(exc) from exc
            if again and session.may_send_again(self, sql):
                session.reconnect(self)
                return self._run(sql, params, returning=returning, again=False)
            raise session.lost(self, exc) from exc
        session.track(self, sql)
        return PgCursor(cur, returning=returning)

    def commit(self) -> None:
        """As sqlite3's (a script that edits through the store's connection commits)."""
        if session.dead(self._raw) and self.txn_open:
            raise session.lost(self, psycopg.OperationalError("the connection is closed"))
        if self.in_transaction:
            self._run("COMMIT", None, returning=False)

    def rollback(self) -> None:
        if session.dead(self._raw):
            self.txn_open = False    # nothing left to undo: the server did it
            return
        if self.in_transaction:
            self._run("ROLLBACK", None, returning=False)

    def close(self) -> None:
        self._later = []
        self._raw.close()

    def _pragma(self, sql: str) -> PgCursor:
        from workbench.core.store.pg.pragmas import answer

        return answer(self, sql)


class PgDatabase:
    """The part of sqlite-utils' Database the store uses (`conn`, `execute`, `close`)."""

    def __init__(self, conn: PgConnection):
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()


def connect(url: str, *, password: str | None = None, timeout_s: float = 10.0) -> PgConnection:
    """Open `url` (postgresql://…). Raises psycopg's errors (opening.py words them)."""
    kwargs: dict[str, Any] = {"autocommit": True, "connect_timeout": max(1, int(timeout_s)),
                              "application_name": "workbench"}
    if password is not None:
        kwargs["password"] = password
    raw = psycopg.connect(url, **kwargs)
    return PgConnection(raw, url)
