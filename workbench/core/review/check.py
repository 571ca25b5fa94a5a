"""Checking application files against the store, and the check's two renderings:
the JSON object of formats.md §3 (for other programs) and a readable Chinese table.

No argparse here: the command line and the window call the same functions.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.rules import settle
from workbench.core.domain.vocabulary import STATUS_LABELS
from workbench.core.domain.model import Application, ClaimResult, Problem
from workbench.core.domain.money import ZERO, fmt, s2
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store.database import Store, explanation_lines
from workbench.core.domain.totals import Totals, requested_text
from workbench.core.intake.submission import read_application

__all__ = [
    "CheckOutcome", "check_application", "check_file", "input_errors",
    "check_json", "claim_json", "check_table", "EXIT_OK", "EXIT_INPUT", "EXIT_REFUSED",
]

EXIT_OK, EXIT_INPUT, EXIT_REFUSED = 0, 1, 2


@dataclass
class CheckOutcome:
    """One application file read and settled against the store (nothing written)."""

    app: Application
    rules: RuleSet
    results: list[ClaimResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.app.refused

    @property
    def exit_code(self) -> int:
        if self.refused:
            return EXIT_REFUSED
        return EXIT_INPUT if self.errors else EXIT_OK


def input_errors(app: Application, results: list[ClaimResult]) -> list[Problem]:
    """File-level problems if refused; otherwise every claim-level input problem, once each.

    The reader's own problems come first; the engine's (what the rule set requires) follow.
    """
    if app.refused:
        return list(app.errors)
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for p in [*app.claim_problems, *settle.input_problems(results)]:
        if (p.where, p.message) not in seen:
            seen.add((p.where, p.message))
            out.append(p)
    return out


def check_application(app: Application, store: Store, rules: RuleSet | None = None) -> CheckOutcome:
    """Settle an application read from a file against what the store holds; writes nothing."""
    rules = rules or default_ruleset()
    if app.refused:
        return CheckOutcome(app, rules, [], input_errors(app, []))
    results = settle.settle_application(app, rules, store.usage_for(app, rules))
    return CheckOutcome(app, rules, results, input_errors(app, results))


def check_file(path: str | Path, store: Store, rules: RuleSet | None = None) -> CheckOutcome:
    return check_application(read_application(path), store, rules)


# ---- JSON (formats.md §3) ----------------------------------------------------------------

def claim_json(r: ClaimResult) -> dict:
    """One claim as other programs read it. Keys and null rules are the public contract."""
    suggested = ZERO if r.status == "reject" else r.suggested
    return {
        "line": r.line,
        "code": r.code,
        "project": r.project,
        "requested": s2(r.requested),
        "computed": s2(r.computed),
        "suggested": s2(suggested),
        "status": r.status,
        "explanation": explanation_lines(r),
    }


def check_json(outcome: CheckOutcome) -> dict:
    a = outcome.app.applicant
    return {
        "applicant": None if a is None else {"name": a.name, "credit_code": a.credit_code, "year": a.year},
        "rule_set": outcome.rules.version,
        "errors": [p.as_dict() for p in outcome.errors],
        "claims": [] if outcome.refused else [claim_json(r) for r in outcome.results],
    }


# ---- readable table ----------------------------------------------------------------------

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
        lines.append("  ".join(_pad(v, w, right) for v, (_, w, right) in zip(cells, _COLUMNS)))
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
