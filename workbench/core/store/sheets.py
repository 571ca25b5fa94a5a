"""Which application a review sheet file belongs to, by the file's sha256.

Every sheet written by an export and every file a signature produces is a row of `sheets`
(its hash, the application, the application's batch and stage at that moment, the file's
name, the signer's role, who and when, and the audit entry that recorded it), written in the
same transaction as that entry, so the row is vouched for like every other covered row.
Signing and verifying look a file up here instead of searching the audit log's text.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from workbench.core.store import audit
from workbench.core.store.target import Target

__all__ = ["record", "application_of_hash", "SheetFile"]


class SheetFile(NamedTuple):
    sha256: str
    application: int
    file: str = ""
    role: str | None = None          # the signer's role, for a signed file


def record(target: Target, entry: audit.Entry, action: str, files: Iterable[SheetFile]) -> None:
    """Link each sheet file to its application, under the audit entry just appended."""
    conn = audit.connection_of(target)
    rows = []
    for sha, app_id, name, role in files:
        app = conn.execute("SELECT batch, stage FROM applications WHERE id = ?", [app_id]).fetchone()
        rows.append((sha, app_id, app[0] if app else None, app[1] if app else None, action, name,
                     role, entry.actor, entry.at, entry.seq))
    if rows:
        conn.executemany(
            "INSERT INTO sheets (sha256, application_id, batch, stage, action, file, role, actor, "
            "at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def application_of_hash(target: Target, sha256: str) -> int | None:
    """The application whose sheet had this sha256 when it was last exported or signed."""
    conn = audit.connection_of(target)
    row = conn.execute("SELECT application_id FROM sheets WHERE sha256 = ? "
                       "ORDER BY audit_seq DESC, id DESC LIMIT 1", [sha256]).fetchone()
    return row[0] if row else None
