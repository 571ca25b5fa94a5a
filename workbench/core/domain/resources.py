"""One place that knows where the shipped resources live (source tree, wheel or frozen app)."""
from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_dir", "resource_path"]


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parents[2]
    installed = here / "_resources"
    if installed.is_dir():
        return installed
    return here.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
