"""The public-notice list (拟资助名单): enterprise, project, article and the approved amount
in 万元 with two decimals, and the total.

Amounts are converted from exact yuan and rounded half-up per row. The total is the exact
yuan total converted once, so it is the amount actually to be paid; where that differs from
the sum of the rounded rows by a few hundredths, a note under the table says why.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from workbench.core.domain.money import ZERO, q2
from workbench.core.reports.notice_layout import frame_notice
from workbench.core.reports.xlsx_cells import (
    TOTAL_FONT,
    WAN_FORMAT,
    put_int,
    put_money,
    put_text,
    set_widths,
    style_header,
)

__all__ = ["NoticeRow", "to_wan", "write_notice", "NOTICE_HEADERS"]

TEN_THOUSAND = Decimal(10000)
NOTICE_HEADERS = ["序号", "企业名称", "项目名称", "支持条款", "拟资助金额（万元）"]


@dataclass
class NoticeRow:
    enterprise: str
    project: str
    article: str            # e.g. '第（三）条' or '（三）'
    amount: Decimal         # approved, in yuan


def to_wan(yuan: Decimal) -> Decimal:
    """Yuan to 万元, two decimals, half-up: 12,345.00 -> 1.23; 15,000.00 -> 1.50."""
    return q2(yuan / TEN_THOUSAND)


def write_notice(rows: Iterable[NoticeRow], out: str | os.PathLike | BinaryIO, *,
                 title: str = "光明区智能传感器产业集群扶持资金拟资助名单",
                 include_zero: bool = False, keywords: str = "", batch: str = "", issuer: str = "",
                 notice_date: date | None = None) -> dict:
    """Write the list; rows with no amount to pay are left out unless include_zero.

    Returns the figures written: {'count', 'total_yuan', 'total_wan', 'sum_of_rows_wan'}.
    """
    items = [r for r in rows if include_zero or (r.amount is not None and r.amount > 0)]
    wb = Workbook()
    ws = wb.active
    ws.title = "拟资助名单"
    ncols = len(NOTICE_HEADERS)
    if batch and batch not in title:
        title = f"{batch}{title}"
    put_text(ws, 1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 24
    for col, head in enumerate(NOTICE_HEADERS, start=1):
        put_text(ws, 2, col, head)
    style_header(ws, 2, ncols)
    set_widths(ws, [7, 36, 36, 12, 18])
    wrap = Alignment(wrap_text=True, vertical="center")
    total_yuan = ZERO
    sum_rows = ZERO
    for i, r in enumerate(items, start=1):
        row = i + 2
        put_int(ws, row, 1, i)
        put_text(ws, row, 2, r.enterprise).alignment = wrap
        put_text(ws, row, 3, r.project).alignment = wrap
        put_text(ws, row, 4, r.article)
        wan = to_wan(r.amount or ZERO)
        put_money(ws, row, 5, wan, WAN_FORMAT)
        total_yuan += r.amount or ZERO
        sum_rows += wan
    total_row = len(items) + 3
    put_text(ws, total_row, 1, "合计")
    ws.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=4)
    total_wan = to_wan(total_yuan)
    put_money(ws, total_row, 5, total_wan, WAN_FORMAT)
    for col in (1, 5):
        ws.cell(row=total_row, column=col).font = TOTAL_FONT
    if sum_rows != total_wan:
        note = (f"注：各项金额由元换算为万元后四舍五入保留两位小数，合计按元精确汇总"
                f"（{total_yuan:,.2f}元）后换算，与各项相加（{sum_rows:,.2f}万元）略有差异。")
        put_text(ws, total_row + 1, 1, note)
        ws.merge_cells(start_row=total_row + 1, start_column=1, end_row=total_row + 1,
                       end_column=ncols)
        ws.cell(row=total_row + 1, column=1).alignment = Alignment(wrap_text=True)
        ws.row_dimensions[total_row + 1].height = 30
    frame_notice(ws, ncols=ncols, first_row=2, last_row=total_row, issuer=issuer,
                 notice_date=notice_date or date.today(), note_rows=int(sum_rows != total_wan))
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:E{max(2, len(items) + 2)}"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = title
    wb.properties.creator = "光明区智能传感器扶持资金申报审核工作台"
    if keywords:            # the audit chain's head at export (anchor.head_of)
        wb.properties.keywords = keywords
    wb.save(out)
    return {"count": len(items), "total_yuan": q2(total_yuan), "total_wan": total_wan,
            "sum_of_rows_wan": sum_rows}
