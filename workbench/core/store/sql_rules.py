"""The domain's counting rules as SQL over a claims row, for the listings that add up in the
database. Each says what its Python twin in the domain says (tests render every screen and
report for one batch and compare the figures)."""
from __future__ import annotations

from workbench.core.domain.workflow import MANUAL_CODES

__all__ = ["requested_sql", "suggested_sql", "needs_person_sql"]


def requested_sql(alias: str = "c") -> str:
    """totals.requested_amount: a blank request counts the computed amount."""
    return f"COALESCE({alias}.requested_cents, {alias}.computed_cents)"


def suggested_sql(alias: str = "c") -> str:
    """totals.suggested_amount: a rejected claim counts 0."""
    return f"CASE WHEN {alias}.status = 'reject' THEN 0 ELSE {alias}.suggested_cents END"


def needs_person_sql(alias: str = "c") -> str:
    """workflow.needs_explicit: a person must decide this claim."""
    codes = ", ".join(f"'{x}'" for x in MANUAL_CODES)
    a = alias
    return (f"({a}.status = 'manual' OR {a}.code IN ({codes}) OR {a}.suggested_cents IS NULL "
            f"OR ({a}.status = 'reject' AND {a}.computed_cents IS NULL))")
