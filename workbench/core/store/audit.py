"""The audit trail: an append-only log whose entries are chained by sha256, and its verification.

Every entry is (seq, at, actor, action, subject, details) and

    hash = sha256( prev_hash + "\\n" + canonical_json({seq, at, actor, action, subject, details}) )

with prev_hash of the first entry = 64 zeros. seq is part of what is hashed, so an entry
edited, deleted (a gap or a prev_hash that no longer matches) or moved (seq and chain disagree)
breaks the chain at that entry; `verify_store` names the first one.

The chain alone cannot see the *last* entries cut off, nor a change to the tables the log
describes. So the state the log vouches for carries the seq of the entry that wrote it
(`audit_seq` on ledger rows, decisions, applications' stage changes), and verification checks
both ways:

* Ledger rows (资助台账): each row stores `row_hash` = sha256 of its content columns
  (LEDGER_HASH_COLUMNS, fixed forever so old rows keep their hash). The entry that wrote rows
  (ledger import, finalize, amendment) lists their ids as ranges and a digest of their row
  hashes. A row edited in place fails its own hash (named by id); a row edited *with* a new
  row_hash fails the entry's digest; a deleted row is missing from its entry's range; a row
  slipped in matches no entry.
* Decisions and stages: the row names its entry, and that entry's details must say the same
  amount / stage.

Canonical JSON: UTF-8, keys sorted, no spaces, no floats (amounts are integer cents or
two-decimal strings), so the same facts always hash the same on any PC.

Other modules (reports, signing) record their own events through `record`:

    from workbench.core.store import audit
    audit.record(store, "张三", "export", "batch:2025-01", {"file": "汇总表.xlsx", "sha256": …})

`record` joins the caller's open transaction, or runs in its own. Actions are short ASCII
words; ACTION_LABELS gives their Chinese names for display.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from workbench.core.store import coverage_verify, snapshot_readers, verified
from workbench.core.store.chain import (
    ACTION_LABELS,
    GENESIS,
    LEDGER_HASH_COLUMNS,
    Broken,
    Entry,
    VerifyReport,
    _append,
    _entry,
    _order,
    append_unvouched,
    canonical,
    connection_of,
    digest,
    entries,
    entry_hash,
    expand_ranges,
    id_ranges,
    last_entry,
    ledger_row_hash,
    log_length,
    now,
    seal_rows,
    verify_chain,
)
from workbench.core.store.commit import finish_transaction
from workbench.core.store.target import Target

if TYPE_CHECKING:
    from cryptography import x509

__all__ = [
    "GENESIS", "ACTION_LABELS", "LEDGER_HASH_COLUMNS", "Entry", "Broken", "VerifyReport",
    "canonical", "entry_hash", "ledger_row_hash", "digest", "id_ranges", "expand_ranges",
    "record", "seal_rows", "append_unvouched", "finish_transaction", "entries", "log_length", "last_entry", "verify_chain", "verify_store", "connection_of", "now", "STEPS",
]

# progress(done, total, label) between the steps of a full verification.
Progress = Callable[[int, int, str], object]
# The trusted root certificates the log's checkpoints are checked against (None: none given).
Roots: TypeAlias = "list[x509.Certificate] | None"


def record(target: Target, actor: str, action: str, subject: str, details: dict[str, Any] | None = None) -> Entry:
    """Append one entry. Inside an open transaction it joins it (the entry commits or rolls
    back with the change it describes); otherwise it runs in its own BEGIN IMMEDIATE.

    actor: the reviewer's name; action: e.g. "export", "sign"; subject: what it is about,
    e.g. "application:12", "batch:2025-01", "file:审核表.pdf"; details: plain JSON (no floats;
    Decimal is written as a two-decimal string).
    """
    conn = connection_of(target)
    if conn.in_transaction:
        return _append(conn, actor, action, subject, details or {})
    from workbench.core.store.txn import write

    with write(conn):
        return _append(conn, actor, action, subject, details or {})


# ---- verifying ------------------------------------------------------------------------------

def verify_store(target: Target, *, integrity: bool = True, roots: list[Any] | None = None,
                 require_checkpoints: bool = False, sheet_heads: list[Any] | None = None,
                 full: bool = False, progress: Progress | None = None) -> VerifyReport:
    """Check the store: SQLite integrity, the audit chain, and that the ledger, decisions and
    stages are what the log says. Problems come in order; the first is the one to look at.

    When the store file is byte for byte what the last full verification that passed saw
    (`verified`: a mark kept outside the file), the rows are not read again and only the log's
    anchors are checked (report.incremental); `full=True` always reads everything.

    progress(done, total, label), if given, is called between the steps of a full check
    (the window shows it and may raise from it to stop: nothing is left open)."""
    progress = progress or (lambda *_: None)
    conn = connection_of(target)
    path = None if conn.in_transaction else verified.store_file(conn)
    if path is not None and not full:
        report = _verify_unchanged(conn, path, roots, require_checkpoints, sheet_heads or [])
        if report is not None:
            return report
    # The file's bytes before (hashed in a thread while the checks start: hashlib lets go of
    # the GIL) and after; the mark names them only when they are the same.
    before = verified.Fingerprint(path) if path is not None and integrity else None
    # One snapshot: the log and the tables are read in one read transaction, so rows another
    # workbench commits meanwhile are either all seen with their entries or not at all (in
    # WAL mode a reader keeps the state it started with). Without it a commit landing between
    # reading the log and reading the tables looks exactly like a cut-off log. A reader on
    # the same snapshot works out the row coverage digests beside the ledger scan.
    own = not conn.in_transaction
    unmap = verified.mapped(conn, path) if own else (lambda: None)
    readers = snapshot_readers.begin(conn, path, 2) if own else snapshot_readers.Readers([])
    try:
        report = _verify_snapshot(conn, integrity, roots, require_checkpoints, sheet_heads or [],
                                  path, progress, readers)
        head = last_entry(conn)
        seen = _data_version(conn) if own else None
    finally:
        readers.close()
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        unmap()
        files = before.result() if before is not None else None
    # The mark names the bytes verified: only when nothing was committed meanwhile — neither
    # between the snapshot and the end of the first hashing (which ran beside the checks:
    # data_version changes with every commit another connection makes) nor up to the second.
    if (files is not None and path is not None and report.ok and seen is not None
            and verified.fingerprint(path) == files and _data_version(conn) == seen):
        verified.save(path, files, head, report)
    return report


def _data_version(conn: sqlite3.Connection) -> int | None:
    try:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])
    except (sqlite3.Error, TypeError, ValueError):
        return None


def _verify_unchanged(conn: sqlite3.Connection, path: Path, roots: Roots, require_checkpoints: bool,
                      sheet_heads: list[Any]) -> VerifyReport | None:
    """The store file is byte for byte what a full verification found intact: only what
    depends on things outside it is checked again (the checkpoints against the trusted
    roots, --require-checkpoints, the sheets' heads), on the entries these concern."""
    mark = verified.load(path)
    if mark is None or verified.fingerprint(path) != mark["files"]:
        return None
    conn.execute("BEGIN")
    try:
        if list(last_entry(conn)) != mark["head"] or "entries" not in mark:
            return None          # not the state the mark speaks of: verify it all
        from workbench.core.store.anchor import ANCHORED

        sql = "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log "
        kinds = sorted(ANCHORED | {"checkpoint"})
        good = {r[0]: _entry(r) for r in conn.execute(
            sql + f"WHERE action IN ({', '.join('?' for _ in kinds)})", kinds)}
        wanted = {h[2] for h in sheet_heads if isinstance(h[2], int)}
        for e in good.values():
            if e.action == "checkpoint" and isinstance(e.details.get("head_seq"), int):
                wanted.add(e.details["head_seq"])
        wanted -= good.keys()
        if wanted:
            good.update((r[0], _entry(r)) for r in conn.execute(
                sql + "WHERE seq IN (SELECT value FROM json_each(?))", [json.dumps(sorted(wanted))]))
        report = VerifyReport(entries=mark["entries"], ledger_rows=mark["ledger_rows"],
                              decisions=mark["decisions"], incremental=mark["at"])
        _anchors(report, good, roots, require_checkpoints, sheet_heads)
        return report
    finally:
        conn.execute("ROLLBACK")


def _anchors(report: VerifyReport, good: dict[int, Any], roots: Roots, require_checkpoints: bool,
             sheet_heads: list[Any]) -> None:
    from workbench.core.store import anchor

    report.anchor = anchor.verify(good, roots, require=require_checkpoints)
    report.problems.extend(Broken(*p) for p in report.anchor.problems)
    report.problems.extend(Broken(*p) for p in anchor.check_heads(good, sheet_heads))
    report.problems.sort(key=_order)


def _verify_snapshot(conn: sqlite3.Connection, integrity: bool, roots: Roots, require_checkpoints: bool,
                     sheet_heads: list[Any], path: Path | None = None,
                     progress: Progress = lambda *_: None,
                     readers: snapshot_readers.Readers | None = None) -> VerifyReport:
    report = VerifyReport()
    readers = readers if readers is not None else snapshot_readers.Readers([])
    # SQLite's integrity check (every page, every index against its table) is the longest
    # part: with a file it runs on a read-only connection of its own, beside the row checks
    # (SQLite lets go of the GIL while it works); in memory, in line.
    side = verified.Beside(path, _integrity) if integrity and path is not None else None
    try:
        return _verify_steps(conn, report, side, integrity, roots, require_checkpoints,
                             sheet_heads, progress, readers)
    except BaseException:
        if side is not None:
            side.stop()             # stopped from the window: SQLite's check stops too
        readers.stop()
        raise


STEPS = ("审计日志", "台账", "审核决定与阶段", "各数据行", "数据库完整性")


def _verify_steps(conn: sqlite3.Connection, report: VerifyReport, side: verified.Beside | None,
                  integrity: bool, roots: Roots, require_checkpoints: bool, sheet_heads: list[Any],
                  progress: Progress, readers: snapshot_readers.Readers) -> VerifyReport:
    def step(i: int) -> None:
        progress(i, len(STEPS), f"正在验证{STEPS[i]}（{i + 1}/{len(STEPS)}）…")

    lines = readers.start(coverage_verify.entry_digests, "verify-coverage-digests")
    step(0)
    n, broken, good = verify_chain(conn.execute(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq"))
    report.entries = n
    if broken:
        report.problems.append(broken)
    else:
        from workbench.core.store.audit_tables import check_head

        check_head(conn, good, report)
    from workbench.core.store.audit_tables import verify_decisions, verify_ledger, verify_stages

    step(1)
    proven = verify_ledger(conn, good, report, chain_ok=broken is None, readers=readers)
    step(2)
    verify_decisions(conn, good, report, chain_ok=broken is None)
    verify_stages(conn, good, report, chain_ok=broken is None)
    step(3)
    named = {p.where for p in report.problems}
    # A ledger row whose own hash and entry digest passed is, through the chain, exactly as
    # its entry wrote it: when the ledger holds no column outside its row hash, coverage need
    # not hash it again (half of a full verification's time on a million-row ledger).
    cols = {r[1] for r in conn.execute("PRAGMA main.table_info(ledger)")}
    same = {"ledger": proven} if cols == {*LEDGER_HASH_COLUMNS, "row_hash"} else {}
    digests = lines.result() if lines is not None and lines.ran else None
    report.problems.extend(p for p in coverage_verify.verify(conn, good, broken is None, Broken, same, digests)
                           if p.where not in named)
    _anchors(report, good, roots, require_checkpoints, sheet_heads)
    if integrity:
        step(4)
        found = side.result() if side else None
        rows, fk = found if found is not None else _integrity(conn)
        report.integrity = "ok" if rows == ["ok"] else "; ".join(rows[:5])
        if report.integrity != "ok":
            report.problems.append(Broken("数据库文件", f"完整性检查未通过：{report.integrity}"))
        if fk:
            report.problems.append(Broken("数据库文件", f"外键检查未通过：{fk} 处"))
        report.problems.sort(key=_order)
    return report


def _integrity(conn: sqlite3.Connection) -> tuple[list[str], int]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return rows, len(conn.execute("PRAGMA foreign_key_check").fetchall())
