"""The audit chain itself: each entry hashed with the one before it (canonical JSON, SHA-256),
appended on the caller's connection; the row hashes it vouches for; reading entries back and
checking the chain. Nothing here opens a transaction or verifies a whole store (audit.py)."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from workbench.core.store import coverage
from workbench.core.store.target import Target, connection_of

__all__ = [
    "GENESIS", "ACTION_LABELS", "LEDGER_HASH_COLUMNS", "Entry", "Broken", "VerifyReport",
    "canonical", "entry_hash", "ledger_row_hash", "digest", "id_ranges", "expand_ranges",
    "seal_rows", "append_unvouched", "entries", "log_length", "last_entry", "verify_chain", "connection_of", "now",
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
    return datetime.now(UTC).isoformat(timespec="microseconds")


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
               details: dict[str, Any]) -> str:
    body = canonical({"seq": seq, "at": at, "actor": actor, "action": action,
                      "subject": subject, "details": details})
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


# A row's values are only text, integers and NULL, so the plain encoder gives exactly the
# canonical bytes without the per-value check (a million rows are hashed on every verify).
_encode_row = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


# A tuple encodes as the same JSON array as a list; picked in C (an import hashes 100,000 rows).
_ledger_values = itemgetter(*LEDGER_HASH_COLUMNS)


def ledger_row_hash(row: dict[str, Any] | sqlite3.Row) -> str:
    return _hash_values(_ledger_values(row))


def _hash_values(values: list[Any] | tuple[Any, ...]) -> str:
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
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "label": self.label, "subject": self.subject, "details": self.details,
                "prev_hash": self.prev_hash, "hash": self.hash}


# ---- writing --------------------------------------------------------------------------------

def last_entry(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _append(conn: sqlite3.Connection, actor: str, action: str, subject: str,
            details: dict[str, Any], *, seal: bool = False, note: bool = True) -> Entry:
    if not actor or not action or not subject:
        raise ValueError("an audit entry needs actor, action and subject")
    details = _plain(details or {})
    login = getattr(conn, "login", "")
    if login and "login" not in details:
        # Office mode: the database login the entry was written under, beside the reviewer
        # (a SQLite connection has none, so a file store's entries stay exactly as they were).
        details = {**details, "login": login}
    together = getattr(conn, "run_together", None)
    # On a server, the end of the log this connection wrote last in the open transaction
    # (PgConnection.chain_head; forgotten at anything else that may move it): not asked again.
    known = getattr(conn, "chain_head", None) if together is not None else None
    seq, prev = known if known is not None else last_entry(conn)
    seq += 1
    if seal:
        details = {**details, "covered": coverage.seal(conn, seq)}
    elif note and together is None:
        coverage.note_entry(conn, seq)
    at = now()
    h = entry_hash(prev, seq, at, actor, action, subject, details)
    row = [seq, at, actor, action, subject, canonical(details).decode("utf-8"), prev, h]
    if together is not None:
        # On a server the entry's writes (the coverage note, the entry, the head) go in one
        # round trip, in the same order; a failing one raises its own error from here. A
        # server store always has log_head (its migrations run whole, in one transaction).
        noting = coverage.note_entry_sql(seq) if note and not seal and coverage.installed(conn) else []
        if noting:
            conn.entry_noted = True  # type: ignore[attr-defined]
        together([*noting, (INSERT_ENTRY, row), (SET_HEAD, [seq, h])])
        conn.chain_head = (seq, h)  # type: ignore[attr-defined]
    else:
        conn.execute(INSERT_ENTRY, row)
        _set_head(conn, seq, h)
    return Entry(seq, at, actor, action, subject, details, prev, h)


INSERT_ENTRY = ("INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
SET_HEAD = ("INSERT INTO log_head (id, seq, hash) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")


def _set_head(conn: sqlite3.Connection, seq: int, h: str) -> None:
    """log_head: the end of the log as the workbench left it (a store from before the
    table exists has none yet)."""
    try:
        conn.execute(SET_HEAD, [seq, h])
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise


def _vouch(conn: sqlite3.Connection, seq: int, covered: dict[str, Any]) -> None:
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
                     details: dict[str, Any]) -> Entry:
    """An entry that vouches for no rows (a checkpoint appended while a transaction ends)."""
    return _append(conn, actor, action, subject, details, note=False)


def seal_rows(conn: sqlite3.Connection, actor: str, note: str) -> Entry:
    """One entry vouching for every covered row as it is (inside the caller's transaction)."""
    return _append(conn, actor, "coverage_seal", "store", {"note": note}, seal=True)


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7])


def entries(target: Target, *, subject: str | None = None, action: str | None = None,
            since: int = 0, limit: int | None = None, newest_first: bool = False,
            before: int | None = None, matching: str | None = None) -> list[Entry]:
    """Entries after `since` (and before `before`); `matching`: the text in the actor, the
    subject, the details or the action's code or Chinese name (the log viewer's search over a
    log too long to hold in memory)."""
    conn = connection_of(target)
    sql = "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq > ?"
    params: list[Any] = [since]
    if before is not None:
        sql += " AND seq < ?"
        params.append(before)
    if matching:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", matching) + "%"
        named = sorted(code for code, label in ACTION_LABELS.items() if matching in label)
        # lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
        like = " LIKE lower(?) ESCAPE '\\'"
        sql += (" AND (lower(actor)" + like + " OR lower(subject)" + like + " OR lower(details)" + like
                + " OR lower(action)" + like + "".join(" OR action = ?" for _ in named) + ")")
        params += [pattern] * 4 + named
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


def log_length(target: Target) -> int:
    """How many entries the log holds: entries are only ever appended, numbered from 1."""
    row = connection_of(target).execute("SELECT MAX(seq) FROM audit_log").fetchone()
    return int(row[0] or 0)


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

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "integrity": self.integrity, "entries": self.entries,
                "ledger_rows": self.ledger_rows, "decisions": self.decisions,
                "problems": [{"where": p.where, "message": p.message, "seq": p.seq}
                             for p in self.problems],
                "checkpoints": self.anchor.checkpoints if self.anchor else 0,
                "last_anchored": self.anchor.last_anchored if self.anchor else 0,
                "unanchored_actions": self.anchor.unanchored_actions if self.anchor else [],
                "root_fingerprints": self.anchor.roots if self.anchor else [],
                "unchanged_since": self.incremental}


def verify_chain(rows: Iterable[tuple[Any, ...]]) -> tuple[int, Broken | None, dict[int, Entry]]:
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


def _order(p: Broken) -> tuple[Any, ...]:
    # Earliest place first: the file, then by audit entry, then rows without one.
    if p.where == "数据库文件":
        return (0, 0)
    return (1, p.seq if p.seq is not None else 10**18)
