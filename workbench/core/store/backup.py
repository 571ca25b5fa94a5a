"""Backup, restore and the integrity check of a store.

A backup is a consistent copy made with SQLite's online backup API (readers and writers may
go on meanwhile; the copy is one snapshot, WAL content included), then checked: PRAGMA
integrity_check on the copy, and its audit chain. Restoring copies a checked backup over the
store through the same API, after saving the current store beside it, so a restore can itself
be undone; the restore is then recorded in the restored store's log.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from workbench.core.domain.workflow import Refused
from workbench.core.store import audit
from workbench.core.store.database import StoreError, check_workbench_file
from workbench.core.store.file_copy import copy_database as _copy
from workbench.core.store.reviewers import require
from workbench.core.store.target import Target, is_pg
from workbench.core.store.txn import write

__all__ = ["BackupReport", "backup", "restore", "check_store", "check_file"]


@dataclass
class BackupReport:
    path: Path
    pages: int
    bytes: int
    verify: audit.VerifyReport


def check_file(path: str | Path) -> audit.VerifyReport:
    """Integrity check and audit verification of a store file, opened read-only."""
    path = Path(path)
    if not path.is_file():
        raise Refused(f"找不到文件 {path}")
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        try:
            conn.execute("SELECT seq FROM audit_log LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise Refused(f"{path.name} 不是工作台的数据库（或已损坏）：{exc}") from exc
        return audit.verify_store(conn)
    finally:
        conn.close()


def check_store(store: Target) -> audit.VerifyReport:
    """The store integrity check: SQLite's integrity_check and foreign keys, the audit chain,
    and the ledger, decisions and stages against the log."""
    return audit.verify_store(store)


def _destination(dest: Path) -> Path:
    """Where the copy goes, checked before anything is recorded: the folder can be made and
    written to, and an existing file there is a workbench store (a backup being replaced),
    never another file (report.docx, another program's database)."""
    try:
        if dest.is_dir() or not dest.suffix:      # a folder: name the copy by the time
            dest.mkdir(parents=True, exist_ok=True)
            dest = dest / f"store-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refused(f"无法在 {dest.parent if dest.suffix else dest} 创建备份"
                      f"（{exc.strerror or exc}），未备份") from exc
    if dest.exists():
        if not dest.is_file():
            raise Refused(f"{dest} 不是文件，未备份")
        try:
            check_workbench_file(dest)
        except StoreError as exc:
            raise Refused(f"{dest} 已存在且不是工作台的数据库或备份，不会覆盖；请换一个文件名") from exc
    probe = dest.with_name(dest.name + ".part")
    try:
        with open(probe, "wb"):
            pass
        probe.unlink()
    except OSError as exc:
        raise Refused(f"无法写入备份位置 {dest.parent}（{exc.strerror or exc}），未备份") from exc
    return dest


def backup(store: Target, dest: str | Path, *, actor: str | None = None,
           progress: Callable[[int, int], None] | None = None) -> BackupReport:
    """Copy the store to `dest` (a file, or a folder — an existing file or a name without a
    suffix — where the copy is named by the time; an existing file is replaced only once the
    new copy is complete) and check the copy. With `actor`, the backup is recorded in the log first, so
    the copy contains the record of itself."""
    dest = _destination(Path(dest))
    conn = audit.connection_of(store)
    if actor:
        with write(conn):
            require(conn, actor)
            audit.record(conn, actor, "backup", "store", {"file": dest.name})
    try:
        if is_pg(conn):
            # Office mode: the backup is a SQLite store file, which opens on any PC.
            from workbench.core.store.engine_copy import copy_into_new

            part = dest.with_name(dest.name + ".part")
            part.unlink(missing_ok=True)
            pages = sum(copy_into_new(store, part, progress).values())
            part.replace(dest)
        else:
            pages = _copy(conn, dest, progress)
    except (OSError, sqlite3.Error) as exc:
        # The entry is already in the log (the copy carries the record of itself); say
        # plainly that this copy did not happen.
        dest.with_name(dest.name + ".part").unlink(missing_ok=True)
        raise Refused(f"备份未完成：无法写入 {dest}（{exc}）") from exc
    report = BackupReport(dest, pages, dest.stat().st_size, check_file(dest))
    return report


def restore(backup_path: str | Path, store_path: str | Path, actor: str, *,
            progress: Callable[[int, int], None] | None = None) -> tuple[Path | None, audit.VerifyReport]:
    """Replace the store at `store_path` by the backup, which must pass its checks. The
    current store is first saved as <store>.before-restore-<time>.sqlite (returned). The
    actor must be a reviewer in the backup."""
    backup_path, store_path = Path(backup_path), Path(store_path)
    report = check_file(backup_path)
    if not report.ok:
        raise Refused(f"备份文件未通过检查，不能恢复：{report.first}")
    src = sqlite3.connect(backup_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        require(src, actor)
        saved = None
        if store_path.exists():
            saved = store_path.with_name(
                f"{store_path.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}{store_path.suffix}")
            cur = sqlite3.connect(str(store_path))
            try:
                _copy(cur, saved, None)
            finally:
                cur.close()
        target = sqlite3.connect(str(store_path), timeout=10)
        try:
            with write(target):
                pass                      # fail early (StoreBusy) if someone is writing
            src.backup(target, pages=1024,
                       progress=(lambda s, r, t: progress(t - r, t)) if progress else None)
            target.execute("PRAGMA journal_mode = WAL")
            with write(target):
                audit.record(target, actor, "restore", "store",
                             {"from": backup_path.name, "saved": saved.name if saved else None})
            result = audit.verify_store(target)
        finally:
            target.close()
    finally:
        src.close()
    return saved, result
