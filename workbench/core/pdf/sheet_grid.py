"""The sheet's tables: cells as plain strings wrapped to their column, set by kind.

A Paragraph per cell parsed markup, wrapped its text two or three times and drew it
through a text object of its own: most of the time a sheet took. Here strings are wrapped
once with reportlab's own CJK break rule, measured with glyph widths looked up once per
font, their rows' heights given to the table, and every string cell of a table set in one
text object (_reportlab_compat.OneTextTable).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.textsplit import dumbSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from workbench.core.pdf._reportlab_compat import OneTextTable, cell_style_class

__all__ = ["KINDS", "Grid", "wrap_text"]

GRID = colors.Color(0.55, 0.55, 0.55)
MARK = colors.Color(0.70, 0.10, 0.10)
LABEL = colors.Color(0.2, 0.2, 0.2)
SMALL = colors.Color(0.3, 0.3, 0.3)


# How a kind of cell text is set: size, leading, colour, alignment. The sizes and colours are
# those of the paragraph styles the cells used to be (see _Styles).
_BLACK = colors.black
KINDS = {
    "body": (9, 12.5, _BLACK, "LEFT"),
    "label": (9, 12.5, LABEL, "LEFT"),
    "num": (9, 12.5, _BLACK, "RIGHT"),
    "mark": (9, 12.5, MARK, "LEFT"),
    "center": (9, 12.5, _BLACK, "CENTER"),
    "small": (8, 10.5, SMALL, "LEFT"),
    "note": (8, 10.5, SMALL, "CENTER"),
    "claim": (10, 13, _BLACK, "LEFT"),
}
# Glyph widths per font at 1000 pt, filled as characters are first met: a sheet measures
# the same few hundred characters over and over.
_GLYPH_WIDTHS: dict[str, dict[str, float]] = {}


def wrap_text(text: str, font: str, size: float, width: float) -> str:
    """Text broken into lines of at most `width` pt, joined with newlines.

    The breaks are the ones reportlab makes for a one-style paragraph with CJK word wrap
    (white space folded to single spaces as its parser does, then textsplit.dumbSplit: cut
    between any two characters, a Latin run broken at a space or at the change back to
    Chinese where it can be, a character that may not start a line kept on the line
    before), so a cell reads as it did as a Paragraph.
    """
    key = (text, font, size, width)
    found = _WRAPPED.get(key)
    if found is not None:
        return found
    widths = _GLYPH_WIDTHS.setdefault(font, {})
    scale = size / 1000
    out: list[str] = []
    for part in text.split("\n"):
        part = " ".join(part.split())
        for ch in part:
            if ch not in widths:
                widths[ch] = stringWidth(ch, font, 1000)
        ws = [widths[ch] * scale for ch in part]
        if sum(ws) <= width:
            out.append(part)
        else:
            out.extend(line for _room, line in dumbSplit(part, ws, width))
    found = "\n".join(out)
    if len(_WRAPPED) >= 4096:
        _WRAPPED.clear()
    _WRAPPED[key] = found
    return found


# Texts wrapped before: labels, headings and many figures recur on every sheet.
_WRAPPED: dict[tuple[str, str, float, float], str] = {}


@lru_cache(maxsize=128)
def _cell_style(font: str, kind: str, pad: float, top: float, bottom: float) -> type:
    """A CellStyle class whose defaults are one kind of cell's settings.

    A table applies each style command to every cell in its range, and eight commands
    over every cell of every table were a tenth of a sheet's time. A cell made from a class
    that already holds its settings needs none of them.
    """
    size, leading, color, align = KINDS[kind]
    return cell_style_class(
        f"CellStyle_{kind}", fontname=font, fontsize=size, leading=leading, color=color,
        alignment=align, valign="MIDDLE", leftPadding=pad, rightPadding=pad, topPadding=top,
        bottomPadding=bottom)


def _text_width(text: str, font: str, size: float) -> float:
    widths = _GLYPH_WIDTHS.setdefault(font, {})
    total = 0.0
    for ch in text:
        w = widths.get(ch)
        if w is None:
            w = widths[ch] = stringWidth(ch, font, 1000)
        total += w
    return total * size / 1000


class _SheetTable(OneTextTable):
    """The sheet's tables: string cells in one text object, measured with cached widths."""

    text_width = staticmethod(_text_width)


class Grid:
    """A table whose text cells are plain strings wrapped to their column.

    A Paragraph per cell parsed markup, wrapped its text two or three times (the table
    measures it, splits across pages, then draws) and drew it through a text object: most
    of the time a sheet took. Strings are measured once here, and the table draws them with
    one drawString per line. They are not markup, so applicant text needs no escaping.
    Cells are given as (text, kind), (text, kind, span), a Flowable or (Flowable, kind);
    a spanned cell covers the next span-1 columns.
    """

    def __init__(self, font: str, widths: Sequence[float], pad: float = 4,
                 top: float = 2.5, bottom: float = 3):
        self.font, self.widths = font, list(widths)
        self.pad, self.top, self.bottom = pad, top, bottom
        self.rows: list[list] = []
        self.styles: list[list] = []
        self.cmds: list[tuple] = []
        self.heights: list[float | None] = []

    def add(self, *cells) -> int:
        r = len(self.rows)
        row: list = []
        styles: list = []
        # The row's height as the table computes it for string cells (lines × leading +
        # paddings, the tallest cell), given to the table so it need not; None where a
        # cell holds a flowable (the table measures it).
        height: float | None = 0.0
        for cell in cells:
            c = len(row)
            if isinstance(cell, Flowable) or cell == "":
                cell = (cell, "body")
            value, kind, span = (*cell, 1) if len(cell) == 2 else cell
            style = _cell_style(self.font, kind, self.pad, self.top, self.bottom)
            if isinstance(value, str) and value:
                room = sum(self.widths[c:c + span]) - 2 * self.pad
                value = wrap_text(value, self.font, KINDS[kind][0], room)
            row.append(value)
            if isinstance(value, str):
                if height is not None:
                    t = KINDS[kind][1] * (value.count("\n") + 1)
                    t += self.bottom + self.top
                    height = max(height, t)
            else:
                height = None
            styles += [style(kind) for _ in range(span)]
            if span > 1:
                self.cmds.append(("SPAN", (c, r), (c + span - 1, r)))
                row += [""] * (span - 1)
        self.rows.append(row)
        self.styles.append(styles)
        self.heights.append(height)
        return r

    def table(self, extra: Sequence = (), *, grid: bool = True, **kwargs) -> Table:
        sizing = {"FONT", "FONTNAME", "FONTSIZE", "SIZE", "LEADING", "TOPPADDING",
                  "BOTTOMPADDING"}
        heights = (None if any(cmd[0] in sizing for cmd in (*self.cmds, *extra))
                   else self.heights)
        t = _SheetTable(self.rows, colWidths=self.widths, rowHeights=heights,
                        cellStyles=self.styles, **kwargs)
        lines = [("GRID", (0, 0), (-1, -1), 0.5, GRID)] if grid else []
        t.setStyle(TableStyle([*lines, *self.cmds, *extra]))
        return t
