"""The rules of the review workflow, as pure functions: stages, who may act, what a decision needs.

Nothing here touches SQLite; `review` reads the store, asks these functions, and writes.
Every refusal is a `Refused` with a Chinese message a reviewer can act on.

Stages (申报的审核阶段):

    imported ──初审完成──▶ first_done ──复核通过──▶ second_done ──审定──▶ finalized
        ▲                     │                     │
        └──────退回初审（须写理由）───────────────────┘

Decisions are made and changed only while an application is at `imported` (first review in
progress). The second reviewer confirms or returns; they do not edit amounts. A finalized
application is locked: corrections go through an amendment.

What "the rules allow" for a claim (`allowed_amount`):
  * the claim's suggested amount (formula, then every cap, then the request) when the rules
    computed one — `reject` claims have 0.00, so any amount on them is above what is allowed;
  * for a claim with no suggestion (article （二）, decided case by case), the requested amount:
    the rules set no ceiling there, but granting more than the enterprise asked for is beyond
    anything the file supports, so it counts as an override too.
An amount above that needs an explicit override reason, on top of the ordinary reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from workbench.core.domain.money import CENT, ZERO, fmt
from workbench.core.domain.vocabulary import (
    ACTION_LABELS,
    DECISION_KINDS,
    DECISION_LABELS,
    ROLES,
    STAGE_LABELS,
    STAGES,
)

__all__ = [
    "Refused", "STAGES", "STAGE_LABELS", "ACTION_LABELS", "DECISION_KINDS", "DECISION_LABELS",
    "ROLES", "ClaimFacts", "Decision", "allowed_amount", "needs_explicit", "departs", "validate_decision",
    "implicit_decision", "check_can_decide", "check_first_review", "check_second_review",
    "check_return", "check_finalize", "check_amend", "missing_decisions", "stale_decisions",
    "check_seen", "shenzhen_minute", "in_shenzhen",
]


class Refused(Exception):
    """An action the workflow does not allow. The message is Chinese and user-facing;
    whoever raises it has written nothing."""



MANUAL_CODES = ("2",)


@dataclass(frozen=True)
class ClaimFacts:
    """What the workflow needs to know about a settled claim (amounts are Decimal yuan)."""

    claim_id: int
    line: int | None
    code: str | None
    status: str                      # approve / reduce / reject / manual
    requested: Decimal | None
    suggested: Decimal | None
    computed: Decimal | None = None

    @property
    def input_problem(self) -> bool:
        """Rejected before any formula ran: an input the claim needs is missing or unreadable
        (only such a claim has a rejection without a computed amount; see settle)."""
        return self.status == "reject" and self.computed is None

    @property
    def label(self) -> str:
        return f"第{self.line}项" if self.line is not None else f"事项#{self.claim_id}"


@dataclass(frozen=True)
class Decision:
    """A validated decision on one claim. `differs`: the amount is not the suggestion;
    `override`: the amount is above what the rules allow (see module docstring)."""

    claim_id: int
    kind: str
    approved: Decimal
    reason: str
    override_reason: str
    differs: bool
    override: bool
    explicit: bool
    suggested: Decimal | None


def allowed_amount(c: ClaimFacts) -> Decimal:
    if c.suggested is not None:
        return c.suggested
    if c.requested is not None:
        return c.requested
    return ZERO


def needs_explicit(c: ClaimFacts) -> bool:
    """Article （二）, every `manual` claim and every claim refused for an input problem need a
    person's decision (a reviewer confirms them, so they are never settled unseen); the others
    may be taken as suggested when first review is completed."""
    # Spelt out rather than c.input_problem so that the screens' claim rows (same fields,
    # amounts in cents) answer the same question through this one rule.
    return (c.status == "manual" or c.code in MANUAL_CODES or c.suggested is None
            or (c.status == "reject" and c.computed is None))


def departs(decided: Decimal | int | None, suggested: Decimal | int | None) -> bool:
    """A decided amount that departs from the rules' suggestion (★人工调整 on the sheet and in
    the window). Amounts in yuan or in cents alike, as long as both are the same."""
    return decided is not None and (suggested is None or decided != suggested)


def _clean_text(text: str | None) -> str:
    return " ".join((text or "").split())


def validate_decision(c: ClaimFacts, kind: str, amount: Decimal | None = None,
                      reason: str | None = "", override_reason: str | None = "") -> Decision:
    """Check one decision against the claim; return it normalised or raise Refused."""
    reason = _clean_text(reason)
    override_reason = _clean_text(override_reason)
    if kind not in DECISION_KINDS:
        raise Refused(f"未知的决定类型“{kind}”，应为 accept（同意建议）、amount（调整金额）或 reject（不予支持）")
    if kind == "accept":
        if c.suggested is None:
            raise Refused(f"{c.label}没有系统建议金额（条款（二）一事一议），请用“调整金额”填写核定金额并写明理由")
        if amount is not None and amount != c.suggested:
            raise Refused(f"{c.label}“同意建议”不能另填金额；要改金额请用“调整金额”")
        approved = c.suggested
    elif kind == "reject":
        if amount is not None and amount != ZERO:
            raise Refused(f"{c.label}“不予支持”的核定金额只能是 0")
        approved = ZERO
    else:
        if amount is None:
            raise Refused(f"{c.label}“调整金额”须填写核定金额")
        if not isinstance(amount, Decimal) or not amount.is_finite():
            raise Refused(f"{c.label}核定金额不是数字")
        if amount < 0:
            raise Refused(f"{c.label}核定金额不能为负数")
        if amount != amount.quantize(CENT):
            raise Refused(f"{c.label}核定金额最多保留两位小数")
        approved = amount.quantize(CENT)
    differs = departs(approved, c.suggested)
    if differs and not reason:
        if c.suggested is None:
            raise Refused(f"{c.label}为一事一议事项，核定金额须写明理由")
        raise Refused(f"{c.label}核定金额 {fmt(approved)} 与系统建议 {fmt(c.suggested)} 不同，须写明理由")
    if c.status == "manual" and not reason:
        raise Refused(f"{c.label}为人工审核事项，须由审核人员写明理由后决定（包括同意建议）")
    allowed = allowed_amount(c)
    override = approved > allowed
    if override and not override_reason:
        raise Refused(f"{c.label}核定金额 {fmt(approved)} 超过规则允许的 {fmt(allowed)}，"
                      "属于超额核定，须另外写明超额理由")
    if not override:
        override_reason = ""
    if kind == "amount" and approved == ZERO and c.suggested != ZERO:
        kind = "reject"
    elif kind == "amount" and not differs:
        kind = "accept"
    return Decision(c.claim_id, kind, approved, reason, override_reason, differs, override,
                    True, c.suggested)


def implicit_decision(c: ClaimFacts) -> Decision:
    """The suggestion taken as it is, for a rule-decided claim nobody decided explicitly."""
    assert c.suggested is not None and not needs_explicit(c)
    return Decision(c.claim_id, "accept", c.suggested, "", "", False, False, False, c.suggested)


def missing_decisions(claims: list[ClaimFacts], decided: set[int]) -> list[ClaimFacts]:
    return [c for c in claims if needs_explicit(c) and c.claim_id not in decided]


def stale_decisions(claims: list[ClaimFacts], decisions: dict[int, Decision]) -> list[str]:
    """Decisions that no longer hold against the claim as it is now settled (the ledger moved
    since): an override without its reason. Returned as Chinese problems."""
    out = []
    for c in claims:
        d = decisions.get(c.claim_id)
        if d is None:
            continue
        allowed = allowed_amount(c)
        if d.approved > allowed and not d.override_reason:
            out.append(f"{c.label}核定金额 {fmt(d.approved)} 现已超过规则允许的 {fmt(allowed)}"
                       "（台账已变化），须重新决定或写明超额理由")
        elif (c.suggested is None or d.approved != c.suggested) and not d.reason:
            out.append(f"{c.label}系统建议已变为 {fmt(c.suggested)}，核定金额 {fmt(d.approved)} "
                       "与之不同，须重新决定或写明理由")
    return out


# ---- row versions: a decision made on what the decider saw -------------------------------

# China has had no daylight saving since 1991: Shenzhen's time is UTC+8 all year.
_SHENZHEN = timezone(timedelta(hours=8))


def in_shenzhen(at: str) -> datetime | None:
    """A time the store wrote (ISO 8601, UTC; no offset means UTC) in Shenzhen's time; None
    when it is not a time."""
    try:
        t = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(_SHENZHEN)


def shenzhen_minute(at: str) -> str:
    """'2026-12-03T07:20:44.123456+00:00' (the store's UTC) -> '2026-12-03 15:20' in Shenzhen."""
    t = in_shenzhen(at)
    return (at or "") if t is None else f"{t:%Y-%m-%d %H:%M}"


def check_seen(seen: int | None, current: int, changed_by: str, changed_at: str) -> None:
    """A decision carries the version of the claim's decision its decider saw (`seen`: the
    decision's audit entry, 0 = no decision; None = not said, nothing is checked). When the
    stored decision (`current`, 0 = none) is another, someone changed it meanwhile: refused,
    naming who and when, rather than silently replacing their decision."""
    if seen is None or seen == current:
        return
    who = changed_by or "另一位审核人员"
    when = f" 于 {shenzhen_minute(changed_at)}" if changed_at else ""
    what = "改动" if current else "撤销"
    raise Refused(f"该事项的决定已由 {who}{when} {what}，请刷新后再决定")


# ---- stage rules --------------------------------------------------------------------------

def _finalized(stage: str, what: str) -> None:
    if stage == "finalized":
        raise Refused(f"{what}已审定并锁定，不能再修改；如需更正请办理更正（amend）")


def check_can_decide(stage: str, what: str = "该申报") -> None:
    _finalized(stage, what)
    if stage != "imported":
        raise Refused(f"{what}处于“{STAGE_LABELS[stage]}”阶段，不能修改决定；"
                      "须由复核人退回初审后再改")


def check_first_review(stage: str, what: str = "该申报") -> None:
    _finalized(stage, what)
    if stage != "imported":
        raise Refused(f"{what}处于“{STAGE_LABELS[stage]}”阶段，不能再次完成初审")


def check_second_review(stage: str, actor: str, first_reviewer: str | None,
                        what: str = "该申报") -> None:
    _finalized(stage, what)
    if stage != "first_done":
        raise Refused(f"{what}处于“{STAGE_LABELS[stage]}”阶段，须先完成初审才能复核")
    if first_reviewer and actor == first_reviewer:
        raise Refused(f"复核人不能与初审人相同（{what}由 {actor} 初审），请由另一位审核人员复核")


def check_return(stage: str, actor: str, first_reviewer: str | None, reason: str,
                 what: str = "该申报") -> None:
    _finalized(stage, what)
    if stage not in ("first_done", "second_done"):
        raise Refused(f"{what}处于“{STAGE_LABELS[stage]}”阶段，没有可退回的初审")
    if not _clean_text(reason):
        raise Refused("退回初审须写明理由")
    if first_reviewer and actor == first_reviewer:
        raise Refused(f"初审人 {actor} 不能退回自己的初审；须由复核人退回")


def check_finalize(stage: str, what: str = "该申报") -> None:
    _finalized(stage, what)
    if stage != "second_done":
        raise Refused(f"{what}处于“{STAGE_LABELS[stage]}”阶段，须复核通过后才能审定")


def check_amend(stage: str, what: str = "该申报") -> None:
    if stage != "finalized":
        raise Refused(f"{what}尚未审定，直接修改决定即可，不需要更正")
