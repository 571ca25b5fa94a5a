"""Batches (申报批次) and what importing into them stores beside the application itself:
earlier versions of a resubmitted application, replacements."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from workbench.core.store.audit import connection_of
from workbench.core.store.reviewers import find_read
from workbench.core.store.target import fetch_together, run_together
from workbench.core.store.usage_repo import usage_reads

if TYPE_CHECKING:
    from workbench.core.domain.model import Application
    from workbench.core.store.database import Store

__all__ = [
    "Batch", "StoredVersion", "add_batch", "list_batches", "by_file_hash", "versions",
    "earlier_versions", "decided_claims", "forget_vouchers", "delete_application",
    "add_replacement", "set_stage_seq", "open_applications_of", "ReadAhead", "read_ahead",
    "set_stage_seq_then_open_others",
]


@dataclass(frozen=True)
class Batch:
    id: int
    name: str
    note: str
    created_at: str
    created_by: str
    applications: int = 0
    finalized: int = 0


class StoredVersion(NamedTuple):
    """A stored application as a resubmission sees it."""

    id: int
    stage: str
    file_hash: str | None
    source: str


def add_batch(store: Store, name: str, note: str, at: str, actor: str, seq: int) -> int:
    cur = connection_of(store).execute(
        "INSERT INTO batches (name, note, created_at, created_by, audit_seq) "
        "VALUES (?, ?, ?, ?, ?)", [name, note, at, actor, seq])
    assert cur.lastrowid is not None   # an INSERT sets it
    return cur.lastrowid


def list_batches(store: Store) -> list[Batch]:
    """Every batch, oldest first, with how many applications it holds and how many are finalized."""
    return [Batch(*r) for r in connection_of(store).execute(
        "SELECT b.id, b.name, b.note, b.created_at, b.created_by, COUNT(a.id), "
        "COALESCE(SUM(CASE WHEN a.stage = 'finalized' THEN 1 ELSE 0 END), 0) "
        "FROM batches b LEFT JOIN applications a ON a.batch = b.name GROUP BY b.id ORDER BY b.id")]


_BY_FILE_HASH = "SELECT id, batch FROM applications WHERE file_hash = ?"


def by_file_hash(store: Store, file_hash: str) -> tuple[int, str | None] | None:
    """(id, batch) of the application stored from the file with this sha256, or None."""
    row = connection_of(store).execute(_BY_FILE_HASH, [file_hash]).fetchone()
    return None if row is None else (row[0], row[1])


class ReadAhead(NamedTuple):
    """What storing an application into a batch reads first, read in one go (read_ahead)."""

    reviewer: list[Any]                       # rows of reviewers.find_read
    stored: tuple[int, str | None] | None     # by_file_hash
    earlier: list[StoredVersion]              # earlier_versions
    usage_rows: list[list[Any]]               # usage_repo.usage_reads (no application skipped)


def read_ahead(store: Store, app: Application, *, batch: str, actor: str, voucher_keys: list[str],
               projects: list[str]) -> ReadAhead:
    """reviewers.find_read, by_file_hash, earlier_versions and usage_for's reads, which do
    not depend on each other, in one round trip on a server (one after the other on SQLite)."""
    assert app.applicant is not None and app.file_hash
    found = fetch_together(store, [
        find_read(actor), (_BY_FILE_HASH, [app.file_hash]),
        _earlier_sql(batch, app.applicant.credit_code, app.applicant.year, voucher_keys, projects),
        *usage_reads(app)])
    stored = (found[1][0][0], found[1][0][1]) if found[1] else None
    return ReadAhead(found[0], stored, [StoredVersion(*r) for r in found[2]], found[3:])


def versions(store: Store, app_id: int) -> list[StoredVersion]:
    """The application with this id as a StoredVersion (empty: there is none)."""
    return [StoredVersion(*r) for r in connection_of(store).execute(
        "SELECT id, stage, file_hash, source FROM applications WHERE id = ?", [app_id])]


def earlier_versions(store: Store, *, batch: str, credit_code: str, year: int,
                     voucher_keys: list[str], projects: list[str]) -> list[StoredVersion]:
    """The enterprise's applications in the batch for that year with a claim of one of the
    voucher keys, or of one of the projects ('code' + chr(31) + project key), by id."""
    sql, params = _earlier_sql(batch, credit_code, year, voucher_keys, projects)
    return [StoredVersion(*r) for r in connection_of(store).execute(sql, params).fetchall()]


def _earlier_sql(batch: str, credit_code: str, year: int, voucher_keys: list[str],
                 projects: list[str]) -> tuple[str, list[Any]]:
    return ("SELECT a.id, a.stage, a.file_hash, a.source FROM applications a "
            "WHERE a.batch IS ? AND a.credit_code = ? AND a.year = ? AND EXISTS ("
            "  SELECT 1 FROM claims c WHERE c.application_id = a.id AND ("
            "    (c.voucher_key <> '' AND c.voucher_key IN (SELECT value FROM json_each(?)))"
            "    OR (c.project_key <> '' AND COALESCE(c.code, '') || char(31) || c.project_key"
            "        IN (SELECT value FROM json_each(?)))))"
            " ORDER BY a.id",
            [batch, credit_code, year, json.dumps(voucher_keys),
             json.dumps(projects, ensure_ascii=False)])


def decided_claims(store: Store, app_id: int) -> list[int]:
    """Claims of the application that carry a decision."""
    return [r[0] for r in connection_of(store).execute(
        "SELECT claim_id FROM decisions WHERE application_id = ?", [app_id])]


def forget_vouchers(store: Store, app_id: int) -> None:
    """The application's vouchers stop counting as seen (it is being replaced)."""
    connection_of(store).execute("UPDATE claims SET voucher_key = '' WHERE application_id = ?",
                                 [app_id])


def delete_application(store: Store, app_id: int) -> None:
    connection_of(store).execute("DELETE FROM applications WHERE id = ?", [app_id])


def add_replacement(store: Store, *, batch: str | None, credit_code: str, old: StoredVersion,
                    new_application: int, reason: str, actor: str, at: str, seq: int) -> None:
    connection_of(store).execute(
        "INSERT INTO replacements (batch, credit_code, old_application, old_file_hash, "
        "old_source, new_application, reason, actor, at, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch, credit_code, old.id, old.file_hash, old.source, new_application, reason,
         actor, at, seq])


_SET_STAGE_SEQ = "UPDATE applications SET stage_seq = ? WHERE id = ?"
_OPEN_OF = "SELECT id FROM applications WHERE credit_code = ? AND stage != 'finalized' AND id != ?"


def set_stage_seq(store: Store, app_id: int, seq: int) -> None:
    """The audit entry that set the application's current stage."""
    connection_of(store).execute(_SET_STAGE_SEQ, [seq, app_id])


def open_applications_of(store: Store, credit_code: str, *, other_than: int) -> list[int]:
    """The enterprise's applications not finalized, but for one."""
    return [r[0] for r in connection_of(store).execute(_OPEN_OF, [credit_code, other_than])]


def set_stage_seq_then_open_others(store: Store, app_id: int, seq: int, credit_code: str) -> list[int]:
    """set_stage_seq, then open_applications_of(credit_code, other_than=app_id), in order
    (on a server in one round trip; the UPDATE's own error, if any, is raised here)."""
    _, rows = run_together(store, [(_SET_STAGE_SEQ, [seq, app_id]), (_OPEN_OF, [credit_code, app_id])])
    return [r[0] for r in rows]
