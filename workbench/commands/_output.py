"""Small shared helpers of the sub-commands: console encoding and store problems."""
from __future__ import annotations

import sys

# Exit status when the store itself cannot be used (the files were not looked at).
EXIT_STORE = 3
# Exit status when a newer version wrote the store: it was read, never written (README).
EXIT_TOO_NEW = 7


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
    from workbench.core.store.database import StoreTooNew

    if isinstance(exc, StoreTooNew):
        print(str(exc), file=sys.stderr)
        return EXIT_TOO_NEW
    print(f"无法使用数据库：{exc}", file=sys.stderr)
    return EXIT_STORE
