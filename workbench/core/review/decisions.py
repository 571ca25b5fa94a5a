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

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from workbench.core.domain.money import to_cents
from workbench.core.domain.totals import totals_of
from workbench.core.domain.workflow import (
    Decision,
    Refused,
    check_can_decide,
    check_first_review,
    check_return,
    check_second_review,
    check_seen,
    implicit_decision,
    missing_decisions,
    stale_decisions,
    validate_decision,
)
from workbench.core.store import audit, review_repo
from workbench.core.store.database import Store
from workbench.core.store.review_repo import AppView, ClaimView, StageChange, app_label
from workbench.core.store.reviewers import require

__all__ = [
    "ClaimView", "AppView", "StageChange", "ArticleTotal", "applications", "application",
    "claims", "claim", "history", "article_totals", "decide", "undo", "complete_first_review",
    "confirm_second_review", "return_to_first", "app_label",
]


def claims(store: Store, application_id: int) -> list[ClaimView]:
    return review_repo.claims(store, application_id)


def claim(store: Store, claim_id: int) -> ClaimView:
    rows = review_repo.claims_by_id(store, claim_id)
    if not rows:
        raise Refused(f"找不到事项 #{claim_id}")
    return rows[0]


def applications(store: Store, *, batch: str | None = None, stage: str | None = None,
                 ids: Iterable[int] | None = None) -> list[AppView]:
    """Applications with totals, oldest first; filter by batch name, stage or ids."""
    return review_repo.applications(store, batch=batch, stage=stage, ids=ids)


def application(store: Store, app_id: int) -> AppView:
    found = applications(store, ids=[app_id])
    if not found:
        raise Refused(f"找不到申报 #{app_id}")
    return found[0]


def history(store: Store, app_id: int) -> list[StageChange]:
    return review_repo.history(store, app_id)


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


def article_totals(store: Store, *, batch: str | None = None,
                   ids: Iterable[int] | None = None) -> list[ArticleTotal]:
    """Requested, suggested and approved per article (and a final 合计 row) for a batch."""
    groups: dict[str, list[ClaimView]] = {}
    everything: list[ClaimView] = []
    for a in applications(store, batch=batch, ids=ids):
        for c in claims(store, a.id):
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

def _app_row(store: Store, app_id: int) -> dict:
    row = review_repo.app_state(store, app_id)
    if row is None:
        raise Refused(f"找不到申报 #{app_id}")
    return row


def _decision_entry(d: Decision) -> list:
    return [d.kind, to_cents(d.approved), int(d.override)]


_store_decision = review_repo.save_decision


def decide(store: Store, actor: str, claim_id: int, kind: str, amount: Decimal | None = None,
           reason: str = "", override_reason: str = "", *, seen: int | None = None) -> ClaimView:
    """Record a reviewer's decision on one claim (replacing their earlier one).

    kind: "accept" (the suggestion), "amount" (another amount) or "reject" (0). A decision
    that differs from the suggestion needs `reason`; one above what the rules allow also
    needs `override_reason` and is marked as an override.

    seen: the claim's decision as the decider saw it (`ClaimView.decision_seq`; 0 = none).
    When another reviewer changed it since, the decision is refused with who and when,
    nothing written; None checks nothing (the decision replaces whatever is stored).
    """
    with store.transaction():
        require(store, actor)
        c = claim(store, claim_id)
        app = _app_row(store, c.application_id)
        check_can_decide(app["stage"], app_label(app["id"], app["name"]))
        _check_seen(store, c, seen)
        d = validate_decision(c.facts, kind, amount, reason, override_reason)
        e = audit.record(store, actor, "decide", _subject(c), {
            "decisions": {str(claim_id): _decision_entry(d)}, "line": c.line, "code": c.code,
            "suggested": None if d.suggested is None else to_cents(d.suggested),
            "reason": d.reason, "override_reason": d.override_reason})
        _store_decision(store, app["id"], d, actor, e.at, e.seq, "reviewer")
    return claim(store, claim_id)


def undo(store: Store, actor: str, claim_id: int, *, seen: int | None = None) -> ClaimView:
    """Withdraw the decision on a claim (while first review is open); the log keeps it.
    `seen` as for `decide`: a decision changed since it was seen is not withdrawn."""
    with store.transaction():
        require(store, actor)
        c = claim(store, claim_id)
        app = _app_row(store, c.application_id)
        check_can_decide(app["stage"], app_label(app["id"], app["name"]))
        _check_seen(store, c, seen)
        if c.decision is None:
            raise Refused(f"事项 #{claim_id} 还没有决定，无需撤销")
        audit.record(store, actor, "undo", _subject(c), {
            "undone": [claim_id], "was": [c.decision, to_cents(c.approved), int(c.override)],
            "reason": c.reason})
        review_repo.delete_decision(store, claim_id)
    return claim(store, claim_id)


def _subject(c: ClaimView) -> str:
    return f"application:{c.application_id}/claim:{c.claim_id}"


def _check_seen(store: Store, c: ClaimView, seen: int | None) -> None:
    """Refuse a decision made on a stale view of the claim (inside the write transaction,
    which holds the store's one write lock, so nobody changes it between check and write)."""
    if seen is None or seen == c.decision_seq:
        return
    by, at = c.decided_by, c.decided_at
    if not c.decision_seq:
        # Withdrawn since: the entry that withdrew it says who and when.
        last = audit.entries(store, subject=_subject(c), since=seen, limit=1, newest_first=True)
        by, at = (last[0].actor, last[0].at) if last else ("", "")
    check_seen(seen, c.decision_seq, by, at)


def _set_stage(store: Store, app: dict, to_stage: str, action: str, actor: str, reason: str,
               e: audit.Entry) -> None:
    review_repo.set_stage(store, app["id"], app["stage"], to_stage, action, actor, reason, e.at, e.seq)


def _ids(app_ids: int | Iterable[int]) -> list[int]:
    ids = [app_ids] if isinstance(app_ids, int) else list(dict.fromkeys(app_ids))
    if not ids:
        raise Refused("没有指定申报")
    return ids


def complete_first_review(store: Store, actor: str, app_ids: int | Iterable[int]) -> list[AppView]:
    """初审完成 for one or more applications, all or none.

    Every article （二） and `manual` claim must have an explicit decision; the other claims
    without one are taken as suggested, recorded as such in the reviewer's name.
    """
    ids = _ids(app_ids)
    with store.transaction():
        require(store, actor)
        plan = []
        for app_id in ids:
            app = _app_row(store, app_id)
            what = app_label(app_id, app["name"])
            check_first_review(app["stage"], what)
            cs = claims(store, app_id)
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
            e = audit.record(store, actor, "first_review", f"application:{app['id']}", {
                "stages": {str(app["id"]): "first_done"},
                "decisions": {str(d.claim_id): _decision_entry(d) for d in implicit}})
            for d in implicit:
                _store_decision(store, app["id"], d, actor, e.at, e.seq, "implicit")
            _set_stage(store, app, "first_done", "first_review", actor, "", e)
            review_repo.set_reviewer(store, app["id"], "first", actor)
    return applications(store, ids=ids)


def confirm_second_review(store: Store, actor: str, app_ids: int | Iterable[int]) -> list[AppView]:
    """复核通过, by someone other than the first reviewer; all or none."""
    ids = _ids(app_ids)
    with store.transaction():
        require(store, actor)
        apps = [_app_row(store, i) for i in ids]
        for app in apps:
            check_second_review(app["stage"], actor, app["first_reviewer"],
                                app_label(app["id"], app["name"]))
        for app in apps:
            e = audit.record(store, actor, "second_review", f"application:{app['id']}", {
                "stages": {str(app["id"]): "second_done"}, "first_reviewer": app["first_reviewer"]})
            _set_stage(store, app, "second_done", "second_review", actor, "", e)
            review_repo.set_reviewer(store, app["id"], "second", actor)
    return applications(store, ids=ids)


def return_to_first(store: Store, actor: str, app_ids: int | Iterable[int], reason: str) -> list[AppView]:
    """退回初审 with a written reason: decisions open again for the first reviewer."""
    ids = _ids(app_ids)
    reason = " ".join((reason or "").split())
    with store.transaction():
        require(store, actor)
        apps = [_app_row(store, i) for i in ids]
        for app in apps:
            check_return(app["stage"], actor, app["first_reviewer"], reason,
                         app_label(app["id"], app["name"]))
        for app in apps:
            e = audit.record(store, actor, "return", f"application:{app['id']}", {
                "stages": {str(app["id"]): "imported"}, "reason": reason,
                "from": app["stage"]})
            _set_stage(store, app, "imported", "return", actor, reason, e)
            review_repo.set_reviewer(store, app["id"], "second", None)
    return applications(store, ids=ids)
