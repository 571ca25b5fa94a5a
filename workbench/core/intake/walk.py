"""The one folder walk, for the command line and the window alike: what a reviewer names is
what is imported or reported, never silently passed over."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["WORKBOOK_SUFFIXES", "collect_files"]

# .xls and .csv are taken from a folder so that the reviewer is told why each is refused
# (the template is .xlsx) instead of wondering where it went.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _wanted(f: Path) -> bool:
    # ~$… are Office's lock files beside an open workbook; dot files are the system's.
    return f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES and not f.name.startswith(("~$", "."))


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the workbooks under each folder (all depths, sorted). A path that
    does not exist is kept, to be reported as refused. The order is kept and a file named
    twice (also through another spelling of its path) is taken once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        found = sorted(f for f in p.rglob("*") if _wanted(f)) if p.is_dir() else [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
