"""File names made from applicants' text, and temporary files written beside their destination."""
from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from workbench.core.domain.text_safety import HOSTILE

__all__ = ["safe_name", "temp_beside"]

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_MAX_NAME = 60


def safe_name(text: object, limit: int = _MAX_NAME) -> str:
    """A piece of a file name: no path separators, nothing Windows refuses, not too long, and
    no bidi or other control characters (a U+202E in an enterprise name would make
    "审核表-…‮fdp.exe" look like something else in a file manager)."""
    s = _UNSAFE.sub("_", " ".join(HOSTILE.sub("_", str(text or "")).split()))
    s = s.strip(" .")[:limit].strip(" .")
    return s or "_"


def temp_beside(dest: Path) -> tuple[int, str]:
    """An open, new temporary file in dest's folder (so the rename stays on one disk), made
    with the usual permissions: unlike mkstemp's 0600, a colleague may open an exported sheet."""
    for _ in range(100):
        tmp = dest.parent / f".part-{secrets.token_hex(6)}{dest.suffix}"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                           0o666), str(tmp)
        except FileExistsError:
            continue
    raise OSError(f"无法在 {dest.parent} 中创建临时文件")
