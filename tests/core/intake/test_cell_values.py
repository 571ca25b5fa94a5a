"""Cell values read as the applicant sees them: numbers to 15 significant digits, dates,
formulas without a cached value, and the template writer's own amounts read back unchanged."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from tests.core.handmade import Num, Raw, hand_application
from tests.core.intake.test_xlsx_reader import one_sheet
from tests.core.workbooks import APPLICANT, sheet_xml
from workbench.core.intake.submission import read_application
from workbench.core.intake.template import write_application
from workbench.core.intake.xlsx_reader import NO_CACHED_VALUE, Unreadable

D = Decimal


def claim(**fields) -> dict:
    base = {"line": 1, "code": "3.1", "project": "封测平台", "voucher": "HT-1"}
    base.update(fields)
    return base


def excel_text(x: float) -> str:
    """What Excel stores for a typed number: 17 significant digits, trailing zeros dropped."""
    return format(x, ".17g")


@pytest.mark.parametrize("stored, shown", [
    ("1234567.5800000001", D("1234567.58")),     # Excel's 17 digits for a typed 1,234,567.58
    ("987654.31999999995", D("987654.32")),      # the same, another amount
    ("987654.3199999999", D("987654.32")),       # openpyxl / XlsxWriter %.16g
    ("0.30000000000000004", D("0.3")),           # a sum 0.1 + 0.2 cached by a formula
    ("100.00000000000001", D("100")),
    ("2.5E-3", D("0.0025")),
    ("1E+7", D("10000000")),
    ("12345678901234567", D("12345678901234600")),  # Excel shows 15 significant digits
])
def test_number_cells_read_as_excel_shows_them(stored, shown):
    cells = one_sheet(sheet_xml({1: [("A1", "", f"<v>{stored}</v>")]}))
    assert cells[(1, 1)] == shown


def test_seventeen_digit_amounts_are_accepted_as_typed():
    app = read_application(hand_application(
        [claim(basis=Num("1234567.5800000001"), requested=Num("370370.27000000002"))],
        **{"上年度区级地方财力贡献（元）": Num("8000000.0099999998")}))
    assert not app.errors
    c = app.claims[0]
    assert c.basis == D("1234567.58") and c.requested == D("370370.27") and c.problems == []
    assert app.applicant.fiscal_contribution == D("8000000.01")


def test_requested_with_three_decimals_in_a_number_cell_quotes_what_the_cell_shows():
    # 370370.274 typed in Excel is stored as 370370.27399999998; the message quotes 370370.274
    app = read_application(hand_application([claim(basis=D("1"), requested=Num("370370.27399999998"))]))
    (problem,) = app.claims[0].problems
    assert problem.where == "申报事项!M2"
    assert "“370370.274”" in problem.message and "999" not in problem.message


def test_text_cells_stay_strict():
    app = read_application(hand_application([claim(basis="1.005")]))
    (problem,) = app.claims[0].problems
    assert problem.where == "申报事项!D2" and "两位小数" in problem.message and "“1.005”" in problem.message


def test_formula_without_cached_value_is_refused_at_its_cell():
    app = read_application(hand_application([claim(basis=Raw('<c r="{r}"><f>1000*2</f></c>'),
                                                    requested=Raw('<c r="{r}"><f t="shared" si="0"/></c>'))]))
    assert not app.errors
    found = {p.where: p.message for p in app.claims[0].problems}
    assert found["申报事项!D2"] == "计算基数（元）：" + NO_CACHED_VALUE
    assert found["申报事项!M2"] == "申请金额（元）：" + NO_CACHED_VALUE
    assert app.claims[0].basis is None


def test_formula_with_cached_value_gives_the_value_as_shown():
    app = read_application(hand_application(
        [claim(basis=Raw('<c r="{r}"><f>0.1+0.2</f><v>0.30000000000000004</v></c>'))]))
    assert app.claims[0].basis == D("0.30") and not app.claims[0].problems


def test_formula_without_cached_value_in_the_info_sheet_refuses_the_file():
    app = read_application(hand_application(
        [claim(basis=D("1"))], **{"申报年度": Raw('<c r="{r}"><f>YEAR(TODAY())</f></c>')}))
    assert [(p.where, p.message) for p in app.errors] == [("申报信息!B9", "“申报年度”：" + NO_CACHED_VALUE)]


def test_iso_date_cells_are_read():
    app = read_application(hand_application(
        [claim(basis=D("1"))], **{"申报日期": Raw('<c r="{r}" t="d"><v>2025-03-01T00:00:00</v></c>')}))
    assert not app.errors and app.applicant.applied_on == date(2025, 3, 1)


def test_a_date_cell_that_is_no_date_is_refused_not_dropped():
    app = read_application(hand_application(
        [claim(basis=Raw('<c r="{r}" t="d"><v>soon</v></c>'))]))
    (problem,) = app.claims[0].problems
    assert problem.where == "申报事项!D2" and "“soon”" in problem.message


@pytest.mark.parametrize("xml", ['<c r="{r}"><v>12,5</v></c>', '<c r="{r}"><v>NaN</v></c>',
                                 '<c r="{r}" t="zz"><v>1</v></c>'])
def test_uninterpretable_values_are_refused_by_cell(xml):
    app = read_application(hand_application([claim(basis=Raw(xml))]))
    (problem,) = app.claims[0].problems
    assert problem.where == "申报事项!D2" and problem.message.startswith("计算基数（元）：")


def test_unreadable_is_a_reason_not_a_value():
    cells = one_sheet(sheet_xml({1: [("A1", "", "<v>1_000</v>"), ("B1", "d", "<v>x</v>")]}))
    assert all(isinstance(v, Unreadable) for v in cells.values()) and len(cells) == 2


def test_the_template_writer_round_trips_every_cent_amount(tmp_path):
    rnd = random.Random(20250301)
    amounts = [D(rnd.randrange(0, 10**11)) / 100 for _ in range(300)]
    amounts[:4] = [D("987654.32"), D("1234567.58"), D("0.01"), D("99999999.99")]
    claims = [claim(line=i + 1, voucher=f"V-{i}", basis=a, requested=a) for i, a in enumerate(amounts)]
    path = write_application(tmp_path / "a.xlsx", {**APPLICANT, "上年度区级地方财力贡献（元）": D("987654.32")}, claims)
    app = read_application(path)
    assert not app.errors and app.applicant.fiscal_contribution == D("987654.32")
    assert [c.basis for c in app.claims] == amounts
    assert [c.requested for c in app.claims] == amounts
    assert all(not c.problems for c in app.claims)


def test_excel_stored_cent_amounts_read_back_to_the_cents():
    # the double nearest each cent amount, written the way Excel writes it (17 digits)
    rnd = random.Random(7)
    amounts = [D(rnd.randrange(0, 10**11)) / 100 for _ in range(300)]
    stored = [excel_text(float(a)) for a in amounts]
    assert sum(len(s.replace(".", "").lstrip("0")) >= 17 for s in stored) > 100   # mostly long
    claims = [claim(line=i + 1, voucher=f"V-{i}", basis=Num(s)) for i, s in enumerate(stored)]
    app = read_application(hand_application(claims))
    assert [c.basis for c in app.claims] == amounts
    assert all(not c.problems for c in app.claims)
