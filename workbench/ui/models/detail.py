"""What the detail panel shows for one claim, built from the core's findings.

The words come from the core (explain.render of the findings, vocabulary.FIELD_LABELS);
this module only picks the pieces out: no rule is evaluated here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from workbench.core.domain.findings import named
from workbench.core.domain.model import Claim, Finding
from workbench.core.domain.money import fmt
from workbench.core.domain.vocabulary import FIELD_LABELS
from workbench.core.review.decisions import ClaimView
from workbench.core.rules.explain import problem
from workbench.core.rules.result import ClaimResult

__all__ = ["CapRoom", "ClaimDetail", "detail_from_result", "detail_from_view", "cap_rooms"]

_SHOWN_INPUTS = ("line", "code", "project", "basis", "previous", "area", "months", "rent",
                 "installment", "level", "product", "voucher", "requested", "remark")
# Amounts in yuan, shown as the sheet shows them (12,345,678.00); area, months and installment
# are quantities and stay as entered.
_MONEY_INPUTS = frozenset(("basis", "previous", "rent", "requested"))


_CAP_FIGURES = ("limit", "granted", "earlier", "left", "before", "after")


@dataclass(frozen=True)
class CapRoom:
    """One cap the engine applied to the claim: the 'cap' finding's figures, unchanged."""

    label: str
    limit: Decimal
    granted: Decimal     # in the ledger
    earlier: Decimal     # earlier claims of the same application
    left: Decimal        # headroom before this claim
    before: Decimal      # the claim's amount when it reached this cap
    after: Decimal       # … and after it

    @property
    def bit(self) -> bool:
        return self.after < self.before


@dataclass
class ClaimDetail:
    key: object
    title: str
    status: str
    explanation: list[str]
    inputs: list[tuple[str, str, str]] = field(default_factory=list)   # label, value, cell
    caps: list[CapRoom] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)      # where, message
    decision: str = ""                                                 # the core's words
    seen: int = 0   # the decision as shown (its audit entry; 0: none): a stale one is refused


def _dec(v) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(str(v))


def cap_rooms(findings: list[Finding]) -> list[CapRoom]:
    """The 'cap' findings (from settle, or typed again from the store), by their named figures."""
    out = []
    for f in findings:
        if f.rule == "cap":
            n = named(f)
            if "limit" in n:
                out.append(CapRoom(str(n["label"]), *(_dec(n[k]) for k in _CAP_FIGURES)))
    return out


def _problems(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in map(problem, findings) if p is not None]


def _title(line, code, article, project) -> str:
    parts = []
    if line is not None:
        parts.append(f"第 {line} 项")
    if code:
        parts.append(f"条款{article or ''} {code}".replace("条款 ", "条款"))
    if project:
        parts.append(project)
    return " · ".join(parts)


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name in _MONEY_INPUTS and not isinstance(value, bool):
        try:
            return fmt(_dec(value))
        except (ArithmeticError, ValueError):
            return str(value)   # text the reader kept as written (a problem says why)
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def detail_from_result(result: ClaimResult, claim: Claim | None = None, *, key=None) -> ClaimDetail:
    inputs = []
    if claim is not None:
        for name in _SHOWN_INPUTS:
            value = getattr(claim, name, None)
            if value is None or value == "":
                continue
            inputs.append((FIELD_LABELS.get(name, name), _display(name, value), claim.cells.get(name, "")))
    problems = _problems(result.findings)
    return ClaimDetail(
        key=key if key is not None else result.row,
        title=_title(result.line, result.code, result.article, result.project),
        status=result.status, explanation=list(result.explanation), inputs=inputs,
        caps=cap_rooms(result.findings), problems=problems)


def detail_from_view(c: ClaimView) -> ClaimDetail:
    """A stored claim as the review reads it (the one read model, `ClaimView`): the same
    inputs, findings, problems and explanation the sheet and the command line show."""
    inputs = [(FIELD_LABELS.get(n, n), _display(n, c.inputs[n]), "") for n in _SHOWN_INPUTS if n in c.inputs]
    return ClaimDetail(
        key=c.claim_id, title=_title(c.line, c.code, c.article, c.project), status=c.status,
        explanation=c.explanation, inputs=inputs, caps=cap_rooms(c.findings),
        problems=[(p.where, p.message) for p in c.problems], seen=c.decision_seq)
