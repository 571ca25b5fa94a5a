"""What the engine counts under each cap besides the ledger, read for it (rules.usage knows
no tables): the claims of an enterprise's other open applications."""
from __future__ import annotations

import json
import sqlite3
from typing import NamedTuple

from workbench.core.store.audit import connection_of

__all__ = ["OpenClaim", "open_claims"]


class OpenClaim(NamedTuple):
    application_id: int
    source: str
    year: int
    line: int | None
    code: str
    project_key: str
    product_key: str
    voucher_key: str
    installment: str | None       # as read ('' or None: none)
    suggested_cents: int | None


def open_claims(conn: sqlite3.Connection, credit_code: str, exclude_id: int | None,
                skip: tuple[int, ...] = ()) -> list[OpenClaim]:
    """Claims (not rejected, with a code) of the enterprise's applications not finalized, but
    for `exclude_id` and `skip`, by application and row (for Store.usage_for, on its
    connection)."""
    return [OpenClaim(app_id, source, year, line, code, pk, prk, vk,
                      json.loads(inputs).get("installment"), cents)
            for app_id, source, year, line, code, pk, prk, vk, inputs, cents in connection_of(conn).execute(
                "SELECT a.id, a.source, a.year, c.line, c.code, c.project_key, c.product_key, "
                "c.voucher_key, c.inputs, c.suggested_cents FROM applications a JOIN claims c ON c.application_id = a.id "
                "WHERE a.credit_code = ? AND a.stage != 'finalized' AND a.id IS NOT ? "
                "AND a.id NOT IN (SELECT value FROM json_each(?)) "
                "AND c.status != 'reject' AND c.code IS NOT NULL ORDER BY a.id, c.row",
                [credit_code, exclude_id, json.dumps(list(skip))])]
