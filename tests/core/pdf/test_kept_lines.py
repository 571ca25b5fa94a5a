"""Paragraph lines broken once per text, style and width (KeptLinesParagraph) draw the sheet
reportlab draws breaking them every time, and drawing does not change the kept lines."""
from __future__ import annotations

import pytest
from reportlab import rl_config

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf import _reportlab_compat as C
from workbench.core.pdf.fonts import find_cjk_font
from workbench.core.pdf.sheet_pdf import render_sheet

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


def test_kept_lines_give_the_same_sheet(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    font = find_cjk_font()
    C._LINES.clear()
    render_sheet(sample_sheet(name="甲乙丙丁传感有限公司", claims=2), font=font)
    kept = {k: repr(v.__dict__) for k, v in C._LINES.items()}
    assert any("三、合计" in k[0] for k in kept)          # the headings were kept
    sheet = sample_sheet(name="戊己庚辛微电子有限公司", claims=3)
    fast = render_sheet(sheet, font=font)
    assert any("人工调整" in k[0] for k in kept)          # a paragraph of two colours too
    assert {k: repr(v.__dict__) for k, v in C._LINES.items() if k in kept} == kept  # unchanged
    monkeypatch.setattr(C, "_KEEP_LINES", False)
    assert render_sheet(sheet, font=font) == fast


def test_a_split_paragraph_breaks_its_own_lines(monkeypatch):
    """Paragraphs made by splitting (no text of their own) are never served kept lines."""
    from reportlab.lib.styles import ParagraphStyle

    style = ParagraphStyle("p", fontName=find_cjk_font().name, fontSize=9, leading=12,
                           wordWrap="CJK")
    text = "审核" * 200
    p = C.KeptLinesParagraph(text, style)
    p.wrap(200, 10_000)
    first, second = p.split(200, 60)
    for part in (first, second):
        assert part.text is None or part.text != text
        part.wrap(200, 10_000)
    assert [k for k in C._LINES if k[0] is None] == []
