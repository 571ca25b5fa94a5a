"""What others changed since the window last looked: the audit log's head and, from the
entries after it, which claims and applications to read again.

Every change to the review goes through the audit log (core.store.audit), so its last seq is a
cheap, exact "has anything changed" on either engine, and the entries' subjects name what.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.core.store.target import Target, connection_of

__all__ = ["Changes", "head", "changes_since"]

# Entries that change nothing a list shows (a copy, an export, the log's own seals).
_QUIET = frozenset({"backup", "export", "coverage_seal", "ledger_seal", "sign", "verify"})
_CLAIM = re.compile(r"^application:(?P<app>[^/]+)/claim:(?P<claim>\d+)$")
_APP = re.compile(r"^application:(?P<app>[^/]+)$")
# Above this many new entries the lists are read again whole rather than row by row.
MANY = 200


@dataclass
class Changes:
    head: int                                          # the log's last seq now
    claims: set[int] = field(default_factory=set)      # claims to read again
    applications: set[int | str] = field(default_factory=set)   # applications to read again
    everything: bool = False                           # batches or the lists changed

    @property
    def any(self) -> bool:
        return self.everything or bool(self.claims or self.applications)


def head(target: Target) -> int:
    """The seq of the audit log's last entry (0 for an empty log)."""
    row = connection_of(target).execute("SELECT MAX(seq) FROM audit_log").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def changes_since(target: Target, since: int) -> Changes:
    """What the entries after `since` changed. A log that went back (a restore) or many
    entries at once mean: read everything again."""
    now = head(target)
    changes = Changes(now)
    if now == since:
        return changes
    if now < since or now - since > MANY:
        changes.everything = True
        return changes
    rows = connection_of(target).execute(
        "SELECT action, subject FROM audit_log WHERE seq > ? ORDER BY seq", (since,)).fetchall()
    for action, subject in rows:
        if action in _QUIET:
            continue
        if m := _CLAIM.match(subject):
            changes.claims.add(int(m["claim"]))
            changes.applications.add(_app_id(m["app"]))
        elif (m := _APP.match(subject)) and action not in ("import", "replace"):
            changes.applications.add(_app_id(m["app"]))
        else:   # new applications, batches, ledger rows, finalize, reviewers …
            changes.everything = True
    return changes


def _app_id(text: str) -> int | str:
    return int(text) if text.isdigit() else text
