"""Caps and once-only limits across applications, at finalize (审定) and in its preview.

measures.md: the applications finalized together are taken in import order, each counted
against the ledger plus the approved amounts of those finalized before it. Settling counts
only the ledger and earlier claims of the same application, so two open applications of one
enterprise can each fit a cap alone and break it together; this module finds where.

Order: by import time, then by id (ids grow with every import, so ties keep the stored order);
inside an application, by line number (row for a claim without one), as settling does.

A breach is a claim whose approved amount no longer fits under one of its caps (or whose
once-only slot is already taken) once the ledger, the applications before it in this finalize
and its own earlier claims are counted. A claim whose decision already records an override
(超额核定, with its reason) is not a breach: the bureau has said why it goes above the rules.
Every approved amount counts for the later ones, breach or not, because finalize either
writes all of them (with an override reason) or none.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from workbench.core.domain.model import fold, voucher_key
from workbench.core.domain.money import ZERO, fmt
from workbench.core.review.decisions import app_label
from workbench.core.review.decisions import claims as claim_views
from workbench.core.rules.ruleset import RuleSet
from workbench.core.rules.usage import scope_key
from workbench.core.store import ledger_repo, review_repo
from workbench.core.store.database import Store

__all__ = ["Breach", "finalize_order", "joint_breaches", "breach_report"]



@dataclass(frozen=True)
class Breach:
    application_id: int
    application: str             # 申报 #N（企业）
    claim_id: int
    line: int | None
    code: str
    kind: str                    # "cap" | "once"
    label: str                   # the cap's label, e.g. 企业年度上限
    limit: Decimal | None        # None for a once-only rule
    ledger: Decimal              # what the ledger holds under the cap
    earlier: Decimal             # approved amounts before this claim in this finalize
    places: tuple[str, ...]      # where `earlier` comes from
    amount: Decimal              # the claim's approved amount

    @property
    def left(self) -> Decimal:
        if self.limit is None:
            return ZERO
        return max(ZERO, self.limit - self.ledger - self.earlier)

    @property
    def excess(self) -> Decimal:
        return self.amount - self.left

    @property
    def message(self) -> str:
        where = f"{self.application}第{self.line}项（条款{self.code}）"
        before = "、".join(self.places)
        if self.kind == "once":
            held = []
            if self.ledger > 0:
                held.append(f"资助台账已获 {fmt(self.ledger)}")
            if before:
                held.append(f"本次审定在先已核定（{before}）")     # each place names its amount
            return (f"{where}{self.label}：{'，'.join(held)}，不得重复支持；核定 {fmt(self.amount)} 不能入账")
        detail = f"（本次审定在先：{before}）" if before else ""
        return (f"{where}{self.label} {fmt(self.limit)}：台账已获 {fmt(self.ledger)}，本次审定在先 "
                f"{fmt(self.earlier)}{detail}，剩余 {fmt(self.left)}；核定 {fmt(self.amount)}，"
                f"超出 {fmt(self.excess)}")

    def as_dict(self) -> dict:
        s = lambda d: None if d is None else f"{d:.2f}"  # noqa: E731
        return {"application": self.application_id, "claim": self.claim_id, "line": self.line,
                "code": self.code, "kind": self.kind, "label": self.label, "limit": s(self.limit),
                "ledger": s(self.ledger), "earlier": s(self.earlier), "left": s(self.left),
                "amount": s(self.amount), "message": self.message}


def finalize_order(store: Store, app_ids) -> list[dict]:
    """The applications as finalize takes them: import order (imported_at, then id)."""
    return review_repo.in_import_order(store, app_ids)


def _ledger_totals(store: Store, rules: RuleSet, credit_codes: set[str], standards: set[str]) -> dict:
    """Ledger amounts per (code, scope, key), as the settle step's Usage counts them: net, or
    for once-only rules under the rule set's `ledger_amounts: once_kept`, every award ever
    granted (a reversal does not free the slot)."""
    totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)   # + ("ever", …) keys, see below
    opt = rules.option("ledger_amounts")
    once_kept = opt is not None and opt.choice == "once_kept"

    def add(groups: list[ledger_repo.LedgerGroup]):
        for g in groups:
            rule = rules.get(g.code)
            if rule is None:
                continue
            for scope in {c.scope for c in rule.caps} | {o.scope for o in rule.once}:
                k = scope_key(scope, credit_code=g.credit_code, year=g.year,
                              project_key=g.project_key, product_key=g.product_key,
                              installment=g.installment, voucher_key=g.voucher_key)
                totals[(g.code, scope, k)] += g.amount
                if once_kept and g.reversed and any(o.scope == scope for o in rule.once):
                    totals[("ever", g.code, scope, k)] += g.amount + g.reversed

    if credit_codes:
        add(ledger_repo.groups_of_enterprises(store, credit_codes))
    if standards:
        add(ledger_repo.groups_sharing_vouchers(store, standards, other_than=credit_codes))
    return totals


def joint_breaches(store: Store, rules: RuleSet, app_ids, views: dict | None = None
                   ) -> tuple[list[dict], list[Breach]]:
    """(applications in finalize order, breaches) for finalizing `app_ids` together;
    `views`: the applications' claim views when the caller has them already."""
    apps = finalize_order(store, app_ids)
    views = views or {}
    per_app = [(a, views.get(a["id"]) or claim_views(store, a["id"])) for a in apps]
    standards = {voucher_key(c.voucher) for _, cs in per_app for c in cs
                 if (r := rules.get(c.code)) is not None
                 and any("standard" in x.scope for x in (*r.caps, *r.once))}
    ledger = _ledger_totals(store, rules, {a["credit_code"] for a in apps}, standards - {""})
    earlier: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    places: dict[tuple, list[str]] = defaultdict(list)
    out: list[Breach] = []
    for a, cs in per_app:
        what = app_label(a["id"], a["name"])
        for c in sorted(cs, key=lambda c: (c.line is None, c.line or 0, c.row)):
            rule = rules.get(c.code)
            amount = c.approved
            if rule is None or amount is None or amount <= 0:
                continue
            inst = c.inputs.get("installment")
            values = dict(credit_code=a["credit_code"], year=a["year"], project_key=fold(c.project),
                          product_key=fold(c.product), voucher_key=voucher_key(c.voucher),
                          installment=None if inst in (None, "") else int(inst))
            exempt = bool(c.override and c.override_reason)
            limits = [("once", o.label, None, o.scope) for o in rule.once] + \
                     [("cap", x.label, x.limit, x.scope) for x in rule.caps]
            for kind, label, limit, scope in limits:
                k = (rule.code, scope, scope_key(scope, **values))
                held, before = ledger.get(k, ZERO), earlier[k]
                if kind == "once":
                    broken = held > 0 or before > 0 or ledger.get(("ever", *k), ZERO) > 0
                else:
                    broken = held + before + amount > limit
                if broken and not exempt:
                    out.append(Breach(a["id"], what, c.claim_id, c.line, rule.code, kind, label, limit,
                                      held, before, tuple(places[k]), amount))
            for _kind, _label, _limit, scope in limits:
                k = (rule.code, scope, scope_key(scope, **values))
                earlier[k] += amount
                places[k].append(f"申报 #{a['id']} 第{c.line}项 {fmt(amount)}")
    return apps, out


def breach_report(apps: list[dict], breaches: list[Breach]) -> str:
    """The refusal text: the order taken, then every breach with its figures."""
    order = "、".join(f"#{a['id']}（{Path(a['source']).name}）" for a in apps)
    lines = [f"按导入顺序合并核算（{order}），以下核定金额超出上限或一次性限制："]
    lines += [f"  {b.message}" for b in breaches]
    lines.append("请退回初审调整核定金额；如确需超出，审定时须写明超额理由（--override-reason）")
    return "\n".join(lines)


def preview(store: Store, *, batch: str | None = None, app_ids=None,
            rules: RuleSet | None = None) -> tuple[list[dict], list[Breach]]:
    """What finalize would find, without writing: the batch's applications at 复核完成 (or the
    given ones, at any open stage), in import order, and the breaches among them."""
    from workbench.core.domain.workflow import Refused
    from workbench.core.rules.ruleset import default_ruleset

    if app_ids is None:
        if batch is None:
            raise Refused("请指定要审定的批次或申报")
        app_ids = review_repo.app_ids(store, batch=batch, stage="second_done")
    return joint_breaches(store, rules or default_ruleset(), list(app_ids))
