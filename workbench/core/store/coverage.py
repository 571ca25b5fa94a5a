"""Every row that can move money or the review is vouched for by the audit chain.

The covered tables are COVERED plus every table with an `audit_seq` column (so a table a
later migration adds for a new kind of record is covered without code here). For each
write transaction, temporary triggers on this connection note which rows were inserted,
changed or deleted; when the transaction appends its audit entry, each such row's content
hash (None for a deleted row) goes into `row_hashes` under the entry's seq, and the entry's
details carry the count and a digest of those (table, rowid, hash) lines:

    details["covered"] = {"n": 3, "digest": sha256("claims:7:ab…\\n" + …)}

So the chain (which hashes the details) vouches for every row written since the previous
entry. The rows are taken at the end of the write transaction (txn.write calls
audit.finish_transaction before COMMIT), and the transaction's last entry, still the end of
the chain, gets them in its details and its hash is computed again. `coverage_verify.verify` recomputes every covered row's hash and checks it against the latest
vouched one, and every entry's digest against row_hashes:

* a row edited in the file (a claim's suggested amount, the rule-set version, a stage, a
  decision set back to an earlier audited value, a budget, a reviewer's role…) no longer
  has its latest vouched hash;
* a row deleted (an application, an amendment, a ledger row) is missing although its latest
  vouched hash says it exists; a row slipped in has no vouched hash at all;
* row_hashes edited to match fails the entry's digest; entries cut off the end of the log
  leave row_hashes that no entry vouches for.

A bulk insert (a ledger import's rows) is noted in one statement by `noted_in_bulk`
instead of by the insert trigger once per row.

The triggers live only on the workbench's own connections (TEMP), so an edit made with
another program is never captured and laundered into the next entry. What this does not
resist on its own: someone who rewrites the rows, row_hashes, the digests and then the
whole chain from that point (the chain has no key); see `anchor` and the README.

A row's hash covers the table name, its rowid and every column that is not NULL (by name),
so a later migration that adds a nullable column keeps existing hashes. A migration that adds
a column with a non-NULL default to a covered table must call `seal` in the same migration.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, Protocol

from workbench.core.store.target import connection_of, is_pg

__all__ = ["COVERED", "LABELS", "covered_tables", "install", "installed", "noted_in_bulk",
           "note_entry", "note_entry_sql", "take", "seal", "vouch", "row_hash"]


class BrokenMaker(Protocol):
    """chain.Broken, passed in (chain imports this module): (where, message, seq) -> a problem."""

    def __call__(self, where: str, message: str, seq: int | None = None) -> Any: ...


COVERED = ("applications", "claims", "decisions", "stage_history", "amendments", "reviewers",
           "budgets", "ledger", "batches", "replacements", "sheets")
# Never covered: the log itself, the hashes, the schema's own bookkeeping.
_NEVER = {"audit_log", "row_hashes", "migrations"}

LABELS = {"applications": "申报", "claims": "申报事项", "decisions": "审核决定",
          "stage_history": "审核阶段记录", "amendments": "审定后更正", "reviewers": "审核人员",
          "budgets": "预算", "ledger": "台账", "batches": "批次", "replacements": "更正替换记录",
          "sheets": "审核表登记"}

_PENDING = "_cov_pending"
_LAST = "_cov_last_entry"
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
_encode_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_PLAIN = frozenset((str, int, type(None)))


def covered_tables(conn: sqlite3.Connection) -> list[str]:
    names = [(r[0], r[1] or "") for r in conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    out = []
    for name, sql in names:
        if name in _NEVER or "WITHOUT ROWID" in sql.upper():
            continue
        cols = {r[1] for r in conn.execute(f'PRAGMA main.table_info("{name}")')}
        if name in COVERED or "audit_seq" in cols:
            out.append(name)
    return out


def install(conn: sqlite3.Connection) -> None:
    """Note every change to a covered table made on this connection (TEMP triggers)."""
    if is_pg(conn):
        # The triggers are the store's (pg/support.py); they write only where this
        # connection has the table they note into.
        raw = conn.raw  # type: ignore[attr-defined]
        raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_PENDING} "
                    "(tbl TEXT NOT NULL, rid BIGINT NOT NULL, PRIMARY KEY (tbl, rid))")
        raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_LAST} (seq BIGINT NOT NULL)")
        # Outside a transaction the tables are there for the session (nothing drops them):
        # `installed` need not ask the server at every audit entry.
        conn.coverage_installed = not conn.in_transaction  # type: ignore[attr-defined]
        return
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_PENDING} "
                 "(tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid))")
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_LAST} (seq INTEGER NOT NULL)")
    # A REPLACE that deletes a conflicting row fires delete triggers only with this on.
    conn.execute("PRAGMA recursive_triggers = ON")
    for t in covered_tables(conn):
        q = t.replace('"', '""')
        lit = t.replace("'", "''")
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            # No OR IGNORE: an upsert's own conflict clause would override it in the trigger.
            body = " ".join(f"INSERT INTO {_PENDING} (tbl, rid) SELECT '{lit}', {r}.rowid WHERE NOT "
                            f"EXISTS (SELECT 1 FROM {_PENDING} WHERE tbl = '{lit}' AND rid = {r}.rowid);"
                            for r in refs)
            conn.execute(f'CREATE TEMP TRIGGER IF NOT EXISTS "_cov_{q}_{event.lower()}" '
                         f'AFTER {event} ON main."{q}" BEGIN {body} END')


@contextmanager
def noted_in_bulk(conn: sqlite3.Connection, table: str, count: int) -> Iterator[None]:
    """`count` rows inserted into `table` in the block, each with a rowid above every rowid
    the table held before it, are noted for coverage in one statement afterwards instead of
    by the insert trigger once per row (a third of storing a 100,000-row ledger import).
    The rows noted are those above the old largest rowid: if that is not exactly `count`
    rows, RuntimeError (the caller's transaction rolls back)."""
    if not installed(conn):
        yield
        return
    q = table.replace('"', '""')
    key = _row_key(conn, table)
    top = conn.execute(f'SELECT COALESCE(MAX({key}), 0) FROM main."{q}"').fetchone()[0]
    if is_pg(conn):
        conn.raw.execute("SELECT set_config('workbench.bulk', %s, true)", [table])  # type: ignore[attr-defined]
    else:
        conn.execute(f'DROP TRIGGER IF EXISTS temp."_cov_{q}_insert"')
    try:
        yield
    finally:
        if is_pg(conn):
            conn.raw.execute("SELECT set_config('workbench.bulk', '', true)")  # type: ignore[attr-defined]
        else:
            install(conn)            # the trigger back, before anything else is written
    new = conn.execute(f'SELECT COUNT(*) FROM main."{q}" WHERE {key} > ?', [top]).fetchone()[0]
    if new != count:
        raise RuntimeError(f"{table}: {count} rows inserted, {new} above the old end")
    conn.execute(f"INSERT OR IGNORE INTO {_PENDING} (tbl, rid) "
                 f'SELECT ?, rowid FROM main."{q}" WHERE {key} > ?', [table, top])


def _row_key(conn: sqlite3.Connection, table: str) -> str:
    """What to find rows by their rowid with: `rowid` on SQLite; on PostgreSQL the indexed
    column the table's rowid is (pg.connection.PgConnection.row_key)."""
    if is_pg(conn):
        return connection_of(conn).row_key(table)  # type: ignore[attr-defined, no-any-return]
    return "rowid"


def installed(conn: sqlite3.Connection) -> bool:
    if is_pg(conn):
        if getattr(connection_of(conn), "coverage_installed", False):
            return True
        return conn.execute(f"SELECT to_regclass('pg_temp.{_PENDING}') IS NOT NULL").fetchone()[0]  # type: ignore[no-any-return]
    return conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?",
                        [_PENDING]).fetchone() is not None


def row_hash(table: str, rid: int, columns: Iterable[str], values: Iterable[Any]) -> str:
    data = {}
    for c, v in zip(columns, values, strict=False):
        if v is None or c == "rowid":   # PostgreSQL's rowid column is SQLite's implicit one
            continue
        if isinstance(v, bytes):
            v = {"hex": v.hex()}
        elif isinstance(v, float):
            v = {"real": repr(v)}
        data[c] = v
    return hashlib.sha256(_encode([table, rid, data]).encode("utf-8")).hexdigest()


def _hasher(table: str, columns: list[str]) -> Callable[[int, Sequence[Any]], str]:
    """row_hash for many rows of one table: the same bytes, with the key order worked out once
    and the values picked in that order in C (the dict is built in sorted order, so the
    encoder need not sort it); a row holding anything but text, integers and NULL goes
    through row_hash itself."""
    order = sorted((i for i, c in enumerate(columns) if c != "rowid"), key=columns.__getitem__)
    keys = [columns[i] for i in order]
    pick = itemgetter(*order) if len(order) > 1 else (lambda v: (v[order[0]],) if order else ())
    sha, encode = hashlib.sha256, _encode_sorted
    plain, none = _PLAIN, type(None)

    def h(rid: int, values: Sequence[Any]) -> str:
        picked = pick(values)
        kinds = set(map(type, picked))
        if not kinds <= plain:
            return row_hash(table, rid, columns, values)
        if none in kinds:
            data = {k: v for k, v in zip(keys, picked, strict=False) if v is not None}
        else:
            data = dict(zip(keys, picked, strict=False))
        return sha(encode([table, rid, data]).encode("utf-8")).hexdigest()
    return h


def _canonical_sql(table: str, columns: list[str], alias: str) -> str:
    """An SQL expression giving, in SQLite, the text row_hash hashes for an ordinary row
    (text, integers, NULLs; json_patch drops the NULL members). Where SQLite writes a value
    differently (a real, an escape written another way) the text differs and the caller
    hashes that row with row_hash: a text equal to the canonical one can only come from the
    same values. A blob makes SQLite refuse the statement (the caller then hashes every row)."""
    pairs = ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}', {alias}.\"{c.replace(chr(34), chr(34) * 2)}\""
                      for c in sorted(columns))
    head = _encode(table).replace("'", "''")
    return f"'[{head},' || {alias}.rowid || ',' || json_patch('{{}}', json_object({pairs})) || ']'"


def _line(table: str, rid: int, h: str | None) -> bytes:
    return f"{table}:{rid}:{h or '-'}\n".encode()


def _digest(lines: Iterable[tuple[str, int, str | None]]) -> str:
    d = hashlib.sha256()
    for t, r, h in lines:
        d.update(_line(t, r, h))
    return d.hexdigest()


def _current(conn: sqlite3.Connection, table: str, rid: int) -> str | None:
    cur = conn.execute(f'SELECT * FROM main."{table}" WHERE {_row_key(conn, table)} = ?', [rid])
    row = cur.fetchone()
    if row is None:
        return None
    return row_hash(table, rid, [d[0] for d in cur.description], row)


def _currents(conn: sqlite3.Connection, table: str, rids: list[int]) -> dict[int, str]:
    """rid -> row_hash of the rows that exist, read in one statement."""
    q = table.replace('"', '""')
    cur = conn.execute(f'SELECT rowid, * FROM main."{q}" WHERE {_row_key(conn, table)} IN '
                       "(SELECT value FROM json_each(?))", [json.dumps(rids)])
    h = _hasher(table, [d[0] for d in cur.description][1:])
    return {row[0]: h(row[0], row[1:]) for row in cur}


def _record(conn: sqlite3.Connection, seq: int, keys: list[tuple[str, int]]) -> dict[str, Any] | None:
    if not keys:
        return None
    keys = sorted(keys)
    by_table: dict[str, list[int]] = defaultdict(list)
    for t, r in keys:
        by_table[t].append(r)
    now = {t: _currents(conn, t, rids) for t, rids in by_table.items()}
    lines = [(t, r, now[t].get(r)) for t, r in keys]
    conn.executemany("INSERT INTO row_hashes (tbl, rid, seq, hash) VALUES (?, ?, ?, ?)",
                     [(t, r, seq, h) for t, r, h in lines])
    return {"n": len(lines), "digest": _digest(lines)}


def note_entry(conn: sqlite3.Connection, seq: int) -> None:
    """Entry `seq` was appended in the open transaction (the one `take` will vouch with)."""
    if installed(conn):
        for sql, params in note_entry_sql(seq):
            conn.execute(sql, params)


def note_entry_sql(seq: int) -> list[tuple[str, list[Any]]]:
    """The statements of note_entry (coverage installed), for a caller that sends them
    with others."""
    return [(f"DELETE FROM {_LAST}", []), (f"INSERT INTO {_LAST} (seq) VALUES (?)", [seq])]


def take(conn: sqlite3.Connection) -> tuple[int, dict[str, Any] | None] | None:
    """At the end of a write transaction: (seq, covered) for the transaction's last entry,
    vouching for every row changed on this connection since the previous vouching (covered
    is None when nothing covered changed), or None when the transaction appended no entry
    (its changes wait for the next one). Rows written after the entry in the same transaction (an application's
    stage_seq, a stage-history row naming the entry) are included: the whole transaction
    commits or none of it does."""
    if not installed(conn) or not _has_row_hashes(conn):
        return None
    row = conn.execute(f"SELECT seq FROM {_LAST}").fetchone()
    conn.execute(f"DELETE FROM {_LAST}")
    if row is None:
        return None
    keys = conn.execute(f"SELECT tbl, rid FROM {_PENDING}").fetchall()
    conn.execute(f"DELETE FROM {_PENDING}")
    return row[0], _record(conn, row[0], keys)


def vouch(conn: sqlite3.Connection, seq: int, keys: list[tuple[str, int]]) -> dict[str, Any] | None:
    """Vouch for these (table, rowid) rows as they are now, under entry `seq` (an upgrade
    that rewrote them); the entry carries the returned count and digest."""
    return _record(conn, seq, keys)


def seal(conn: sqlite3.Connection, seq: int) -> dict[str, Any] | None:
    """Vouch for every covered row as it is now (a store upgraded from an earlier version)."""
    keys = [(t, r[0]) for t in covered_tables(conn)
            for r in conn.execute(f'SELECT rowid FROM main."{t}"')]
    if installed(conn):
        conn.execute(f"DELETE FROM {_PENDING}")
    return _record(conn, seq, keys)


def _has_row_hashes(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND "
                        "name = 'row_hashes'").fetchone() is not None
