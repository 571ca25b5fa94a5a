"""A whole store copied between engines: a SQLite file to a PostgreSQL server and back.

Every row of every table (the audit log, the row hashes and the log head included) is copied
as it is, with its id, and no audit entry is added, so the copy's chain is the source's chain
line for line: `verify-store` on both sides finds the same head. Rows are inserted on a
connection that does not note changes for the audit coverage (they are not new changes: the
source's log already vouches for them). The destination must be new: a SQLite file that does
not exist yet, or a PostgreSQL database (or schema) with no tables; it is first given the
current schema by the migrations, then filled in one transaction, so a failed copy leaves
nothing half-written (a SQLite destination file is removed).

Backups on a server (`backup` in office mode) are copies to a new SQLite file, so a backup
opens on any PC.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.store import audit
from workbench.core.store.opening import StoreError
from workbench.core.store.pg.opening import is_url, shown
from workbench.core.store.target import is_pg

__all__ = ["CopyReport", "copy_store", "copy_into_new", "head_of"]

_SKIP = {"migrations"}       # the destination's own record of its schema
_BATCH = 5000


@dataclass
class CopyReport:
    source: str
    dest: str
    rows: dict[str, int]
    source_check: audit.VerifyReport
    dest_check: audit.VerifyReport
    source_head: tuple[int, str] | None = None   # the last audit entry: (seq, hash)
    dest_head: tuple[int, str] | None = None

    @property
    def ok(self) -> bool:
        return self.source_check.ok and self.dest_check.ok and self.source_head == self.dest_head


def head_of(conn: Any) -> tuple[int, str] | None:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _tables(conn: Any) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name") if r[0] not in _SKIP and not r[0].startswith("_")]


def _columns(conn: Any, table: str) -> tuple[list[str], bool]:
    """(column names, whether the rowid is a column of its own: an INTEGER PRIMARY KEY)."""
    info = list(conn.execute(f'PRAGMA main.table_info("{table}")'))
    names = [r[1] for r in info]
    pk = [r for r in info if r[5]]
    aliased = len(pk) == 1 and str(pk[0][2]).upper() in ("INTEGER", "BIGINT")
    return names, aliased


def _empty(conn: Any) -> bool:
    return all(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is None for t in _tables(conn))


def _raw(dest: str | Path) -> Any:
    """A connection to the destination that notes nothing for the coverage."""
    if is_url(dest):
        from workbench.core.store.pg.opening import connect_store

        return connect_store(str(dest))
    import sqlite3

    return sqlite3.connect(str(dest), timeout=10)


def copy_into_new(source: Any, dest: str | Path,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Copy the open store `source` (either engine) into the new store `dest`; returns the
    rows copied per table. StoreError when `dest` is not new."""
    from workbench.core.store.database import Store

    where = shown(str(dest)) if is_url(dest) else str(dest)
    if not is_url(dest) and Path(dest).exists():
        raise StoreError(f"目标 {where} 已存在；复制只写入新的数据库，不覆盖已有的文件")
    made = Store.open(dest)          # the current schema, by the migrations
    try:
        if not _empty(made.db.conn):
            raise StoreError(f"目标数据库 {where} 不是空的；复制只写入新的数据库")
    finally:
        made.close()
    src = audit.connection_of(source)
    out = _raw(dest)
    counts: dict[str, int] = {}
    try:
        tables = [t for t in _tables(src) if t in set(_tables(out))]
        total = sum(src.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
        done = 0
        out.execute("BEGIN IMMEDIATE")
        for t in tables:
            cols, aliased = _columns(src, t)
            dest_cols, _ = _columns(out, t)
            cols = [c for c in cols if c in dest_cols]
            listed = ", ".join(f'"{c}"' for c in cols)
            select = f'SELECT {"" if aliased else "rowid, "}{listed} FROM "{t}" ORDER BY rowid'
            names = cols if aliased else ["rowid", *cols]
            into = ", ".join(f'"{c}"' if c != "rowid" else "rowid" for c in names)
            override = " OVERRIDING SYSTEM VALUE" if is_pg(out) and not aliased else ""
            insert = (f'INSERT INTO "{t}" ({into}){override} '
                      f"VALUES ({', '.join('?' for _ in names)})")
            cur = src.execute(select)
            n = 0
            while True:
                rows = cur.fetchmany(_BATCH)
                if not rows:
                    break
                out.executemany(insert, rows)
                n += len(rows)
                done += len(rows)
                if progress:
                    progress(done, total)
            counts[t] = n
        if is_pg(out):
            from workbench.core.store.pg.support import follow_identities

            follow_identities(out)
        out.execute("COMMIT")
        if not is_pg(out):
            out.execute("PRAGMA journal_mode = DELETE")   # one self-contained file
    except BaseException:
        if out.in_transaction:
            out.execute("ROLLBACK")
        out.close()
        if not is_url(dest):
            Path(dest).unlink(missing_ok=True)
        raise
    out.close()
    return counts


def copy_store(source: str | Path, dest: str | Path,
               progress: Callable[[int, int], None] | None = None) -> CopyReport:
    """`store copy SRC DST`: copy, then verify both sides (the same chain head)."""
    from workbench.core.store.database import Store

    src = Store.open_existing(source)
    try:
        counts = copy_into_new(src, dest, progress)
        source_check = audit.verify_store(src)
        source_head = head_of(src.db.conn)
    finally:
        src.close()
    copied = Store.open_existing(dest)
    try:
        dest_check = audit.verify_store(copied)
        dest_head = head_of(copied.db.conn)
    finally:
        copied.close()

    def name(p: str | Path) -> str:
        return shown(str(p)) if is_url(p) else str(p)
    return CopyReport(name(source), name(dest), counts, source_check, dest_check,
                      source_head, dest_head)
