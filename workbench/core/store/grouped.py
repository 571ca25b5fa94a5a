"""Many applications per write transaction during an import, each one still whole or absent.

Why: an import used to commit once per application. Even without an fsync per commit
(`Store.import_durability`), every commit writes the pages it dirtied to the WAL again — the
same index and log pages, application after application — and takes and releases the write
lock. Grouping applications into one transaction writes those pages once per group.

What is kept:

- Each application is stored inside its own SAVEPOINT: an application that fails (a refusal,
  an SQLite error) is rolled back to that savepoint, the ones before it in the group stay.
- Each application's audit entry vouches for exactly that application's rows, as before:
  `audit.finish_transaction` (what `txn.write` calls before COMMIT) runs before each RELEASE,
  so the coverage digest and any anchor checkpoint are the same as with a commit per
  application.
- The write lock is held for one group at most (`MAX_SECONDS`, `MAX_ITEMS`), so another
  workbench waiting for it waits a fraction of a second longer at most; the group is
  committed when the import ends, is cancelled, or fails (the applications completed before
  an error are committed, the failing one is not).
- A crash of the process loses the group not yet committed: those applications are absent,
  never half-stored, and importing the same files again stores them (a stored file is
  recognised by its hash). See `Store.import_durability` for power cuts.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from workbench.core.store.audit import connection_of

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = ["GroupedWrites", "MAX_ITEMS", "MAX_SECONDS"]

# Small enough that a waiting workbench (busy timeout: seconds) and a crash lose little; large
# enough that the pages shared by every application are written once per many of them.
MAX_ITEMS = 64
MAX_SECONDS = 0.25

_SP = "wb_application"


class GroupedWrites:
    """`with group.item():` stores one application through the store; `group.close()` commits.

    Use as a context manager: leaving it commits whatever applications were completed, also
    when an exception leaves it (the exception then goes on).
    """

    def __init__(self, store: Store, *, max_items: int | None = None,
                 max_seconds: float | None = None):
        self.store = store
        self.conn = connection_of(store)
        self.max_items = MAX_ITEMS if max_items is None else max_items
        self.max_seconds = MAX_SECONDS if max_seconds is None else max_seconds
        self._open: ExitStack | None = None
        self._items = 0
        self._since = 0.0
        self.commits = 0

    def __enter__(self) -> GroupedWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def item(self) -> Iterator[None]:
        """One application: all of it, or nothing of it, inside the group's transaction."""
        if self._open is None:
            stack = ExitStack()
            # the store's outer transaction: BEGIN IMMEDIATE (StoreBusy on a long wait), COMMIT
            # at close; what the application's steps open inside it nests as savepoints
            stack.enter_context(self.store.transaction())
            self._open, self._items, self._since = stack, 0, time.monotonic()
        conn = self.conn
        conn.execute(f"SAVEPOINT {_SP}")
        try:
            yield
            from workbench.core.store.commit import finish_transaction

            finish_transaction(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO {_SP}")
                conn.execute(f"RELEASE {_SP}")
            raise
        conn.execute(f"RELEASE {_SP}")
        self._items += 1
        if self._items >= self.max_items or time.monotonic() - self._since >= self.max_seconds:
            self.close()

    def close(self) -> None:
        """Commit the applications stored so far (nothing to do when none is pending)."""
        stack, self._open = self._open, None
        if stack is None:
            return
        if not self.conn.in_transaction:
            # SQLite ended the transaction itself (a disk or memory error): nothing to commit,
            # and the error that did it is already on its way to the caller.
            try:
                stack.close()      # leaves the store's transaction (and its depth) as ended
            except sqlite3.Error:
                pass
            return
        stack.close()
        self.commits += 1
