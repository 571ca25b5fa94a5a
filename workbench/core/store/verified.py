"""The verified mark: what the last full `verify-store` of a store found intact, kept outside it.

A full verification reads every row of a million-row store (tens of seconds on a busy PC). When
it finds nothing wrong it leaves a mark in the user's local data folder (never in the store
file, which anyone who can edit the store could also edit):

    {"path": the store file, "files": sha256 over the store file's and its WAL's bytes,
     "head": [seq, hash] of the log's last entry, "entries", "ledger_rows", "decisions": counts,
     "at": when, "mac": HMAC-SHA256 over the rest with this PC's mark key}

The next verification hashes the store file and its WAL again; when the bytes are exactly those
that were verified, every row, hash, entry and index is what the full check saw, and only the
checks that depend on things outside the file (the trusted roots, `--require-checkpoints`, the
sheets' heads) run again, on the log entries they concern (checkpoints, the actions that need
one, the entries they and the sheets name): the time does not grow with the log or the rows. Any change to the file since — an import, a decision, an
edit with the `sqlite3` program, a checkpoint of the WAL — changes the bytes, and the full check
runs (and leaves a new mark when it passes). So the mark never lets a change made after it go
unverified: the fast path is taken only when there is no change.

The mark is authenticated with a random key kept beside it (0600, folder 0700), so a mark
copied from another PC or written by hand is ignored. Someone who can write the user's data
folder can forge a mark (as they can replace the keys folder's root, README "Not resisted").
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.core.store.chain import VerifyReport

__all__ = ["ENV", "folder", "store_file", "fingerprint", "Fingerprint", "load", "save", "forget", "Beside", "mapped"]

ENV = "WORKBENCH_VERIFIED"
_KEY = "mark.key"
_CHUNK = 1 << 20


def folder() -> Path:
    """$WORKBENCH_VERIFIED, else `verified/` in the user's local data folder."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "guangming-workbench" / "verified"


def store_file(conn: sqlite3.Connection) -> Path | None:
    """The file behind the connection's main database (None in memory)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file).resolve() if file else None
    return None


def fingerprint(path: Path) -> str | None:
    """sha256 over the store file's bytes and its WAL's (sizes framed); None if unreadable."""
    h = hashlib.sha256()
    try:
        for label, part in (("main", path), ("wal", Path(str(path) + "-wal"))):
            try:
                f = open(part, "rb")
            except FileNotFoundError:
                if part == path:
                    return None
                h.update(b"no-wal\n")
                continue
            with f:
                size = os.fstat(f.fileno()).st_size
                h.update(f"{label}:{size}\n".encode("ascii"))
                while chunk := f.read(_CHUNK):
                    h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


class Fingerprint:
    """fingerprint(path) worked out in a thread; result() waits for it."""

    def __init__(self, path: Path) -> None:
        self._out: str | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), name="verify-fingerprint",
                                        daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        self._out = fingerprint(path)

    def result(self) -> str | None:
        self._thread.join()
        return self._out


def _mark_path(path: Path) -> Path:
    return folder() / (hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:40] + ".json")


def _key(create: bool) -> bytes | None:
    p = folder() / _KEY
    try:
        data = p.read_bytes()
        return data if len(data) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    d = folder()
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(d, 0o700)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:          # made meanwhile by another verification
        return _key(False)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


def _mac(key: bytes, body: dict[str, Any]) -> str:
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, data.encode("utf-8"), hashlib.sha256).hexdigest()


def load(path: Path) -> dict[str, Any] | None:
    """The mark for this store file, if there is one and it is authentic."""
    key = _key(False)
    if key is None:
        return None
    try:
        mark = json.loads(_mark_path(path).read_text(encoding="utf-8"))
        body = {k: v for k, v in mark.items() if k != "mac"}
        if not hmac.compare_digest(str(mark.get("mac", "")), _mac(key, body)):
            return None
        if body.get("path") != str(path):
            return None
        return body
    except (OSError, ValueError, AttributeError):
        return None


def save(path: Path, files: str, head: tuple[int, str], report: VerifyReport) -> None:
    """Record a full verification that passed (a failure to write it only costs speed)."""
    try:
        key = _key(True)
        if key is None:
            return
        body = {"path": str(path), "files": files, "head": [head[0], head[1]],
                "entries": report.entries, "ledger_rows": report.ledger_rows,
                "decisions": report.decisions,
                "at": datetime.now(UTC).isoformat(timespec="seconds")}
        target = _mark_path(path)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({**body, "mac": _mac(key, body)}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def forget(path: Path) -> None:
    try:
        _mark_path(path).unlink()
    except OSError:
        pass


# Reading a million-row store page by page through read() is most of a full verification's
# time (SQLite's own cache is 2 MB); mapped, the same pages are read from the page cache
# without a system call each (integrity_check 38 s -> 9 s on the development VM). Reads only:
# the verification connections never write.
MMAP_LIMIT = 1 << 36


def mapped(conn: sqlite3.Connection, path: Path | None) -> Callable[[], None]:
    """Map the store file into memory for this connection while it reads it all; returns
    a function that puts the previous setting back."""
    if path is None:
        return lambda: None
    try:
        size = os.stat(path).st_size
        before = conn.execute("PRAGMA mmap_size").fetchone()[0]
        conn.execute(f"PRAGMA mmap_size = {min(size + (64 << 20), MMAP_LIMIT)}").fetchall()
    except (OSError, sqlite3.Error):
        return lambda: None

    def restore() -> None:
        try:
            conn.execute(f"PRAGMA mmap_size = {int(before)}").fetchall()
        except sqlite3.Error:
            pass
    return restore


class Beside:
    """`check(connection)` on a read-only connection of its own to the store file, in a
    thread, while the caller reads the rows. `result()` is None if it could not run (the
    caller then runs the check in line)."""

    def __init__(self, path: Path, check: Callable[[sqlite3.Connection], Any]) -> None:
        self._out: tuple[Any, ...] | None = None
        self._conn: sqlite3.Connection | None = None
        self._stopped = False
        self._path, self._check = path, check
        self._thread = threading.Thread(target=self._run, name="verify-integrity", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path.as_uri() + "?mode=ro", uri=True, timeout=10.0)
        except sqlite3.Error:
            return
        self._conn = conn
        try:
            if self._stopped:
                return
            mapped(conn, self._path)
            self._out = (self._check(conn),)
        except sqlite3.Error:
            pass
        finally:
            self._conn = None
            conn.close()

    def stop(self) -> None:
        """Interrupt the check (the verification was stopped); result() is then None."""
        self._stopped = True
        conn = self._conn
        if conn is not None:
            try:
                conn.interrupt()
            except sqlite3.Error:
                pass

    def result(self) -> Any:
        self._thread.join()
        return self._out[0] if self._out else None
