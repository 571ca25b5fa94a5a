"""A batch's budgets (per article, or in total under the article ''), and the decisions a
budget reduction wrote."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from workbench.core.domain.money import from_cents, to_cents
from workbench.core.store.audit import connection_of

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = ["budgets", "set_budget", "remove_budget", "budget_made_claims"]


def budgets(store: Store, batch: str) -> dict[str, Decimal]:
    """The batch's budget per article ('' for the whole batch)."""
    return {a: from_cents(c) for a, c in connection_of(store).execute(
        "SELECT article, amount_cents FROM budgets WHERE batch = ?", [batch])}


def set_budget(store: Store, batch: str, article: str, amount: Decimal, actor: str, at: str,
               seq: int) -> None:
    connection_of(store).execute(
        "INSERT INTO budgets (batch, article, amount_cents, set_by, at, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (batch, article) DO UPDATE SET "
        "amount_cents = excluded.amount_cents, set_by = excluded.set_by, at = excluded.at, "
        "audit_seq = excluded.audit_seq", [batch, article, to_cents(amount), actor, at, seq])


def remove_budget(store: Store, batch: str, article: str) -> None:
    connection_of(store).execute("DELETE FROM budgets WHERE batch = ? AND article = ?",
                                 [batch, article])


def budget_made_claims(store: Store, batch: str) -> set[int]:
    """Claims of the batch whose decision a budget reduction wrote."""
    return {r[0] for r in connection_of(store).execute(
        "SELECT d.claim_id FROM decisions d JOIN applications a ON a.id = d.application_id "
        "WHERE a.batch = ? AND d.source = 'budget'", [batch])}
