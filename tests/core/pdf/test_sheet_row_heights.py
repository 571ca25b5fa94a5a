"""The row heights a sheet gives its tables are the ones the tables would work out: the
file is byte for byte the same when the tables measure every row themselves."""
from __future__ import annotations

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf import sheet_pdf as SP

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


@pytest.mark.parametrize("claims", [1, 3, 7])
def test_given_row_heights_change_nothing(monkeypatch, claims):
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)      # no dates or random ids in the file
    data = sample_sheet(claims=claims, name="深圳市某某传感器有限公司" * 3)
    given = SP.render_sheet(data)
    table = SP._Grid.table

    def measured(self, *args, **kwargs):
        assert any(h is not None for h in self.heights)
        self.heights = [None] * len(self.heights)
        return table(self, *args, **kwargs)

    monkeypatch.setattr(SP._Grid, "table", measured)
    assert SP.render_sheet(data) == given


@pytest.mark.parametrize("remarks", ["", "备注：" + "复核意见较长，" * 300])
def test_paragraphs_parsed_once_change_nothing(monkeypatch, remarks):
    """Paragraph markup parsed once per text and style: the file is byte for byte the one
    made parsing every paragraph afresh, and laying out and drawing (and splitting across
    pages) leave the kept fragments as parsed."""
    import dataclasses

    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "invariant", 1)
    data = dataclasses.replace(sample_sheet(claims=3), remarks=remarks)
    SP._PARSED.clear()
    first = SP.render_sheet(data)

    def snapshot():
        return {key: [dict(vars(f)) for f in frags] for key, (_s, frags) in SP._PARSED.items()}

    kept = snapshot()
    assert len(kept) >= 5
    assert SP.render_sheet(data) == first               # from the kept fragments
    assert snapshot() == kept
    monkeypatch.setattr(SP, "_paragraph", lambda text, style: SP.Paragraph(text, style))
    assert SP.render_sheet(data) == first
