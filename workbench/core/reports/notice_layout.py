"""The 拟资助名单 as a notice that can be posted as it prints: batch in the title, the issuing
bureau and date, the 公示 period of five working days, where to raise objections, page numbers
and a ruled table. Layout only: the rows and totals are written by notice_xlsx."""
from __future__ import annotations

from datetime import date, timedelta

from openpyxl.styles import Alignment, Border, Side

__all__ = ["working_days_after", "frame_notice", "NOTICE_DAYS"]

NOTICE_DAYS = 5
_RULE = Side(style="thin", color="000000")
_RULED = Border(left=_RULE, right=_RULE, top=_RULE, bottom=_RULE)


def working_days_after(start: date, days: int = NOTICE_DAYS) -> date:
    """The last day of a period of `days` working days beginning on `start` (or the next
    working day). Weekends only: public holidays and 调休 are not known here, so the bureau
    checks the end date against the year's holiday notice."""
    d = start
    while d.weekday() >= 5:
        d += timedelta(days=1)
    left = days - 1
    while left:
        d += timedelta(days=1)
        if d.weekday() < 5:
            left -= 1
    return d


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def frame_notice(ws, *, ncols: int, first_row: int, last_row: int, issuer: str,
                 notice_date: date, note_rows: int = 0) -> None:
    """Rule the table (first_row..last_row), then write the 公示 text and the issuer below it."""
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=ncols):
        for cell in row:
            cell.border = _RULED
    start = notice_date
    end = working_days_after(start)
    issuer = issuer or "深圳市光明区工业和信息化局"
    lines = [
        f"公示期：{_cn(start)}至{_cn(end)}（{NOTICE_DAYS}个工作日）。",
        f"公示期内，任何单位和个人对上述名单有异议的，可以书面形式向{issuer}提出，"
        "并提供真实姓名、联系方式和必要的证明材料；以单位名义提出的，须加盖单位公章。",
        "受理地址：________________________________　联系电话：________________",
    ]
    row = last_row + 1 + note_rows + 1
    for text in lines:
        ws.cell(row=row, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.row_dimensions[row].height = 32
        row += 1
    row += 1
    for text in (issuer, _cn(notice_date)):
        ws.cell(row=row, column=1, value=text).alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        row += 1
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.evenFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_setup.orientation = "portrait"
    ws.print_options.horizontalCentered = True
