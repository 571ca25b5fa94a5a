"""Whole-file copies of a store: SQLite's online backup into a .part file renamed when done,
and the copy taken before a migration. No import of the Store class, which uses it."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from workbench.core.domain.workflow import Refused

__all__ = ["copy_database", "before_migrating"]


def copy_database(src: sqlite3.Connection, dest_path: Path,
          progress: Callable[[int, int], None] | None) -> int:
    pages_total = [0]

    def cb(status: int, remaining: int, total: int) -> None:
        pages_total[0] = total
        if progress:
            progress(total - remaining, total)

    tmp = dest_path.with_name(dest_path.name + ".part")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        src.backup(dest, pages=1024, progress=cb)
        dest.execute("PRAGMA journal_mode = DELETE")   # a backup is one self-contained file
    finally:
        dest.close()
    tmp.replace(dest_path)
    return pages_total[0]


def before_migrating(store_path: str | Path, first_pending: str) -> Path:
    """Copy a store about to be migrated to backups/<stem>.before-<migration>-<time>.sqlite
    beside it, checked by SQLite's integrity_check; returns the copy. A copy that cannot be
    made or checked stops the migration (the store is left as it was)."""
    store_path = Path(store_path)
    folder = store_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{store_path.stem}.before-{first_pending}-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    src = sqlite3.connect(store_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        copy_database(src, dest, None)
    finally:
        src.close()
    check = sqlite3.connect(dest.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise Refused(f"升级前备份 {dest} 未通过完整性检查（{result}），未升级数据库")
    return dest
