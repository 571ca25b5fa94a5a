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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbench.core.pdf._reportlab_compat import share_subsets

# The search order lives in font_files (no reportlab there: the start-up check stays cheap);
# bound here as module names so that tests can replace them.
from workbench.core.pdf.font_files import (
    _bundled_candidates,
    _split_index,
    _system_candidates,
    candidate_fonts,
)

__all__ = ["CJKFont", "FontNotFound", "find_cjk_font", "candidate_fonts", "register_cjk_font"]


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


def _register(path: Path, index: int) -> CJKFont:
    digest = hashlib.sha1(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
    name = f"CJK-{digest}"
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(path), subfontIndex=index)
        share_subsets(font)      # a subset made for one sheet is embedded again in the next
        pdfmetrics.registerFont(font)
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
