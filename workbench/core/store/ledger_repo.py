"""The award ledger (资助台账) as the review writes and counts it: rows vouched for by an audit
entry, the groups the caps count, amendments. Amounts in the tables are INTEGER cents; what
leaves here is Decimal yuan, except the cents of rows being written (hashed as stored)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from workbench.core.domain.money import from_cents
from workbench.core.store import coverage
from workbench.core.store.audit import LEDGER_HASH_COLUMNS, connection_of, last_entry

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = [
    "LedgerGroup", "INSERT_COLUMNS", "groups_of_enterprises", "groups_sharing_vouchers",
    "next_entry_seq", "next_id", "insert_rows", "taken_row_keys", "held_for_claim", "uncovered_rows",
    "unsealed_rows", "seal_rows", "add_amendment",
]

# What a write of the ledger sets on every row (awards; `id` and the hash are given by the caller).
INSERT_COLUMNS = (
    "id", "credit_code", "name", "year", "code", "project", "project_key", "product",
    "product_key", "voucher", "voucher_key", "installment", "amount_cents", "doc_no", "source",
    "source_row", "row_key", "imported_at", "entry", "claim_id", "batch", "override",
    "audit_seq", "row_hash",
)

_GROUP = "code, credit_code, year, project_key, product_key, installment, voucher_key"
# What reversing entries (amendments) took back in a group, as a positive amount.
_REV = "SUM(CASE WHEN amount_cents < 0 THEN -amount_cents ELSE 0 END)"


class LedgerGroup(NamedTuple):
    """Ledger rows that count under the same caps, added up: `amount` net of reversals,
    `reversed` what reversing rows took back."""

    code: str
    credit_code: str
    year: int
    project_key: str
    product_key: str
    installment: int | None
    voucher_key: str
    amount: Decimal
    reversed: Decimal


def _groups(cursor: Iterable[tuple[Any, ...]]) -> list[LedgerGroup]:
    return [LedgerGroup(code, cc, year, pk, prk, inst, vk, from_cents(cents),
                        from_cents(rev or 0))
            for code, cc, year, pk, prk, inst, vk, cents, rev in cursor]


def groups_of_enterprises(store: Store, credit_codes: Iterable[str]) -> list[LedgerGroup]:
    return _groups(connection_of(store).execute(
        f"SELECT {_GROUP}, SUM(amount_cents), {_REV} FROM ledger WHERE credit_code IN "
        f"(SELECT value FROM json_each(?)) GROUP BY {_GROUP}", [json.dumps(sorted(credit_codes))]))


def groups_sharing_vouchers(store: Store, voucher_keys: Iterable[str],
                            other_than: Iterable[str]) -> list[LedgerGroup]:
    """Groups of enterprises not in `other_than` holding one of the voucher keys."""
    return _groups(connection_of(store).execute(
        f"SELECT {_GROUP}, SUM(amount_cents), {_REV} FROM ledger WHERE voucher_key IN "
        f"(SELECT value FROM json_each(?)) AND credit_code NOT IN (SELECT value FROM json_each(?)) "
        f"GROUP BY {_GROUP}", [json.dumps(sorted(voucher_keys), ensure_ascii=False),
                               json.dumps(sorted(other_than))]))


# ---- writing (inside the caller's Store.transaction) ----------------------------------------

def next_entry_seq(store: Store) -> int:
    """The seq the next audit entry will get (rows written under it carry it)."""
    return last_entry(connection_of(store))[0] + 1


def next_id(store: Store) -> int:
    return int(connection_of(store).execute(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM ledger").fetchone()[0])


def insert_rows(store: Store, rows: list[dict[str, Any]]) -> None:
    """Insert rows holding every INSERT_COLUMNS value, noted for coverage in one statement."""
    conn = connection_of(store)
    with coverage.noted_in_bulk(conn, "ledger", len(rows)):
        conn.executemany(
            f"INSERT INTO ledger ({', '.join(INSERT_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in INSERT_COLUMNS)})",
            map(_insert_values, rows))


_insert_values = itemgetter(*INSERT_COLUMNS)


def taken_row_keys(store: Store, keys: Iterable[str]) -> set[str]:
    """Which of these row keys the ledger already holds."""
    return {k for (k,) in connection_of(store).execute(
        "SELECT row_key FROM ledger WHERE row_key IN (SELECT value FROM json_each(?))",
        [json.dumps(list(keys))])}


def held_for_claim(store: Store, claim_id: int) -> Decimal:
    """What the ledger holds for a finalized claim, net of reversals."""
    return from_cents(connection_of(store).execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE claim_id = ?",
        [claim_id]).fetchone()[0])


def uncovered_rows(store: Store) -> int:
    """How many ledger rows no audit entry vouches for."""
    return int(connection_of(store).execute(
        "SELECT COUNT(*) FROM ledger WHERE row_hash IS NULL").fetchone()[0])


def unsealed_rows(store: Store) -> list[dict[str, Any]]:
    """The rows no audit entry vouches for, with the columns their hash covers, by id."""
    cols = list(LEDGER_HASH_COLUMNS)
    cur = connection_of(store).execute(
        f"SELECT {', '.join(cols)} FROM ledger WHERE row_hash IS NULL ORDER BY id")
    return [dict(zip(cols, r, strict=False)) for r in cur]


def seal_rows(store: Store, rows: list[dict[str, Any]]) -> None:
    """Record each row's audit_seq and row_hash (the only update a ledger row ever gets)."""
    connection_of(store).executemany("UPDATE ledger SET audit_seq = ?, row_hash = ? WHERE id = ?",
                                     [[r["audit_seq"], r["row_hash"], r["id"]] for r in rows])


def add_amendment(store: Store, *, claim_id: int, application_id: int, old_cents: int,
                  new_cents: int, reason: str, override_reason: str, override: bool,
                  doc_no: str, actor: str, at: str, seq: int) -> int:
    """Record an amendment of a finalized claim; returns its id."""
    cur = connection_of(store).execute(
        "INSERT INTO amendments (claim_id, application_id, old_cents, new_cents, reason, "
        "override_reason, override, doc_no, actor, at, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [claim_id, application_id, old_cents, new_cents, reason, override_reason,
         int(override), doc_no, actor, at, seq])
    assert cur.lastrowid is not None   # an INSERT sets it
    return cur.lastrowid
