"""Stored applications and their claims as they were read and settled: the applicant's facts,
each claim's findings, batches, and the amendments made after finalizing."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from workbench.core.store.audit import connection_of

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = ["findings_by_claim", "applicant", "amendment_doc_nos", "batch_known"]


def findings_by_claim(store: Store, app_id: int) -> dict[int, list[dict[str, Any]]]:
    """The settled findings of each claim of an application, by claim id."""
    return {cid: json.loads(f or "[]") for cid, f in connection_of(store).execute(
        "SELECT id, findings FROM claims WHERE application_id = ?", [app_id])}


def applicant(store: Store, app_id: int) -> dict[str, Any]:
    """The applicant's facts as read from the workbook ({} when absent or unreadable)."""
    row = connection_of(store).execute(
        "SELECT applicant FROM applications WHERE id = ?", [app_id]).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}


def amendment_doc_nos(store: Store, app_id: int) -> list[str]:
    """Document numbers of the amendments of an application's claims, oldest first."""
    try:
        rows = connection_of(store).execute(
            "SELECT DISTINCT m.doc_no FROM amendments m JOIN claims c ON c.id = m.claim_id "
            "WHERE c.application_id = ? ORDER BY m.id", [app_id]).fetchall()
    except Exception:  # noqa: BLE001 - a store from before amendments existed
        return []
    return [r[0] for r in rows if r[0]]


def batch_known(store: Store, batch: str) -> bool:
    """A batch of that name was created, or applications carry its name."""
    conn = connection_of(store)
    return bool(conn.execute("SELECT 1 FROM batches WHERE name = ?", [batch]).fetchone()
                or conn.execute("SELECT 1 FROM applications WHERE batch = ?", [batch]).fetchone())
