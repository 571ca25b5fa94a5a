"""The batch summary workbook (批次汇总表): one row per claim with every input and figure,
and the totals per article and in all.

Totals are computed here in Decimal and written as values, not formulas: the workbook
must show the same figures in any program, including those that do not recalculate.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook

from workbench.core.domain.money import ZERO
from workbench.core.domain.totals import as_computed, requested_amount
from workbench.core.domain.vocabulary import STATUS_ON_PAPER as STATUS_LABELS
from workbench.core.reports.xlsx_cells import (
    TOTAL_FONT,
    put_int,
    put_money,
    put_text,
    set_widths,
    style_header,
)

__all__ = ["SummaryRow", "ArticleTotal", "article_totals", "write_summary", "SUMMARY_COLUMNS"]


@dataclass
class SummaryRow:
    batch: str
    doc_no: str
    applicant_name: str
    credit_code: str
    year: int
    line: int | None
    code: str | None
    article: str
    project: str
    product: str | None = None
    voucher: str = ""
    basis: Decimal | None = None
    previous: Decimal | None = None
    area: Decimal | None = None
    months: int | None = None
    rent: Decimal | None = None
    installment: int | None = None
    level: str | None = None
    requested: Decimal | None = None
    computed: Decimal | None = None
    suggested: Decimal | None = None
    approved: Decimal | None = None
    status: str = ""
    decision: str = ""
    overridden: bool = False
    reason: str = ""
    rule_set: str = ""


# (header, width, kind, attribute)
SUMMARY_COLUMNS = [
    ("批次", 14, "text", "batch"),
    ("文号", 18, "text", "doc_no"),
    ("企业名称", 28, "text", "applicant_name"),
    ("统一社会信用代码", 21, "text", "credit_code"),
    ("申报年度", 9, "int", "year"),
    ("序号", 6, "int", "line"),
    ("条款编号", 8, "text", "code"),
    ("条款", 9, "text", "article"),
    ("项目名称", 28, "text", "project"),
    ("产品名称", 16, "text", "product"),
    ("凭证编号", 16, "text", "voucher"),
    ("计算基数（元）", 15, "money", "basis"),
    ("上年度基数（元）", 15, "money", "previous"),
    ("面积（平方米）", 11, "money", "area"),
    ("月数", 6, "int", "months"),
    ("租金单价（元/平方米/月）", 12, "money", "rent"),
    ("期次", 6, "int", "installment"),
    ("标准级别", 9, "text", "level"),
    ("申请金额（元）", 15, "money", "requested"),
    ("测算金额（元）", 15, "money", "computed"),
    ("建议金额（元）", 15, "money", "suggested"),
    ("核定金额（元）", 15, "money", "approved"),
    ("系统建议", 11, "status", "status"),
    ("审核决定", 10, "text", "decision"),
    ("人工调整", 8, "flag", "overridden"),
    ("理由", 30, "text", "reason"),
    ("规则版本", 16, "text", "rule_set"),
]
_MONEY_FIELDS = ("requested", "computed", "suggested", "approved")
AS_COMPUTED_FORMAT = '#,##0.00"（按测算）"'   # the cell stays a number


@dataclass
class ArticleTotal:
    article: str
    codes: list[str]
    count: int
    requested: Decimal
    computed: Decimal
    suggested: Decimal
    approved: Decimal


def _code_key(code: str | None) -> tuple:
    parts = []
    for p in (code or "").split("."):
        parts.append((0, int(p), "") if p.isdigit() else (1, 0, p))
    return tuple(parts)


def article_totals(rows: Iterable[SummaryRow]) -> tuple[list[ArticleTotal], ArticleTotal]:
    """Totals per article (in the order of the measures) and in all; None counts as 0."""
    groups: dict[str, list[SummaryRow]] = {}
    first_code: dict[str, tuple] = {}
    for r in rows:
        groups.setdefault(r.article, []).append(r)
        k = _code_key(r.code)
        first_code[r.article] = min(first_code.get(r.article, k), k)

    def total(article: str, items: list[SummaryRow]) -> ArticleTotal:
        sums = {f: sum((getattr(r, f) or ZERO for r in items), ZERO) for f in _MONEY_FIELDS}
        # One definition with every other total (totals.py): a blank request counts as computed.
        sums["requested"] = sum((requested_amount(r.requested, r.computed) or ZERO for r in items), ZERO)
        codes = sorted({r.code for r in items if r.code}, key=_code_key)
        return ArticleTotal(article, codes, len(items), **sums)

    per = [total(a, groups[a]) for a in sorted(groups, key=lambda a: first_code[a])]
    everything = [r for a in groups for r in groups[a]]
    return per, total("合计", everything)


def write_summary(rows: list[SummaryRow], out: str | os.PathLike | BinaryIO, *,
                  title: str = "批次汇总", keywords: str = "", made: date | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "审核明细"
    for col, (head, _w, _k, _a) in enumerate(SUMMARY_COLUMNS, start=1):
        put_text(ws, 1, col, head)
    style_header(ws, 1, len(SUMMARY_COLUMNS))
    set_widths(ws, [w for _h, w, _k, _a in SUMMARY_COLUMNS])
    ordered = sorted(rows, key=lambda r: (r.batch, r.credit_code, r.line or 0))
    for i, r in enumerate(ordered, start=2):
        for col, (_h, _w, kind, attr) in enumerate(SUMMARY_COLUMNS, start=1):
            value = getattr(r, attr)
            if attr == "requested" and as_computed(r.requested, r.computed):
                # The computed amount, shown as such: the column adds up to the totals.
                put_money(ws, i, col, r.computed, AS_COMPUTED_FORMAT)
            elif kind == "money":
                put_money(ws, i, col, value)
            elif kind == "int":
                put_int(ws, i, col, value)
            elif kind == "status":
                put_text(ws, i, col, STATUS_LABELS.get(value, value))
            elif kind == "flag":
                put_text(ws, i, col, "是" if value else "")
            else:
                put_text(ws, i, col, value)
    last = max(1, len(ordered) + 1)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=last, column=len(SUMMARY_COLUMNS)).coordinate}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    st = wb.create_sheet("按条款汇总")
    heads = ["条款", "条款编号", "事项数", "申请金额（元）", "测算金额（元）", "建议金额（元）",
             "核定金额（元）"]
    for col, head in enumerate(heads, start=1):
        put_text(st, 1, col, head)
    style_header(st, 1, len(heads))
    set_widths(st, [10, 16, 8, 17, 17, 17, 17])
    per, grand = article_totals(ordered)
    for i, t in enumerate([*per, grand], start=2):
        put_text(st, i, 1, t.article)
        put_text(st, i, 2, "、".join(t.codes) if t is not grand else "")
        put_int(st, i, 3, t.count)
        for col, f in enumerate(_MONEY_FIELDS, start=4):
            put_money(st, i, col, getattr(t, f))
        if t is grand:
            for col in range(1, len(heads) + 1):
                st.cell(row=i, column=col).font = TOTAL_FONT
    st.freeze_panes = "A2"
    st.auto_filter.ref = f"A1:G{len(per) + 1}"   # the total row stays out of sorting
    made = made or date.today()
    for sheet in (ws, st):
        _print_setup(sheet, title, made)
    wb.properties.title = title
    wb.properties.creator = "光明区智能传感器扶持资金申报审核工作台"
    if keywords:            # the audit chain's head at export (anchor.head_of)
        wb.properties.keywords = keywords
    wb.save(out)


def _print_setup(sheet, title: str, made: date) -> None:
    """Every sheet prints fit to the page width, with its column titles repeated on each page
    and the workbook's title, the sheet's name and the date at the top of every page."""
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for hf in (sheet.oddHeader, sheet.evenHeader):
        hf.center.text = f"&B{title}　{sheet.title}"
        hf.right.text = f"制表日期 {made.year}年{made.month}月{made.day}日"
    for hf in (sheet.oddFooter, sheet.evenFooter):
        hf.center.text = "第 &P 页，共 &N 页"
