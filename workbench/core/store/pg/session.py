"""A session the server dropped (a restart, the network, an administrator) and the new one
that replaces it.

The store keeps one connection open for as long as the window runs. When the server drops
its session, the next read or the next transaction's BEGIN opens a new session, set up as
the store opened the first (the lock wait, read-only, and the row-coverage tables the triggers
note changes into — without those a write would go unnoted). A statement inside a transaction
whose session died is not sent again: the server rolled back the transaction's earlier
statements, so the step is refused in Chinese and nothing of it is kept.
"""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.core.store.pg.connection import PgConnection

__all__ = ["dead", "may_send_again", "reconnect", "lost", "track"]


def dead(raw: Any) -> bool:
    return bool(raw.closed or raw.broken)


def may_send_again(conn: PgConnection, sql: str) -> bool:
    """A read or the start of a transaction, outside a transaction: safe on a new session. A
    write whose session died may or may not have been done; it fails instead."""
    return not conn.txn_open and sql.lstrip()[:6].upper() in ("SELECT", "BEGIN", "BEGIN ")


def track(conn: PgConnection, sql: str) -> None:
    """Whether a transaction is open, as this connection sent it (a dead session cannot say)."""
    head = sql.lstrip()[:8].upper()
    if head.startswith("BEGIN"):
        conn.txn_open = True
    elif head.startswith(("COMMIT", "END")) or (head == "ROLLBACK" and "SAVEPOINT" not in sql.upper()):
        conn.txn_open = False


def reconnect(conn: PgConnection) -> None:
    from workbench.core.store import coverage
    from workbench.core.store.opening import StoreError
    from workbench.core.store.pg.opening import connect_store, shown

    try:
        fresh = connect_store(conn.url)
    except StoreError as exc:
        raise sqlite3.OperationalError(f"与数据库服务器 {shown(conn.url)} 的连接已中断，重新连接未成功："
                                       f"{exc}") from None
    conn.replace_session(fresh.raw)
    conn.txn_open = False
    conn.execute(f"PRAGMA busy_timeout = {int(conn.busy_ms)}")
    if conn.read_only:
        conn.execute("PRAGMA query_only = ON")
    if conn.coverage_installed:
        conn.coverage_installed = False
        coverage.install(conn)  # type: ignore[arg-type]


def lost(conn: PgConnection, exc: BaseException) -> sqlite3.OperationalError:
    from workbench.core.store.pg.opening import shown

    conn.txn_open = False   # the server ended it: the next BEGIN starts a new session
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return sqlite3.OperationalError(
        f"与数据库服务器 {shown(conn.url)} 的连接已中断（服务器重启或网络断开）：这一步没有保存，"
        f"服务器已撤回未完成的部分；请再操作一次（{first}）")
