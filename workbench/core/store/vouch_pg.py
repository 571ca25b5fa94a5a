"""The end of a write transaction on a server (office mode) in two round trips.

What `commit.finish_transaction` does on SQLite — coverage.take (the entry to vouch with and
the rows noted since the last vouching), coverage's row hashes, chain._vouch (the entry's
details and hash written again, the head) — takes a dozen statements, each a wait for the
server. Here the same statements, with the same results, go in two pipelines:

1. the reads and the clearing of the notes: whether `row_hashes` exists, the entry to vouch
   with, that entry's row and the end of the log, the noted (table, rowid) keys, the noted
   rows themselves of the tables the previous vouching on this connection read (through the
   notes, before they are cleared), then the notes cleared exactly as `take` clears them;
2. the writes: the row hashes, the entry's details and hash, the head.

Noted rows of a table the first pipeline did not read (the first vouching of a connection,
or a table not written since) are read by their keys between the two, as `coverage` does.
The rows, hashes, digest and entry bytes are the ones `coverage` and `chain` make (their own
functions compute them). A statement that fails raises its own error (as the sqlite3 error
class), and the caller rolls the transaction back as before; an entry that is no longer the
end of the log raises the same RuntimeError, before anything of this is written.
"""
from __future__ import annotations

import json
from typing import Any

from workbench.core.store import coverage
from workbench.core.store.anchor import after_commit_entry
from workbench.core.store.chain import SET_HEAD, canonical, entry_hash

__all__ = ["finish_transaction"]

_HAS_ROW_HASHES = "EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'row_hashes')"
_ENTRY = f"EXISTS (SELECT 1 FROM {coverage._LAST})"
_INSERT_HASHES = "INSERT INTO row_hashes (tbl, rid, seq, hash) VALUES (?, ?, ?, ?)"


def finish_transaction(conn: Any) -> None:
    """commit.finish_transaction on a PgConnection (see the module's docstring)."""
    if not conn.entry_noted or not coverage.installed(conn):
        return          # no entry noted since the note was last emptied: nothing to vouch with
    pending, last = coverage._PENDING, coverage._LAST
    guess = sorted(conn.vouched_tables)
    reads: list[tuple[str, list[Any]]] = [
        (f"SELECT {_HAS_ROW_HASHES}", []),
        (f"SELECT seq FROM {last}", []),
        ("SELECT at, actor, action, subject, details, prev_hash FROM audit_log "
         f"WHERE seq = (SELECT seq FROM {last} LIMIT 1)", []),
        ("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", []),
        (f"SELECT tbl, rid FROM {pending} WHERE {_ENTRY}", []),
    ]
    for t in guess:
        q = t.replace('"', '""')
        reads.append((f'SELECT rowid, * FROM main."{q}" WHERE {conn.row_key(t)} IN '
                      f"(SELECT rid FROM {pending} WHERE tbl = ?) AND {_ENTRY}", [t]))
    # As coverage.take: the notes stay for the next entry when this transaction appended none.
    clear: list[tuple[str, list[Any]]] = [(f"DELETE FROM {pending} WHERE {_ENTRY} AND {_HAS_ROW_HASHES}", []),
             (f"DELETE FROM {last} WHERE {_HAS_ROW_HASHES}", [])]
    curs = conn.run_together([*reads, *clear])
    if not curs[0].fetchone()[0]:
        return
    conn.entry_noted = False            # emptied by `clear`
    entry = curs[1].fetchone()
    if entry is None:
        return
    seq = entry[0]
    keys = sorted(curs[4].fetchall())
    covered, lines = _covered(conn, seq, keys, dict(zip(guess, curs[5:5 + len(guess)], strict=True)))
    if covered is not None:
        row, head = curs[2].fetchone(), curs[3].fetchone()
        if row is None or (head[0] if head else 0) != seq:
            raise RuntimeError("the entry to vouch with is no longer the end of the log")
        details = {**json.loads(row[4]), "covered": covered}
        h = entry_hash(row[5], seq, row[0], row[1], row[2], row[3], details)
        writes: list[tuple[str, list[Any]]] = [
            ("UPDATE audit_log SET details = ?, hash = ? WHERE seq = ?",
             [canonical(details).decode("utf-8"), h, seq]),
            (SET_HEAD, [seq, h])]
        from workbench.core.store.pg.connection import COPY_FROM

        if len(lines) >= COPY_FROM:
            conn.executemany(_INSERT_HASHES, lines)           # COPY: not in a pipeline
            conn.run_together(writes)
        else:
            conn.run_together([(_INSERT_HASHES, []), *writes], many=[lines, None, None])
        conn.chain_head = (seq, h)
    after_commit_entry(conn)


def _covered(conn: Any, seq: int, keys: list[tuple[str, int]], read: dict[str, Any]
             ) -> tuple[dict[str, Any] | None, list[tuple[str, int, int, str | None]]]:
    """coverage._record's count and digest of the rows `keys`, and the row_hashes rows to
    insert: the rows already read in `read` (table -> cursor), the others read by their
    keys now."""
    if not keys:
        return None, []
    by_table: dict[str, list[int]] = {}
    for t, r in keys:
        by_table.setdefault(t, []).append(r)
    now: dict[str, dict[int, str]] = {}
    for t, rids in by_table.items():
        cur = read.get(t)
        if cur is None:
            now[t] = coverage._currents(conn, t, rids)
            continue
        h = coverage._hasher(t, [d[0] for d in cur.description][1:])
        now[t] = {row[0]: h(row[0], row[1:]) for row in cur.fetchall()}
    conn.vouched_tables = set(by_table) & set(coverage.COVERED)
    lines = [(t, r, now[t].get(r)) for t, r in keys]
    return ({"n": len(lines), "digest": coverage._digest(lines)},
            [(t, r, seq, h) for t, r, h in lines])
