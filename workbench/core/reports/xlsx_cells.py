"""Writing cells of the bureau's workbooks: applicant text always as text, money as
numbers with a yuan format, one header style.

openpyxl turns any string that starts with '=' into a formula; a workbook the bureau sends
out must never run what an applicant typed, so text cells are forced to the string type and
marked with a quote prefix (as Excel does when a user types a leading apostrophe).
"""
from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workbench.core.domain.money import q2
from workbench.core.pdf.safe_text import clean, looks_like_formula

__all__ = ["put_text", "put_money", "put_int", "style_header", "set_widths",
           "YUAN_FORMAT", "WAN_FORMAT", "HEADER_FILL", "TOTAL_FONT"]

YUAN_FORMAT = "#,##0.00"
WAN_FORMAT = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="DCE3EE")
TOTAL_FONT = Font(bold=True)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_EXCEL_MAX = 32767          # characters an Excel cell holds


def put_text(ws: Worksheet, row: int, col: int, value: object):
    text = clean(value, keep_newlines=True)[:_EXCEL_MAX]
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def put_money(ws: Worksheet, row: int, col: int, value: Decimal | None,
              number_format: str = YUAN_FORMAT):
    cell = ws.cell(row=row, column=col)
    cell.value = None if value is None else q2(value)
    cell.number_format = number_format
    return cell


def put_int(ws: Worksheet, row: int, col: int, value: int | None):
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.number_format = "0"
    return cell


def style_header(ws: Worksheet, row: int, ncols: int) -> None:
    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
