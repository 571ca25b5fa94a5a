"""Finding and registering a Chinese TrueType font that reportlab can embed.

reportlab embeds Chinese only from TrueType outlines (.ttf, or .ttc with a sub-font index);
its built-in CID fonts are not embedded and print as boxes on a machine without Chinese
fonts, and CFF-based OpenType (.otf, Noto CJK) is refused. So a sheet is only ever set in a
font found here, and the search order is fixed so that the same machine always picks the
same font: the configured file, a font shipped with the app, then the system's fonts.
"""
from __future__ import annotations

import hashlib
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..resources import resource_path

__all__ = ["CJKFont", "FontNotFound", "find_cjk_font", "candidate_fonts", "register_cjk_font",
           "binary_streams"]


class FontNotFound(RuntimeError):
    """No embeddable Chinese font; the message is Chinese and tells the user what to do."""


@dataclass(frozen=True)
class CJKFont:
    name: str            # the name registered with reportlab
    path: Path
    subfont_index: int = 0

    @property
    def label(self) -> str:
        return f"{self.path.name}#{self.subfont_index}" if self.path.suffix.lower() == ".ttc" \
            else self.path.name


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


def _register(path: Path, index: int) -> CJKFont:
    digest = hashlib.sha1(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
    name = f"CJK-{digest}"
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    return CJKFont(name=name, path=path, subfont_index=index)


@lru_cache(maxsize=8)
def _find(configured: str | None) -> CJKFont:
    if configured:
        path, index = _split_index(configured)
        # A font the user named is a statement of intent: if it cannot be used, say so
        # rather than quietly setting the sheet in some other font.
        if not path.is_file():
            raise FontNotFound(f"设置中指定的字体文件不存在：{path}")
        try:
            return _register(path, index)
        except Exception as exc:
            raise FontNotFound(
                f"设置中指定的字体无法嵌入：{path}（{exc}）。请选择 TrueType 字体（.ttf 或 .ttc），"
                "基于 CFF 的 .otf 字体（如思源黑体）无法嵌入。") from exc
    tried = []
    for path, index in _bundled_candidates() + _system_candidates():
        tried.append(str(path))
        if not path.is_file():
            continue
        try:
            return _register(path, index)
        except Exception:  # a damaged or CFF font: keep looking
            continue
    raise FontNotFound(
        "未找到可嵌入的中文字体，无法生成审核表。请在设置中指定一个 TrueType 中文字体文件"
        "（.ttf 或 .ttc），或安装文泉驿微米黑（Debian/Ubuntu：apt install fonts-wqy-microhei）；"
        "Windows 自带的微软雅黑、宋体均可使用。已查找：" + "；".join(tried))


def find_cjk_font(configured: str | os.PathLike | None = None) -> CJKFont:
    """The Chinese font to set sheets in, registered with reportlab.

    Order: `configured` (a path, optionally 'file.ttc#N' for sub-font N), fonts bundled
    in resources/fonts/, then the system's. Raises FontNotFound with a Chinese message.
    """
    return _find(os.fspath(configured) if configured else None)


def register_cjk_font(path: str | os.PathLike, subfont_index: int = 0) -> CJKFont:
    return _register(Path(path), subfont_index)


@contextmanager
def binary_streams():
    """Let reportlab write compressed streams as binary instead of ASCII85 text.

    Every reader takes binary streams; the text encoding only makes the file larger and,
    without reportlab's C accelerator, costs several milliseconds per sheet in pure Python.
    """
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before
