"""Stored applications and their claims as they were read and settled: the applicant's facts,
each claim's findings, batches, and the amendments made after finalizing."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from workbench.core.domain.findings import dumps as dump_findings
from workbench.core.store.audit import connection_of

if TYPE_CHECKING:
    from workbench.core.domain.model import Finding
    from workbench.core.store.database import Store

__all__ = ["findings_by_claim", "applicant", "amendment_doc_nos", "batch_known",
           "stored_application", "stored_claims", "settled_claims", "findings_text",
           "update_settlement"]


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


# ---- settling again (recompute) -------------------------------------------------------------

def stored_application(store: Store, app_id: int) -> tuple[dict[str, Any], str, str]:
    """(applicant's facts, file sha256 or '', source) of a stored application."""
    a = connection_of(store).execute(
        "SELECT applicant, file_hash, source FROM applications WHERE id = ?", [app_id]).fetchone()
    return json.loads(a[0]), a[1] or "", a[2]


def stored_claims(store: Store, app_id: int) -> list[tuple[int, str | None, dict[str, str],
                                                         list[dict[str, Any]], list[dict[str, Any]]]]:
    """(row, raw code, inputs, reading problems, findings) of each claim as read, by row."""
    return [(row, raw_code, json.loads(inputs), json.loads(problems), json.loads(findings))
            for row, raw_code, inputs, problems, findings in connection_of(store).execute(
                "SELECT row, raw_code, inputs, problems, findings FROM claims "
                "WHERE application_id = ? ORDER BY row", [app_id])]


def settled_claims(store: Store, app_id: int) -> list[dict[str, Any]]:
    """id, row, line, code, status, computed_cents, suggested_cents and findings (as stored,
    see findings_text) of each claim, by row."""
    cur = connection_of(store).execute(
        "SELECT id, row, line, code, status, computed_cents, suggested_cents, "
        "findings FROM claims WHERE application_id = ? ORDER BY row", [app_id])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=False)) for r in cur]


def findings_text(findings: Iterable[Finding]) -> str:
    """Findings as a claim row stores them (equal text: equal findings)."""
    return dump_findings(list(findings))


def update_settlement(store: Store, claim_id: int, *, status: str, computed_cents: int | None,
                      suggested_cents: int | None, findings: str) -> None:
    """A claim settled again: its status, amounts and findings (as findings_text stores them)."""
    connection_of(store).execute(
        "UPDATE claims SET status = ?, computed_cents = ?, suggested_cents = ?, "
        "findings = ? WHERE id = ?",
        [status, computed_cents, suggested_cents, findings, claim_id])
