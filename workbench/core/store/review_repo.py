"""The review's tables (applications' stages, claims' decisions, stage history) and the
read models the review shows of them: one row per claim with its decision (`ClaimView`), one
row per application with its totals (`AppView`), stage changes (`StageChange`).

`ClaimView` is the one read model of a stored claim: the window's detail panel, the review
sheet and the command line all read a claim through it (the window's lists read the lighter
rows of `listing`, which decode nothing).

Everything above the store reads and writes these through the functions here; the rules for
what may be written are the review's (`review.decisions`, `domain.workflow`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from workbench.core.domain.findings import loads as load_findings
from workbench.core.domain.model import Finding, Problem
from workbench.core.domain.money import from_cents, to_cents
from workbench.core.domain.workflow import (
    DECISION_LABELS,
    STAGE_LABELS,
    ClaimFacts,
    Decision,
    departs,
    needs_explicit,
)
from workbench.core.rules.explain import problem, render
from workbench.core.store.audit import connection_of
from workbench.core.store.sql_rules import needs_person_sql, requested_sql, suggested_sql

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = [
    "CLAIM_SQL", "ClaimView", "AppView", "StageChange", "app_label", "claims",
    "claims_by_id", "applications", "app_state", "history", "save_decision", "delete_decision",
    "set_stage", "set_reviewer", "set_finalized", "batch_exists", "app_ids", "app_rows", "in_import_order", "open_app_ids",
    "open_apps_seeing", "implicit_decisions", "delete_decisions",
]

# One row per claim with its decision and the latest amendment; `effective_cents` is what the
# claim is worth now: the amended amount, else the decision, else the suggestion for a claim
# the rules decide (taken as is at first review), else NULL (a person must decide).
CLAIM_SQL = """
SELECT c.id AS claim_id, c.application_id, c.row, c.line, c.code, c.article, c.project,
       c.product, c.voucher, c.requested_cents, c.computed_cents, c.suggested_cents, c.status,
       c.findings, c.inputs, c.problems,
       d.kind, d.approved_cents, d.reason, d.override_reason, d.override, d.explicit,
       d.actor AS decided_by, d.at AS decided_at, d.audit_seq AS decision_seq,
       (SELECT m.new_cents FROM amendments m WHERE m.claim_id = c.id ORDER BY m.id DESC LIMIT 1)
           AS amended_cents,
       (SELECT m.override FROM amendments m WHERE m.claim_id = c.id ORDER BY m.id DESC LIMIT 1)
           AS amended_override
FROM claims c LEFT JOIN decisions d ON d.claim_id = c.id
"""


def _dec(cents: int | None) -> Decimal | None:
    return None if cents is None else from_cents(cents)


@dataclass
class ClaimView:
    claim_id: int
    application_id: int
    row: int
    line: int | None
    code: str | None
    article: str
    project: str
    product: str
    voucher: str
    requested: Decimal | None
    computed: Decimal | None
    suggested: Decimal | None
    status: str
    findings_text: str                   # the stored findings; decoded and worded when asked
    inputs: dict[str, str]
    decision: str | None = None          # accept / amount / reject, None = not decided
    approved: Decimal | None = None      # the amount decided (or amended after finalizing)
    reason: str = ""
    override_reason: str = ""
    override: bool = False               # above what the rules allow (workflow.allowed_amount)
    explicit: bool = False               # a person decided (False: suggestion taken at 初审)
    decided_by: str = ""
    decided_at: str = ""
    amended: bool = False                # an amendment after finalizing set `approved`
    problems_text: str = "[]"            # the reading's problems as stored; decoded when asked
    # The decision's version: the audit entry that wrote it (0 = no decision). A decision
    # made on this view passes it as `seen`, so one changed meanwhile is refused (decide).
    decision_seq: int = 0

    @property
    def facts(self) -> ClaimFacts:
        return ClaimFacts(self.claim_id, self.line, self.code, self.status, self.requested,
                          self.suggested, self.computed)

    @property
    def needs_decision(self) -> bool:
        """A person must still decide this claim before first review can be completed."""
        return self.decision is None and needs_explicit(self.facts)

    @property
    def effective(self) -> Decimal | None:
        """What the claim is worth now (None: undecided and the rules cannot say)."""
        if self.approved is not None:
            return self.approved
        return None if needs_explicit(self.facts) else self.suggested

    @cached_property
    def findings(self) -> list[Finding]:
        return load_findings(self.findings_text)

    @cached_property
    def problems(self) -> list[Problem]:
        """What is wrong with the claim's input: the problems the reading found (as stored),
        then those the findings name (worded now), each once."""
        out = [Problem(str(p.get("where", "")), str(p.get("message", "")))
               for p in json.loads(self.problems_text or "[]")]
        out += [p for p in map(problem, self.findings) if p is not None and p not in out]
        return out

    @property
    def explanation(self) -> list[str]:
        """The explanation as the current wording renders the stored findings."""
        return [render(f) for f in self.findings]

    @property
    def shared_caps(self) -> list[str]:
        """Explanation lines saying a cap is shared with another open application."""
        return [render(f) for f in self.findings if f.rule == "shared_cap"]

    @property
    def differs(self) -> bool:
        return departs(self.approved, self.suggested)

    @property
    def decision_label(self) -> str:
        if self.decision is None:
            return "待决定" if self.needs_decision else "按建议（未单独决定）"
        label = DECISION_LABELS[self.decision]
        if self.override:
            label += "（超额核定）"
        if self.amended:
            label += "（已更正）"
        return label


def _claim_view(r: dict[str, Any]) -> ClaimView:
    amended = r["amended_cents"] is not None
    return ClaimView(
        claim_id=r["claim_id"], application_id=r["application_id"], row=r["row"], line=r["line"],
        code=r["code"], article=r["article"] or "", project=r["project"] or "",
        product=r["product"] or "", voucher=r["voucher"] or "",
        requested=_dec(r["requested_cents"]), computed=_dec(r["computed_cents"]),
        suggested=_dec(r["suggested_cents"]), status=r["status"],
        findings_text=r["findings"] or "[]", inputs=json.loads(r["inputs"] or "{}"),
        decision=r["kind"],
        approved=_dec(r["amended_cents"] if amended else r["approved_cents"]),
        reason=r["reason"] or "", override_reason=r["override_reason"] or "",
        override=bool(r["amended_override"] if amended else r["override"]),
        explicit=bool(r["explicit"]), decided_by=r["decided_by"] or "",
        decided_at=r["decided_at"] or "", amended=amended,
        problems_text=r["problems"] or "[]", decision_seq=r["decision_seq"] or 0,
    )


@dataclass
class AppView:
    id: int
    batch: str | None
    source: str
    file_hash: str | None
    credit_code: str
    name: str
    year: int
    rule_set: str
    imported_at: str
    stage: str
    first_reviewer: str | None
    second_reviewer: str | None
    finalized_by: str | None
    finalized_at: str | None
    doc_no: str | None
    claims: int = 0
    requested: Decimal = Decimal("0.00")
    suggested: Decimal = Decimal("0.00")
    approved: Decimal = Decimal("0.00")   # effective amounts (see ClaimView.effective)
    undecided: int = 0                    # claims still needing a person's decision
    overrides: int = 0

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def label(self) -> str:
        return app_label(self.id, self.name)


def app_label(app_id: int, name: str) -> str:
    return f"申报 #{app_id}（{name}）"


_APP_SQL = f"""
WITH x AS ({CLAIM_SQL})
SELECT a.id, a.batch, a.source, a.file_hash, a.credit_code, a.name, a.year, a.rule_set,
       a.imported_at, a.stage, a.first_reviewer, a.second_reviewer, a.finalized_by,
       a.finalized_at, a.doc_no,
       COUNT(x.claim_id) AS n,
       -- A blank request stands for the computed amount (measures.md, step 4): totals.py.
       COALESCE(SUM({requested_sql("x")}), 0) AS req,
       COALESCE(SUM({suggested_sql("x")}), 0) AS sug,
       COALESCE(SUM(COALESCE(x.amended_cents, x.approved_cents,
           CASE WHEN {needs_person_sql("x")} THEN 0 ELSE x.suggested_cents END)), 0) AS appr,
       COALESCE(SUM(CASE WHEN x.kind IS NULL AND {needs_person_sql("x")} THEN 1 ELSE 0 END), 0)
           AS undecided,
       COALESCE(SUM(CASE WHEN COALESCE(x.amended_override, x.override, 0) <> 0 THEN 1 ELSE 0 END), 0)
           AS overrides
FROM applications a LEFT JOIN x ON x.application_id = a.id
"""


def _app_view(r: dict[str, Any]) -> AppView:
    return AppView(
        id=r["id"], batch=r["batch"], source=r["source"], file_hash=r["file_hash"],
        credit_code=r["credit_code"], name=r["name"], year=r["year"], rule_set=r["rule_set"],
        imported_at=r["imported_at"], stage=r["stage"], first_reviewer=r["first_reviewer"],
        second_reviewer=r["second_reviewer"], finalized_by=r["finalized_by"],
        finalized_at=r["finalized_at"], doc_no=r["doc_no"], claims=r["n"],
        requested=from_cents(r["req"]), suggested=from_cents(r["sug"]),
        approved=from_cents(r["appr"]), undecided=r["undecided"], overrides=r["overrides"])


@dataclass(frozen=True)
class StageChange:
    application_id: int
    from_stage: str
    to_stage: str
    action: str
    actor: str
    reason: str
    at: str
    audit_seq: int


def _rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cur = connection_of(store).execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=False)) for r in cur]


def claims(store: Store, application_id: int) -> list[ClaimView]:
    """An application's claims in row order."""
    return [_claim_view(r) for r in _rows(
        store, CLAIM_SQL + " WHERE c.application_id = ? ORDER BY c.row", [application_id])]


def claims_by_id(store: Store, claim_id: int) -> list[ClaimView]:
    """The claim with this id (an empty list: there is none)."""
    return [_claim_view(r) for r in _rows(store, CLAIM_SQL + " WHERE c.id = ?", [claim_id])]


def applications(store: Store, *, batch: str | None = None, stage: str | None = None,
                 ids: Iterable[int] | None = None) -> list[AppView]:
    """Applications with totals, oldest first; filter by batch name, stage or ids."""
    where, params = [], []
    if batch is not None:
        where.append("a.batch = ?")
        params.append(batch)
    if stage is not None:
        where.append("a.stage = ?")
        params.append(stage)
    if ids is not None:
        where.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(set(ids))))
    sql = _APP_SQL + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY a.id ORDER BY a.id"
    return [_app_view(r) for r in _rows(store, sql, params)]


def history(store: Store, app_id: int) -> list[StageChange]:
    return [StageChange(*r) for r in connection_of(store).execute(
        "SELECT application_id, from_stage, to_stage, action, actor, reason, at, audit_seq "
        "FROM stage_history WHERE application_id = ? ORDER BY id", [app_id])]


_APP_COLUMNS = ("id", "name", "stage", "first_reviewer", "second_reviewer", "batch",
                "credit_code", "year", "source", "imported_at", "rule_set")


def app_rows(store: Store, ids: Iterable[int], *, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Plain rows of the applications with these ids (in the order given; missing ids left
    out), with the columns named (a subset of the application's facts)."""
    if any(c not in _APP_COLUMNS for c in columns):
        raise ValueError(columns)
    conn = connection_of(store)
    out = []
    for app_id in ids:
        r = conn.execute(f"SELECT {', '.join(columns)} FROM applications WHERE id = ?",
                         [app_id]).fetchone()
        if r is not None:
            out.append(dict(zip(columns, r, strict=False)))
    return out


def app_state(store: Store, app_id: int) -> dict[str, Any] | None:
    """id, name, stage, first_reviewer, second_reviewer, batch of an application, or None."""
    rows = app_rows(store, [app_id], columns=_APP_COLUMNS[:6])
    return rows[0] if rows else None


def batch_exists(store: Store, batch: str) -> bool:
    return connection_of(store).execute(
        "SELECT 1 FROM batches WHERE name = ?", [batch]).fetchone() is not None


def app_ids(store: Store, *, batch: str, stage: str | None = None) -> list[int]:
    """Ids of a batch's applications (at `stage`), by id."""
    sql = "SELECT id FROM applications WHERE batch = ?"
    params: list[Any] = [batch]
    if stage is not None:
        sql += " AND stage = ?"
        params.append(stage)
    return [r[0] for r in connection_of(store).execute(sql + " ORDER BY id", params)]


def open_app_ids(store: Store) -> list[int]:
    """Ids of the applications not finalized, as the table holds them."""
    return [r[0] for r in connection_of(store).execute(
        "SELECT id FROM applications WHERE stage != 'finalized'")]


def open_apps_seeing(store: Store, credit_codes: Iterable[str], voucher_keys: Iterable[str]) -> list[int]:
    """Open applications of these enterprises, or with a claim of one of these voucher keys, by id."""
    codes = json.dumps(sorted(set(credit_codes)), ensure_ascii=False)
    keys = json.dumps(sorted({k for k in voucher_keys if k}), ensure_ascii=False)
    return [r[0] for r in connection_of(store).execute(
        "SELECT id FROM applications WHERE stage != 'finalized' AND ("
        " credit_code IN (SELECT value FROM json_each(?)) OR id IN ("
        "  SELECT application_id FROM claims WHERE voucher_key IN (SELECT value FROM json_each(?))))"
        " ORDER BY id", [codes, keys])]


def implicit_decisions(store: Store, claim_ids: Iterable[int]) -> set[int]:
    """Which of these claims carry a suggestion taken as is at first review (not a person's)."""
    return {r[0] for r in connection_of(store).execute(
        "SELECT claim_id FROM decisions WHERE explicit = 0 AND claim_id IN "
        "(SELECT value FROM json_each(?))", [json.dumps(list(claim_ids))])}


def delete_decisions(store: Store, claim_ids: Iterable[int]) -> None:
    connection_of(store).execute(
        "DELETE FROM decisions WHERE claim_id IN (SELECT value FROM json_each(?))",
        [json.dumps(list(claim_ids))])


def in_import_order(store: Store, app_ids: Iterable[int]) -> list[dict[str, Any]]:
    """id, name, credit_code, year, source, imported_at of the applications, in import order
    (imported_at, then id); ids not stored are left out."""
    rows = connection_of(store).execute(
        "SELECT id, name, credit_code, year, source, imported_at FROM applications "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY imported_at, id",
        [json.dumps(sorted(set(app_ids)))]).fetchall()
    return [dict(zip(("id", "name", "credit_code", "year", "source", "imported_at"), r, strict=False)) for r in rows]


# ---- writing (inside the caller's Store.transaction) ----------------------------------------

def save_decision(store: Store, app_id: int, d: Decision, actor: str, at: str, seq: int,
                  source: str) -> None:
    """Record (or replace) the decision on a claim."""
    connection_of(store).execute(
        "INSERT INTO decisions (claim_id, application_id, kind, approved_cents, "
        "suggested_cents, reason, override_reason, override, explicit, source, actor, at, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in (
            "application_id", "kind", "approved_cents", "suggested_cents", "reason",
            "override_reason", "override", "explicit", "source", "actor", "at", "audit_seq")),
        [d.claim_id, app_id, d.kind, to_cents(d.approved),
         None if d.suggested is None else to_cents(d.suggested), d.reason, d.override_reason,
         int(d.override), int(d.explicit), source, actor, at, seq])


def delete_decision(store: Store, claim_id: int) -> None:
    connection_of(store).execute("DELETE FROM decisions WHERE claim_id = ?", [claim_id])


def set_stage(store: Store, app_id: int, from_stage: str, to_stage: str, action: str, actor: str,
              reason: str, at: str, seq: int) -> None:
    """Move an application to another stage, with its line in the stage history."""
    conn = connection_of(store)
    conn.execute("INSERT INTO stage_history (application_id, from_stage, to_stage, action, actor, "
                 "reason, at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 [app_id, from_stage, to_stage, action, actor, reason, at, seq])
    conn.execute("UPDATE applications SET stage = ?, stage_seq = ? WHERE id = ?",
                 [to_stage, seq, app_id])


def set_reviewer(store: Store, app_id: int, which: str, name: str | None) -> None:
    """Set (None: clear) an application's first or second reviewer."""
    column = {"first": "first_reviewer", "second": "second_reviewer"}[which]
    connection_of(store).execute(f"UPDATE applications SET {column} = ? WHERE id = ?",
                                 [name, app_id])


def set_finalized(store: Store, finalized: list[tuple[int, str]], *, actor: str, doc_no: str, at: str,
                  seq: int) -> None:
    """审定 applications at second_done: (id, stage history reason) each, under one entry."""
    conn = connection_of(store)
    conn.executemany(
        "INSERT INTO stage_history (application_id, from_stage, to_stage, action, actor, "
        "reason, at, audit_seq) VALUES (?, 'second_done', 'finalized', 'finalize', ?, ?, ?, ?)",
        [[app_id, actor, reason, at, seq] for app_id, reason in finalized])
    conn.executemany(
        "UPDATE applications SET stage = 'finalized', stage_seq = ?, finalized_by = ?, "
        "finalized_at = ?, doc_no = ? WHERE id = ?",
        [[seq, actor, at, doc_no, app_id] for app_id, _ in finalized])
