"""Store.open / open_readonly / open_existing for a `postgresql://` address (office mode)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from workbench.core.store import coverage, txn
from workbench.core.store.migrations import migrations
from workbench.core.store.opening import (
    BUSY_TIMEOUT_S,
    StoreError,
    StoreMissing,
    StoreTooNew,
    known_migrations,
)
from workbench.core.store.pg.opening import connect_store, is_workbench_schema, login_of, shown

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = ["open_pg"]

Mode = Literal["write", "read", "look"]


def open_pg(cls: type[Store], url: str, mode: Mode, *, password: str | None = None) -> Store:
    """write: create or bring up to date, then work; read: look (a newer version's store
    read-only); look: only an existing workbench store. Nothing is written unless `write`."""
    from workbench.core.store.pg.connection import PgDatabase

    conn = connect_store(url, password=password)
    where = shown(url)
    try:
        ours = is_workbench_schema(conn)
        if ours is False:
            raise StoreError(f"{where} 不是工作台的数据库（其中已有别的程序的表，没有工作台的审计日志与"
                             "版本记录），未做任何改动")
        if ours is None and mode != "write":
            raise StoreMissing(f"数据库 {where} 中还没有工作台的数据（未创建）")
        db: Any = PgDatabase(conn)   # the part of sqlite-utils' Database the store uses
        txn.set_busy_timeout(conn, BUSY_TIMEOUT_S)
        txn.busy_timeout_from_env(conn)
        applied = {m.name for m in migrations.applied(db)} if ours else set()
        unknown = sorted(applied - set(known_migrations()))
        if unknown and mode == "write":
            raise StoreTooNew(where, unknown)
        readonly = mode != "write"
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        store = cls(db, None, readonly=readonly)
        store.url = where
        store.login = conn.login = login_of(conn)
        if unknown:
            store.unknown_migrations = unknown
            return store
        if readonly:
            if migrations.pending(db):
                raise StoreError(f"数据库 {where} 由较早版本的工作台写入，需先升级：请以可写方式打开一次"
                                 "（如在窗口中打开，或运行任一办理命令）")
            return store
        store._migrate()
        from workbench.core.store.pg.support import missing_triggers

        gone = missing_triggers(conn, coverage.covered_tables(conn))
        if gone:
            raise StoreError(f"数据库 {where} 中 {'、'.join(gone)} 表的审计触发器被删除或停用（有人改动了数据库结构），"
                             "为免写入不受审计链保护的数据，未做任何改动；请管理员运行 verify-store 并检查")
        coverage.install(conn)
        return store
    except BaseException:
        conn.close()
        raise
