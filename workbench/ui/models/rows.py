"""The rows the tables show: small tuples with amounts in cents, cheap to hold 100,000 of.

They are built from what the core returns (ClaimResult lists from settle, rows from the
store) and carry no rule of their own; decisions and stages come from the core as values.
"""
from __future__ import annotations

from typing import NamedTuple

from workbench.core.domain.money import to_cents
from workbench.core.rules.result import ClaimResult

__all__ = ["ClaimRow", "AppRow", "claim_row_from_result"]


# ClaimRow and AppRow keep the field order of core.listing.ClaimLine and AppLine, so the
# listing builds them straight from its query rows (make=ClaimRow._make); a test checks it.
class ClaimRow(NamedTuple):
    key: object                 # claim id in the store, or (source, row) for an unsaved check
    application_id: object
    enterprise: str
    line: int | None
    code: str | None
    article: str
    project: str
    voucher: str
    requested: int | None       # cents
    computed: int | None
    suggested: int | None
    status: str                 # approve | reduce | reject | manual (the rules' conclusion)
    decided: int | None = None  # cents, the reviewer's amount once decided
    decision: str = ""          # the core's decision kind, "" while undecided
    row: int = 0                # worksheet row, for "申报事项!F7"-style locations


class AppRow(NamedTuple):
    id: object
    batch: str
    name: str
    credit_code: str
    year: int
    claims: int
    requested: int | None       # cents
    suggested: int | None
    decided: int | None
    stage: str                  # the core's stage name, shown through a label table
    source: str
    undecided: int = 0


def _cents(value) -> int | None:
    return None if value is None else to_cents(value)


def claim_row_from_result(r: ClaimResult, *, key=None, application_id=None, enterprise: str = "",
                          voucher: str = "") -> ClaimRow:
    return ClaimRow(
        key=key if key is not None else (application_id, r.row), application_id=application_id,
        enterprise=enterprise, line=r.line, code=r.code, article=r.article, project=r.project or "",
        voucher=voucher, requested=_cents(r.requested), computed=_cents(r.computed),
        suggested=_cents(r.suggested), status=r.status, row=r.row)
