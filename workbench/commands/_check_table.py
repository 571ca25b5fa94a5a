"""The `check` command's table: one line per claim in a terminal, then its explanation.
Formatting belongs to the command line; the core returns the outcome as data."""
from __future__ import annotations

import unicodedata

from workbench.core.domain.money import ZERO, fmt
from workbench.core.domain.totals import Totals, requested_text
from workbench.core.domain.vocabulary import STATUS_LABELS
from workbench.core.review.check import CheckOutcome
from workbench.core.store.database import explanation_lines

__all__ = ["check_table"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    out, w = "", 0
    for ch in text:
        cw = _width(ch)
        if w + cw > width - 1 and _width(text) > width:
            return out + "…"
        out += ch
        w += cw
    return out


def _pad(text: str, width: int, right: bool = False) -> str:
    text = _cut(text, width)
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


_COLUMNS = (("序号", 4, False), ("条款", 5, False), ("项目名称", 24, False), ("申请金额", 24, True),
            ("测算金额", 16, True), ("建议金额", 16, True), ("结论", 8, False))


def check_table(outcome: CheckOutcome) -> str:
    """The check as a reviewer reads it in a terminal: one line per claim, then its explanation."""
    lines: list[str] = []
    a = outcome.app.applicant
    name = outcome.app.source or "申报表"
    if a is not None:
        lines.append(f"{a.name}（{a.credit_code}）{a.year}年度申报　文件：{name}")
    else:
        lines.append(f"文件：{name}")
    lines.append(f"规则集：{outcome.rules.version}")
    if outcome.refused:
        lines.append("该文件被拒收，原因如下：")
    elif outcome.errors:
        lines.append(f"有 {len(outcome.errors)} 处填写问题（相关事项不予支持，其余照常测算）：")
    for p in outcome.errors:
        lines.append(f"  {p.where}　{p.message}")
    if outcome.refused:
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append("  ".join(_pad(t, w, r) for t, w, r in _COLUMNS))
    for r in outcome.results:
        req = requested_text(r.requested, r.computed, blank="")   # 400,000.00（按测算）
        sug = ZERO if r.status == "reject" else r.suggested
        cells = ("" if r.line is None else str(r.line), r.code or "", r.project, req,
                 fmt(r.computed), fmt(sug), STATUS_LABELS.get(r.status, r.status))
        lines.append("  ".join(_pad(v, w, right) for v, (_, w, right) in zip(cells, _COLUMNS, strict=False)))
        for text in explanation_lines(r):
            lines.append(f"      {text}")
    if outcome.results:
        lines.append("")
        t = Totals()
        for r in outcome.results:
            t.add(requested=r.requested, computed=r.computed, suggested=r.suggested,
                  status=r.status, approved=None)
        lines.append(f"共 {len(outcome.results)} 项；申请金额合计 {fmt(t.requested)} 元{t.requested_note}；"
                     f"建议金额合计 {fmt(t.suggested)} 元（不含不予支持项）")
    return "\n".join(lines) + "\n"
