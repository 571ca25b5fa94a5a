"""No module of the program over 500 lines: a module that long holds more than one thing."""
from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 500
ROOT = Path(__file__).resolve().parents[1] / "workbench"


def too_long(root: Path = ROOT, limit: int = LIMIT) -> list[tuple[str, int]]:
    out = []
    for p in sorted(root.rglob("*.py")):
        n = len(p.read_text(encoding="utf-8").splitlines())
        if n > limit:
            out.append((p.relative_to(root.parent).as_posix(), n))
    return out


if __name__ == "__main__":
    long = too_long()
    for name, n in long:
        print(f"{name}: {n} 行（上限 {LIMIT}）", file=sys.stderr)
    sys.exit(1 if long else 0)
