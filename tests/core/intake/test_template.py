"""The template the bureau hands out, and filled workbooks in its layout."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.core.workbooks import APPLICANT, CLAIMS, CREDIT_CODE
from workbench.core.intake.submission import CLAIM_HEADERS, INFO_LABELS, read_application
from workbench.core.intake.template import (
    EXAMPLE_SHEET,
    GUIDE_SHEET,
    LIST_SHEET,
    code_labels,
    write_application,
    write_template,
)
from workbench.core.rules.ruleset import default_ruleset


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("tpl") / "template.xlsx")
    return load_workbook(path)


def validations(ws) -> dict[str, object]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_code_labels_come_from_the_rule_set():
    labels = code_labels()
    assert labels[:3] == ["2 MEMS中试线建设运营", "3.1 先进封测服务平台建设", "3.2 自建封测线对外开放"]
    assert len(labels) == len(default_ruleset().rules)
    assert len(",".join(labels)) > 255          # too long for an inline list: hence the list sheet


def test_sheets(template):
    assert template.sheetnames == ["申报信息", "申报事项", GUIDE_SHEET, EXAMPLE_SHEET, LIST_SHEET]
    assert template[LIST_SHEET].sheet_state == "hidden"
    assert template.active.title == "申报信息"


def test_info_sheet(template):
    ws = template["申报信息"]
    labels = [ws.cell(row=r, column=1).value for r in range(2, 2 + len(INFO_LABELS))]
    assert labels == list(INFO_LABELS)
    assert ws["B2"].value == "GMSENSOR-1"
    assert ws["B4"].number_format == "@"                      # credit code stays text
    assert ws["B11"].number_format == "#,##0.00"
    dvs = validations(ws)
    assert dvs["B6"].type == "list" and dvs["B6"].formula1 == '"是,否"'
    assert dvs["B9"].type == "whole"


def test_claim_sheet(template):
    ws = template["申报事项"]
    assert [c.value for c in ws[1]] == list(CLAIM_HEADERS)
    assert ws.freeze_panes == "A2"
    dims = ws.column_dimensions
    assert dims["D"].number_format == "#,##0.00" and dims["M"].number_format == "#,##0.00"
    assert dims["L"].number_format == "@"
    assert dims["B"].width >= 30
    dvs = validations(ws)
    n = len(code_labels())
    assert dvs["B2:B1001"].type == "list" and dvs["B2:B1001"].formula1 == f"'{LIST_SHEET}'!$A$1:$A${n}"
    assert dvs["J2:J1001"].formula1 == '"国际,国家,行业,团体"'
    assert (dvs["G2:G1001"].formula1, dvs["G2:G1001"].formula2) == ("1", "12")
    assert (dvs["I2:I1001"].formula1, dvs["I2:I1001"].formula2) == ("1", "3")
    lists = template[LIST_SHEET]
    assert [lists.cell(row=r, column=1).value for r in range(1, n + 1)] == code_labels()


def test_guide_and_example(template):
    guide = " ".join(str(c.value) for c in template[GUIDE_SHEET]["A"] if c.value)
    assert "填写说明" in guide and "申报事项" in guide and default_ruleset().version in guide
    example = template[EXAMPLE_SHEET]
    assert [c.value for c in example[1]] == list(CLAIM_HEADERS)
    assert example["B2"].value == "3.1 先进封测服务平台建设"


def test_written_application_reads_back(tmp_path):
    applicant = {"name": "深圳市光明某公司", "credit_code": CREDIT_CODE, "in_district": False, "year": 2026,
                 "applied_on": date(2026, 2, 3), "fiscal_contribution": Decimal("1E+6")}
    path = write_application(tmp_path / "a.xlsx", applicant, CLAIMS[:3])
    app = read_application(path)
    assert app.errors == []
    a = app.applicant
    assert (a.name, a.in_district, a.year, a.applied_on, a.fiscal_contribution) == (
        "深圳市光明某公司", False, 2026, date(2026, 2, 3), Decimal("1000000.00"))
    assert [c.code for c in app.claims] == ["3.1", "3.2", "4.1"]
    assert app.claims[1].requested == Decimal("300000.05")


def test_labels_and_headers_as_keys(tmp_path):
    claims = [{"序号": 1, "条款编号": "14", "项目名称": "峰会", "计算基数（元）": 10, "凭证编号": "HY-1"}]
    app = read_application(write_application(tmp_path / "a.xlsx", APPLICANT, claims))
    assert app.errors == [] and app.claims[0].code == "14" and app.claims[0].basis == Decimal("10.00")
    with pytest.raises(KeyError):
        write_application(tmp_path / "b.xlsx", {"公司": "x"}, [])
    with pytest.raises(KeyError):
        write_application(tmp_path / "c.xlsx", APPLICANT, [{"金额": 1}])


def test_applicant_text_is_never_a_formula(tmp_path):
    hostile = ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)"]
    claims = [{"line": i, "code": "3.1", "project": text, "voucher": text, "remark": text, "basis": 1}
              for i, text in enumerate(hostile, start=1)]
    path = write_application(tmp_path / "a.xlsx", dict(APPLICANT, 企业名称="=1+1"), claims)
    wb = load_workbook(path)
    for cell in [wb["申报信息"]["B3"]] + [wb["申报事项"].cell(row=r, column=3) for r in range(2, 6)]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    app = read_application(path)
    assert app.applicant.name == "=1+1"
    assert [c.project for c in app.claims] == hostile and [c.voucher for c in app.claims] == hostile


def test_control_characters_are_dropped(tmp_path):
    path = write_application(tmp_path / "a.xlsx", APPLICANT, [dict(CLAIMS[0], project="封测\x00平台\x07")])
    assert read_application(path).claims[0].project == "封测平台"


def test_columns_can_be_limited(tmp_path):
    columns = ["序号", "条款编号", "项目名称", "计算基数（元）", "凭证编号", "申请金额（元）"]
    path = write_application(tmp_path / "a.xlsx", APPLICANT, CLAIMS, columns=columns)
    assert [c.value for c in load_workbook(path)["申报事项"][1] if c.value] == columns
    app = read_application(path)
    assert app.errors == [] and "area" not in app.claims[4].cells


def test_text_amounts_are_written_as_text(tmp_path):
    path = write_application(tmp_path / "a.xlsx", APPLICANT, [dict(CLAIMS[0], basis="1,234,567.89元")])
    assert load_workbook(path)["申报事项"]["D2"].value == "1,234,567.89元"
    assert read_application(path).claims[0].basis == Decimal("1234567.89")
