"""The 拟资助名单 prints as a notice: batch in the title, issuer, date, 公示 period, objections,
page numbers, ruled table."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from workbench.core.reports.notice_layout import working_days_after
from workbench.core.reports.notice_xlsx import NoticeRow, write_notice


def test_five_working_days_skip_the_weekend():
    assert working_days_after(date(2026, 12, 3)) == date(2026, 12, 9)    # Thu → next Wed
    assert working_days_after(date(2026, 12, 5)) == date(2026, 12, 11)   # Sat: Mon..Fri
    assert working_days_after(date(2026, 12, 7)) == date(2026, 12, 11)   # Mon..Fri


def test_notice_has_batch_title_period_issuer_pages_and_rules():
    buf = io.BytesIO()
    rows = [NoticeRow("深圳市光明智感微系统有限公司", "MEMS先进封测平台", "（三）", Decimal("3000000.00"))]
    write_notice(rows, buf, batch="2026年第一批", issuer="深圳市光明区工业和信息化局",
                 notice_date=date(2026, 12, 3))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert ws["A1"].value.startswith("2026年第一批")
    assert "公示期：2026年12月3日至2026年12月9日（5个工作日）。" in texts
    assert any("异议" in t and "深圳市光明区工业和信息化局" in t for t in texts)
    assert "深圳市光明区工业和信息化局" in texts and "2026年12月3日" in texts
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws["B3"].border.left.style == "thin" and ws["E4"].border.bottom.style == "thin"   # row, total
    assert ws.print_title_rows.replace("$", "") == "2:2" and ws.page_setup.fitToWidth == 1
