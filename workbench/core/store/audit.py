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

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from operator import itemgetter
from typing import Any

from workbench.core.store import coverage, verified

__all__ = [
    "GENESIS", "ACTION_LABELS", "LEDGER_HASH_COLUMNS", "Entry", "Broken", "VerifyReport",
    "canonical", "entry_hash", "ledger_row_hash", "digest", "id_ranges", "expand_ranges",
    "record", "seal_rows", "append_unvouched", "finish_transaction", "entries", "last_entry", "verify_chain", "verify_store", "connection_of", "now", "STEPS",
]

GENESIS = "0" * 64

ACTION_LABELS = {
    "reviewer_add": "添加审核人员",
    "reviewer_disable": "停用审核人员",
    "batch_create": "新建批次",
    "import": "导入申报",
    "replace": "更正申报替换",
    "ledger_import": "导入台账",
    "ledger_seal": "台账补登审计",
    "decide": "审核决定",
    "undo": "撤销决定",
    "first_review": "初审完成",
    "second_review": "复核通过",
    "return": "退回初审",
    "finalize": "审定入账",
    "recompute": "重算建议金额",
    "amend": "审定后更正",
    "budget_set": "设定预算",
    "budget_accept": "接受按比例核减",
    "export": "导出",
    "sign": "签章",
    "backup": "备份",
    "restore": "恢复",
    "coverage_seal": "升级时登记现有数据",
    "checkpoint": "签名检查点",
}

# The ledger columns a row hash covers. Fixed: a later migration may add columns, but rows
# already written must keep their hash, so new columns join only through a new list version.
LEDGER_HASH_COLUMNS = (
    "id", "credit_code", "name", "year", "code", "project", "project_key", "product",
    "product_key", "voucher", "voucher_key", "installment", "amount_cents", "doc_no", "source",
    "source_row", "row_key", "imported_at", "entry", "claim_id", "batch", "override", "audit_seq",
)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _check_plain(value: Any, path: str = "details") -> None:
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not allowed in audit details (use cents or strings)")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"{path}: keys must be strings")
            _check_plain(v, f"{path}.{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check_plain(v, f"{path}[{i}]")
    elif not (value is None or isinstance(value, (str, int, bool))):
        raise TypeError(f"{path}: {type(value).__name__} is not plain JSON")


def _plain(value: Any) -> Any:
    """Decimals become two-decimal strings; tuples lists; anything else is checked as is."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def canonical(value: Any) -> bytes:
    _check_plain(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, subject: str,
               details: dict) -> str:
    body = canonical({"seq": seq, "at": at, "actor": actor, "action": action,
                      "subject": subject, "details": details})
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


# A row's values are only text, integers and NULL, so the plain encoder gives exactly the
# canonical bytes without the per-value check (a million rows are hashed on every verify).
_encode_row = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# A tuple encodes as the same JSON array as a list; picked in C (an import hashes 100,000 rows).
_ledger_values = itemgetter(*LEDGER_HASH_COLUMNS)


def ledger_row_hash(row: dict | sqlite3.Row) -> str:
    return _hash_values(_ledger_values(row))


def _hash_values(values: list | tuple) -> str:
    if float in map(type, values):
        raise TypeError("a ledger row holds no floats")
    return hashlib.sha256(_encode_row(values).encode("utf-8")).hexdigest()


def digest(hashes: Iterable[str]) -> str:
    h = hashlib.sha256()
    for x in hashes:
        h.update(x.encode("ascii"))
    return h.hexdigest()


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """[1,2,3,7,8] -> [[1,3],[7,8]]: rows written together are usually one range."""
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and i == out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def expand_ranges(ranges: Iterable[Iterable[int]]) -> Iterator[int]:
    for a, b in ranges:
        yield from range(a, b + 1)


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict
    prev_hash: str
    hash: str

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def as_dict(self) -> dict:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "label": self.label, "subject": self.subject, "details": self.details,
                "prev_hash": self.prev_hash, "hash": self.hash}


# ---- writing --------------------------------------------------------------------------------

def connection_of(target) -> sqlite3.Connection:
    """A Store, a sqlite-utils Database or a sqlite3 connection -> the sqlite3 connection."""
    if isinstance(target, sqlite3.Connection):
        return target
    db = getattr(target, "db", target)
    return getattr(db, "conn", db)


def last_entry(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _append(conn: sqlite3.Connection, actor: str, action: str, subject: str,
            details: dict, *, seal: bool = False, note: bool = True) -> Entry:
    if not actor or not action or not subject:
        raise ValueError("an audit entry needs actor, action and subject")
    details = _plain(details or {})
    seq, prev = last_entry(conn)
    seq += 1
    if seal:
        details = {**details, "covered": coverage.seal(conn, seq)}
    elif note:
        coverage.note_entry(conn, seq)
    at = now()
    h = entry_hash(prev, seq, at, actor, action, subject, details)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, actor, action, subject, canonical(details).decode("utf-8"), prev, h])
    _set_head(conn, seq, h)
    return Entry(seq, at, actor, action, subject, details, prev, h)


def _set_head(conn: sqlite3.Connection, seq: int, h: str) -> None:
    """log_head: the end of the log as the workbench left it (a store from before the
    table exists has none yet)."""
    try:
        conn.execute("INSERT INTO log_head (id, seq, hash) VALUES (1, ?, ?) "
                     "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                     [seq, h])
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise


def record(target, actor: str, action: str, subject: str, details: dict | None = None) -> Entry:
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


def finish_transaction(conn: sqlite3.Connection) -> None:
    """Before COMMIT: the transaction's last entry vouches for the rows it changed (coverage).
    That entry is still the end of the chain, so its details and hash are written again."""
    taken = coverage.take(conn)
    if taken is None:
        return
    seq, covered = taken
    if covered:
        _vouch(conn, seq, covered)
    from workbench.core.store.anchor import after_commit_entry

    after_commit_entry(conn)


def _vouch(conn: sqlite3.Connection, seq: int, covered: dict) -> None:
    row = conn.execute("SELECT at, actor, action, subject, details, prev_hash FROM audit_log "
                       "WHERE seq = ?", [seq]).fetchone()
    if row is None or last_entry(conn)[0] != seq:
        raise RuntimeError("the entry to vouch with is no longer the end of the log")
    details = {**json.loads(row[4]), "covered": covered}
    h = entry_hash(row[5], seq, row[0], row[1], row[2], row[3], details)
    conn.execute("UPDATE audit_log SET details = ?, hash = ? WHERE seq = ?",
                 [canonical(details).decode("utf-8"), h, seq])
    _set_head(conn, seq, h)


def append_unvouched(conn: sqlite3.Connection, actor: str, action: str, subject: str,
                     details: dict) -> Entry:
    """An entry that vouches for no rows (a checkpoint appended while a transaction ends)."""
    return _append(conn, actor, action, subject, details, note=False)


def seal_rows(conn: sqlite3.Connection, actor: str, note: str) -> Entry:
    """One entry vouching for every covered row as it is (inside the caller's transaction)."""
    return _append(conn, actor, "coverage_seal", "store", {"note": note}, seal=True)


def _entry(row) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7])


def entries(target, *, subject: str | None = None, action: str | None = None,
            since: int = 0, limit: int | None = None, newest_first: bool = False) -> list[Entry]:
    conn = connection_of(target)
    sql = "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > ?"
    params: list = [since]
    if subject:
        sql += " AND (subject = ? OR subject LIKE ?)"
        params += [subject, subject + "/%"]
    if action:
        sql += " AND action = ?"
        params.append(action)
    sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [_entry(r) for r in conn.execute(sql, params)]


# ---- verifying ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Broken:
    """One thing verification found wrong. `seq` is the audit entry concerned (None if none)."""

    where: str          # e.g. "审计日志第 12 条", "台账第 3051 行"
    message: str
    seq: int | None = None

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class VerifyReport:
    entries: int = 0
    ledger_rows: int = 0
    decisions: int = 0
    problems: list[Broken] = field(default_factory=list)
    integrity: str = "ok"
    anchor: Any = None          # anchor.AnchorReport: checkpoints, the last anchored entry
    incremental: str | None = None   # the time of the full verification the file is unchanged since

    @property
    def ok(self) -> bool:
        return not self.problems and self.integrity == "ok"

    @property
    def first(self) -> Broken | None:
        return self.problems[0] if self.problems else None

    def as_dict(self) -> dict:
        return {"ok": self.ok, "integrity": self.integrity, "entries": self.entries,
                "ledger_rows": self.ledger_rows, "decisions": self.decisions,
                "problems": [{"where": p.where, "message": p.message, "seq": p.seq}
                             for p in self.problems],
                "checkpoints": self.anchor.checkpoints if self.anchor else 0,
                "last_anchored": self.anchor.last_anchored if self.anchor else 0,
                "unanchored_actions": self.anchor.unanchored_actions if self.anchor else [],
                "root_fingerprints": self.anchor.roots if self.anchor else [],
                "unchanged_since": self.incremental}


def verify_chain(rows: Iterable[tuple]) -> tuple[int, Broken | None, dict[int, Entry]]:
    """Walk (seq, at, actor, action, subject, details_json, prev_hash, hash) rows in stored
    order. Returns (count, first break or None, the entries up to the break by seq)."""
    expected_seq, prev = 1, GENESIS
    good: dict[int, Entry] = {}
    n = 0
    for row in rows:
        n += 1
        seq = row[0]
        where = f"审计日志第 {seq} 条"
        if seq != expected_seq:
            what = "之前的条目缺失" if seq > expected_seq else "序号重复或顺序被改动"
            return n, Broken(where, f"{what}（应为第 {expected_seq} 条）", seq), good
        if row[6] != prev:
            return n, Broken(where, "与前一条的哈希链接不符（条目被删除、插入或重排）", seq), good
        try:
            details = json.loads(row[5])
        except ValueError:
            return n, Broken(where, "内容无法解析（被改动）", seq), good
        if entry_hash(prev, seq, row[1], row[2], row[3], row[4], details) != row[7]:
            return n, Broken(where, "内容与哈希不符（条目被改动）", seq), good
        good[seq] = Entry(seq, row[1], row[2], row[3], row[4], details, row[6], row[7])
        prev = row[7]
        expected_seq += 1
    return n, None, good


def verify_store(target, *, integrity: bool = True, roots: list | None = None,
                 require_checkpoints: bool = False, sheet_heads: list | None = None,
                 full: bool = False, progress=None) -> VerifyReport:
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
    before = verified.fingerprint(path) if path is not None and integrity else None
    # One snapshot: the log and the tables are read in one read transaction, so rows another
    # workbench commits meanwhile are either all seen with their entries or not at all (in
    # WAL mode a reader keeps the state it started with). Without it a commit landing between
    # reading the log and reading the tables looks exactly like a cut-off log.
    own = not conn.in_transaction
    unmap = verified.mapped(conn, path) if own else (lambda: None)
    if own:
        conn.execute("BEGIN")
    try:
        report = _verify_snapshot(conn, integrity, roots, require_checkpoints, sheet_heads or [],
                                  path, progress)
        # The mark names the bytes verified: only when nothing was committed meanwhile.
        if before is not None and report.ok and verified.fingerprint(path) == before:
            verified.save(path, before, last_entry(conn), report)
        return report
    finally:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        unmap()


def _verify_unchanged(conn, path, roots, require_checkpoints: bool,
                      sheet_heads: list) -> VerifyReport | None:
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


def _anchors(report: VerifyReport, good: dict, roots, require_checkpoints: bool,
             sheet_heads: list) -> None:
    from workbench.core.store import anchor

    report.anchor = anchor.verify(good, roots, require=require_checkpoints)
    report.problems.extend(Broken(*p) for p in report.anchor.problems)
    report.problems.extend(Broken(*p) for p in anchor.check_heads(good, sheet_heads))
    report.problems.sort(key=_order)


def _verify_snapshot(conn, integrity: bool, roots, require_checkpoints: bool,
                     sheet_heads: list, path=None, progress=lambda *_: None) -> VerifyReport:
    report = VerifyReport()
    # SQLite's integrity check (every page, every index against its table) is the longest
    # part: with a file it runs on a read-only connection of its own, beside the row checks
    # (SQLite lets go of the GIL while it works); in memory, in line.
    side = verified.Beside(path, _integrity) if integrity and path is not None else None
    try:
        return _verify_steps(conn, report, side, integrity, roots, require_checkpoints,
                             sheet_heads, progress)
    except BaseException:
        if side is not None:
            side.stop()             # stopped from the window: SQLite's check stops too
        raise


STEPS = ("审计日志", "台账", "审核决定与阶段", "各数据行", "数据库完整性")


def _verify_steps(conn, report: VerifyReport, side, integrity: bool, roots,
                  require_checkpoints: bool, sheet_heads: list, progress) -> VerifyReport:
    def step(i: int) -> None:
        progress(i, len(STEPS), f"正在验证{STEPS[i]}（{i + 1}/{len(STEPS)}）…")

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
    proven = verify_ledger(conn, good, report, chain_ok=broken is None)
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
    report.problems.extend(p for p in coverage.verify(conn, good, broken is None, Broken, same)
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


def _integrity(conn) -> tuple[list[str], int]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return rows, len(conn.execute("PRAGMA foreign_key_check").fetchall())


def _order(p: Broken) -> tuple:
    # Earliest place first: the file, then by audit entry, then rows without one.
    if p.where == "数据库文件":
        return (0, 0)
    return (1, p.seq if p.seq is not None else 10**18)
