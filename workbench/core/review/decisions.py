"""The review workflow over the store: decisions on claims, first review, second review, return.

Finalizing and amendments (which write the award ledger) are in `awards`; batches and import
in `batches`; budgets in `budget`. The rules themselves (what a decision needs, which stage
allows what) are pure functions in `workflow`; this module reads the store, asks them, and
writes the outcome together with its audit entry in one transaction. A refusal (`Refused`)
is raised before anything is written, so the store is left as it was.

Reading functions return plain dataclasses for the window and the reports:
`applications()` (one row per application, with totals), `claims()` (one row per claim, with
its decision), `history()` (stage changes), `article_totals()`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Iterable

from workbench.core.store import audit
from workbench.core.rules.explain import render
from workbench.core.domain.findings import loads as load_findings
from workbench.core.domain.model import Finding
from workbench.core.domain.money import from_cents, to_cents
from workbench.core.store.reviewers import require
from workbench.core.domain.totals import requested_sql, suggested_sql, totals_of
from workbench.core.store.txn import write
from workbench.core.domain.workflow import (
    DECISION_LABELS,
    STAGE_LABELS,
    ClaimFacts,
    Decision,
    Refused,
    check_can_decide,
    check_first_review,
    check_return,
    check_second_review,
    implicit_decision,
    missing_decisions,
    needs_explicit,
    needs_person_sql,
    stale_decisions,
    validate_decision,
)

__all__ = [
    "ClaimView", "AppView", "StageChange", "ArticleTotal", "applications", "application",
    "claims", "claim", "history", "article_totals", "decide", "undo", "complete_first_review",
    "confirm_second_review", "return_to_first", "app_label", "CLAIM_SQL",
]

# One row per claim with its decision and the latest amendment; `effective_cents` is what the
# claim is worth now: the amended amount, else the decision, else the suggestion for a claim
# the rules decide (taken as is at first review), else NULL (a person must decide).
CLAIM_SQL = """
SELECT c.id AS claim_id, c.application_id, c.row, c.line, c.code, c.article, c.project,
       c.product, c.voucher, c.requested_cents, c.computed_cents, c.suggested_cents, c.status,
       c.findings, c.inputs,
       d.kind, d.approved_cents, d.reason, d.override_reason, d.override, d.explicit,
       d.actor AS decided_by, d.at AS decided_at,
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
    inputs: dict
    decision: str | None = None          # accept / amount / reject, None = not decided
    approved: Decimal | None = None      # the amount decided (or amended after finalizing)
    reason: str = ""
    override_reason: str = ""
    override: bool = False               # above what the rules allow (workflow.allowed_amount)
    explicit: bool = False               # a person decided (False: suggestion taken at 初审)
    decided_by: str = ""
    decided_at: str = ""
    amended: bool = False                # an amendment after finalizing set `approved`

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
        return self.approved is not None and (self.suggested is None or self.approved != self.suggested)

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


def _claim_view(r) -> ClaimView:
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
    )


def _rows(conn, sql: str, params: Iterable = ()) -> list[dict]:
    cur = conn.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur]


def claims(target, application_id: int) -> list[ClaimView]:
    conn = audit.connection_of(target)
    return [_claim_view(r) for r in _rows(
        conn, CLAIM_SQL + " WHERE c.application_id = ? ORDER BY c.row", [application_id])]


def claim(target, claim_id: int) -> ClaimView:
    conn = audit.connection_of(target)
    rows = _rows(conn, CLAIM_SQL + " WHERE c.id = ?", [claim_id])
    if not rows:
        raise Refused(f"找不到事项 #{claim_id}")
    return _claim_view(rows[0])


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
       COALESCE(SUM(CASE WHEN COALESCE(x.amended_override, x.override, 0) THEN 1 ELSE 0 END), 0)
           AS overrides
FROM applications a LEFT JOIN x ON x.application_id = a.id
"""


def _app_view(r) -> AppView:
    return AppView(
        id=r["id"], batch=r["batch"], source=r["source"], file_hash=r["file_hash"],
        credit_code=r["credit_code"], name=r["name"], year=r["year"], rule_set=r["rule_set"],
        imported_at=r["imported_at"], stage=r["stage"], first_reviewer=r["first_reviewer"],
        second_reviewer=r["second_reviewer"], finalized_by=r["finalized_by"],
        finalized_at=r["finalized_at"], doc_no=r["doc_no"], claims=r["n"],
        requested=from_cents(r["req"]), suggested=from_cents(r["sug"]),
        approved=from_cents(r["appr"]), undecided=r["undecided"], overrides=r["overrides"])


def applications(target, *, batch: str | None = None, stage: str | None = None,
                 ids: Iterable[int] | None = None) -> list[AppView]:
    """Applications with totals, oldest first; filter by batch name, stage or ids."""
    conn = audit.connection_of(target)
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
    return [_app_view(r) for r in _rows(conn, sql, params)]


def application(target, app_id: int) -> AppView:
    found = applications(target, ids=[app_id])
    if not found:
        raise Refused(f"找不到申报 #{app_id}")
    return found[0]


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


def history(target, app_id: int) -> list[StageChange]:
    conn = audit.connection_of(target)
    return [StageChange(*r) for r in conn.execute(
        "SELECT application_id, from_stage, to_stage, action, actor, reason, at, audit_seq "
        "FROM stage_history WHERE application_id = ? ORDER BY id", [app_id])]


@dataclass
class ArticleTotal:
    article: str                 # '（三）', or '合计'
    claims: int = 0
    requested: Decimal = Decimal("0.00")
    suggested: Decimal = Decimal("0.00")
    approved: Decimal = Decimal("0.00")
    undecided: int = 0
    codes: list[str] = field(default_factory=list)
    as_computed: int = 0         # blank requests counted at their computed amount (按测算)


def article_totals(target, *, batch: str | None = None,
                   ids: Iterable[int] | None = None) -> list[ArticleTotal]:
    """Requested, suggested and approved per article (and a final 合计 row) for a batch."""
    groups: dict[str, list[ClaimView]] = {}
    everything: list[ClaimView] = []
    for a in applications(target, batch=batch, ids=ids):
        for c in claims(target, a.id):
            groups.setdefault(c.article or "（未知条款）", []).append(c)
            everything.append(c)
    out = {art: _article_total(art, cs) for art, cs in groups.items()}
    total = _article_total("合计", everything)
    return [*sorted(out.values(), key=lambda t: _article_order(t.codes)), total]


def _article_total(article: str, cs: list[ClaimView]) -> ArticleTotal:
    t = totals_of(cs)
    return ArticleTotal(article, t.claims, t.requested, t.suggested, t.approved, t.waiting,
                        t.codes if article != "合计" else [], t.as_computed)


def _article_order(codes: list[str]) -> tuple:
    try:
        return min(tuple(int(p) for p in c.split(".")) for c in codes) if codes else (999,)
    except ValueError:
        return (999,)


# ---- writing --------------------------------------------------------------------------------

def _app_row(conn, app_id: int) -> dict:
    rows = _rows(conn, "SELECT id, name, stage, first_reviewer, second_reviewer, batch "
                       "FROM applications WHERE id = ?", [app_id])
    if not rows:
        raise Refused(f"找不到申报 #{app_id}")
    return rows[0]


def _decision_entry(d: Decision) -> list:
    return [d.kind, to_cents(d.approved), int(d.override)]


def _store_decision(conn, app_id: int, d: Decision, actor: str, at: str, seq: int,
                    source: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO decisions (claim_id, application_id, kind, approved_cents, "
        "suggested_cents, reason, override_reason, override, explicit, source, actor, at, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [d.claim_id, app_id, d.kind, to_cents(d.approved),
         None if d.suggested is None else to_cents(d.suggested), d.reason, d.override_reason,
         int(d.override), int(d.explicit), source, actor, at, seq])


def decide(store, actor: str, claim_id: int, kind: str, amount: Decimal | None = None,
           reason: str = "", override_reason: str = "") -> ClaimView:
    """Record a reviewer's decision on one claim (replacing their earlier one).

    kind: "accept" (the suggestion), "amount" (another amount) or "reject" (0). A decision
    that differs from the suggestion needs `reason`; one above what the rules allow also
    needs `override_reason` and is marked as an override.
    """
    with write(store) as conn:
        require(conn, actor)
        c = claim(conn, claim_id)
        app = _app_row(conn, c.application_id)
        check_can_decide(app["stage"], app_label(app["id"], app["name"]))
        d = validate_decision(c.facts, kind, amount, reason, override_reason)
        e = audit.record(conn, actor, "decide", f"application:{app['id']}/claim:{claim_id}", {
            "decisions": {str(claim_id): _decision_entry(d)}, "line": c.line, "code": c.code,
            "suggested": None if d.suggested is None else to_cents(d.suggested),
            "reason": d.reason, "override_reason": d.override_reason})
        _store_decision(conn, app["id"], d, actor, e.at, e.seq, "reviewer")
    return claim(store, claim_id)


def undo(store, actor: str, claim_id: int) -> ClaimView:
    """Withdraw the decision on a claim (while first review is open); the log keeps it."""
    with write(store) as conn:
        require(conn, actor)
        c = claim(conn, claim_id)
        app = _app_row(conn, c.application_id)
        check_can_decide(app["stage"], app_label(app["id"], app["name"]))
        if c.decision is None:
            raise Refused(f"事项 #{claim_id} 还没有决定，无需撤销")
        audit.record(conn, actor, "undo", f"application:{app['id']}/claim:{claim_id}", {
            "undone": [claim_id], "was": [c.decision, to_cents(c.approved), int(c.override)],
            "reason": c.reason})
        conn.execute("DELETE FROM decisions WHERE claim_id = ?", [claim_id])
    return claim(store, claim_id)


def _set_stage(conn, app: dict, to_stage: str, action: str, actor: str, reason: str,
               e: audit.Entry) -> None:
    conn.execute("INSERT INTO stage_history (application_id, from_stage, to_stage, action, actor, "
                 "reason, at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 [app["id"], app["stage"], to_stage, action, actor, reason, e.at, e.seq])
    conn.execute("UPDATE applications SET stage = ?, stage_seq = ? WHERE id = ?",
                 [to_stage, e.seq, app["id"]])


def _ids(app_ids: int | Iterable[int]) -> list[int]:
    ids = [app_ids] if isinstance(app_ids, int) else list(dict.fromkeys(app_ids))
    if not ids:
        raise Refused("没有指定申报")
    return ids


def complete_first_review(store, actor: str, app_ids: int | Iterable[int]) -> list[AppView]:
    """初审完成 for one or more applications, all or none.

    Every article （二） and `manual` claim must have an explicit decision; the other claims
    without one are taken as suggested, recorded as such in the reviewer's name.
    """
    ids = _ids(app_ids)
    with write(store) as conn:
        require(conn, actor)
        plan = []
        for app_id in ids:
            app = _app_row(conn, app_id)
            what = app_label(app_id, app["name"])
            check_first_review(app["stage"], what)
            cs = claims(conn, app_id)
            decided = {c.claim_id for c in cs if c.decision is not None}
            missing = missing_decisions([c.facts for c in cs], decided)
            if missing:
                raise Refused(f"{what}尚有 {len(missing)} 项须人工决定（"
                              + "、".join(m.label for m in missing[:10])
                              + ("等" if len(missing) > 10 else "") + "），不能完成初审")
            current = {c.claim_id: Decision(c.claim_id, c.decision, c.approved, c.reason,
                                            c.override_reason, c.differs, c.override, c.explicit,
                                            c.suggested)
                       for c in cs if c.decision is not None}
            stale = stale_decisions([c.facts for c in cs], current)
            if stale:
                raise Refused(f"{what}：" + "；".join(stale))
            implicit = [implicit_decision(c.facts) for c in cs if c.decision is None]
            plan.append((app, implicit))
        for app, implicit in plan:
            e = audit.record(conn, actor, "first_review", f"application:{app['id']}", {
                "stages": {str(app["id"]): "first_done"},
                "decisions": {str(d.claim_id): _decision_entry(d) for d in implicit}})
            for d in implicit:
                _store_decision(conn, app["id"], d, actor, e.at, e.seq, "implicit")
            _set_stage(conn, app, "first_done", "first_review", actor, "", e)
            conn.execute("UPDATE applications SET first_reviewer = ? WHERE id = ?", [actor, app["id"]])
    return applications(store, ids=ids)


def confirm_second_review(store, actor: str, app_ids: int | Iterable[int]) -> list[AppView]:
    """复核通过, by someone other than the first reviewer; all or none."""
    ids = _ids(app_ids)
    with write(store) as conn:
        require(conn, actor)
        apps = [_app_row(conn, i) for i in ids]
        for app in apps:
            check_second_review(app["stage"], actor, app["first_reviewer"],
                                app_label(app["id"], app["name"]))
        for app in apps:
            e = audit.record(conn, actor, "second_review", f"application:{app['id']}", {
                "stages": {str(app["id"]): "second_done"}, "first_reviewer": app["first_reviewer"]})
            _set_stage(conn, app, "second_done", "second_review", actor, "", e)
            conn.execute("UPDATE applications SET second_reviewer = ? WHERE id = ?", [actor, app["id"]])
    return applications(store, ids=ids)


def return_to_first(store, actor: str, app_ids: int | Iterable[int], reason: str) -> list[AppView]:
    """退回初审 with a written reason: decisions open again for the first reviewer."""
    ids = _ids(app_ids)
    reason = " ".join((reason or "").split())
    with write(store) as conn:
        require(conn, actor)
        apps = [_app_row(conn, i) for i in ids]
        for app in apps:
            check_return(app["stage"], actor, app["first_reviewer"], reason,
                         app_label(app["id"], app["name"]))
        for app in apps:
            e = audit.record(conn, actor, "return", f"application:{app['id']}", {
                "stages": {str(app["id"]): "imported"}, "reason": reason,
                "from": app["stage"]})
            _set_stage(conn, app, "imported", "return", actor, reason, e)
            conn.execute("UPDATE applications SET second_reviewer = NULL WHERE id = ?", [app["id"]])
    return applications(store, ids=ids)
