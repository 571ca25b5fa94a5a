"""Small shared helpers of the sub-commands: console encoding and store problems."""
from __future__ import annotations

import sys

# Exit status when the store itself cannot be used (the files were not looked at).
EXIT_STORE = 3


def configure_utf8() -> None:
    """Chinese output must survive a pipe into another program on any platform."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # a stream that cannot change encoding now
                pass


def store_problem(exc: Exception) -> int:
    print(f"无法使用数据库：{exc}", file=sys.stderr)
    return EXIT_STORE
