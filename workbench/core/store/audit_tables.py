"""verify-store's checks of the tables the log has always described by seq: ledger rows (row
hash, the writing entry's range and digest), decisions and stages (the entry they name says
the same). The generic per-row coverage of every money-moving table is in coverage.py; these
older checks stay because they name the entry more precisely."""
from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

from workbench.core.store.chain import (
    LEDGER_HASH_COLUMNS,
    Broken,
    Entry,
    VerifyReport,
    _hash_values,
    _order,
    digest,
    expand_ranges,
)
from workbench.core.store.snapshot_readers import Readers
from workbench.core.store.target import is_pg

__all__ = ["verify_ledger", "verify_decisions", "verify_stages", "check_head"]


def verify_ledger(conn: sqlite3.Connection, good: dict[int, Entry], report: VerifyReport, *,
                  chain_ok: bool, readers: Readers | None = None) -> dict[int, list[Any]]:
    """Ledger rows against their own hash and their entry. Returns, by entry seq, the id
    ranges of the entries whose every row passed and whose digest matched: those rows are,
    through the chain, exactly as that entry wrote them (coverage_verify.verify relies on it).

    readers: connections on the same snapshot; with a free one, the first half of the rows
    is scanned on it beside the second half (the same problems, in the same order)."""
    proven: dict[int, list[Any]] = {}
    # Which entry vouches for which ledger row, from the entries that verified (the last
    # that names a row, as rows are read in entry order).
    owner: dict[int, int] = {}
    for e in good.values():
        led = e.details.get("ledger")
        if not led:
            continue
        for a, b in led.get("ids", []):
            owner.update(dict.fromkeys(range(a, b + 1), e.seq))
    # The hashed text is built by SQLite; a row it writes otherwise than the canonical
    # encoding (an escape written another way) is hashed again exactly; a blob anywhere makes
    # SQLite refuse json_array, and then every row is hashed exactly.
    try:
        # As bytes (CAST … AS BLOB: the UTF-8 text SQLite built): no str made and encoded
        # again per row (a third of the scan on a million rows).
        canon = "NULL" if is_pg(conn) else f"CAST(json_array({', '.join(LEDGER_HASH_COLUMNS)}) AS BLOB)"
        found, hashes, n = _scan_halves(conn, canon, owner, good, chain_ok, readers)
    except sqlite3.OperationalError as exc:
        if "blob" not in str(exc).lower():
            raise
        found, hashes, n = _scan_ledger(conn, "NULL", owner, good, chain_ok)
    report.ledger_rows += n
    report.problems += found
    for e in sorted(good.values(), key=lambda e: e.seq):
        led = e.details.get("ledger")
        if not led:
            continue
        ids = list(expand_ranges(led.get("ids", [])))
        if all(map(hashes.__contains__, ids)):
            # The digest over the entry's rows in one piece (hashlib lets go of the GIL).
            if _digest_of(hashes, ids) != led.get("digest"):
                report.problems.append(Broken(f"审计日志第 {e.seq} 条",
                                              "所写台账行的摘要不符（台账行连同其哈希被改动）", e.seq))
            else:
                proven[e.seq] = led.get("ids", [])
            continue
        missing = [i for i in ids if i not in hashes]
        named = {p.where for p in report.problems}
        gone = [i for i in missing if f"台账第 {i} 行" not in named]
        if gone:
            report.problems.append(Broken(f"审计日志第 {e.seq} 条", f"写入的台账第 {gone[0]} 行已不存在"
                                          + (f"（共缺 {len(gone)} 行）" if len(gone) > 1 else ""), e.seq))
            continue
        if missing:
            continue
        if digest(hashes[i] for i in ids) != led.get("digest"):
            report.problems.append(Broken(f"审计日志第 {e.seq} 条",
                                          "所写台账行的摘要不符（台账行连同其哈希被改动）", e.seq))
        else:
            proven[e.seq] = led.get("ids", [])
    report.problems.sort(key=_order)
    return proven


Scan = tuple[list[Broken], dict[int, str], int]


def _scan_halves(conn: sqlite3.Connection, canon: str, owner: dict[int, int], good: dict[int, Any],
                 chain_ok: bool, readers: Readers | None) -> Scan:
    """_scan_ledger, the rows below the middle id on a reader in a thread (SQLite builds the
    text without the GIL), the rest here; in line when no reader is free."""
    if not readers:
        return _scan_ledger(conn, canon, owner, good, chain_ok)
    lo, hi = conn.execute("SELECT MIN(id), MAX(id) FROM ledger").fetchone()
    if lo is None or hi - lo < 2:
        return _scan_ledger(conn, canon, owner, good, chain_ok)
    mid = lo + (hi - lo) // 2
    job = readers.start(lambda c: _scan_ledger(c, canon, owner, good, chain_ok, below=mid),
                        "verify-ledger-first-half")
    second = _scan_ledger(conn, canon, owner, good, chain_ok, from_=mid)
    first = job.result() if job is not None and job.ran else \
        _scan_ledger(conn, canon, owner, good, chain_ok, below=mid)
    first[1].update(second[1])
    return first[0] + second[0], first[1], first[2] + second[2]


def _scan_ledger(conn: sqlite3.Connection, canon: str, owner: dict[int, int], good: dict[int, Any],
                 chain_ok: bool, *, below: int | None = None, from_: int | None = None) -> Scan:
    problems: list[Broken] = []
    hashes: dict[int, str] = {}
    sha = hashlib.sha256
    n = 0
    where = " WHERE id < ?" if below is not None else " WHERE id >= ?" if from_ is not None else ""
    args = [below] if below is not None else [from_] if from_ is not None else []
    for rid, row_seq, row_hash, text in conn.execute(
            f"SELECT id, audit_seq, row_hash, {canon} FROM ledger{where} ORDER BY id", args):
        n += 1
        if row_hash is None or row_seq is None:
            problems.append(Broken(f"台账第 {rid} 行", "没有审计记录（未经导入、审定或更正写入）"))
            continue
        if (text is None or sha(text).hexdigest() != row_hash) \
                and _exact(conn, rid) != row_hash:
            problems.append(Broken(f"台账第 {rid} 行", "内容与其哈希不符（台账行被改动）", row_seq))
            continue
        seq = owner.get(rid)
        if seq is None:
            if chain_ok or row_seq in good:
                problems.append(Broken(f"台账第 {rid} 行", f"不属于任何审计记录（声称来自第 {row_seq} 条）",
                                       row_seq))
            continue
        if seq != row_seq:
            problems.append(Broken(f"台账第 {rid} 行", f"审计记录编号不符（第 {seq} 条写入，行上记为第 {row_seq} 条）", seq))
            continue
        hashes[rid] = row_hash
    return problems, hashes, n


def _digest_of(hashes: dict[int, str], ids: list[int]) -> str:
    """chain.digest of the rows' hashes in ids' order (the same bytes, hashed in one piece)."""
    return hashlib.sha256("".join(map(hashes.__getitem__, ids)).encode("ascii")).hexdigest()


def _exact(conn: sqlite3.Connection, rid: int) -> str | None:
    row = conn.execute(f"SELECT {', '.join(LEDGER_HASH_COLUMNS)} FROM ledger WHERE id = ?",
                       [rid]).fetchone()
    try:
        return _hash_values(list(row))
    except TypeError:        # a real or a blob slipped into a ledger row holds no valid hash
        return None


def verify_decisions(conn: sqlite3.Connection, good: dict[int, Entry], report: VerifyReport, *, chain_ok: bool) -> None:
    # Replay: the last entry that speaks of a claim's decision says whether one must exist.
    last: dict[int, tuple[bool, int]] = {}
    for e in sorted(good.values(), key=lambda e: e.seq):
        for k in (e.details.get("decisions") or {}):
            last[int(k)] = (True, e.seq)
        for k in e.details.get("undone") or ():
            last[int(k)] = (False, e.seq)
    present = {r[0] for r in conn.execute("SELECT claim_id FROM decisions")}
    for claim_id, (exists, seq) in last.items():
        if exists and claim_id not in present:
            report.problems.append(Broken(f"事项 #{claim_id} 的审核决定",
                                          f"审计第 {seq} 条记载的决定已不存在（决定被删除）", seq))
    for claim_id, kind, cents, override, seq in conn.execute(
            "SELECT claim_id, kind, approved_cents, override, audit_seq FROM decisions ORDER BY claim_id"):
        report.decisions += 1
        where = f"事项 #{claim_id} 的审核决定"
        entry = good.get(seq)
        if entry is None:
            if chain_ok:
                report.problems.append(Broken(where, f"所引用的审计第 {seq} 条不存在（日志被截断？）", seq))
            continue
        said = (entry.details.get("decisions") or {}).get(str(claim_id))
        if said is None or said[0] != kind or said[1] != cents or bool(said[2]) != bool(override):
            report.problems.append(Broken(where, f"与审计第 {seq} 条记载不符（决定被改动）", seq))
    report.problems.sort(key=_order)


def verify_stages(conn: sqlite3.Connection, good: dict[int, Entry], report: VerifyReport, *, chain_ok: bool) -> None:
    for app_id, stage, seq in conn.execute(
            "SELECT id, stage, stage_seq FROM applications ORDER BY id"):
        if seq is None:
            continue
        where = f"申报 #{app_id} 的审核阶段"
        e = good.get(seq)
        if e is None:
            if chain_ok:
                report.problems.append(Broken(where, f"所引用的审计第 {seq} 条不存在（日志被截断？）", seq))
            continue
        said = (e.details.get("stages") or {}).get(str(app_id))
        if said != stage:
            report.problems.append(Broken(where, f"与审计第 {seq} 条记载不符（阶段被改动）", seq))
    report.problems.sort(key=_order)


def check_head(conn: sqlite3.Connection, good: dict[int, Entry], report: VerifyReport) -> None:
    """The log ends where the workbench last wrote it (log_head), so cutting off the last
    entries is found even when they vouched for no rows (an export, a signature)."""
    try:
        row = conn.execute("SELECT seq, hash FROM log_head WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return                       # a store from before the table
    last = good[max(good)] if good else None
    if row is None:
        if last is not None:
            report.problems.append(Broken("审计日志末尾", "末尾记录已被删除", last.seq))
        return
    seq, h = row
    if last is None or seq > last.seq:
        report.problems.append(Broken("审计日志末尾", f"日志被截断：最后写入的是第 {seq} 条，现只到第 "
                                      f"{last.seq if last else 0} 条", seq))
    elif seq < last.seq or last.hash != h:
        report.problems.append(Broken("审计日志末尾", f"末尾与最后写入的第 {seq} 条不符（日志末尾被改动或追加）",
                                      seq))
