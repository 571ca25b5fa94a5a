"""Every use of reportlab's internals, in one package, each checked against the tested versions.

The review sheet needs a few things reportlab has no public API for: a signature field written
as a widget while its page is drawn, pages held back until the end (so a footer can say
"of y"), a font subset shared between documents, and all the string cells of a table set in
one text object. Each reaches into reportlab below its documented surface; this package (this
module and font_objects.py, the font parts made faster) is the only place that does, so an upgrade of reportlab is checked here and nowhere else
(tests/core/pdf/test_reportlab_compat.py asserts that every attribute named in TOUCHED still
exists on the installed version).

Outside the tested versions (TESTED) the optimisations fall back to reportlab's own
behaviour (the sheet is the same, only slower), and what the sheet cannot do without (the
signature fields, the held-back pages) refuses with a message naming the versions.

ASCII85: reportlab writes compressed streams as ASCII85 text unless `rl_config.useA85` is
off; it reads the flag while it writes a file and offers no per-document setting. It is set
once, here, when the module is imported (before any sheet is drawn) and never flipped while
documents are being written in other threads. Nothing in the workbench wants ASCII85.
"""
from __future__ import annotations

import re
import threading
import weakref
import zlib
from collections.abc import Callable

import reportlab
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.tables import CellStyle

from workbench.core.pdf._reportlab_compat.font_objects import _FontObjects, _split, _SubsetMaker

__all__ = [
    "VERSION", "TESTED", "IN_RANGE", "TOUCHED", "UnsupportedReportlab",
    "document_of", "add_widget", "page_ref", "HeldPagesCanvas", "OneTextTable",
    "cell_style_class", "share_subsets", "reserve_first_subset", "KeptLinesParagraph",
]

# Versions the touches below were tested on: [low, high).
TESTED = ((5, 0), (6, 0))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


VERSION = _version(reportlab.Version)
IN_RANGE = TESTED[0] <= VERSION < TESTED[1]

# (object, attribute) pairs this module relies on; the compat test checks each exists.
# Canvas/PDFDocument instance attributes are checked on a fresh canvas.
TOUCHED = {
    "Canvas": ("_doc", "_addAnnotation", "_startPage", "_pageNumber", "_escape", "bottomup"),
    "PDFTextObject": ("_code", "_canvas", "_fontname", "_fontsize", "_leading", "_curSubset",
                      "_x0", "_x", "_y0", "_y"),
    "PDFDocument": ("Catalog", "Reference", "refAnnotation", "thisPageName", "compression",
                    "idToObject"),
    "Table": ("_drawCell", "draw"),
    "Paragraph": ("breakLinesCJK", "text", "bulletText"),
    "CellStyle": ("fontname", "fontsize", "leading", "color", "alignment", "valign",
                  "leftPadding", "rightPadding", "topPadding", "bottomPadding"),
    "TTFont": ("face", "splitString", "getSubsetInternalName", "state", "fontName",
               "addObjects", "_asciiReadable", "State"),
    "TTFont.State": ("assignments", "subsets", "nextCode", "internalName", "frozen"),
    "TTFontFace": ("addSubsetObjects", "makeSubset", "get_table", "filename", "ascent",
                   "capHeight", "descent", "flags", "bbox", "italicAngle", "stemV",
                   "defaultWidth", "charToGlyph", "glyphPos", "hmetrics", "get_table_pos",
                   "name", "subfontNameX", "getCharWidth"),
    "ttfonts": ("SUBSETN", "makeToUnicodeCMap", "TTFontMaker"),    # module-level names
}


class UnsupportedReportlab(RuntimeError):
    """The installed reportlab lacks what the sheet needs; the message is Chinese."""


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise UnsupportedReportlab(
            f"已安装的 reportlab {reportlab.Version} 不支持审核表所需的{what}"
            f"（已测试版本：{'.'.join(map(str, TESTED[0]))} 至 "
            f"{'.'.join(map(str, TESTED[1]))} 以下）。请安装受支持的 reportlab 版本。")


# Set once at import (see the module's docstring); every reader takes binary streams, and
# without reportlab's C accelerator ASCII85 costs several milliseconds a sheet.
rl_config.useA85 = 0


# --------------------------------------------------------------------------- the document

def document_of(c: rl_canvas.Canvas) -> pdfdoc.PDFDocument:
    """The PDFDocument a canvas writes into (reportlab keeps it as `_doc`)."""
    doc = getattr(c, "_doc", None)
    _need(isinstance(doc, pdfdoc.PDFDocument), "画布文档对象")
    return doc


def add_widget(c: rl_canvas.Canvas, widget: pdfdoc.PDFDictionary, name: str) -> None:
    """Add a widget annotation named `name` to the page being drawn and to the catalog's
    /AcroForm fields (created as a form that holds signatures: /SigFlags 1)."""
    add = getattr(c, "_addAnnotation", None)
    _need(callable(add), "注释（签名栏）接口")
    doc = document_of(c)
    add(widget, name)
    form = getattr(doc.Catalog, "AcroForm", None)
    if form is None:
        form = doc.Catalog.AcroForm = pdfdoc.PDFDictionary({
            "Fields": pdfdoc.PDFArray([]), "SigFlags": 1})
    form["Fields"].sequence.append(doc.refAnnotation(name))


def page_ref(number: int) -> pdfdoc.PDFObjectReference:
    """A reference to page `number` (from 1) of the document, by the object name reportlab
    gives it when the page is written (PDFDocument.thisPageName: 'Page1', 'Page2', …); usable
    before the page exists, as for pages held back until the end."""
    return pdfdoc.PDFObjectReference(f"Page{number}")


class HeldPagesCanvas(rl_canvas.Canvas):
    """A canvas that holds its pages back until save(), then calls decorate(total) on each
    just before it is written: a footer can say "page x of y".

    reportlab keeps a page's state in the canvas's attributes; a held page is a copy of them,
    put back at the end (the "numbered canvas" recipe, which uses the private _startPage).
    """

    def __init__(self, *args, **kwargs):
        _need(hasattr(rl_canvas.Canvas, "_startPage"), "分页接口")
        super().__init__(*args, **kwargs)
        self.held_pages: list[dict] = []

    def showPage(self):
        self.held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self.held_pages)
        for state in self.held_pages:
            self.__dict__.update(state)
            self.decorate(total)
            super().showPage()
        super().save()

    def decorate(self, total: int) -> None:
        """Draw on the page about to be written; `total` is the number of pages."""


# --------------------------------------------------------------------------- paragraphs

class KeptLinesParagraph(Paragraph):
    """A Paragraph (CJK word wrap) whose lines, once broken for a text, style and width, are
    kept and given again to the next paragraph of that text, style and width.

    The sheet's headings, title and note are the same on every sheet; breaking them measured
    every character again (~1 ms a sheet). The lines are what breakLinesCJK returns, and
    laying out and drawing a paragraph only read them (test: the sheet's bytes with and
    without). A paragraph made by splitting another (no text of its own), one with a bullet
    or outside the tested versions breaks its lines itself.
    """

    def breakLinesCJK(self, maxWidths):
        text = self.text
        if (not _KEEP_LINES or text is None or self.bulletText is not None
                or getattr(self, "_splitpara", 0)):
            return super().breakLinesCJK(maxWidths)
        widths = tuple(maxWidths) if isinstance(maxWidths, (list, tuple)) else (maxWidths,)
        key = (text, self.style, widths)
        found = _LINES.get(key)
        if found is None:
            found = super().breakLinesCJK(list(widths))
            if len(_LINES) >= 512:
                _LINES.clear()
            _LINES[key] = found
        self.height = 0                 # as breakLinesCJK leaves it
        return found


_KEEP_LINES = IN_RANGE
_LINES: dict[tuple, object] = {}


# --------------------------------------------------------------------------- tables

def cell_style_class(name: str, **settings) -> type:
    """A CellStyle subclass whose defaults are `settings` (font, size, colours, paddings):
    a cell made from it needs no style command applied to it (TableStyle commands would still
    override them, on the instance only)."""
    unknown = [k for k in settings if not hasattr(CellStyle, k)]
    if unknown:
        raise TypeError(f"CellStyle has no {unknown}")
    return type(name, (CellStyle,), settings)


def _fast_cells() -> bool:
    return IN_RANGE and callable(getattr(Table, "_drawCell", None))


class OneTextTable(Table):
    """A Table that sets all its vertically centred string cells in one text object.

    reportlab draws each string cell with its own drawString: a new text object, font and
    position set up and torn down, some 25 µs a line and a few hundred lines a sheet. Here
    the lines of every such cell go into one text object, placed exactly where drawString
    puts them (the alignment and centring arithmetic of reportlab's Table._drawCell), drawn
    once the table's cells are done; text never overlaps the cells' other drawings, so the
    order does not show. Other cells are drawn by the table as before. Outside the tested
    versions the table draws every cell itself (the same page, drawn more slowly).

    `text_width(text, font, size)` measures a line (a subclass may cache glyph widths).
    """

    text_width: Callable[[str, str, float], float] = staticmethod(pdfmetrics.stringWidth)

    def draw(self):
        self._wb_lines = {}
        super().draw()
        if self._wb_lines:
            self._draw_lines()

    def _draw_lines(self) -> None:
        # Lines grouped by font, size, leading and colour: one setting per group, not one
        # per change between a label cell and the value beside it.
        t = self.canv.beginText()
        fast = _FAST_TEXT and self.canv.bottomup
        for (font, fs, leading, color), lines in self._wb_lines.items():
            t.setFont(font, fs, leading)
            t.setFillColor(color)
            if fast:
                _text_lines(t, lines)
            else:
                for x, y, line in lines:
                    t.setTextOrigin(x, y)
                    t.textOut(line)
        self._wb_lines = {}
        self.canv.drawText(t)

    def _drawCell(self, cellval, cellstyle, pos, size):
        if (not _FAST_CELLS or not isinstance(cellval, str)
                or cellstyle.valign != "MIDDLE"):
            return super()._drawCell(cellval, cellstyle, pos, size)
        if not cellval:
            return None
        font, fs, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        key = (font, fs, leading, cellstyle.color)
        out = self._wb_lines.get(key)
        if out is None:
            out = self._wb_lines[key] = []
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        lines = cellval.split("\n")
        y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding
                      + len(lines) * leading) / 2.0 - fs
        just = cellstyle.alignment
        width = self.text_width
        for line in lines:
            if just == "LEFT":
                x = colpos + cellstyle.leftPadding
            elif just == "RIGHT":
                x = colpos + colwidth - cellstyle.rightPadding - width(line, font, fs)
            else:
                x = (colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
                     - width(line, font, fs) * 0.5)
            out.append((x, y, line))
            y -= leading
        return None


_FAST_CELLS = _fast_cells()
_FAST_TEXT = _FAST_CELLS


def _text_lines(t, lines) -> None:
    """Write `lines` [(x, y, text)] into text object `t` in the font set on it: the operators
    t.setTextOrigin(x, y); t.textOut(text) write, byte for byte (textobject._formatText for
    a TrueType font, unshaped), without what a table's lines never need (the cursor's
    advance). A line set only in the reserved wording and ASCII is encoded once per font
    (its codes are the same in every document that reserved that wording first)."""
    if not lines:
        return
    canv = t._canvas
    doc = canv._doc
    font = pdfmetrics.getFont(t._fontname)
    if not isinstance(font, TTFont) or getattr(font, "shapable", False):
        for x, y, line in lines:
            t.setTextOrigin(x, y)
            t.textOut(line)
        return
    fixed = _RESERVED.get(font.fontName) if doc in _RESERVED_DOCS else None
    cache = _ENCODED.setdefault(font.fontName, {}) if fixed is not None else None
    code = t._code
    tmpl = f"{fp_str(t._fontsize)} Tf {fp_str(t._leading)} TL"
    cur = t._curSubset
    escape = canv._escape
    names: dict[int, str] = {}
    for x, y, line in lines:
        code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        parts = cache.get(line) if cache is not None else None
        if parts is None:
            parts = [(subset, escape(b)) for subset, b in _split(font, line, doc)]
            if cache is not None and all(ord(ch) in fixed for ch in line):
                if len(cache) > 20000:
                    cache.clear()
                cache[line] = parts
        out = []
        for subset, escaped in parts:
            if subset != cur:
                name = names.get(subset)
                if name is None:
                    name = names[subset] = font.getSubsetInternalName(subset, doc)
                out.append(f"{name} {tmpl}")
                cur = subset
            out.append(f"({escaped}) Tj")
        code.append(" ".join(out))
    t._curSubset = cur
    t._x0 = t._x = x
    t._y0 = t._y = y


# --------------------------------------------------------------------------- font subsets

def _can_share(font: TTFont) -> bool:
    face = getattr(font, "face", None)
    return IN_RANGE and face is not None and all(
        hasattr(face, a) for a in TOUCHED["TTFontFace"])


def share_subsets(font: TTFont, keep: int = 8) -> bool:
    """Embed a subset that an earlier document already embedded without making it again.

    reportlab cuts a font into subsets of up to 256 glyphs per document and, for each,
    builds a TrueType file from the glyphs and compresses it: a third of the time a sheet
    takes. Sheets share most of their characters; when a document's subset holds exactly
    the glyphs of one made before (reserve_first_subset makes the first subset of every
    sheet the same), the compressed file made then is embedded again. The objects written
    are reportlab's own (TTFontFace.addSubsetObjects), byte for byte. A subset that is made
    reads the font's tables from a copy kept (_keep_tables). Returns False (and changes
    nothing) outside the tested versions.
    """
    if not _can_share(font):
        return False
    face = font.face
    made: dict[tuple[int, ...], tuple[int, bytes]] = {}
    lock = threading.Lock()
    # One subset made at a time: reportlab's makeSubset reads the font through the face's one
    # file position, so two threads making subsets at once read each other's glyphs (a
    # KeyError, or a wrong glyph). Sheets are exported from worker threads of the window.
    making = threading.Lock()

    def add_subset_objects(doc, fontname, subset):
        key = tuple(subset)
        with lock:
            found = made.pop(key, None)
            if found is not None:
                made[key] = found            # most recently used last: kept longest
        if found is None:
            with making:
                raw = add_subset_objects.make(subset)
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
    _keep_tables(face)
    add_subset_objects.make = _SubsetMaker(face)    # type: ignore[attr-defined]
    font.addObjects = _FontObjects(font, keep)
    return True


def _keep_tables(face) -> None:
    """Keep the font's tables once read: making a subset reads the whole 'glyf' table
    (3.5 MB for WenQuanYi Micro Hei, ~1 ms to copy) to take a few glyphs from it. The font
    file never changes, so the copy made once serves every subset (the same bytes)."""
    read = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag):
        found = tables.get(tag)
        if found is None:
            found = tables[tag] = read(tag)
        return found

    face.get_table = get_table


def reserve_first_subset(font_name: str, c: rl_canvas.Canvas, chars: str) -> None:
    """Give `chars` the first codes of the canvas document's first subset of the font, in
    this order (nothing outside the tested versions).

    Without it a subset holds characters in the order a document first draws them, so an
    applicant's name drawn early makes every sheet's first subset different. With the
    sheet's own fixed wording reserved first, the first subset is the same on every sheet
    and share_subsets reuses it; only characters the sheet draws are worth reserving.
    """
    if not IN_RANGE:
        return
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        return
    doc = document_of(c)
    fresh = doc not in font.state
    if not fresh:
        font.splitString(chars, doc)
        return
    # A fresh document's state after the reservation is the same every time: it is made
    # by splitString once per font and wording, and copied for the next documents.
    key = (font_name, chars, font._asciiReadable)
    with _RESERVED_LOCK:
        made = _STATES.get(key)
    if made is None or not _COPY_STATES:
        font.splitString(chars, doc)
        state = font.state[doc]
        with _RESERVED_LOCK:
            _STATES[key] = (dict(state.assignments), [list(s) for s in state.subsets],
                            state.nextCode)
    else:
        assignments, subsets, next_code = made
        state = font.state[doc] = TTFont.State(font._asciiReadable, font)
        state.assignments = dict(assignments)
        state.subsets = [list(s) for s in subsets]
        state.nextCode = next_code
    # The codes every document reserved this way gives: ASCII and the reserved wording.
    # _text_lines encodes a line made only of them once for all such documents.
    codes = dict(state.assignments)
    with _RESERVED_LOCK:
        known = _RESERVED.setdefault(font_name, codes)
    if known == codes:
        _RESERVED_DOCS[doc] = True


_RESERVED: dict[str, dict[int, int]] = {}
_RESERVED_DOCS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_RESERVED_LOCK = threading.Lock()
_STATES: dict[tuple, tuple[dict[int, int], list[list[int]], int]] = {}
_COPY_STATES = True
_ENCODED: dict[str, dict[str, list]] = {}
