"""The font parts a sheet embeds, made faster in _reportlab_compat, are reportlab's own bytes:
the subset font file (_SubsetMaker), the font objects (_FontObjects) and the text chunks
(_split)."""
from __future__ import annotations

import io
import random

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf import _reportlab_compat as C
from workbench.core.pdf._reportlab_compat import font_objects as F
from workbench.core.pdf.fonts import find_cjk_font
from workbench.core.pdf.sheet_pdf import render_sheet

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


def _font():
    return pdfmetrics.getFont(find_cjk_font().name)


def test_subset_file_is_the_one_reportlab_makes():
    face = _font().face
    maker = F._SubsetMaker(face)
    chars = sorted(face.charToGlyph)
    rng = random.Random(15)
    composite = 0
    for k in range(60):
        subset = rng.sample(chars, rng.randint(1, 256))
        if k % 5 == 0:
            subset[0] = 0x10FFFD             # a character the font lacks: glyph 0
        assert maker(subset) == TTFontFace.makeSubset(face, subset), subset[:5]
        composite += any(maker._components(face.charToGlyph.get(c, 0)) for c in subset)
    assert composite                         # composite glyphs were among them


def test_sheet_font_objects_are_reportlabs_byte_for_byte(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    font = find_cjk_font()
    render_sheet(sample_sheet(name="甲乙丙丁传感有限公司"), font=font)   # parts kept from one sheet
    sheet = sample_sheet(name="子丑寅卯微电子有限公司", claims=2)
    fast = render_sheet(sheet, font=font)
    assert _font().addObjects.made                       # the fast path ran
    monkeypatch.setattr(F, "_FAST_FONT_OBJECTS", False)  # reportlab's TTFont.addObjects
    assert render_sheet(sheet, font=font) == fast


@pytest.mark.parametrize("text", [
    "审核表", "abc 123", "审核\xa0表", "深圳甲乙丙", "甲乙丙", "", "a\U0010fffdb", "工作台★"])
def test_text_is_cut_into_subsets_as_splitstring_does(text):
    """Once every character has its code, _split gives splitString's chunks; a new or
    missing character goes to splitString itself (which gives it its code)."""
    font = _font()

    class Doc:                     # a document stand-in: splitString keys its state by it
        pass

    fast_doc, slow_doc = Doc(), Doc()
    filler = "".join(chr(0x4E00 + i) for i in range(300))     # into a second subset
    for doc in (fast_doc, slow_doc):
        font.splitString("深圳审核表" + filler + "丙", doc)
    assert C._split(font, text, fast_doc) == font.splitString(text, slow_doc)
    assert C._split(font, text, fast_doc) == font.splitString(text, slow_doc)   # both known now
    if text == "深圳甲乙丙":
        assert len(C._split(font, text, fast_doc)) == 3          # subsets 0, 1, 0 in one line


def test_reserved_state_copied_is_the_one_splitstring_makes():
    """A fresh document's reserved wording gets the codes, subsets and next code that
    splitString gives it (the state copied from the first document), and a copy is its own:
    characters added to one document do not reach the next."""
    from reportlab.pdfgen import canvas as rl_canvas

    font = _font()
    chars = "审核表深圳甲乙"

    def reserved(copy: bool):
        c = rl_canvas.Canvas(io.BytesIO())
        C._COPY_STATES = copy
        try:
            C.reserve_first_subset(font.fontName, c, chars)
        finally:
            C._COPY_STATES = True
        return c, font.state[C.document_of(c)]

    reserved(True)                                   # the state kept for this wording
    c1, copied = reserved(True)
    _c2, made = reserved(False)
    assert (copied.assignments, copied.subsets, copied.nextCode) == (
        made.assignments, made.subsets, made.nextCode)
    font.splitString("丙丁戊", C.document_of(c1))     # new characters in one document
    _c3, again = reserved(True)
    assert again.assignments == made.assignments and again.subsets == made.subsets


@pytest.mark.parametrize("n", [0, 1, 9, 10, 11, 100, 256])
def test_widths_array_is_pdfarrays_format(n):
    from reportlab.pdfbase import pdfdoc

    rng = random.Random(n)
    widths = [rng.choice([0, 500, 1000, rng.randint(1, 2000), rng.uniform(0, 1000)])
              for _ in range(n)]
    doc = pdfdoc.PDFDocument()
    assert F._widths_array(widths, doc) == pdfdoc.PDFArray(widths).format(doc)
