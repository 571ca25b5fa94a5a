"""Batch summary and public-notice workbooks: applicant text stays text, totals add up."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from workbench.core.reports.notice_xlsx import NOTICE_HEADERS, NoticeRow, to_wan, write_notice
from workbench.core.reports.summary_xlsx import (
    SUMMARY_COLUMNS,
    SummaryRow,
    article_totals,
    write_summary,
)

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+2", "-3+4", "@SUM(A1)", "＝1+1",
           "正常\x07名称\x00", "=cmd|' /C calc'!A0"]


def _row(i: int, code: str, article: str, *, name: str = "深圳市某传感科技有限公司",
         project: str = "项目", approved=D("100.00"), **kw) -> SummaryRow:
    return SummaryRow(batch="2025年第一批", doc_no=f"深光工信〔2025〕12号-{i:04d}",
                      applicant_name=name, credit_code="91440300MA5G0XXXXX", year=2025,
                      line=i, code=code, article=article, project=project,
                      approved=approved, **kw)


def test_to_wan_rounds_half_up_to_two_places():
    assert to_wan(D("12345.00")) == D("1.23")
    assert to_wan(D("15000.00")) == D("1.50")
    assert to_wan(D("12250.00")) == D("1.23")          # 1.225: half-up, not banker's 1.22
    assert to_wan(D("12249.99")) == D("1.22")
    assert to_wan(D("1000000")) == D("100.00")
    assert to_wan(D("0.01")) == D("0.00")


def test_summary_text_is_never_a_formula(tmp_path):
    rows = [_row(i, "3.1", "（三）", name=t, project=t, voucher=t, reason=t)
            for i, t in enumerate(HOSTILE, start=1)]
    out = tmp_path / "sum.xlsx"
    write_summary(rows, out)
    ws = load_workbook(out)["审核明细"]
    heads = [c.value for c in ws[1]]
    assert heads == [h for h, *_ in SUMMARY_COLUMNS]
    col = {h: i + 1 for i, h in enumerate(heads)}
    for r in range(2, len(HOSTILE) + 2):
        for h in ("企业名称", "项目名称", "凭证编号", "理由"):
            cell = ws.cell(row=r, column=col[h])
            assert cell.data_type == "s", (h, cell.value)
            expected = HOSTILE[r - 2].replace("\x07", "").replace("\x00", "")
            assert cell.value == expected
            if expected[0] in "=+-@＝":
                assert cell.quotePrefix


def test_summary_layout_and_figures(tmp_path):
    rows = [
        _row(1, "3.1", "（三）", basis=D("12345678.00"), requested=D("1200000.00"),
             computed=D("4938271.20"), suggested=D("1200000.00"), approved=D("1000000.00"),
             status="approve", decision="核减", overridden=True, reason="预算"),
        _row(2, "3.2", "（三）", requested=D("50000.50"), computed=D("50000.50"),
             suggested=D("50000.50"), approved=D("50000.50"), status="approve"),
        _row(3, "10", "（十）", area=D("100"), months=12, rent=D("25.00"),
             requested=D("24000.00"), computed=D("24000.00"), suggested=D("24000.00"),
             approved=D("24000.00"), status="approve"),
        _row(4, "2", "（二）", requested=D("3000000.00"), approved=None, status="manual"),
    ]
    out = tmp_path / "sum.xlsx"
    write_summary(rows, out)
    wb = load_workbook(out)
    ws = wb["审核明细"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=5, column=len(SUMMARY_COLUMNS)).coordinate}"
    heads = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(heads)}
    money = ws.cell(row=2, column=col["测算金额（元）"])
    assert money.value == pytest.approx(4938271.20) and money.number_format == "#,##0.00"
    assert ws.cell(row=2, column=col["人工调整"]).value == "是"
    assert ws.cell(row=2, column=col["系统建议"]).value == "建议全额支持"
    assert ws.cell(row=4, column=col["月数"]).value == 12
    assert ws.cell(row=5, column=col["核定金额（元）"]).value is None

    st = wb["按条款汇总"]
    table = [[c.value for c in row] for row in st.iter_rows(min_row=2)]
    assert [t[0] for t in table] == ["（二）", "（三）", "（十）", "合计"]
    three = table[1]
    assert three[1] == "3.1、3.2" and three[2] == 2
    assert D(str(three[6])) == D("1050000.50")
    total = table[-1]
    assert total[2] == 4
    assert D(str(total[3])) == D("4274000.50")           # requested, in all
    assert D(str(total[6])) == D("1074000.50")           # approved, in all
    per, grand = article_totals(rows)
    assert grand.approved == sum(p.approved for p in per)


def test_notice_list(tmp_path):
    rows = [
        NoticeRow("=公司甲", "+项目一", "（三）", D("1000000.00")),
        NoticeRow("公司乙\x1f", "项目二", "（十）", D("12345.00")),
        NoticeRow("公司丙", "项目三", "（十）", D("12350.00")),
        NoticeRow("公司丁", "被否决的项目", "（三）", D("0.00")),
    ]
    out = tmp_path / "notice.xlsx"
    figures = write_notice(rows, out, title="拟资助名单（2025年第一批）")
    assert figures["count"] == 3
    assert figures["total_yuan"] == D("1024695.00")
    assert figures["total_wan"] == D("102.47")
    ws = load_workbook(out).active
    assert ws["A1"].value == "拟资助名单（2025年第一批）"
    assert [c.value for c in ws[2]] == NOTICE_HEADERS
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E5"
    assert ws["B3"].value == "=公司甲" and ws["B3"].data_type == "s" and ws["B3"].quotePrefix
    assert ws["C3"].value == "+项目一" and ws["C3"].data_type == "s"
    assert ws["B4"].value == "公司乙"
    assert [ws.cell(row=r, column=5).value for r in (3, 4, 5)] == [100.0, 1.23, 1.24]
    assert ws["E3"].number_format == "#,##0.00"
    assert ws["A6"].value == "合计" and ws["E6"].value == pytest.approx(102.47)
    assert ws["A7"].value is None                         # rows add up: no note needed


def test_notice_total_note_when_rounding_differs(tmp_path):
    rows = [NoticeRow(f"公司{i}", "项目", "（十）", D("12345.00")) for i in range(3)]
    out = tmp_path / "notice.xlsx"
    figures = write_notice(rows, out)
    assert figures["sum_of_rows_wan"] == D("3.69") and figures["total_wan"] == D("3.70")
    ws = load_workbook(out).active
    assert ws["E6"].value == pytest.approx(3.70)
    assert "四舍五入" in ws["A7"].value
