"""The summary workbook prints: fit to width, repeated titles, title and date on every sheet."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from workbench.core.reports.summary_xlsx import write_summary


def test_every_sheet_prints_with_title_date_and_repeated_headings():
    buf = io.BytesIO()
    write_summary([], buf, title="2026年第一批 批次汇总", made=date(2026, 12, 3))
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert len(wb.worksheets) == 2
    for ws in wb.worksheets:
        assert ws.print_title_rows.replace("$", "") == "1:1"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert "2026年第一批 批次汇总" in ws.oddHeader.center.text and ws.title in ws.oddHeader.center.text
        assert ws.oddHeader.right.text == "制表日期 2026年12月3日"
        assert "&P" in ws.oddFooter.center.text
