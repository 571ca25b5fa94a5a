"""One write transaction for the review modules: BEGIN IMMEDIATE … COMMIT, or ROLLBACK.

BEGIN IMMEDIATE takes the write lock up front, so two workbenches on one store take turns
(SQLite waits up to the connection's busy timeout) instead of failing half-way; when the wait
is too long the caller gets `StoreBusy`, with a message a reviewer understands, and nothing
was written.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from workbench.core.store.target import HasDatabase, Target
from workbench.core.store.target import connection_of as _conn

__all__ = ["StoreBusy", "HasDatabase", "Target", "write", "savepoint", "set_busy_timeout", "busy_timeout_from_env"]




class StoreBusy(RuntimeError):
    """Another process held the store's write lock for longer than we were willing to wait."""


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def busy_message(conn: sqlite3.Connection) -> str:
    ms = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    return (f"数据库正忙：另一个工作台（或命令）正在写入，已等待 {ms / 1000:g} 秒仍未轮到，"
            "本次操作未做任何修改，请稍后重试")


def set_busy_timeout(target: Target, seconds: float) -> None:
    _conn(target).execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


def busy_timeout_from_env(target: Target) -> None:
    """WORKBENCH_BUSY_TIMEOUT (seconds) overrides the store's default wait."""
    value = os.environ.get("WORKBENCH_BUSY_TIMEOUT")
    if value:
        set_busy_timeout(target, float(value))


@contextmanager
def write(target: Target) -> Iterator[sqlite3.Connection]:
    conn = _conn(target)
    if conn.in_transaction:
        raise RuntimeError("nested write transaction")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _is_busy(exc):
            raise StoreBusy(busy_message(conn)) from exc
        raise
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            from workbench.core.store.commit import finish_transaction

            finish_transaction(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_busy(exc):
                raise StoreBusy(busy_message(conn)) from exc
            raise


@contextmanager
def savepoint(conn: sqlite3.Connection, depth: int) -> Iterator[sqlite3.Connection]:
    """A part of the caller's write transaction that is undone alone when it fails: the
    enclosing transaction goes on (or is rolled back by its own caller), and it alone commits
    and closes the audit entry's rows (`write`)."""
    name = f"workbench_{depth}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    else:
        conn.execute(f"RELEASE {name}")
