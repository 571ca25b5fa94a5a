"""Where a reviewer's PC keeps the workbench's data: one folder for the store, its keys,
backups and the window's settings.

The folder is the platform's *local* (not roaming) application-data folder, via platformdirs:
on Windows %LOCALAPPDATA%\\guangming-workbench, so that neither the store nor the root private
key travels with a roaming profile to every PC the reviewer logs on to; on Linux
$XDG_DATA_HOME/guangming-workbench (~/.local/share/…). WORKBENCH_HOME overrides it (tests,
portable installs, an IT-managed location).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

__all__ = ["APP_DIR_NAME", "data_dir", "default_store_path", "store_arg", "local_folder_of", "store_in_data_folder", "settings_file", "roaming_dir",
           "adopt_roaming_data"]

APP_DIR_NAME = "guangming-workbench"
STORE_NAME = "store.sqlite"
SETTINGS_NAME = "settings.ini"


def _platform_dirs(platform: str):
    if platform == "win32":
        from platformdirs.windows import Windows as Dirs
    elif platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Dirs(APP_DIR_NAME, appauthor=False, roaming=False)


def data_dir(platform: str | None = None) -> Path:
    """The workbench's data folder (not created)."""
    base = os.environ.get("WORKBENCH_HOME")
    if base:
        return Path(base)
    return Path(_platform_dirs(platform or sys.platform).user_data_dir)


def default_store_path() -> Path:
    return data_dir() / STORE_NAME


def settings_file() -> Path:
    """The window's settings, beside the store (an ini file on every platform)."""
    return data_dir() / SETTINGS_NAME


def roaming_dir() -> Path | None:
    """Where versions up to 0.1 kept the store on Windows (the roaming profile)."""
    if sys.platform != "win32" or os.environ.get("WORKBENCH_HOME"):
        return None
    appdata = os.environ.get("APPDATA")
    return Path(appdata) / APP_DIR_NAME if appdata else None


def adopt_roaming_data(old: Path | None, new: Path) -> Path | None:
    """Move an older version's data folder (store, WAL, keys, backups) from `old` to `new`
    when `new` holds no store yet; returns the folder moved from, or None.

    Moved, not copied: a copy would leave the root private key in the roaming profile. Nothing
    is moved when the new folder already has a store (the newer data wins, the old is left)."""
    if old is None or not (old / STORE_NAME).is_file() or (new / STORE_NAME).exists():
        return None
    new.mkdir(parents=True, exist_ok=True)
    for item in old.iterdir():
        target = new / item.name
        if target.exists():
            continue
        shutil.move(str(item), str(target))
    return old


def store_in_data_folder() -> Path:
    """The default store, once an older version's data in the Windows roaming profile has been
    moved to the local folder: what the command line and the window open when none is chosen."""
    adopt_roaming_data(roaming_dir(), data_dir())
    return default_store_path()


def store_arg(text: str) -> str | Path:
    """--db: a store file (a Path), or a PostgreSQL server's address kept as it is (office
    mode: `postgresql://…`, which a Path would mangle)."""
    from workbench.core.store.pg.opening import is_url

    return text if is_url(text) else Path(text)


def local_folder_of(store: str | Path) -> Path:
    """Where this PC keeps what lives beside a store (keys/, backups/, anchors): the store
    file's folder, or for a store on a server, this PC's own data folder."""
    from workbench.core.store.pg.opening import is_url

    if is_url(store):
        return default_store_path()
    return Path(store)
