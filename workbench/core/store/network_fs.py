"""A store on a network drive is refused before SQLite touches it.

SQLite's own documentation warns against network file systems: file locking there is
unreliable (two PCs may both believe they hold the write lock) and WAL needs shared memory that
only works on one machine, so two reviewers on one shared .sqlite file can corrupt it or lose
each other's decisions. A section that works on one ledger from several PCs uses office mode
(a PostgreSQL server) instead.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["NETWORK_FS", "network_reason", "refuse_network", "NetworkStore"]

# Linux file-system types that live on another machine.
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs",
    "fuse.sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.davfs2", "davfs", "fuse.rclone",
    "fuse.gvfsd-fuse", "lustre", "gpfs", "beegfs", "ocfs2", "gfs2",
})

_DRIVE_REMOTE = 4   # GetDriveTypeW: a mapped network drive


class NetworkStore(ValueError):
    """The store's path is on a network file system (message in Chinese, names the path)."""


def _resolved(path: Path) -> Path:
    """The absolute path with symbolic links of its existing part followed (a link into a
    share is on the share); the part not yet created is kept as written."""
    p = Path(os.path.abspath(path))
    tail: list[str] = []
    while not p.exists() and p != p.parent:
        tail.insert(0, p.name)
        p = p.parent
    return p.resolve().joinpath(*tail)


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as octal escapes
    for code, ch in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, ch)
    return field


def mount_of(path: Path, mountinfo: str) -> tuple[str, str]:
    """(mount point, file-system type) of the mount holding path, from /proc/self/mountinfo text."""
    best = ("/", "")
    target = str(path)
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        point = _unescape(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best[0]):
            best = (point, right.split()[0])
    return best


def _windows_reason(text: str, drive_type: int | None) -> str | None:
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "网络共享路径（UNC）"
    if text.startswith("\\\\?\\UNC\\"):
        return "网络共享路径（UNC）"
    if drive_type == _DRIVE_REMOTE:
        return f"映射的网络驱动器 {text[:2]}"
    return None


def network_reason(path: str | Path, *, mountinfo: str | None = None,
                   platform: str | None = None, drive_type: int | None = None) -> str | None:
    """Why path is on a network file system (Chinese), or None for a local disk.
    mountinfo, platform and drive_type stand in for the running system in tests."""
    platform = platform or sys.platform
    if platform == "win32":
        # a path given with its drive type stands in for another machine's: taken as written
        text = str(path) if drive_type is not None else os.path.abspath(path)
        if drive_type is None:
            import ctypes

            root = os.path.splitdrive(text)[0] + "\\"
            drive_type = ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]
        return _windows_reason(text, drive_type)
    if mountinfo is None:
        try:
            with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
                mountinfo = f.read()
        except OSError:
            return None     # no /proc (macOS, BSD): nothing to tell by
    where = _resolved(Path(path)) if platform == sys.platform else Path(path)
    point, fstype = mount_of(where, mountinfo)
    if fstype in NETWORK_FS:
        return f"网络文件系统 {fstype}（挂载于 {point}）"
    return None


def refuse_network(path: str | Path, **system: object) -> None:
    reason = network_reason(path, **system)  # type: ignore[arg-type]
    if reason:
        raise NetworkStore(
            f"数据库 {path} 位于{reason}上，不能在此打开：SQLite 数据库放在共享盘上时文件锁不可靠，"
            "多台电脑同时使用会损坏数据库或丢失审核决定。请把数据库放在本机磁盘上，"
            "在电脑之间用“备份”和“恢复”传递（backup / restore）。")
