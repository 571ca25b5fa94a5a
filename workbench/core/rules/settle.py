"""Settles an application's claims: validate → formula → once-only rules → caps → suggestion.

A pure function of (application, rule set, usage of the ledger). Every step leaves a
structured Finding; `explain.render` turns findings into the Chinese lines a reviewer reads.
Claims are settled in line order, and each one counts towards the caps of the later ones
(with its suggested amount unless it is rejected), as measures.md "How a claim is settled" says.
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter, ge, itemgetter
from typing import Any, cast

from workbench.core.domain.credit_code import checksum_ok
from workbench.core.domain.findings import INPUT_KINDS
from workbench.core.domain.model import STATUS_RANK, Application, Claim, Finding, Problem, fold, voucher_key
from workbench.core.domain.money import CENT, ZERO
from workbench.core.domain.vocabulary import FIELD_LABELS
from workbench.core.rules.explain import problem as problem_of
from workbench.core.rules.result import ClaimResult
from workbench.core.rules.ruleset import Rule, RuleSet
from workbench.core.rules.usage import LimitKey, ScopeKey, Usage

__all__ = ["settle_application", "input_problems", "FIELD_LABELS"]

_ALWAYS_NEEDED = ("line", "project", "voucher")


def _blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _input_findings(claim: Claim, rule: Rule | None, rules: RuleSet) -> list[Finding]:
    """Claim-level input problems: those found while reading, plus what the rule requires."""
    needed = _ALWAYS_NEEDED + rule.needs if rule is not None else _ALWAYS_NEEDED
    cells = claim.cells
    found = [Finding("input", "reject", (p.where, p.message)) for p in claim.problems]
    bad_cells = {p.where for p in claim.problems}
    if rule is None:
        if claim.code is None and not claim.raw_code:
            found.append(Finding("no_code", "reject", (claim.cell("code"),)))
        elif claim.cell("code") not in bad_cells:
            found.append(Finding("unknown_code", "reject", (
                claim.cell("code"), claim.raw_code or claim.code, tuple(rules.codes))))
    for name in needed:
        where = cells.get(name)
        if where is None:
            found.append(Finding("missing_column", "reject", (f"申报事项!{claim.row}", name)))
        elif where not in bad_cells and _blank(getattr(claim, name)):
            found.append(Finding("blank", "reject", (where, name)))
    if rule is not None:
        problem = _range_problem(claim, rule)
        if problem:
            found.append(problem)
    # A repeated finding (same cell and message) reads as noise; keep the first.
    seen: set[tuple[str, str]] = set()
    unique: list[Finding] = []
    for f in found:
        p = cast(Problem, problem_of(f))   # input kinds, each with its place: never None
        key = (p.where, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _clean(claim: Claim, plan: _Plan) -> bool:
    """No reading problems, every needed input filled in, and within range."""
    if claim.problems or not plan.columns <= claim.cells.keys():
        return False
    for v in plan.texts(claim):
        if v is None or not v.strip():
            return False
    # `is`, never `None in values`: a Decimal compared with None asks the ABCs
    for v in plan.others(claim):
        if v is None:
            return False
    return not plan.ranged or _range_problem(claim, plan.rule) is None


def _range_problem(claim: Claim, rule: Rule) -> Finding | None:
    """Values present but outside what the rule accepts (standard level, months, installment)."""
    if rule.formula == "fixed" and claim.level is not None and claim.level.strip() not in rule.amounts:
        return Finding("bad_level", "reject", (claim.cell("level"), claim.level, tuple(rule.amounts)))
    if rule.formula == "rent" and claim.months is not None:
        lo, hi = rule.months
        if not lo <= claim.months <= hi:
            return Finding("bad_months", "reject", (claim.cell("months"), lo, hi, claim.months))
    if "installment" in rule.needs and claim.installment is not None and not 1 <= claim.installment <= 3:
        return Finding("bad_installment", "reject", (claim.cell("installment"), claim.installment))
    return None


def _compute(claim: Claim, rule: Rule) -> tuple[Decimal | None, list[Finding]]:
    """Step 2: the formula, rounded half-up to 0.01 yuan before any cap."""
    # The inputs a formula needs are filled in here (a blank one made the claim an input
    # problem, settled without a formula), and the loader gives rate formulas their rate; the
    # type checker is told so by the ignores below rather than by cast(), a call per value.
    f = rule.formula
    if f == "manual":
        return None, [_new(Finding, ("formula_manual", "manual", ()))]
    if f == "rate":
        rate, basis = rule.rate, claim.basis
        amount = (rate * basis).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
        return amount, [_new(Finding, ("formula_rate", None, (rule.basis_label, basis, rate, amount)))]
    if f == "increment":
        rate, basis, previous, threshold = rule.rate, claim.basis, claim.previous, rule.threshold
        inc = basis - previous  # type: ignore[operator]
        amount = (rate * inc).quantize(CENT, ROUND_HALF_UP) if inc > ZERO else ZERO  # type: ignore[operator]
        out = [_new(Finding, ("formula_increment", None, (
            rule.basis_label, basis, rule.previous_label, previous, inc, rate, amount)))]
        if basis <= threshold:  # type: ignore[operator]
            # `computed` stays the formula's figure; _settle gives the caps nothing to work on.
            out.append(_new(Finding, ("threshold", "reject", (rule.basis_label, basis, threshold))))
        else:
            out.append(_new(Finding, ("threshold_met", None, (rule.basis_label, basis, threshold))))
        if inc <= ZERO:
            out.append(_new(Finding, ("no_increment", "reject", (inc,))))
        return amount, out
    if f == "rent":
        rent, ceiling, area, months = claim.rent, rule.rent_ceiling, claim.area, claim.months
        unit = ceiling if ceiling < rent else rent  # type: ignore[operator]  # min(rent, ceiling)
        amount = (unit * area * months).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
        return amount, [_new(Finding, ("formula_rent", None, (rent, ceiling, unit, area, months, amount)))]
    if f == "requested":
        return claim.requested, [_new(Finding, ("formula_requested", None, (claim.installment, claim.requested)))]
    if f == "fixed":
        level = claim.level.strip()  # type: ignore[union-attr]
        amount = rule.amounts[level]
        return amount, [_new(Finding, ("formula_fixed", None, (level, amount)))]
    raise ValueError(f"unknown formula {f}")  # the rule set loader already refuses these


def _places(labels: list[str], limit: int = 3) -> str:
    text = "；".join(labels[:limit])
    return text + (f" 等 {len(labels)} 处" if len(labels) > limit else "")


# Findings on the per-claim path are built with tuple.__new__ directly: the NamedTuple's own
# constructor is a Python-level function, called a few hundred thousand times per batch.
_new = tuple.__new__
_KEY_FIELDS = ("enterprise", "project", "product", "year", "installment", "standard")
_TEXT_FIELDS = {"project", "voucher", "level", "product"}

# Picks a scope's key out of a claim's key values (in _KEY_FIELDS order).
_KeyGetter = Callable[[tuple[Any, ...]], ScopeKey]
# A once-only rule or cap: ("once" | "cap", label, limit (None for once), scope, key getter,
# the once_ok finding of a once-only rule that holds, the same for every claim).
_Limit = tuple[str, str, Decimal | None, tuple[str, ...], _KeyGetter, Finding | None]


class _Plan:
    """A rule's per-claim work, worked out once per rule set: what to check and count where."""

    __slots__ = ("rule", "code", "article", "head", "needed", "columns", "texts", "others", "limits",
                 "needs_project", "needs_product", "ranged", "rate", "basis_label", "threshold")

    def __init__(self, rule: Rule, version: str) -> None:
        self.rule = rule
        self.code = rule.code
        self.needed: tuple[str, ...] = _ALWAYS_NEEDED + rule.needs
        self.columns = frozenset(self.needed)
        # The needed text fields (project and voucher at least: a tuple) and the others (line
        # at least), each picked in one call.
        self.texts: Callable[[Claim], tuple[Any, ...]] = attrgetter(
            *[n for n in self.needed if n in _TEXT_FIELDS])
        others = [n for n in self.needed if n not in _TEXT_FIELDS]
        self.others: Callable[[Claim], tuple[Any, ...]] = attrgetter(*others, "row")
        self.ranged = rule.formula in ("fixed", "rent") or "installment" in rule.needs
        self.rate: Decimal | None = rule.rate if rule.formula == "rate" else None
        self.basis_label = rule.basis_label
        # Only an increment rule's threshold finding can zero the amount before the caps.
        self.threshold = rule.formula == "increment"
        self.article = Finding("article", None, (rule.article, rule.name, rule.text, version))
        # The article, then every reading of the text that applies (rule set: readings, options).
        self.head = [self.article] + [Finding("reading", None, (t,)) for t in rule.readings]
        # Once-only rules come first: a used-up once-only limit leaves nothing for the caps.
        # Each limit carries a getter that picks its scope's key out of the claim's key values.
        self.limits: list[_Limit] = \
            [("once", o.label, None, o.scope, _key_getter(o.scope), Finding("once_ok", None, (o.label,)))
             for o in rule.once] + \
            [("cap", c.label, c.limit, c.scope, _key_getter(c.scope), None) for c in rule.caps]
        fields = {f for _, _, _, scope, _, _ in self.limits for f in scope}
        self.needs_project = "project" in fields
        self.needs_product = "product" in fields


def _key_getter(scope: tuple[str, ...]) -> _KeyGetter:
    idx = [_KEY_FIELDS.index(f) for f in scope]
    if len(idx) == 1:
        i = idx[0]
        return lambda values: (values[i],)
    return itemgetter(*idx)


_PLANS: dict[int, tuple[RuleSet, dict[str, _Plan]]] = {}


def _plans(rules: RuleSet) -> dict[str, _Plan]:
    cached = _PLANS.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = (rules, {code: _Plan(rule, rules.version) for code, rule in rules.rules.items()})
        _PLANS[id(rules)] = cached
    return cached[1]


def _fold(text: Any) -> str:
    """model.fold, with its plain-ASCII case inline (a name or voucher as clerks type it)."""
    if text.__class__ is str and text.isascii():
        return " ".join(text.split())
    return fold(text)


def _line_key(c: Claim) -> tuple[bool, int, int]:
    return (c.line is None, c.line or 0, c.row)


def settle_application(app: Application, rules: RuleSet, usage: Usage) -> list[ClaimResult]:
    """Results in the order of app.claims; settlement itself runs in line order."""
    # Settling makes many small objects and no reference cycles; a collection triggered in
    # the middle would walk every object the caller holds (a whole batch), for nothing.
    if not gc.isenabled():
        return _settle(app, rules, usage)
    gc.disable()
    try:
        return _settle(app, rules, usage)
    finally:
        gc.enable()


def _settle(app: Application, rules: RuleSet, usage: Usage) -> list[ClaimResult]:
    a = app.applicant
    if a is None or app.refused:
        return []
    plans = _plans(rules)
    common: list[Finding] = []
    if not rules.valid_for(a.year):
        common.append(Finding("validity", "reject", (a.year, rules.year_from, rules.year_to)))
    if not a.in_district:
        common.append(Finding("outside_district", "manual", ()))
    if not checksum_ok(a.credit_code):
        common.append(Finding("checksum", "manual", (a.credit_code,)))
    common_rank = max([STATUS_RANK[f.status] for f in common], default=0)  # type: ignore[index]  # each has one

    # What earlier claims of this application hold under each (code, scope, key).
    # [amount, lines] each: one look-up of the (nested, unhashed) key finds both.
    pending: dict[LimitKey, list[Any]] = {}
    earlier_vouchers: dict[str, list[int]] = {}
    seen_vouchers = usage.vouchers
    used = usage.totals
    shared = usage.shared
    reversed_ = usage.reversed
    ledger_opt = rules.option("ledger_amounts")
    once_kept = ledger_opt is not None and ledger_opt.choice == "once_kept"
    version = rules.version
    claims = app.claims
    results: list[ClaimResult] = []
    # In line order: as they come when the lines rise (nearly always), else sorted.
    lines = [c.line for c in claims]
    if None in lines or any(map(ge, lines, lines[1:])):  # type: ignore[arg-type]  # no None there
        order = sorted(claims, key=_line_key)
    else:
        order = claims
    credit, year = a.credit_code, a.year

    for claim in order:
        code = claim.code
        plan = plans.get(code) if code else None
        # The common case is checked cheaply; anything else goes through _input_findings,
        # which says what.
        clean = plan is not None and _clean(claim, plan)
        findings: list[Finding] = plan.head.copy() if plan is not None else []
        if not clean:
            bad = _input_findings(claim, plan.rule if plan is not None else None, rules)
            if bad:
                findings += bad
            else:    # _input_findings is the judge: clean after all
                clean = True
        if common:
            findings += common
        rank = common_rank
        voucher = claim.voucher
        # model.voucher_key, with fold's plain-ASCII case inline
        if voucher.__class__ is str and voucher.isascii():
            vkey = " ".join(voucher.split()).casefold()
        else:
            vkey = voucher_key(voucher)
        if vkey:
            vrows = earlier_vouchers.get(vkey)
            if vrows is not None or vkey in seen_vouchers:
                places = [f"本申报第 {n} 行" for n in vrows or ()]
                places += [p.label for p in seen_vouchers.get(vkey, ())]
                findings.append(_new(Finding, ("duplicate", "manual", (voucher.strip(), _places(places)))))
                rank = 2 if rank < 2 else rank
            line = claim.line
            if vrows is None:
                earlier_vouchers[vkey] = [line if line is not None else claim.row]
            else:
                vrows.append(line if line is not None else claim.row)

        if not clean:
            results.append(ClaimResult(
                claim.line, claim.row, code or claim.raw_code or None, claim.project, claim.requested,
                None, ZERO, "reject", findings, plan.rule.article if plan is not None else "", version))
            continue
        # Not an input problem: the claim's code named a rule, so it has a plan.
        assert plan is not None

        computed: Decimal | None
        rate = plan.rate
        if rate is not None:      # rate × basis, the most common formula, inline
            # (the basis is filled in: a blank one is an input problem, settled above)
            basis = claim.basis
            computed = (rate * basis).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]
            findings.append(_new(Finding, ("formula_rate", None, (plan.basis_label, basis, rate, computed))))
        else:
            computed, steps = _compute(claim, plan.rule)
            findings += steps
            for f in steps:
                if f.status:
                    r = STATUS_RANK[f.status]
                    if r > rank:
                        rank = r
        amount = computed
        if rank == 3 and plan.threshold and any(f.rule == "threshold" for f in findings):
            amount = ZERO
        limits = plan.limits
        touched: list[LimitKey] = []
        if amount is not None and limits:
            # In the order of _KEY_FIELDS; names are folded only when a scope counts them.
            values = (credit, _fold(claim.project) if plan.needs_project else "",
                      _fold(claim.product) if plan.needs_product else "", year, claim.installment, vkey)
            rcode = plan.code
            for kind, label, limit, scope, key, once_ok in limits:
                k = (rcode, scope, key(values))
                touched.append(k)
                granted = used.get(k, ZERO)
                if shared and k in shared:
                    findings.append(_new(Finding, ("shared_cap", None, (label, "、".join(shared[k])))))
                taken_back = reversed_.get(k) if reversed_ else None
                if taken_back:
                    findings.append(_new(Finding, ("net_ledger", None, (
                        label, granted, taken_back, kind, once_kept, ledger_opt.wording if ledger_opt else ""))))
                held = pending.get(k)
                if kind == "once":
                    if granted > ZERO or held or (once_kept and taken_back and granted + taken_back > ZERO):
                        findings.append(_new(Finding, (
                            "once_used", "reject", (label, granted, tuple(held[1]) if held else ()))))
                        amount = ZERO
                        rank = 3
                    else:
                        findings.append(once_ok)  # type: ignore[arg-type]
                    continue
                earlier = held[0] if held else ZERO
                left = limit - granted - earlier   # type: ignore[operator]  # a cap has its limit
                if left < ZERO:
                    left = ZERO
                before = amount
                if amount > left:
                    amount = left
                findings.append(_new(Finding, ("cap", None, (label, limit, granted, earlier, left, before, amount))))

        requested = claim.requested
        if computed is None:          # article （二）: the reviewer decides the amount
            suggested = None
        else:
            # the computed amount, capped: None only when computed is
            basis_req = computed if requested is None else requested
            suggested = amount if amount < basis_req else basis_req  # type: ignore[operator]
            if suggested <= ZERO:  # type: ignore[operator]
                outcome = "reject"
                rank = 3
            elif suggested < basis_req:  # type: ignore[operator]
                outcome = "reduce"
                if rank < 1:
                    rank = 1
            else:
                outcome = "approve"
            findings.append(_new(Finding, ("suggestion", outcome, (requested, computed, amount, suggested))))
        status = _BY_RANK[rank]
        if status == "reject":
            suggested = ZERO
        elif suggested is not None:
            for k in touched:
                held = pending.get(k)     # again: a once-only rule and a cap may share a key
                if held is None:
                    pending[k] = [ZERO + suggested, [claim.line]]
                else:
                    held[0] += suggested
                    held[1].append(claim.line)
        results.append(ClaimResult(
            claim.line, claim.row, code, claim.project, requested, computed, suggested,
            status, findings, plan.rule.article, version))

    if a.fiscal_contribution is not None:
        _fiscal_rule(a.fiscal_contribution, usage.year_total(credit, year), results)
    if order is claims:
        return results
    by_row = {c.row: r for c, r in zip(order, results, strict=True)}
    return [by_row[c.row] for c in claims]


_BY_RANK = {rank: status for status, rank in STATUS_RANK.items()}


def _fiscal_rule(contribution: Decimal, granted: Decimal, ordered: list[ClaimResult]) -> None:
    """Running total of the enterprise's awards in the year, in line order, against its
    district fiscal contribution of the previous year."""
    running = granted
    for r in ordered:
        if r.status == "reject":
            continue
        running += r.suggested or ZERO
        if running > contribution:
            r.findings.append(_new(Finding, ("fiscal", "manual", (contribution, granted, running))))
            if STATUS_RANK["manual"] > STATUS_RANK[r.status]:
                r.status = "manual"
        else:
            r.findings.append(_new(Finding, ("fiscal_ok", None, (contribution, granted, running))))


def input_problems(results: list[ClaimResult]) -> list[Problem]:
    """The claim-level input problems, for the `errors` list of a check."""
    # Input kinds always carry their place, so problem_of gives a Problem for each.
    return [cast(Problem, problem_of(f)) for r in results for f in r.findings if f.rule in INPUT_KINDS]
