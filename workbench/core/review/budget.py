"""Budget control for a batch: budgets per article or in total, and the pro-rata reduction
(按比例核减) the workbench proposes when approved amounts exceed them.

Which claims are reduced: the rule-based ones — claims the rules decided (not article （二），
not `manual`) in applications still at first review, whose amount is the suggestion (taken as
is, or set by an earlier budget reduction). Amounts a person set (article （二）, manual
claims, an explicit other amount) and applications past first review stay as they are; the
reduction shares what the budget leaves after them.

How: the exact shares of what the budget leaves (each adjustable amount × left ÷ their total)
are cut to the cent, and the cents still missing go one each to the largest remainders (ties:
the larger amount, then the earlier claim), so the reduced amounts add up to exactly what the
budget leaves, each within a cent of its exact share, and none above the amount it reduces.
Per-article budgets apply first, then the total budget on what they left.

Nothing changes until a reviewer accepts the proposal: then every reduced claim gets a
decision (“调整金额”, with the reduction as its reason) in one transaction.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Decimal

from workbench.core.domain.money import CENT, ZERO, fmt, to_cents
from workbench.core.domain.workflow import Refused, needs_explicit, validate_decision
from workbench.core.review.decisions import applications, claims
from workbench.core.store import audit, budget_repo, review_repo
from workbench.core.store.database import Store
from workbench.core.store.reviewers import require

__all__ = [
    "Item", "Reduction", "ScopeProposal", "BudgetProposal", "prorate", "propose",
    "normalize_article", "set_budget", "budgets", "proposal", "accept_proposal", "TOTAL",
]

TOTAL = ""          # the budget key for the whole batch
_NUMERALS = {2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十",
             11: "十一", 12: "十二", 13: "十三", 14: "十四"}


def normalize_article(text: str | None) -> str:
    """'3', '三', '（三）', '(三)' -> '（三）'; '' or None or '合计' -> TOTAL."""
    t = " ".join((text or "").split()).strip("()（） ")
    if t in ("", "合计", "总额", "total"):
        return TOTAL
    if t.isdigit() and int(t) in _NUMERALS:
        return f"（{_NUMERALS[int(t)]}）"
    if t in _NUMERALS.values():
        return f"（{t}）"
    raise Refused(f"条款“{text}”无效：预算按条款（二）至（十四）设定，或不填表示批次总额")


@dataclass(frozen=True)
class Item:
    claim_id: int
    application_id: int
    article: str
    amount: Decimal          # the base: for an adjustable claim its suggestion
    adjustable: bool
    current: Decimal | None = None   # what it is worth now, if not the base (an accepted reduction)
    enterprise: str = ""
    project: str = ""
    code: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Reduction:
    claim_id: int
    application_id: int
    article: str
    before: Decimal          # the suggestion
    after: Decimal           # proposed
    current: Decimal         # decided now (differs from `before` once a reduction was accepted)
    enterprise: str = ""
    project: str = ""
    code: str = ""
    line: int | None = None

    @property
    def label(self) -> str:
        """Who and what, as a reviewer names it: enterprise, project, article and line."""
        where = f"条款{self.article}" + (f" {self.code}" if self.code else "")
        line = f" 第{self.line}项" if self.line is not None else ""
        return f"{self.enterprise}　{self.project}（{where}{line}）"


@dataclass
class ScopeProposal:
    scope: str                       # an article, or TOTAL
    budget: Decimal
    total: Decimal                   # before the reduction
    fixed: Decimal                   # amounts people set, not reduced
    adjustable: Decimal              # rule-based amounts before the reduction
    factor: Decimal | None           # left ÷ adjustable, or None when within budget
    feasible: bool = True
    message: str = ""

    @property
    def over(self) -> bool:
        return self.total > self.budget


@dataclass
class BudgetProposal:
    batch: str
    scopes: list[ScopeProposal] = field(default_factory=list)
    reductions: list[Reduction] = field(default_factory=list)

    @property
    def pending(self) -> list[Reduction]:
        """Reductions not yet in the decisions."""
        return [r for r in self.reductions if r.after != r.current]

    @property
    def needed(self) -> bool:
        return bool(self.pending)

    # Totals a reviewer confirms: what the batch is worth now and after accepting.
    total_now: Decimal = ZERO
    total_after: Decimal = ZERO

    @property
    def over(self) -> bool:
        return any(s.over for s in self.scopes)

    @property
    def infeasible(self) -> list[str]:
        return [s.message for s in self.scopes if s.over and not s.feasible]

    def status_lines(self) -> list[str]:
        """What the window and `budget show` both say about the proposal (one wording)."""
        if not self.scopes:
            return ["未设定预算"]
        lines = [s.message for s in self.scopes if s.over and s.message]
        if self.pending:
            lines.append(f"核减方案（编号 {self.digest}）：调整 {len(self.pending)} 项，核定合计 "
                         f"{fmt(self.total_now)} → {fmt(self.total_after)}")
        elif self.infeasible:
            lines.append(f"核定合计 {fmt(self.total_now)} 超出预算，但没有可按比例核减的规则测算金额，请人工调整")
        elif self.over:
            lines.append(f"核减方案已接受：核定合计 {fmt(self.total_now)}，未超出预算")
        else:
            lines.append(f"核定合计 {fmt(self.total_now)} 未超出预算，无需核减")
        return lines

    @property
    def digest(self) -> str:
        """Identifies the proposal a reviewer saw, so accepting a changed one is refused."""
        return hashlib.sha256(audit.canonical(
            [[r.claim_id, to_cents(r.before), to_cents(r.after)] for r in self.reductions])).hexdigest()[:16]


def prorate(amounts: list[tuple[int, Decimal]], target: Decimal) -> dict[int, Decimal]:
    """Scale amounts (key, yuan) so that they add up to exactly `target` when they exceed
    it: largest remainder on the cent (see module docstring)."""
    total = sum((a for _, a in amounts), ZERO)
    if total <= target:
        return {k: a for k, a in amounts}
    if target <= 0:
        return {k: ZERO for k, _ in amounts}
    exact = {k: a * target / total for k, a in amounts}
    out = {k: v.quantize(CENT, ROUND_DOWN) for k, v in exact.items()}
    missing = int((target - sum(out.values(), ZERO)) / CENT)
    if missing > 0:
        order = sorted(amounts, key=lambda ka: (-(exact[ka[0]] - out[ka[0]]), -ka[1], ka[0]))
        for k, _ in order[:missing]:
            out[k] += CENT
    return out


def propose(batch: str, items: list[Item], budget_by_scope: dict[str, Decimal]) -> BudgetProposal:
    """The pure proposal: per-article budgets first, then the total budget."""
    current = {i.claim_id: i.amount for i in items}
    prop = BudgetProposal(batch)

    def apply(scope: str, chosen: list[Item]) -> None:
        budget = budget_by_scope[scope]
        fixed = sum((current[i.claim_id] for i in chosen if not i.adjustable), ZERO)
        adj = [(i.claim_id, current[i.claim_id]) for i in chosen if i.adjustable]
        adj_total = sum((a for _, a in adj), ZERO)
        sp = ScopeProposal(scope, budget, fixed + adj_total, fixed, adj_total, None)
        prop.scopes.append(sp)
        if not sp.over:
            return
        left = budget - fixed
        label = "批次总预算" if scope == TOTAL else f"条款{scope}预算"
        if left <= 0 or adj_total <= 0:
            sp.feasible = False
            sp.message = (f"{label} {fmt(budget)}：人工核定部分已有 {fmt(fixed)}，"
                          "没有可按比例核减的规则测算金额，请人工调整")
            return
        sp.factor = left / adj_total
        new = prorate(adj, left)
        current.update(new)
        sp.message = (f"{label} {fmt(budget)}，人工核定 {fmt(fixed)} 不变，规则测算部分 "
                      f"{fmt(adj_total)} 按比例核减至 {fmt(sum(new.values(), ZERO))}"
                      f"（系数 {sp.factor:.6f}）")

    for scope in sorted(s for s in budget_by_scope if s != TOTAL):
        apply(scope, [i for i in items if i.article == scope])
    if TOTAL in budget_by_scope:
        apply(TOTAL, items)
    for i in items:
        now = i.amount if i.current is None else i.current
        prop.total_now += now
        prop.total_after += current[i.claim_id] if i.adjustable else now
        if i.adjustable and (current[i.claim_id] != i.amount or now != i.amount):
            prop.reductions.append(Reduction(i.claim_id, i.application_id, i.article, i.amount,
                                             current[i.claim_id], now, i.enterprise, i.project,
                                             i.code, i.line))
    return prop


# ---- the store ------------------------------------------------------------------------------

def set_budget(store: Store, actor: str, batch: str, amount: Decimal | None, article: str | None = None) -> None:
    """Set (or with amount None, remove) a batch's budget for an article or in total."""
    scope = normalize_article(article)
    if amount is not None and (amount < 0 or amount != amount.quantize(CENT)):
        raise Refused("预算金额须为不小于 0、最多两位小数的金额")
    with store.transaction():
        require(store, actor)
        if not review_repo.batch_exists(store, batch):
            raise Refused(f"找不到批次“{batch}”")
        e = audit.record(store, actor, "budget_set", f"batch:{batch}", {
            "article": scope, "amount_cents": None if amount is None else to_cents(amount)})
        if amount is None:
            budget_repo.remove_budget(store, batch, scope)
        else:
            budget_repo.set_budget(store, batch, scope, amount, actor, e.at, e.seq)


def budgets(store: Store, batch: str) -> dict[str, Decimal]:
    return budget_repo.budgets(store, batch)


def _items(store: Store, batch: str) -> list[Item]:
    out = []
    budget_made = budget_repo.budget_made_claims(store, batch)
    for app in applications(store, batch=batch):
        for c in claims(store, app.id):
            rule_based = not needs_explicit(c.facts) and c.status != "reject"
            as_suggested = c.decision is None or not c.explicit or c.claim_id in budget_made
            adjustable = app.stage == "imported" and rule_based and as_suggested
            amount = c.suggested if adjustable else (c.effective or ZERO)
            if amount and amount > 0:
                out.append(Item(c.claim_id, app.id, c.article, amount, adjustable,
                                c.effective if adjustable else None, app.name, c.project,
                                c.code or "", c.line))
    return out


def proposal(store: Store, batch: str) -> BudgetProposal:
    return propose(batch, _items(store, batch), budgets(store, batch))


def accept_proposal(store: Store, actor: str, batch: str, expected: str | None = None) -> BudgetProposal:
    """Write the proposal's reductions as decisions (one transaction). `expected` is the
    digest of the proposal the reviewer looked at; if the store changed since, refused."""
    with store.transaction():
        require(store, actor)
        prop = proposal(store, batch)
        if expected is not None and expected != prop.digest:
            raise Refused("核减方案已变化（决定、预算或申报有改动），请重新查看后再接受")
        infeasible = [s.message for s in prop.scopes if s.over and not s.feasible]
        if infeasible:
            raise Refused("；".join(infeasible))
        if not prop.pending:
            raise Refused(f"批次“{batch}”的核定金额未超出预算（或核减已接受），无需核减")
        reasons = {s.scope: s.message for s in prop.scopes if s.over}
        reason = ("按比例核减：" + "；".join(reasons.values()) if reasons
                  else "预算已调整，恢复系统建议金额")
        decided = []
        for r in prop.pending:
            c = next(x for x in claims(store, r.application_id) if x.claim_id == r.claim_id)
            d = validate_decision(c.facts, "amount", r.after, reason)
            decided.append((r, d))
        e = audit.record(store, actor, "budget_accept", f"batch:{batch}", {
            "digest": prop.digest, "reason": reason,
            "decisions": {str(d.claim_id): [d.kind, to_cents(d.approved), int(d.override)]
                          for _, d in decided}})
        for r, d in decided:
            # Written as a person's decision (explicit), without an override: what
            # validate_decision returned for an amount at or below the suggestion.
            review_repo.save_decision(store, r.application_id, replace(
                d, override_reason="", override=False, explicit=True), actor, e.at, e.seq, "budget")
    return prop
