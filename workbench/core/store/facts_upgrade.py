"""The store upgrade that keeps facts, not words (migration m004_facts_as_facts).

Until this upgrade a claim row kept its explanation as rendered Chinese lines beside its
findings, and the input problems the rules found were stored as sentences; which sheet file
belonged to which application could only be found by searching the audit log's text. The
upgrade, once, inside the migration's transaction:

* turns the rules' own input-problem sentences into typed findings ('missing_column',
  'blank', …). Only a sentence this version would word exactly so is turned (it is worded
  again and compared); a reading problem's own words are left as they are. This is the one
  place stored words are read: the wording of that release is frozen here;
* drops `claims.explanation` (the words are made from the findings when shown);
* creates `sheets` and fills it from the export and sign entries of the audit log;
* appends one audit entry vouching for the claim rows it rewrote and the sheet rows it added.
  A claim row that did not match its vouched hash before the upgrade is not vouched for
  again: verify-store still reports it.

Self-contained on purpose: it must do the same on a store of any earlier version, whatever
later code does.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from typing import Any

__all__ = ["upgrade", "SHEETS_TABLE"]

SHEETS_TABLE = """
CREATE TABLE sheets (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL,
    application_id  INTEGER NOT NULL,
    batch           TEXT,
    stage           TEXT,
    action          TEXT NOT NULL CHECK (action IN ('export', 'sign')),
    file            TEXT NOT NULL DEFAULT '',
    role            TEXT,
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL,
    audit_seq       INTEGER NOT NULL
);
CREATE INDEX idx_sheets_sha256 ON sheets(sha256);
CREATE INDEX idx_sheets_application ON sheets(application_id)
"""

# The field labels as the rules worded them when their sentences were stored.
_LABELS = {
    "line": "序号", "code": "条款编号", "project": "项目名称", "basis": "计算基数（元）",
    "previous": "上年度基数（元）", "area": "面积（平方米）", "months": "月数",
    "rent": "租金单价（元/平方米/月）", "installment": "期次", "level": "标准级别",
    "product": "产品名称", "voucher": "凭证编号", "requested": "申请金额（元）", "remark": "备注",
}
_FIELDS = {v: k for k, v in _LABELS.items()}

# sentence -> (kind, arguments after the place); each turned back into words to be sure.
_SENTENCES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, list[Any]] | None]], ...] = (
    (re.compile(r"条款编号不能为空"), lambda m: ("no_code", [])),
    (re.compile(r"条款编号“(.*)”不存在，应为以下之一：(.*)"),
     lambda m: ("unknown_code", [m[1], m[2].split("、")])),
    (re.compile(r"缺少“(.+)”列，本条款需要填写该项"),
     lambda m: ("missing_column", [_FIELDS[m[1]]]) if m[1] in _FIELDS else None),
    (re.compile(r"“(.+)”不能为空"),
     lambda m: ("blank", [_FIELDS[m[1]]]) if m[1] in _FIELDS else None),
    (re.compile(r"标准级别“(.*)”应为：(.*)"), lambda m: ("bad_level", [m[1], m[2].split("、")])),
    (re.compile(r"月数应为 (-?\d+) 至 (-?\d+) 的整数，现为 (-?\d+)"),
     lambda m: ("bad_months", [int(m[1]), int(m[2]), int(m[3])])),
    (re.compile(r"期次应为 1、2 或 3，现为 (-?\d+)"), lambda m: ("bad_installment", [int(m[1])])),
)
_WORDS: dict[str, Callable[..., str]] = {
    "no_code": lambda: "条款编号不能为空",
    "unknown_code": lambda code, known: f"条款编号“{code}”不存在，应为以下之一：{'、'.join(known)}",
    "missing_column": lambda field: f"缺少“{_LABELS[field]}”列，本条款需要填写该项",
    "blank": lambda field: f"“{_LABELS[field]}”不能为空",
    "bad_level": lambda level, allowed: f"标准级别“{level}”应为：{'、'.join(allowed)}",
    "bad_months": lambda lo, hi, months: f"月数应为 {lo} 至 {hi} 的整数，现为 {months}",
    "bad_installment": lambda n: f"期次应为 1、2 或 3，现为 {n}",
}


def _typed(where: str, message: str) -> tuple[str, list[Any]] | None:
    for pattern, make in _SENTENCES:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        found = make(m)
        if found is not None and _WORDS[found[0]](*found[1]) == message:
            return found[0], [where, *found[1]]
    return None


def _retyped(findings: list[Any], problems: list[Any]) -> list[Any] | None:
    """The findings with the rules' input sentences typed; None when nothing changes."""
    reader = {(p.get("where"), p.get("message")) for p in problems}
    out, changed = [], False
    for f in findings:
        args = f.get("args") or []
        if f.get("rule") == "input" and len(args) == 2 and tuple(args) not in reader:
            typed = _typed(str(args[0]), str(args[1]))
            if typed is not None:
                f = {"rule": typed[0], "status": f.get("status"), "args": typed[1]}
                changed = True
        out.append(f)
    return out if changed else None


def _good_claims(conn: sqlite3.Connection) -> list[int]:
    """Claim rows whose content matches the hash the log last vouched for."""
    from workbench.core.store.coverage import row_hash

    vouched = dict(conn.execute(
        "SELECT h.rid, h.hash FROM row_hashes h WHERE h.tbl = 'claims' AND h.seq = "
        "(SELECT MAX(seq) FROM row_hashes WHERE tbl = 'claims' AND rid = h.rid)"))
    cur = conn.execute("SELECT rowid, * FROM claims")
    cols = [d[0] for d in cur.description][1:]
    return [r[0] for r in cur if vouched.get(r[0]) is not None
            and row_hash("claims", r[0], cols, r[1:]) == vouched[r[0]]]


def _sheet_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The sheets the audit log recorded: every exported sheet and every signed file."""
    stage_batch = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, batch, stage FROM applications")}
    rows = []
    for seq, at, actor, action, subject, details in conn.execute(
            "SELECT seq, at, actor, action, subject, details FROM audit_log "
            "WHERE action IN ('export', 'sign') ORDER BY seq"):
        try:
            d = json.loads(details)
        except ValueError:
            continue
        if action == "sign":
            files = [{"sha256": d.get("sha256"), "application": d.get("application"),
                      "file": d.get("file"), "role": d.get("role")}]
        else:
            files = [f for f in d.get("files") or () if isinstance(f, dict)
                     and f.get("kind", "sheet") == "sheet"]
        for f in files:
            app, sha = f.get("application"), f.get("sha256")
            if not isinstance(app, int) or not isinstance(sha, str) or not sha:
                continue
            batch = subject[len("batch:"):] if subject.startswith("batch:") else \
                stage_batch.get(app, (None, None))[0]
            # The stage at that moment is not in the log: only sheets written from now on have it.
            rows.append((sha, app, batch, None, action, str(f.get("file") or ""),
                         f.get("role") if action == "sign" else None, actor, at, seq))
    return rows


def upgrade(conn: sqlite3.Connection, run: Callable[[str], object]) -> None:
    """The migration's body; `run` executes a script inside the migration's transaction."""
    has_hashes = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                              "name = 'row_hashes'").fetchone() is not None
    good = _good_claims(conn) if has_hashes else []
    updates = []
    for rid, findings, problems in conn.execute(
            "SELECT id, findings, problems FROM claims WHERE findings LIKE '%\"input\"%'"):
        try:
            new = _retyped(json.loads(findings), json.loads(problems or "[]"))
        except (ValueError, AttributeError):
            continue
        if new is not None:
            updates.append((json.dumps(new, ensure_ascii=False), rid))
    conn.executemany("UPDATE claims SET findings = ? WHERE id = ?", updates)
    conn.execute("ALTER TABLE claims DROP COLUMN explanation")
    run(SHEETS_TABLE)
    sheet_rows = _sheet_rows(conn)
    conn.executemany(
        "INSERT INTO sheets (sha256, application_id, batch, stage, action, file, role, actor, "
        "at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sheet_rows)
    keys = [("claims", rid) for rid in good] + \
        [("sheets", r[0]) for r in conn.execute("SELECT id FROM sheets")]
    if has_hashes and keys:
        _vouch(conn, keys)


def _vouch(conn: sqlite3.Connection, keys: list[tuple[str, int]]) -> None:
    from workbench.core.store import audit, coverage

    seq = audit.last_entry(conn)[0] + 1
    covered = coverage.vouch(conn, seq, keys)
    audit.append_unvouched(conn, "工作台升级", "coverage_seal", "store", {
        "note": "升级：说明改为显示时由结论生成，审核表登记其所属申报（此前的改动由原有审计链核对）",
        "covered": covered})
