"""One definition of every figure that is added up, used by every screen, listing and report.

measures.md step 4 and formats.md §1: a blank requested amount stands for the computed amount
(按测算), in every total of requested amounts — window, budget view, command line, review
sheet, summary workbook. Suggested totals count a rejected claim as 0. Approved totals count
what a claim is worth now (the amended amount, else the decision, else the suggestion of a
claim the rules decide); a claim a person must still decide counts 0 and is counted as waiting.

The store's sql_rules say the same for the listings that add up in the database; the tests
render every screen and report for one batch and compare the figures.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from workbench.core.domain.money import ZERO, fmt

__all__ = ["AS_COMPUTED", "requested_amount", "as_computed", "requested_text", "suggested_amount",
           "Totals", "totals_of"]

AS_COMPUTED = "按测算"


def requested_amount(requested: Decimal | None, computed: Decimal | None) -> Decimal | None:
    """The request a total counts: the amount asked, or for a blank request the computed one."""
    return requested if requested is not None else computed


def as_computed(requested: Decimal | None, computed: Decimal | None) -> bool:
    return requested is None and computed is not None


def requested_text(requested: Decimal | None, computed: Decimal | None, blank: str = "—") -> str:
    """The request as shown on one claim: '400,000.00（按测算）' for a blank request."""
    if requested is not None:
        return fmt(requested)
    if computed is not None:
        return f"{fmt(computed)}（{AS_COMPUTED}）"
    return blank


def suggested_amount(status: str, suggested: Decimal | None) -> Decimal:
    return ZERO if status == "reject" or suggested is None else suggested


@dataclass
class Totals:
    claims: int = 0
    requested: Decimal = ZERO
    computed: Decimal = ZERO
    suggested: Decimal = ZERO
    approved: Decimal = ZERO
    as_computed: int = 0           # blank requests counted at their computed amount
    waiting: int = 0               # claims a person must still decide
    codes: list[str] = field(default_factory=list)

    def add(self, *, requested: Decimal | None, computed: Decimal | None, suggested: Decimal | None,
            status: str, approved: Decimal | None, waiting: bool = False, code: str | None = None) -> None:
        self.claims += 1
        self.requested += requested_amount(requested, computed) or ZERO
        self.computed += computed or ZERO
        self.suggested += suggested_amount(status, suggested)
        self.approved += approved or ZERO
        self.as_computed += as_computed(requested, computed)
        self.waiting += bool(waiting)
        if code and code not in self.codes:
            self.codes.append(code)

    @property
    def requested_note(self) -> str:
        return f"（含{AS_COMPUTED} {self.as_computed} 项）" if self.as_computed else ""


def totals_of(items: Iterable[Any]) -> Totals:
    """Totals of claim-like objects with requested, computed, suggested, status and
    `effective` (or `approved`) and optionally `needs_decision`."""
    t = Totals()
    for c in items:
        approved = c.effective if hasattr(c, "effective") else c.approved
        t.add(requested=c.requested, computed=c.computed, suggested=c.suggested, status=c.status,
              approved=approved, waiting=getattr(c, "needs_decision", approved is None),
              code=getattr(c, "code", None))
    return t
