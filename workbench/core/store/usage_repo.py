"""What the engine counts under each cap besides the ledger, read for it (rules.usage knows
no tables): the claims of an enterprise's other open applications."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from workbench.core.domain.model import Application, Claim, VoucherPlace, voucher_key
from workbench.core.rules.ruleset import RuleSet
from workbench.core.rules.usage import Usage, ledger_place
from workbench.core.store.audit import connection_of
from workbench.core.store.target import fetch_together

__all__ = ["OpenClaim", "open_claims", "usage_for", "usage_reads", "usage_from"]

# A ledger row as Usage.add_ledger_rows takes it. The rows are summed per cap key in Python
# (as integer cents): a GROUP BY here would sort them in a temporary B-tree first, and the
# groups are nearly as many as the rows (the voucher is one of the keys).
_ROW_COLUMNS = "code, credit_code, year, project_key, product_key, installment, voucher_key, amount_cents"


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


# The claims of the enterprise's applications not finalized (rejected and code-less ones aside),
# but for the application stored from the same file (file_hash) and those in `skip`.
_OPEN_CLAIMS = (
    "SELECT a.id, a.source, a.year, c.line, c.code, c.project_key, c.product_key, "
    "c.voucher_key, c.inputs, c.suggested_cents FROM applications a JOIN claims c ON c.application_id = a.id "
    "WHERE a.credit_code = ? AND a.stage != 'finalized' AND a.id {exclude} "
    "AND a.id NOT IN (SELECT value FROM json_each(?)) "
    "AND c.status != 'reject' AND c.code IS NOT NULL ORDER BY a.id, c.row")
# The stored application made from a file (Store.find_application): none for no hash.
_STORED = "SELECT id FROM applications WHERE file_hash = ?"


def _open_claims(rows: list[tuple[Any, ...]]) -> list[OpenClaim]:
    return [OpenClaim(app_id, source, year, line, code, pk, prk, vk,
                      json.loads(inputs).get("installment"), cents)
            for app_id, source, year, line, code, pk, prk, vk, inputs, cents in rows]


def open_claims(conn: sqlite3.Connection, credit_code: str, exclude_id: int | None,
                skip: tuple[int, ...] = ()) -> list[OpenClaim]:
    """Claims (not rejected, with a code) of the enterprise's applications not finalized, but
    for `exclude_id` and `skip`, by application and row (for Store.usage_for, on its
    connection)."""
    return _open_claims(connection_of(conn).execute(
        _OPEN_CLAIMS.format(exclude="IS NOT ?"), [credit_code, exclude_id, json.dumps(list(skip))]).fetchall())


def _voucher_key(claim: Claim) -> str:
    """claim.voucher_key, with fold's plain-ASCII case inline."""
    v = claim.voucher
    if v.__class__ is str and v.isascii():
        return " ".join(v.split()).casefold()
    return voucher_key(v)


def usage_for(store: Any, app: Application, rules: RuleSet, *, skip: tuple[int, ...] = ()) -> Usage:
    """The engine's view of the store for one application, with a few indexed queries.

    Holds: every ledger group of the applicant (all codes and years: caps across years and
    projects, the year total for the fiscal-contribution rule); ledger groups of other
    enterprises that share a voucher key with the application (a standard number is once
    only across all enterprises); and every place a voucher of the application was seen
    before, in the ledger or in another stored application. The stored application made
    from the same file (same file_hash) is not "another" application.

    The reads do not depend on each other's results (the stored application is a sub-query
    in the two that leave it out), so on a server they go in one round trip.
    """
    return usage_from(store, app, rules, fetch_together(store.db.conn, usage_reads(app, skip)))


def usage_reads(app: Application, skip: tuple[int, ...] = ()) -> list[tuple[str, list[Any]]]:
    """The reads of usage_for, independent of each other (to be sent with others)."""
    credit_code = app.applicant.credit_code if app.applicant else ""
    keys = sorted({k for k in map(_voucher_key, app.claims) if k})
    keys_json = json.dumps(keys, ensure_ascii=False)
    in_keys = "voucher_key IN (SELECT value FROM json_each(?))"
    file_hash = app.file_hash or None
    statements: list[tuple[str, list[Any]]] = [
        (f"SELECT {_ROW_COLUMNS} FROM ledger WHERE credit_code = ?", [credit_code]),
        (_STORED, [file_hash]),
        # `skip`: being replaced
        (_OPEN_CLAIMS.format(exclude=f"NOT IN ({_STORED})"), [credit_code, file_hash, json.dumps(list(skip)) if skip else "[]"]),
    ]
    if keys:
        statements += [
            (f"SELECT {_ROW_COLUMNS} FROM ledger WHERE {in_keys} AND credit_code != ?", [keys_json, credit_code]),
            ("SELECT credit_code, name, year, code, project, product, voucher, installment, "
             f"amount_cents, doc_no, voucher_key FROM ledger WHERE {in_keys} ORDER BY id", [keys_json]),
            # Only the later of two claims of one voucher is flagged: an application already
            # in the store sees the applications stored before it, never itself or later ones.
            ("SELECT c.voucher_key, a.name, a.source, c.row FROM claims c "
             "JOIN applications a ON a.id = c.application_id "
             f"WHERE c.{in_keys} AND NOT EXISTS (SELECT 1 FROM applications s "
             "WHERE s.file_hash = ? AND s.id <= a.id) ORDER BY a.id, c.row", [keys_json, file_hash]),
        ]
    return statements


def usage_from(store: Any, app: Application, rules: RuleSet, found: list[list[Any]]) -> Usage:
    """usage_for's Usage from the rows of its reads (usage_reads), in order."""
    usage = Usage(rules)
    credit_code = app.applicant.credit_code if app.applicant else ""
    keys = len(found) > 3          # the voucher reads were sent (usage_reads)
    usage.add_ledger_rows(found[0])
    stored_id = found[1][0][0] if found[1] else None
    usage.add_open_claims(_open_claims(found[2]), credit_code, stored_id)
    if not keys:
        return usage
    usage.add_ledger_rows(found[3])
    for row in found[4]:
        usage.add_voucher(row[10], ledger_place(store._award(row)))
    for vk, name, source, row in found[5]:
        usage.add_voucher(vk, VoucherPlace(
            "application", f"已导入申报 {name} {Path(source).name} 第{row}行"))
    return usage
