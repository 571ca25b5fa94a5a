"""The rows the tables show: small tuples with amounts in cents, cheap to hold 100,000 of.

They are built from what the core returns (ClaimResult lists from settle, rows from the
store) and carry no rule of their own; decisions and stages come from the core as values.
"""
from __future__ import annotations

from workbench.core.domain.money import to_cents
from workbench.core.rules.result import ClaimResult
from workbench.core.store.listing import AppLine, ClaimLine

__all__ = ["ClaimRow", "AppRow", "claim_row_from_result"]


# The one list row of a claim and of an application: the store's listing makes them and the
# window shows them as they are.
ClaimRow = ClaimLine
AppRow = AppLine


def _cents(value) -> int | None:
    return None if value is None else to_cents(value)


def claim_row_from_result(r: ClaimResult, *, key=None, application_id=None, enterprise: str = "",
                          voucher: str = "") -> ClaimRow:
    return ClaimRow(
        key=key if key is not None else (application_id, r.row), application_id=application_id,
        enterprise=enterprise, line=r.line, code=r.code, article=r.article, project=r.project or "",
        voucher=voucher, requested=_cents(r.requested), computed=_cents(r.computed),
        suggested=_cents(r.suggested), status=r.status, row=r.row)
