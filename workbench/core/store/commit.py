"""What a write transaction does just before COMMIT: its last audit entry vouches for the rows
it changed, and an anchored action gets its signed checkpoint. txn.write calls it."""
from __future__ import annotations

import sqlite3

from workbench.core.store import coverage
from workbench.core.store.anchor import after_commit_entry
from workbench.core.store.chain import _vouch

__all__ = ["finish_transaction"]


def finish_transaction(conn: sqlite3.Connection) -> None:
    """Before COMMIT: the transaction's last entry vouches for the rows it changed (coverage).
    That entry is still the end of the chain, so its details and hash are written again."""
    if hasattr(conn, "run_together"):
        # On a server: the same statements in two round trips instead of a dozen.
        from workbench.core.store import vouch_pg

        vouch_pg.finish_transaction(conn)
        return
    taken = coverage.take(conn)
    if taken is None:
        return
    seq, covered = taken
    if covered:
        _vouch(conn, seq, covered)
    after_commit_entry(conn)
