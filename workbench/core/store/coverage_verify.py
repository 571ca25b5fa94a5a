"""verify-store's row coverage check (the rows are written and vouched for in coverage.py): every
covered row against its latest vouched hash in row_hashes, and every entry's lines against the
digest in its details. See coverage.py for what it finds."""
from __future__ import annotations

import hashlib
import sqlite3
from bisect import bisect_right
from collections import deque
from itertools import groupby
from operator import itemgetter
from typing import Any

from workbench.core.store.coverage import (
    LABELS,
    BrokenMaker,
    _canonical_sql,
    _has_row_hashes,
    _row_key,
    covered_tables,
    row_hash,
)
from workbench.core.store.target import is_pg

__all__ = ["verify", "entry_digests"]

_CHUNK = 1 << 16        # rows compared at a time by `_verify_table`'s clean pass


def _where(table: str, rid: int) -> str:
    label = LABELS.get(table, table)
    return f"{label}第 {rid} 行" if table == "ledger" else f"{label}表第 {rid} 行"


def verify(conn: sqlite3.Connection, good: dict[int, Any], chain_ok: bool, broken_cls: BrokenMaker,
           proven: dict[str, dict[int, list[Any]]] | None = None,
           digests: dict[int, tuple[int, str]] | None = None) -> list[Any]:
    """Problems (broken_cls(where, message, seq)) between the tables, row_hashes and the log.

    proven: {table: {seq: id ranges}}, rows another check has shown, through the chain, to be
    exactly as entry seq wrote them, every column included (the table has an `audit_seq`
    column naming that entry). Such a row whose latest vouched line is that entry's, in an
    entry whose lines match its digest, has that line's hash: it is not hashed again.

    digests: `entry_digests` of the same snapshot, worked out beforehand (on another
    connection, beside the other checks); None: worked out here."""
    if not _has_row_hashes(conn):
        vouching = sorted(seq for seq, e in good.items() if e.details.get("covered"))
        if vouching:       # the log vouches for rows, but their hashes are gone
            return [broken_cls(f"审计日志第 {vouching[0]} 条",
                               "所记数据行的哈希记录表已被删除", vouching[0])]
        return []
    problems = []
    said_seqs = set()
    lines_ok: set[int] = set()
    found = entry_digests(conn) if digests is None else digests
    for seq in sorted(found):
        n, d = found[seq]
        said_seqs.add(seq)
        e = good.get(seq)
        if e is None:
            if chain_ok:
                problems.append(broken_cls(f"审计日志第 {seq} 条", "记载了数据行，但该条目不存在（日志末尾被截断？）", seq))
            continue
        said = e.details.get("covered") or {}
        if said.get("n") != n or said.get("digest") != d:
            # The quick digest's lines may have been joined in another order: exactly.
            n, d = _exact_digest(conn, seq)
        if said.get("n") != n or said.get("digest") != d:
            problems.append(broken_cls(f"审计日志第 {seq} 条", "所记数据行的哈希与条目不符（行哈希记录被改动）", seq))
        else:
            lines_ok.add(seq)
    for seq, e in good.items():
        if (e.details.get("covered") or {}).get("n") and seq not in said_seqs:
            problems.append(broken_cls(f"审计日志第 {seq} 条", "所记数据行的哈希记录已被删除", seq))
    tables = covered_tables(conn)
    for t in tables:
        same = (proven or {}).get(t)
        problems += _verify_table(conn, t, broken_cls,
                                  {s: r for s, r in same.items() if s in lines_ok} if same else None)
    # Rows vouched for in a table that is no longer there (or no longer covered).
    for (t,) in conn.execute("SELECT DISTINCT tbl FROM row_hashes"):
        if t not in tables:
            for rid, seq in conn.execute(_LATEST_LIVE + " ORDER BY h.rid", [t]):
                problems.append(broken_cls(_where(t, rid), f"审计第 {seq} 条记载的行已不存在（被删除）", seq))
    return problems


_LINE = "tbl || ':' || rid || ':' || CASE WHEN hash IS NULL OR hash = '' THEN '-' ELSE hash END || char(10)"


def entry_digests(conn: sqlite3.Connection) -> dict[int, tuple[int, str]]:
    """seq -> (how many lines, sha256 of its lines "tbl:rid:hash\\n" in (tbl, rid) order) for
    every entry with lines in row_hashes ({} without the table).

    On SQLite the lines are read in the primary key's order (no sort of a million lines) and
    joined per entry by SQLite (group_concat), so Python sees one text an entry. SQLite does
    not promise group_concat's order: `verify` works out an entry's digest again exactly
    (`_exact_digest`) before calling it wrong."""
    if not _has_row_hashes(conn):
        return {}
    if is_pg(conn):
        out = {}
        cur = conn.execute(f"SELECT seq, {_LINE} FROM row_hashes ORDER BY seq, tbl, rid")
        for seq, group in groupby(cur, key=itemgetter(0)):
            lines = [x[1] for x in group]
            out[seq] = (len(lines), hashlib.sha256("".join(lines).encode("utf-8")).hexdigest())
        return out
    sha = hashlib.sha256
    return {seq: (n, sha(text).hexdigest()) for seq, n, text in conn.execute(
        f"SELECT seq, COUNT(*), CAST(group_concat(line, '') AS BLOB) FROM (SELECT seq, {_LINE} "
        "AS line FROM row_hashes ORDER BY tbl, rid, seq) GROUP BY seq")}


def _exact_digest(conn: sqlite3.Connection, seq: int) -> tuple[int, str]:
    """One entry's line count and digest, the lines joined in Python in (tbl, rid) order."""
    lines = [r[0] for r in conn.execute(f"SELECT {_LINE} FROM row_hashes WHERE seq = ? ORDER BY tbl, rid",
                                        [seq])]
    return len(lines), hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


# The latest vouched line of a row, for every row of a table whose latest line says it exists.
_LATEST_LIVE = ("SELECT h.rid, h.seq FROM row_hashes h WHERE h.tbl = ? AND h.hash IS NOT NULL "
                "AND h.seq = (SELECT MAX(seq) FROM row_hashes WHERE tbl = h.tbl AND rid = h.rid)")


def _verify_table(conn: sqlite3.Connection, t: str, broken_cls: BrokenMaker,
                  proven: dict[int, list[Any]] | None = None) -> list[Any]:
    """Every row of `t` against its latest vouched hash, and vouched rows that are gone
    (a row in `proven`, see verify, whose latest line is its entry's is not hashed again)."""
    q = t.replace('"', '""')
    lit = t.replace("'", "''")
    cols = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{q}")')]
    listed = ", ".join('"' + c.replace('"', '""') + '"' for c in cols)
    key = _row_key(conn, t)
    sql = ("SELECT x.rowid, {}, h.seq, h.hash FROM main.\"{}\" AS x LEFT JOIN row_hashes h "
           "ON h.tbl = '{}' AND h.rid = x.rowid AND h.seq = (SELECT MAX(seq) FROM row_hashes "
           "WHERE tbl = '{}' AND rid = x.rowid) ORDER BY x.rowid")

    spans = {s: (sorted(a for a, _ in r), sorted(r)) for s, r in (proven or {}).items()}

    def same(seq: int, rid: int) -> bool:
        """rid is among entry seq's proven rows."""
        span = spans.get(seq)
        if span is None:
            return False
        i = bisect_right(span[0], rid) - 1
        return i >= 0 and span[1][i][0] <= rid <= span[1][i][1]

    def scan(canon: str) -> list[Any]:
        problems: list[Any] = []
        sha = hashlib.sha256
        for rid, text, seq, vouched in conn.execute(sql.format(canon, q, lit, lit)):
            if vouched is not None:
                if text is not None and sha(text.encode("utf-8")).hexdigest() == vouched:
                    continue
            check(problems, rid, seq, vouched)
        return problems

    def check(problems: list[Any], rid: int, seq: int | None, vouched: str | None) -> None:
        """The row (present) against its latest line, hashed exactly."""
        if vouched is not None:
            # SQLite wrote some value otherwise than the canonical encoding: hash exactly
            row = conn.execute(f'SELECT {listed} FROM main."{q}" WHERE {key} = ?', [rid]).fetchone()
            if row_hash(t, rid, cols, row) == vouched:
                return
        where = _where(t, rid)
        if seq is None:
            problems.append(broken_cls(where, "没有审计记录（不是由工作台写入的）"))
        elif vouched is None:
            problems.append(broken_cls(where, f"审计第 {seq} 条记载其已删除，却仍存在", seq))
        else:
            problems.append(broken_cls(where, f"内容与审计第 {seq} 条记载不符（被改动）", seq))

    def merge() -> tuple[list[Any], list[Any]]:
        """One pass over the rows and one over their lines, both in rowid order: the rows
        proven as their latest line's entry wrote them are not hashed; a line whose row is
        gone is found on the way (instead of a look-up per row and per line)."""
        problems: list[Any] = []
        gone: list[Any] = []
        rows = conn.execute(f'SELECT rowid, "audit_seq" FROM main."{q}" ORDER BY rowid')
        lines = conn.execute("SELECT rid, seq, hash FROM row_hashes WHERE tbl = ? "
                             "ORDER BY rid, seq", [t])
        line = next(lines, None)
        for rid, own in rows:
            while line is not None and line[0] < rid:
                last = line
                line = next(lines, None)
                if (line is None or line[0] != last[0]) and last[2] is not None:
                    gone.append(last)         # the latest line of a row that is not there
            seq = vouched = None
            while line is not None and line[0] == rid:
                seq, vouched = line[1], line[2]
                line = next(lines, None)
            if vouched is not None and seq == own and same(seq, rid):
                continue
            check(problems, rid, seq, vouched)
        while line is not None:
            last = line
            line = next(lines, None)
            if (line is None or line[0] != last[0]) and last[2] is not None:
                gone.append(last)
        return problems, [(rid, seq) for rid, seq, _ in gone]

    def within(seq: int, lo: int, hi: int) -> bool:
        """One of entry seq's proven ranges holds every rowid from lo to hi."""
        span = spans.get(seq)
        if span is None:
            return False
        i = bisect_right(span[0], lo) - 1
        return i >= 0 and span[1][i][0] <= lo and hi <= span[1][i][1]

    def clean() -> list[Any] | None:
        """The usual case, compared in C a chunk at a time: every row has exactly one line,
        naming the row's own entry, with a hash (the rows and the lines as equal lists of
        tuples); a run of rows of one entry inside one of its proven ranges is not looked at
        row by row. The rows outside are checked exactly. None when any row or line is not
        like that: `merge` then sorts them out one by one."""
        rows = conn.execute(f'SELECT rowid, "audit_seq", 0 FROM main."{q}" ORDER BY rowid')
        lines = conn.execute("SELECT rid, seq, hash IS NULL FROM row_hashes WHERE tbl = ? "
                             "ORDER BY rid, seq", [t])
        outside: list[tuple[int, int]] = []
        while True:
            chunk = rows.fetchmany(_CHUNK)
            if chunk != lines.fetchmany(_CHUNK):
                return None
            if not chunk:
                break
            seqs = [r[1] for r in chunk]
            for seq, run in groupby(range(len(chunk)), key=seqs.__getitem__):
                i = next(run)
                tail = deque(run, maxlen=1)  # noqa: B031 - the rest of the run, consumed in C
                j = tail[0] if tail else i
                if not within(seq, chunk[i][0], chunk[j][0]):
                    outside += [(rid, s) for rid, s, _ in chunk[i:j + 1] if not same(s, rid)]
        problems: list[Any] = []
        for rid, seq in outside:
            vouched = conn.execute("SELECT hash FROM row_hashes WHERE tbl = ? AND rid = ? AND seq = ?",
                                   [t, rid, seq]).fetchone()[0]
            check(problems, rid, seq, vouched)
        return problems

    if proven:
        found = None if is_pg(conn) else clean()
        if found is not None:
            return found
        problems, gone = merge()
        for rid, seq in gone:
            problems.append(broken_cls(_where(t, rid), f"审计第 {seq} 条记载的行已不存在（被删除）", seq))
        return problems
    try:
        # PostgreSQL writes JSON text its own way: every row hashed exactly there.
        problems = scan("NULL" if is_pg(conn) else _canonical_sql(t, cols, "x"))
    except sqlite3.OperationalError as exc:
        if "blob" not in str(exc).lower():
            raise
        problems = scan("NULL")              # a blob somewhere: every row hashed exactly
    for rid, seq in conn.execute(_LATEST_LIVE + f' AND NOT EXISTS (SELECT 1 FROM main."{q}" '
                                 "WHERE rowid = h.rid) ORDER BY h.rid", [t]):
        problems.append(broken_cls(_where(t, rid), f"审计第 {seq} 条记载的行已不存在（被删除）", seq))
    return problems
