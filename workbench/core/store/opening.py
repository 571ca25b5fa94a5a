"""Opening a store file safely: the store's errors, and the read-only looks taken before
anything is written (is it ours, is it on a network share, which migrations it records)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from workbench.core.store.migrations import migrations
from workbench.core.store.network_fs import NetworkStore, refuse_network

__all__ = ["BUSY_TIMEOUT_S", "StoreError", "StoreMissing", "StoreTooNew",
           "check_workbench_file", "known_migrations"]

BUSY_TIMEOUT_S = 10.0


class StoreError(RuntimeError):
    """The store cannot be used as asked (message in Chinese)."""


def _refuse_network(path: Path) -> None:
    try:
        refuse_network(path)
    except NetworkStore as exc:
        raise StoreError(str(exc)) from None


def check_workbench_file(path: Path) -> None:
    """StoreError unless `path` is a SQLite file holding a workbench store (read-only look)."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据库文件 {path}：{exc}") from exc
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        ours = ("audit_log" in names and "migrations" in names and conn.execute(
            "SELECT COUNT(*) FROM migrations WHERE migration_set = 'workbench'").fetchone()[0] > 0)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} 不是工作台的数据库（不是 SQLite 文件或已损坏：{exc}），未做任何改动") from exc
    finally:
        conn.close()
    if not ours:
        raise StoreError(f"{path} 不是工作台的数据库（其中没有工作台的审计日志与版本记录），未做任何改动")


class StoreMissing(StoreError):
    """The store file named does not exist (a bad argument: nothing was created)."""


class StoreTooNew(StoreError):
    """The store records schema changes (migrations) this version does not know: a newer
    workbench wrote it. It may be looked at (Store.open_readonly), never written: writing
    could break what the newer version relies on."""

    def __init__(self, path: Path | str | None, unknown: list[str]) -> None:
        from workbench import __version__

        self.path, self.unknown = path, list(unknown)
        super().__init__(
            f"数据库 {path} 由较新版本的工作台写入（含本版本 {__version__} 不认识的结构变更："
            f"{'、'.join(unknown)}），为免损坏，本版本不会写入它，只能只读查看。"
            "请安装最新版本的工作台后再办理。")


def _probe(path: Path) -> tuple[list[str], list[str]]:
    """(applied, unknown) migration names of an existing store file, read without writing."""
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        db = Database(conn)
        applied = [m.name for m in migrations.applied(db)]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} 不是工作台的数据库（不是 SQLite 文件或已损坏：{exc}），未做任何改动") from exc
    finally:
        conn.close()
    known = set(known_migrations())
    return applied, [name for name in applied if name not in known]


def _refuse_foreign(db: Database, path: Path) -> None:
    """Another program's database (or a file that is not SQLite) is never made into a
    store: only a new or empty file is; a workbench store records its migrations."""
    try:
        names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        ours = "migrations" in names and db.conn.execute(
            "SELECT COUNT(*) FROM migrations WHERE migration_set = 'workbench'").fetchone()[0] > 0
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} 不是工作台的数据库（不是 SQLite 文件或已损坏：{exc}），未做任何改动") from exc
    if names and not ours:
        raise StoreError(f"{path} 不是工作台的数据库（是其他程序的 SQLite 数据库），不会在其中写入；"
                         "请用 --db 指定工作台的数据库，或一个新文件名")


def known_migrations() -> list[str]:
    """Every migration this version knows, in order (all are pending on an empty database)."""
    return [m.name for m in migrations.pending(Database(memory=True))]
