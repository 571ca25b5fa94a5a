"""Settles an application's claims: validate → formula → once-only rules → caps → suggestion.

A pure function of (application, rule set, usage of the ledger). Every step leaves a
structured Finding; `explain.render` turns findings into the Chinese lines a reviewer reads.
Claims are settled in line order, and each one counts towards the caps of the later ones
(with its suggested amount unless it is rejected), as measures.md "How a claim is settled" says.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .credit_code import checksum_ok
from .model import STATUS_RANK, Application, Claim, ClaimResult, Finding, Problem
from .money import ZERO, q2
from .ruleset import Rule, RuleSet
from .usage import Usage

__all__ = ["settle_application", "input_problems", "FIELD_LABELS"]

FIELD_LABELS = {
    "line": "序号", "code": "条款编号", "project": "项目名称", "basis": "计算基数（元）",
    "previous": "上年度基数（元）", "area": "面积（平方米）", "months": "月数",
    "rent": "租金单价（元/平方米/月）", "installment": "期次", "level": "标准级别",
    "product": "产品名称", "voucher": "凭证编号", "requested": "申请金额（元）", "remark": "备注",
}
_ALWAYS_NEEDED = ("line", "project", "voucher")


def _input_findings(claim: Claim, rule: Rule | None, rules: RuleSet) -> list[Finding]:
    """Claim-level input problems: those found while reading, plus what the rule requires."""
    found = [Finding("input", "reject", (p.where, p.message)) for p in claim.problems]
    bad_cells = {p.where for p in claim.problems}
    if rule is None:
        if claim.code is None and not claim.raw_code:
            found.append(Finding("input", "reject", (claim.cell("code"), "条款编号不能为空")))
        elif claim.cell("code") not in bad_cells:
            known = "、".join(rules.codes)
            found.append(Finding("input", "reject", (
                claim.cell("code"), f"条款编号“{claim.raw_code or claim.code}”不存在，应为以下之一：{known}")))
        needed = _ALWAYS_NEEDED
    else:
        needed = _ALWAYS_NEEDED + rule.needs
    for name in needed:
        where = claim.cells.get(name)
        if where is None:
            found.append(Finding("input", "reject", (
                f"申报事项!{claim.row}", f"缺少“{FIELD_LABELS[name]}”列，本条款需要填写该项")))
            continue
        if where in bad_cells:
            continue
        value = getattr(claim, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            found.append(Finding("input", "reject", (where, f"“{FIELD_LABELS[name]}”不能为空")))
    if rule is None:
        return found
    if rule.formula == "fixed" and claim.level and claim.level.strip() not in rule.amounts:
        found.append(Finding("input", "reject", (
            claim.cell("level"), f"标准级别“{claim.level}”应为：{'、'.join(rule.amounts)}")))
    if rule.formula == "rent" and claim.months is not None:
        lo, hi = rule.months
        if not lo <= claim.months <= hi:
            found.append(Finding("input", "reject", (
                claim.cell("months"), f"月数应为 {lo} 至 {hi} 的整数，现为 {claim.months}")))
    if "installment" in rule.needs and claim.installment is not None and not 1 <= claim.installment <= 3:
        found.append(Finding("input", "reject", (
            claim.cell("installment"), f"期次应为 1、2 或 3，现为 {claim.installment}")))
    # A repeated finding (same cell and message) reads as noise; keep the first.
    seen, unique = set(), []
    for f in found:
        if f.args not in seen:
            seen.add(f.args)
            unique.append(f)
    return unique


def _compute(claim: Claim, rule: Rule) -> tuple[Decimal | None, list[Finding]]:
    """Step 2: the formula, rounded half-up to 0.01 yuan before any cap."""
    f = rule.formula
    if f == "manual":
        return None, [Finding("formula_manual", "manual", ())]
    if f == "rate":
        amount = q2(rule.rate * claim.basis)
        return amount, [Finding("formula_rate", None, (rule.basis_label, claim.basis, rule.rate, amount))]
    if f == "increment":
        inc = claim.basis - claim.previous
        amount = q2(rule.rate * inc) if inc > 0 else ZERO
        out = [Finding("formula_increment", None, (
            rule.basis_label, claim.basis, rule.previous_label, claim.previous, inc, rule.rate, amount))]
        if claim.basis <= rule.threshold:
            out.append(Finding("threshold", "reject", (rule.basis_label, claim.basis, rule.threshold)))
            amount = ZERO
        else:
            out.append(Finding("threshold_met", None, (rule.basis_label, claim.basis, rule.threshold)))
        if inc <= 0:
            out.append(Finding("no_increment", "reject", (inc,)))
        return amount, out
    if f == "rent":
        unit = min(claim.rent, rule.rent_ceiling)
        amount = q2(unit * claim.area * claim.months)
        return amount, [Finding("formula_rent", None, (
            claim.rent, rule.rent_ceiling, unit, claim.area, claim.months, amount))]
    if f == "requested":
        return claim.requested, [Finding("formula_requested", None, (claim.installment, claim.requested))]
    if f == "fixed":
        level = claim.level.strip()
        amount = rule.amounts[level]
        return amount, [Finding("formula_fixed", None, (level, amount))]
    raise ValueError(f"unknown formula {f}")  # the rule set loader already refuses these


def _status_of(findings: list[Finding]) -> str:
    best = "approve"
    for f in findings:
        if f.status and STATUS_RANK[f.status] > STATUS_RANK[best]:
            best = f.status
    return best


def _places(labels: list[str], limit: int = 3) -> str:
    text = "；".join(labels[:limit])
    return text + (f" 等 {len(labels)} 处" if len(labels) > limit else "")


def settle_application(app: Application, rules: RuleSet, usage: Usage) -> list[ClaimResult]:
    """Results in the order of app.claims; settlement itself runs in line order."""
    a = app.applicant
    if a is None or app.refused:
        return []
    common: list[Finding] = []
    if not rules.valid_for(a.year):
        common.append(Finding("validity", "reject", (a.year, rules.year_from, rules.year_to)))
    if not a.in_district:
        common.append(Finding("outside_district", "manual", ()))
    if not checksum_ok(a.credit_code):
        common.append(Finding("checksum", "manual", (a.credit_code,)))

    # What earlier claims of this application hold under each (code, scope, key).
    pending: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    pending_lines: dict[tuple, list[int]] = defaultdict(list)
    earlier_vouchers: dict[str, list[int]] = defaultdict(list)
    by_row: dict[int, ClaimResult] = {}
    order = sorted(app.claims, key=lambda c: (c.line is None, c.line or 0, c.row))

    for claim in order:
        rule = rules.get(claim.code)
        findings: list[Finding] = []
        if rule is not None:
            findings.append(Finding("article", None, (rule.article, rule.name, rule.text, rules.version)))
        findings.extend(_input_findings(claim, rule, rules))
        findings.extend(common)
        vkey = claim.voucher_key
        if vkey:
            places = [f"本申报第 {n} 行" for n in earlier_vouchers[vkey]]
            places += [p.label for p in usage.vouchers.get(vkey, ())]
            if places:
                findings.append(Finding("duplicate", "manual", (claim.voucher.strip(), _places(places))))
            earlier_vouchers[vkey].append(claim.line if claim.line is not None else claim.row)

        if any(f.rule == "input" for f in findings):
            by_row[claim.row] = ClaimResult(
                claim.line, claim.row, claim.code or claim.raw_code or None, claim.project, claim.requested,
                None, ZERO, "reject", findings, rule.article if rule else "", rules.version)
            continue

        computed, steps = _compute(claim, rule)
        findings.extend(steps)
        amount = computed
        keys = {
            "enterprise": a.credit_code, "project": claim.project_key, "product": claim.product_key,
            "year": a.year, "installment": claim.installment, "standard": vkey,
        }
        touched: list[tuple] = []
        if amount is not None:
            for once in rule.once:
                k = (rule.code, once.scope, tuple(keys[s] for s in once.scope))
                touched.append(k)
                granted = usage.used(*k)
                lines = pending_lines.get(k, [])
                if granted > 0 or lines:
                    findings.append(Finding("once_used", "reject", (once.label, granted, tuple(lines))))
                    amount = ZERO
                else:
                    findings.append(Finding("once_ok", None, (once.label,)))
            for cap in rule.caps:
                k = (rule.code, cap.scope, tuple(keys[s] for s in cap.scope))
                touched.append(k)
                granted = usage.used(*k)
                earlier = pending.get(k, ZERO)
                left = max(ZERO, cap.limit - granted - earlier)
                before = amount
                if amount > left:
                    amount = left
                findings.append(Finding("cap", None, (cap.label, cap.limit, granted, earlier, left, before, amount)))

        requested = claim.requested
        if computed is None:          # article （二）: the reviewer decides the amount
            suggested = None
        else:
            basis_req = computed if requested is None else requested
            suggested = min(amount, basis_req)
            if suggested <= 0:
                outcome = "reject"
            elif suggested < basis_req:
                outcome = "reduce"
            else:
                outcome = "approve"
            findings.append(Finding("suggestion", outcome, (requested, computed, amount, suggested)))
        status = _status_of(findings)
        if status == "reject":
            suggested = ZERO
        elif suggested is not None:
            for k in touched:
                pending[k] += suggested
                pending_lines[k].append(claim.line)
        by_row[claim.row] = ClaimResult(
            claim.line, claim.row, claim.code, claim.project, requested, computed, suggested,
            status, findings, rule.article, rules.version)

    if a.fiscal_contribution is not None:
        _fiscal_rule(a.fiscal_contribution, usage.year_total(a.credit_code, a.year),
                     [by_row[c.row] for c in order])
    return [by_row[c.row] for c in app.claims]


def _fiscal_rule(contribution: Decimal, granted: Decimal, ordered: list[ClaimResult]) -> None:
    """Running total of the enterprise's awards in the year, in line order, against its
    district fiscal contribution of the previous year."""
    running = granted
    for r in ordered:
        if r.status == "reject":
            continue
        running += r.suggested or ZERO
        if running > contribution:
            r.findings.append(Finding("fiscal", "manual", (contribution, granted, running)))
            if STATUS_RANK["manual"] > STATUS_RANK[r.status]:
                r.status = "manual"


def input_problems(results: list[ClaimResult]) -> list[Problem]:
    """The claim-level input problems, for the `errors` list of a check."""
    return [Problem(f.args[0], f.args[1]) for r in results for f in r.findings if f.rule == "input"]
