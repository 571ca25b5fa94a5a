"""Turns structured findings into the Chinese lines a reviewer reads and can check by hand.

The same finding reads the same on screen, in JSON and on paper, because all three call here.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

from workbench.core.domain.findings import INPUT_KINDS
from workbench.core.domain.model import Finding, Problem
from workbench.core.domain.money import fmt, percent
from workbench.core.domain.vocabulary import FIELD_LABELS, STATUS_LABELS

__all__ = ["render", "problem", "STATUS_LABELS", "SHARED_MARK"]

# Every shared-cap line carries these words (a reader of the window or a sheet can look for them).
SHARED_MARK = "审定时按导入顺序合并核算"



def _num(d: Decimal) -> str:
    """Quantities that are not money (area, months): no forced decimals."""
    text = f"{d.normalize():f}" if isinstance(d, Decimal) else str(d)
    return text


def _article(article: str, name: str, text: str, version: str) -> str:
    return f"依据条款{article}{name}：{text}（规则集 {version}）"


def _reading(text: str) -> str:
    return f"解读：{text}"


def _net_ledger(label: str, net: Decimal, taken_back: Decimal, kind: str, once_kept: bool,
                wording: str) -> str:
    head = f"{label}：资助台账中有更正冲销 {fmt(taken_back)}，净额 {fmt(net)}"
    if kind == "once":
        effect = ("一次性名额不因冲销释放" if once_kept else
                  ("冲销后一次性名额已释放" if net <= 0 else "冲销后仍有资助，一次性名额仍被占用"))
    else:
        effect = f"按净额 {fmt(net)} 计入已获，冲销部分的额度已释放"
    return f"{head}，{effect}（{wording}）" if wording else f"{head}，{effect}"


def _input(where: str, message: str) -> str:
    return f"{where}：{message}"


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


# The words of an input problem the rules find (without its place).
_PROBLEMS: dict[str, Callable[..., str]] = {
    "input": lambda message: message,
    "missing_column": lambda field: f"缺少“{_label(field)}”列，本条款需要填写该项",
    "blank": lambda field: f"“{_label(field)}”不能为空",
    "no_code": lambda: "条款编号不能为空",
    "unknown_code": lambda code, known: f"条款编号“{code}”不存在，应为以下之一：{'、'.join(known)}",
    "bad_level": lambda level, allowed: f"标准级别“{level}”应为：{'、'.join(allowed)}",
    "bad_months": lambda low, high, months: f"月数应为 {low} 至 {high} 的整数，现为 {months}",
    "bad_installment": lambda installment: f"期次应为 1、2 或 3，现为 {installment}",
}


def problem(finding: Finding) -> Problem | None:
    """An input-problem finding as the place and the words a reviewer reads; None otherwise."""
    if finding.rule not in INPUT_KINDS or not finding.args:
        return None
    where, *rest = finding.args
    return Problem(where, _PROBLEMS[finding.rule](*rest))


def _problem_line(finding: Finding) -> str:
    # Called for input kinds only, which always carry their place.
    p = cast(Problem, problem(finding))
    return _input(p.where, p.message)


def _formula_manual() -> str:
    return "一事一议：规则不计算金额，由审核人员填写金额并写明理由"


def _formula_rate(label: str, basis: Decimal, rate: Decimal, amount: Decimal) -> str:
    return f"{label} {fmt(basis)} × {percent(rate)} = {fmt(amount)}"


def _formula_increment(label: str, basis: Decimal, prev_label: str, prev: Decimal, inc: Decimal,
                       rate: Decimal, amount: Decimal) -> str:
    text = f"{label} {fmt(basis)} − {prev_label} {fmt(prev)} = 增量 {fmt(inc)}"
    if inc > 0:
        return f"{text}；增量 {fmt(inc)} × {percent(rate)} = {fmt(amount)}"
    return f"{text}；增量不大于 0，不予奖励 → 0.00"


def _threshold(label: str, basis: Decimal, threshold: Decimal) -> str:
    return f"{label} {fmt(basis)} 未超过 {fmt(threshold)}（须严格超过），不符合条件 → 0.00"


def _threshold_met(label: str, basis: Decimal, threshold: Decimal) -> str:
    return f"{label} {fmt(basis)} 超过 {fmt(threshold)}，符合条件"


def _no_increment(inc: Decimal) -> str:
    return f"年度增量 {fmt(inc)} 不大于 0，不予奖励"


def _formula_rent(rent: Decimal, ceiling: Decimal, unit: Decimal, area: Decimal, months: int,
                  amount: Decimal) -> str:
    cap = f"，按最高 {fmt(ceiling)} 计" if rent > ceiling else f"，未超过 {fmt(ceiling)}，按实际计"
    return (f"租金单价 {fmt(rent)} 元/平方米/月{cap}：{fmt(unit)} × 面积 {_num(area)} 平方米"
            f" × {months} 个月 = {fmt(amount)}")


def _formula_requested(installment: int | None, requested: Decimal | None) -> str:
    return f"第 {installment} 期建设补贴：条款未规定比例，按申请金额 {fmt(requested)} 计"


def _formula_fixed(level: str, amount: Decimal) -> str:
    return f"主导制定{level}标准：定额奖励 {fmt(amount)}"


def _once_used(label: str, granted: Decimal, lines: tuple[int | None, ...]) -> str:
    where = []
    if granted > 0:
        where.append(f"资助台账已获 {fmt(granted)}")
    if lines:
        where.append("本申报第 " + "、".join(str(n) for n in lines) + " 行已申请")
    return f"{label}：{'，'.join(where)}，不得重复支持 → 0.00"


def _once_ok(label: str) -> str:
    return f"{label}：此前未获支持"


def _cap(label: str, limit: Decimal, granted: Decimal, earlier: Decimal, left: Decimal,
         before: Decimal, after: Decimal) -> str:
    used = granted + earlier
    detail = f"（台账 {fmt(granted)}，本申报前序 {fmt(earlier)}）" if earlier else ""
    head = f"{label} {fmt(limit)}，已获 {fmt(used)}{detail}，剩余 {fmt(left)}"
    if after < before:
        return f"{head} → {fmt(after)}"
    return f"{head}，未超出"


def _shared_cap(label: str, places: str) -> str:
    return (f"{label}与同一企业尚未审定的{places}共用：{SHARED_MARK}，"
            "先导入的申报先占用额度，合计超出上限的部分不能入账（除非写明超额理由）")


def _suggestion(requested: Decimal | None, computed: Decimal | None, capped: Decimal | None,
                suggested: Decimal | None) -> str:
    if requested is None:
        head = f"申请金额未填，按计算金额 {fmt(computed)} 计"
    else:
        head = f"申请金额 {fmt(requested)}"
    return f"{head}；可支持 {fmt(capped)}，建议 {fmt(suggested)}"


def _duplicate(voucher: str, places: str) -> str:
    return f"凭证编号“{voucher}”已在别处申报或获资助：{places}；请人工核实是否重复支持"


def _outside_district() -> str:
    return "申报单位未注册在光明区（是否注册在光明区：否），须人工审核"


def _checksum(code: str) -> str:
    return f"统一社会信用代码 {code} 校验位不符（GB 32100-2015），须人工核实"


def _fiscal(contribution: Decimal, granted: Decimal, running: Decimal) -> str:
    text = (f"本年度累计资助 {fmt(running)}（含台账本年度 {fmt(granted)}，各条款合计）超过上年度区级地方财力贡献 "
            f"{fmt(contribution)}，须人工审核")
    if contribution == 0:
        text += ("；申报表填报的上年度区级地方财力贡献为 0.00：资助原则上不超过该数，故任何资助均须人工审核"
                 "（如企业实为漏填或填错，请核实后决定）")
    return text


def _fiscal_ok(contribution: Decimal, granted: Decimal, running: Decimal) -> str:
    return (f"本年度累计资助 {fmt(running)}（含台账本年度 {fmt(granted)}，各条款合计）未超过上年度区级地方财力贡献 "
            f"{fmt(contribution)}")


def _validity(year: int, year_from: int, year_to: int) -> str:
    return f"申报年度 {year} 不在规则集有效期 {year_from}–{year_to} 年内，不予支持"


# Each template takes the finding's arguments in the order findings.KINDS names them.
_TEMPLATES: dict[str, Callable[..., str]] = {
    "article": _article,
    "input": _input,
    "reading": _reading,
    "net_ledger": _net_ledger,
    "fiscal_ok": _fiscal_ok,
    "formula_manual": _formula_manual,
    "formula_rate": _formula_rate,
    "formula_increment": _formula_increment,
    "threshold": _threshold,
    "threshold_met": _threshold_met,
    "no_increment": _no_increment,
    "formula_rent": _formula_rent,
    "formula_requested": _formula_requested,
    "formula_fixed": _formula_fixed,
    "once_used": _once_used,
    "once_ok": _once_ok,
    "cap": _cap,
    "shared_cap": _shared_cap,
    "suggestion": _suggestion,
    "duplicate": _duplicate,
    "outside_district": _outside_district,
    "checksum": _checksum,
    "fiscal": _fiscal,
    "validity": _validity,
}


def render(finding: Finding) -> str:
    if finding.rule in INPUT_KINDS:
        return _problem_line(finding)
    fn = _TEMPLATES.get(finding.rule)
    if fn is None:
        return f"{finding.rule}: {finding.args}"
    return fn(*finding.args)
