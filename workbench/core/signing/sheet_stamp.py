"""The visible stamp in a signature field: role, signer, signing time, issuer.

pyHanko places the stamp; reportlab draws it with the sheet's TrueType font. A signer's
stamp is drawn once per field size with a placeholder time, and each signature writes its
own time into that drawing (_StampTemplate). Moved out of signing.py for size; the names
stay importable from there.
"""
from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle
from pyhanko.stamp.static import StaticContentStamp
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas

from workbench.core.pdf.fonts import CJKFont
from workbench.core.signing._pyhanko_compat import TimedStampStyle, writer_of

__all__ = ["SheetStampStyle"]


class _PdfPageBytes(content.PdfContent):
    """The first page of an in-memory PDF as content (pyHanko's own import wants a file)."""

    def __init__(self, pdf: bytes):
        self._pdf = pdf
        super().__init__()

    def render(self) -> bytes:
        w = writer_of(self)
        xobj = w.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        self.resources.xobject["/StampPage"] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/StampPage Do"


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to `size` at which text fits in width (not below 5 pt)."""
    w = stringWidth(text, font, size)
    return size if w <= width else max(5.0, size * width / w)


def _stamp_pdf(width: float, height: float, font: CJKFont, lines: list[tuple[str, float]]) -> bytes:
    """The visible stamp, drawn by reportlab with the sheet's TrueType font.

    pyHanko's own text stamps shape text through fontTools/HarfBuzz and assume 1000 units
    per em; WenQuanYi Micro Hei has 2048. reportlab already embeds the font correctly, so
    the stamp is drawn here and pyHanko only places it in the field.
    """
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), initialFontName=font.name)
    red = colors.Color(0.75, 0.08, 0.08)
    c.setFillColor(colors.white)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setStrokeColor(red)
    c.setLineWidth(1.2)
    c.roundRect(1.5, 1.5, width - 3, height - 3, 4, stroke=1, fill=0)
    c.setFillColor(red)
    pad = 6
    total = sum(size * 1.35 for _, size in lines)
    y = height / 2 + total / 2
    for text, size in lines:
        size = _fit(text, font.name, size, width - 2 * pad)
        y -= size * 1.35
        c.setFont(font.name, size)
        c.drawCentredString(width / 2, y + size * 0.3, text)
    c.showPage()
    c.save()
    return buf.getvalue()


@dataclass(frozen=True)
class _SheetStampStyle(TimedStampStyle):
    """The sheet's stamp: role, signer, signing time (handed over by pyHanko), issuer."""

    timestamp_format: str = "%Y-%m-%d %H:%M:%S %z"
    border_width: int = 0
    signer_name: str = ""
    role_label: str = ""
    issuer: str = ""
    font: CJKFont | None = None

    def stamp(self, writer, box, ts: str):
        when, _, offset = ts.rpartition(" ")
        if offset[:1] in "+-" and len(offset) == 5:
            ts = f"{when}（UTC{offset[:3]}:{offset[3:]}）"
        lines = self._lines(box.width, _PLACEHOLDER_TS)
        time_line = f"签署时间：{ts}"
        template = _stamp_template(box.width, box.height, self.font, tuple(lines))
        stream = template.content_for(time_line) if template else None
        if stream is not None:
            background = _TemplateContent(template, stream)
        else:
            lines[1] = (time_line, lines[1][1])
            background = _PdfPageBytes(_stamp_pdf(box.width, box.height, self.font, lines))
        style = StaticStampStyle(
            background=background, background_opacity=1.0, border_width=0,
            background_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(0)))
        return StaticContentStamp(writer=writer, style=style, box=box)

    def _lines(self, width: float, ts: str) -> list[tuple[str, float]]:
        lines = [(f"{self.role_label}：{self.signer_name}", 13.0), (f"签署时间：{ts}", 8.0)]
        issuer = f"数字签名 · 证书签发：{self.issuer}"
        # In a narrow field (three roles side by side) one line would shrink past reading.
        if _fit(issuer, self.font.name, 7.0, width - 12) < 6.5:
            lines += [("数字签名 · 证书签发：", 7.0), (self.issuer, 7.0)]
        else:
            lines.append((issuer, 7.0))
        return lines


# The signing time as the stamp shows it, and a time of that shape the stamp is drawn with
# once per signer and field size. Its digits, '+' and '-' are ASCII, which reportlab always
# writes as themselves into a TrueType subset (ttfAsciiReadable), so the real time can be
# written over the placeholder in the drawn content.
_PLACEHOLDER_TS = "0000-00-00 00:00:00（UTC+00:00）"
_TS_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（UTC[+-]\d{2}:\d{2}）")
_ASCII_RUN = re.compile(r"[!-~]+(?: [!-~]+)*")


class _StampTemplate:
    """A signer's stamp for one field size, drawn by reportlab once with a placeholder time.

    Drawing the stamp (a canvas, a font subset, a PDF) and parsing it back for pyHanko took
    a third of a signature. Only the time changes from one signature to the next; a time of
    the same shape and width lands at the same place in the same size, so the content
    stream of the stamp for the real time is the template's with the digits replaced,
    byte for byte what reportlab draws for it (a test compares the two). Anything else
    (a time of another shape or width, a placeholder found twice) is drawn afresh.
    """

    def __init__(self, width: float, height: float, font: CJKFont,
                 lines: tuple[tuple[str, float], ...]):
        self.font = font
        self.width, self.height = width, height
        self.time_line, self.time_size = lines[1]
        self._lock = threading.Lock()
        pdf = _stamp_pdf(width, height, font, list(lines))
        self.reader = PdfFileReader(io.BytesIO(pdf))
        page_ref, self.resources = self.reader.find_page_for_modification(0)
        page = page_ref.get_object()
        self.bbox = page["/MediaBox"]
        contents = page["/Contents"]
        if isinstance(contents, generic.ArrayObject):
            contents = b"".join(part.get_object().data for part in contents)
        else:
            contents = contents.get_object().data
        self.content = contents
        self.runs = [r.encode("ascii") for r in _ASCII_RUN.findall(_PLACEHOLDER_TS)]
        self.usable = all(contents.count(r) == 1 for r in self.runs)
        self._time_width = stringWidth(self.time_line, font.name, self.time_size)

    def content_for(self, time_line: str) -> bytes | None:
        """The stamp's content stream showing `time_line`, or None to draw it afresh."""
        ts = time_line.removeprefix("签署时间：")
        if not self.usable or not _TS_SHAPE.fullmatch(ts):
            return None
        if abs(stringWidth(time_line, self.font.name, self.time_size)
               - self._time_width) > 1e-6:
            return None
        out = self.content
        for old, new in zip(self.runs, _ASCII_RUN.findall(ts), strict=False):
            out = out.replace(old, new.encode("ascii"))
        return out


@lru_cache(maxsize=16)
def _stamp_template(width: float, height: float, font: CJKFont,
                    lines: tuple[tuple[str, float], ...]) -> _StampTemplate | None:
    try:
        return _StampTemplate(width, height, font, lines)
    except Exception:          # a stamp that cannot be templated is simply drawn each time
        return None


class _TemplateContent(content.PdfContent):
    """The stamp template's drawing with the real time, as a form XObject of the signed file."""

    def __init__(self, template: _StampTemplate, stream: bytes):
        self._template, self._stream = template, stream
        super().__init__()

    def render(self) -> bytes:
        w, t = writer_of(self), self._template
        with t._lock:             # the template's reader resolves objects lazily
            resources = w.import_object(t.resources)
            bbox = w.import_object(t.bbox)
        xobj = generic.StreamObject({
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): bbox,
            generic.pdf_name("/Resources"): resources,
        }, stream_data=self._stream)
        xobj.compress()
        self.resources.xobject["/StampPage"] = w.add_object(xobj)
        self.box = layout.BoxConstraints(width=t.width, height=t.height)
        return b"/StampPage Do"


SheetStampStyle = _SheetStampStyle
