"""Where a Chinese TrueType font may be, in a fixed order: the configured file, the font shipped
with the workbench (resources/fonts/, 文泉驿微米黑), then the system's fonts. No reportlab here:
the start-up check (`usable_font_file`) runs before any PDF is made and must be cheap.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench.core.domain.resources import resource_path

__all__ = ["candidate_fonts", "usable_font_file", "NO_FONT_WARNING"]

NO_FONT_WARNING = (
    "警告：未找到可显示中文的 TrueType 字体，界面和审核表中的汉字将显示为方框。"
    "随程序附带的文泉驿微米黑（resources/fonts/wqy-microhei.ttc）缺失；请重新安装工作台，"
    "或安装中文字体（Debian/Ubuntu：apt install fonts-wqy-microhei），或在设置中指定字体文件。")


def _system_candidates() -> list[tuple[Path, int]]:
    out: list[tuple[Path, int]] = []
    if sys.platform.startswith("win"):
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        for d in dirs:
            # Microsoft YaHei first (reads better on screen), SimSun as the classic fallback.
            out += [(d / "msyh.ttc", 0), (d / "msyh.ttf", 0), (d / "simsun.ttc", 0),
                    (d / "simhei.ttf", 0)]
    elif sys.platform == "darwin":
        out += [(Path("/Library/Fonts/Arial Unicode.ttf"), 0),
                (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)]
    # Debian/Ubuntu packages with TrueType outlines (fonts-wqy-microhei first, as documented).
    out += [
        (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
        (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
        (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
        (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
        (Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), 0),   # Fedora layout
    ]
    return out


def _bundled_candidates() -> list[tuple[Path, int]]:
    folder = resource_path("fonts")
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
    return [(p, 0) for p in files]


def candidate_fonts(configured: str | os.PathLike | None = None) -> list[tuple[Path, int]]:
    """Every place looked at, in order (for the error message and for diagnostics)."""
    out: list[tuple[Path, int]] = []
    if configured:
        out.append(_split_index(configured))
    return out + _bundled_candidates() + _system_candidates()


def _split_index(configured: str | os.PathLike) -> tuple[Path, int]:
    """'C:/fonts/simsun.ttc#1' selects sub-font 1 of a collection."""
    text = os.fspath(configured)
    if "#" in text:
        head, _, tail = text.rpartition("#")
        if tail.isdigit():
            return Path(head), int(tail)
    return Path(text), 0


def usable_font_file(configured: str | os.PathLike | None = None) -> Path | None:
    """The first font file that exists (not yet checked by reportlab), or None."""
    for path, _index in candidate_fonts(configured):
        if path.is_file() and path.stat().st_size > 0:
            return path
    return None
