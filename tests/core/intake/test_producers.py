"""The producer corpus (tests/fixtures/producers): one application as nine programs write it.

Every file holds the same typed content (README.md beside the files says how each was made):
申报信息 as below and three claims — 3.1 with 计算基数 1,234,567.58; 3.2 with 987,654.32 and
申请金额 98,765.43; 10 with 面积 800.5 m², 12 months at 23.40 yuan. The expected values are
the typed ones; where a producer added a formula or a row, the test says what it adds.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from tests.core.workbooks import FIXTURES
from workbench.core.intake.submission import read_application
from workbench.core.intake.xlsx_reader import NO_CACHED_VALUE

PRODUCERS = FIXTURES / "producers"
CREDIT = "91440300MA5G7K2Q0D"       # 91440300MA5G7K2Q0 and its GB 32100 check digit

# (row, line, code, project, basis, area, months, rent, voucher, requested, remark)
TYPED = [
    (2, 1, "3.1", "MEMS先进封测平台", D("1234567.58"), None, None, None, "HT-2025-001", None, ""),
    (3, 2, "3.2", "封测线对外开放", D("987654.32"), None, None, None, "HT-2025-002", D("98765.43"), "第二期"),
    (4, 3, "10", "园区租赁", D("0.00"), D("800.50"), 12, D("23.40"), "ZL-2025-07", None, ""),
]
# 申请金额 of row 4 as a formula =F4*G4*H4 with its cached value: 800.5 × 12 × 23.4 = 224,780.40
WITH_FORMULA = TYPED[:2] + [TYPED[2][:9] + (D("224780.40"), "")]
# XlsxWriter's file also has a hidden row 5 holding a fourth claim: hidden rows are read
HIDDEN = (5, 4, "6.1", "首轮流片A", D("2500000.00"), None, None, None, "FP-2025-0001", None, "")
# openpyxl wrote 申请金额 of row 3 as =D3*0.1 without a result: refused at its cell
NOT_CALCULATED = TYPED[:1] + [TYPED[1][:9] + (None, "第二期")] + TYPED[2:]

EXPECTED = {
    "libreoffice-resaved.xlsx": (TYPED, {}),
    "libreoffice-typed.xlsx": (TYPED, {}),
    "xlsxwriter-shared.xlsx": (WITH_FORMULA + [HIDDEN], {}),
    "xlsxwriter-inline.xlsx": (TYPED, {}),
    "openpyxl-1904.xlsx": (NOT_CALCULATED, {"申报事项!M3": "申请金额（元）：" + NO_CACHED_VALUE}),
    "sheetjs-style.xlsx": (TYPED, {}),
    "excel-shaped.xlsx": (WITH_FORMULA, {}),
    "excel-x-prefix-no-sst.xlsx": (TYPED, {}),
    "excel-strict.xlsx": (TYPED, {}),
}


def test_every_fixture_is_listed_and_described():
    files = {p.name for p in PRODUCERS.glob("*.xlsx")}
    assert files == set(EXPECTED)
    readme = (PRODUCERS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_producer_file_reads_as_typed(name):
    claims, problems = EXPECTED[name]
    app = read_application(PRODUCERS / name)
    assert app.errors == []
    a = app.applicant
    assert (a.template_version, a.name, a.credit_code, a.in_district, a.year) == (
        "GMSENSOR-1", "深圳市光明智感微系统有限公司", CREDIT, True, 2025)
    assert (a.address, a.contact, a.phone) == ("深圳市光明区凤凰街道光明科学城", "李晓明", "0755-23456789")
    assert a.applied_on == date(2025, 3, 15)
    assert a.fiscal_contribution == D("8000000.01")
    got = [(c.row, c.line, c.code, c.project, c.basis, c.area, c.months, c.rent, c.voucher, c.requested, c.remark)
           for c in app.claims]
    assert got == claims
    assert {p.where: p.message for p in app.claim_problems} == problems
