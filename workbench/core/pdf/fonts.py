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
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

# The search order lives in font_files (no reportlab there: the start-up check stays cheap);
# bound here as module names so that tests can replace them.
from workbench.core.pdf.font_files import (
    _bundled_candidates,
    _split_index,
    _system_candidates,
    candidate_fonts,
)

__all__ = ["CJKFont", "FontNotFound", "find_cjk_font", "candidate_fonts", "register_cjk_font",
           "binary_streams", "reserve_first_subset"]


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
        _share_subsets(font)
        pdfmetrics.registerFont(font)
    return CJKFont(name=name, path=path, subfont_index=index)


def _share_subsets(font: TTFont, keep: int = 8) -> None:
    """Embed a subset that an earlier document already embedded without making it again.

    reportlab cuts a font into subsets of up to 256 glyphs per document and, for each,
    builds a TrueType file from the glyphs and compresses it: a third of the time a sheet
    takes. Sheets share most of their characters; when a document's subset holds exactly
    the glyphs of one made before (reserve_first_subset makes the first subset of every
    sheet the same), the compressed file made then is embedded again. The objects written
    are reportlab's own (TTFontFace.addSubsetObjects), byte for byte.
    """
    face = font.face
    made: dict[tuple[int, ...], tuple[int, bytes]] = {}
    lock = threading.Lock()

    def add_subset_objects(doc, fontname, subset):
        key = tuple(subset)
        with lock:
            found = made.pop(key, None)
            if found is not None:
                made[key] = found            # most recently used last: kept longest
        if found is None:
            raw = face.makeSubset(subset)
            found = (len(raw), zlib.compress(raw))
            with lock:
                if len(made) >= keep:
                    made.pop(next(iter(made)))
                made[key] = found
        size, packed = found
        font_file = pdfdoc.PDFStream()
        font_file.dictionary["Length1"] = size
        if doc.compression:
            font_file.content = packed
            font_file.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
        else:
            font_file.content = zlib.decompress(packed)
        font_file_ref = doc.Reference(font_file, f"fontFile:{face.filename}({fontname})")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor",
            "Ascent": face.ascent,
            "CapHeight": face.capHeight,
            "Descent": face.descent,
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(fontname),
            "ItalicAngle": face.italicAngle,
            "StemV": face.stemV,
            "FontFile2": font_file_ref,
            "MissingWidth": face.defaultWidth,
        })
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    face.addSubsetObjects = add_subset_objects


def reserve_first_subset(font_name: str, doc, chars: str) -> None:
    """Give `chars` the first codes of a document's first subset of the font, in this order.

    Without it a subset holds characters in the order a document first draws them, so an
    applicant's name drawn early makes every sheet's first subset different. With the
    sheet's own fixed wording reserved first, the first subset is the same on every sheet
    and _share_subsets reuses it; only characters the sheet draws are worth reserving.
    """
    font = pdfmetrics.getFont(font_name)
    if isinstance(font, TTFont):
        font.splitString(chars, doc)


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
