"""More read connections to a store file, each in a read transaction on the very snapshot the
verification's own connection reads, so that independent scans of a full `verify-store` run
side by side (SQLite lets go of the GIL while it steps; the machine has more than one core).

How the snapshot is made one: `PRAGMA data_version` of the main connection is read before the
readers start their transactions and again inside the main connection's own transaction,
begun after theirs. SQLite changes it exactly when another connection committed in between;
then the readers may see another state than the main connection, and they are closed: every
scan runs on the main connection as before (slower, never wrong). In WAL mode a reader keeps
the snapshot its transaction started with, whatever is committed later.

Only for a store file on SQLite; on PostgreSQL (one REPEATABLE READ snapshot) and in memory
there are no readers and everything runs on the main connection.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from workbench.core.store.verified import mapped

__all__ = ["Readers", "Job", "begin"]

T = TypeVar("T")


def _data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        side = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=10.0,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        mapped(side, path)
        side.execute("BEGIN")
        side.execute("SELECT COUNT(*) FROM main.sqlite_master").fetchone()   # the snapshot
    except sqlite3.Error:
        side.close()
        return None
    return side


class Job(Generic[T]):
    """fn(reader) in a thread of its own; result() waits. A job that failed with an SQLite
    error (or was stopped) has no result: `ran` is False and the caller does the work in line."""

    def __init__(self, conn: sqlite3.Connection, fn: Callable[[sqlite3.Connection], T], name: str):
        self._conn, self._fn = conn, fn
        self._out: tuple[T] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._out = (self._fn(self._conn),)
        except sqlite3.Error:
            pass
        except BaseException as exc:          # a bug: raised again where the result is taken
            self._error = exc

    def join(self) -> None:
        self._thread.join()

    @property
    def ran(self) -> bool:
        self.join()
        if self._error is not None:
            raise self._error
        return self._out is not None

    def result(self) -> T:
        if not self.ran:
            raise RuntimeError("the job did not run")
        assert self._out is not None
        return self._out[0]


class Readers:
    """The readers on the main connection's snapshot (possibly none)."""

    def __init__(self, conns: list[sqlite3.Connection]):
        self._free = list(conns)
        self._all = list(conns)
        self._jobs: list[Job[Any]] = []

    def __len__(self) -> int:
        return len(self._free)

    def start(self, fn: Callable[[sqlite3.Connection], T], name: str) -> Job[T] | None:
        """Run fn on a free reader in a thread; None when no reader is free (run it in line)."""
        if not self._free:
            return None
        job = Job(self._free.pop(), fn, name)
        self._jobs.append(job)
        return job

    def stop(self) -> None:
        """Interrupt what the readers run (the verification was stopped)."""
        for c in self._all:
            try:
                c.interrupt()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        for job in self._jobs:
            job.join()
        for c in self._all:
            try:
                c.close()
            except sqlite3.Error:
                pass
        self._all.clear()
        self._free.clear()


def begin(conn: sqlite3.Connection, path: Path | None, count: int) -> Readers:
    """BEGIN a read transaction on conn (not in one) and return up to `count` readers on the
    same snapshot (none in memory, on PostgreSQL, or when a commit came in between)."""
    if path is None or count <= 0:
        conn.execute("BEGIN")
        return Readers([])
    try:
        before = _data_version(conn)
    except sqlite3.Error:
        conn.execute("BEGIN")
        return Readers([])
    sides = [c for c in (_open(path) for _ in range(count)) if c is not None]
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT COUNT(*) FROM main.sqlite_master").fetchone()
        same = _data_version(conn) == before
    except sqlite3.Error:
        same = False
    readers = Readers(sides)
    if not same:
        readers.close()
        return Readers([])
    return readers
