"""Reading an application workbook: every class of bad input, located to its cell."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import random
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.core.workbooks import (
    APPLICANT,
    CLAIMS,
    CREDIT_CODE,
    FIXTURES,
    application_bytes,
    claim_rows,
    info_rows,
    openpyxl_bytes,
    xlsxwriter_application,
)
from workbench.core.domain.model import CLAIM_FIELDS, Application
from workbench.core.intake.submission import CLAIM_HEADERS, normalize_code, read_application
from workbench.core.intake.template import write_application, write_template


def read(data: bytes) -> Application:
    return read_application(data, name="test.xlsx")


def ok(data: bytes) -> Application:
    app = read(data)
    assert app.errors == [], app.errors
    return app


def with_info(**changes) -> bytes:
    applicant = dict(APPLICANT)
    for label, value in changes.items():
        if value is _DROP:
            applicant.pop(label)
        else:
            applicant[label] = value
    return application_bytes(applicant)


_DROP = object()


def errors_at(app: Application) -> dict[str, str]:
    assert app.refused and app.claims == [] and app.applicant is None
    return {p.where: p.message for p in app.errors}


def one_claim(**fields) -> Application:
    claim = {"line": 1, "code": "3.1", "project": "项目", "basis": Decimal("100"), "voucher": "V-1"}
    claim.update(fields)
    return ok(application_bytes(claims=[claim]))


def claim_problems(**fields) -> dict[str, str]:
    claim = one_claim(**fields).claims[0]
    return {p.where: p.message for p in claim.problems}


# -- a clean application -----------------------------------------------------------------------

def test_clean_application():
    data = application_bytes()
    app = ok(data)
    a = app.applicant
    assert (a.name, a.credit_code, a.year, a.in_district) == ("深圳市光明智感微系统有限公司", CREDIT_CODE, 2025, True)
    assert a.address == "深圳市光明区凤凰街道光明科学城" and a.contact == "李晓明" and a.phone == "0755-2345 6789"
    assert a.applied_on == date(2025, 3, 15)
    assert a.fiscal_contribution == Decimal("8000000.00")
    assert a.template_version == "GMSENSOR-1"
    assert app.file_hash == hashlib.sha256(data).hexdigest()
    assert app.source == "test.xlsx"
    assert [c.line for c in app.claims] == list(range(1, 11))
    assert [c.code for c in app.claims] == ["3.1", "3.2", "4.1", "6.1", "10", "11.2", "12.1", "13", "14", "2"]
    assert app.claim_problems == []
    first, rent, standard = app.claims[0], app.claims[4], app.claims[7]
    assert first.row == 2 and first.raw_code == "3.1 先进封测服务平台建设"
    assert first.basis == Decimal("12345678.00") and first.requested is None
    assert first.cells == {f: f"申报事项!{'ABCDEFGHIJKLMN'[i]}2" for i, f in enumerate(CLAIM_FIELDS)}
    assert (rent.area, rent.months, rent.rent) == (Decimal("800.50"), 12, Decimal("23.40"))
    assert standard.level == "团体" and standard.voucher == "T/GMSIA 001-2025"
    assert app.claims[2].installment == 2 and app.claims[5].product == "九轴惯性模组"
    assert app.claims[6].previous == Decimal("6000000.00") and app.claims[8].remark == "第二届"
    assert first.product is None and first.level is None


def test_path_source_is_the_file_name(tmp_path):
    path = tmp_path / "某公司申报表.xlsx"
    path.write_bytes(application_bytes())
    app = read_application(path)
    assert app.source == "某公司申报表.xlsx" and not app.refused
    assert app.file_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def _comparable(app: Application):
    return dataclasses.replace(app, source="", file_hash="")


def test_xlsxwriter_openpyxl_and_libreoffice_files_import_identically(tmp_path):
    by_openpyxl = read_application(write_application(tmp_path / "o.xlsx", APPLICANT, CLAIMS))
    by_xlsxwriter = read_application(xlsxwriter_application(tmp_path / "x.xlsx"))
    by_libreoffice = read_application(FIXTURES / "application-libreoffice.xlsx")
    assert not by_openpyxl.refused and by_openpyxl.claim_problems == []
    assert _comparable(by_xlsxwriter) == _comparable(by_openpyxl)
    assert _comparable(by_libreoffice) == _comparable(by_openpyxl)
    assert _comparable(ok(application_bytes())) == _comparable(by_openpyxl)


def test_filled_template_imports_cleanly(tmp_path):
    path = write_template(tmp_path / "模板.xlsx")
    wb = load_workbook(path)
    info = wb["申报信息"]
    values = {"企业名称": "深圳市光明某某科技有限公司", "统一社会信用代码": CREDIT_CODE.lower(),
              "是否注册在光明区": "是", "申报年度": 2025, "申报日期": date(2025, 4, 1)}
    for row in info.iter_rows(min_row=1):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    items = wb["申报事项"]
    items.append([1, "3.1 先进封测服务平台建设", "封测平台", 2_000_000, None, None, None, None, None, None, None,
                  "HT-1", None, None])
    items.append([2, 10, "园区租赁", None, None, 100, 6, 18.5, None, None, None, "ZL-1", 11100])
    wb.save(path)
    app = read_application(path)
    assert app.errors == []
    assert app.applicant.credit_code == CREDIT_CODE and app.applicant.applied_on == date(2025, 4, 1)
    assert [(c.line, c.code) for c in app.claims] == [(1, "3.1"), (2, "10")]
    assert app.claims[1].rent == Decimal("18.50") and app.claims[1].requested == Decimal("11100.00")
    assert app.claim_problems == []


def test_blank_template_is_refused_for_the_missing_values(tmp_path):
    app = read_application(write_template(tmp_path / "t.xlsx"))
    assert errors_at(app) == {
        "申报信息!B3": "“企业名称”不能为空",
        "申报信息!B4": "“统一社会信用代码”不能为空",
        "申报信息!B6": "“是否注册在光明区”不能为空",
        "申报信息!B9": "“申报年度”不能为空",
    }


# -- layout tolerance ----------------------------------------------------------------------------

def test_headers_by_name_in_any_order_with_spaces_half_width_and_extra_columns():
    headers = ["备注 ", "申请金额(元)", "凭证编号", "额外一列", " 计算基数 (元) ", "项目名称", "条款编号", "序号"]
    rows = claim_rows(CLAIMS[:2], headers)
    rows.insert(2, [None] * len(headers))                # a blank row in between
    rows[1][3] = "ignored"
    data = openpyxl_bytes({"说明": [["随便"]], "申报信息 ": info_rows(), "申报事项": rows, "Sheet9": [[1]]})
    app = ok(data)
    assert [(c.row, c.line, c.code, c.basis) for c in app.claims] == [
        (2, 1, "3.1", Decimal("12345678.00")), (4, 2, "3.2", Decimal("3000000.50"))]
    assert app.claims[0].cells == {"remark": "申报事项!A2", "requested": "申报事项!B2", "voucher": "申报事项!C2",
                                   "basis": "申报事项!E2", "project": "申报事项!F2", "code": "申报事项!G2",
                                   "line": "申报事项!H2"}
    assert app.claims[0].cell("months") == "申报事项!2"


def test_a_title_row_above_the_header_is_tolerated():
    rows = [["光明区智能传感器扶持资金申报事项表"]] + claim_rows(CLAIMS[:1])
    app = ok(openpyxl_bytes({"申报信息": info_rows(), "申报事项": rows}))
    assert app.claims[0].row == 3 and app.claims[0].cells["basis"] == "申报事项!D3"


def test_labels_in_any_order_with_colons_and_full_width_parentheses():
    rows = [["企业名称：", APPLICANT["企业名称"]], ["申报年度", "2025年"], ["模板版本", "gmsensor-1"],
            [" 统一社会信用代码 ", f"  {CREDIT_CODE.lower()} "], ["是否注册在光明区", " 否 "],
            ["上年度区级地方财力贡献(元)", "3,000,000.00元"], ["其他说明", "随便写"]]
    app = ok(openpyxl_bytes({"申报信息": rows, "申报事项": claim_rows(CLAIMS[:1])}))
    a = app.applicant
    assert (a.credit_code, a.year, a.in_district, a.template_version) == (CREDIT_CODE, 2025, False, "GMSENSOR-1")
    assert a.fiscal_contribution == Decimal("3000000.00")
    assert a.address == "" and a.applied_on is None


def test_rows_with_only_a_line_number_are_blank():
    claims = CLAIMS[:1] + [{"line": 2}, {"line": 3, "remark": "  "}]
    app = ok(application_bytes(claims=claims))
    assert [c.line for c in app.claims] == [1]


def test_rows_with_only_a_note_are_blank():
    claims = CLAIMS[:1] + [{"remark": "以上为本年度全部申报事项"}, {"line": 3, "remark": "备用"}]
    app = ok(application_bytes(claims=claims))
    assert [c.line for c in app.claims] == [1] and app.claim_problems == []


def test_a_note_beside_claim_data_is_still_a_claim():
    app = ok(application_bytes(claims=CLAIMS[:1] + [{"line": 2, "project": "只填了项目", "remark": "补充"}]))
    assert [c.line for c in app.claims] == [1, 2]


def test_absent_optional_columns_have_no_cell():
    headers = ["序号", "条款编号", "项目名称", "计算基数（元）", "凭证编号", "申请金额（元）"]
    app = ok(application_bytes(headers=headers))
    rent = app.claims[4]
    assert set(rent.cells) == {"line", "code", "project", "basis", "voucher", "requested"}
    assert rent.area is None and rent.cell("area") == "申报事项!6"


# -- file-level problems -----------------------------------------------------------------------

def test_missing_sheets_are_both_listed():
    app = read(openpyxl_bytes({"Sheet1": [["x"]]}))
    assert errors_at(app) == {
        "申报信息": "缺少工作表“申报信息”，请使用申报模板填写，不要修改工作表名称",
        "申报事项": "缺少工作表“申报事项”，请使用申报模板填写，不要修改工作表名称",
    }


def test_missing_required_headers_each_listed():
    headers = ["序号", "条款编号", "项目名称", "备注"]
    app = read(application_bytes(headers=headers))
    assert [(p.where, p.message) for p in app.errors] == [
        ("申报事项!1", f"申报事项缺少表头“{h}”（第 1 行），请使用申报模板的表头，不要改动表头文字")
        for h in ("计算基数（元）", "凭证编号", "申请金额（元）")
    ]


def test_repeated_header_is_refused():
    headers = list(CLAIM_HEADERS) + ["申请金额(元)"]
    errors = errors_at(read(application_bytes(headers=headers)))
    assert errors == {"申报事项!O1": "表头“申请金额（元）”重复（M1 和 O1），请删除多余的一列"}


def test_missing_label_and_unknown_template_version():
    errors = errors_at(read(with_info(模板版本=_DROP, 企业名称=_DROP)))
    assert errors["申报信息!A列"].startswith("申报信息缺少“")
    messages = [p.message for p in read(with_info(模板版本=_DROP, 企业名称=_DROP)).errors]
    assert any("“模板版本”" in m for m in messages) and any("“企业名称”" in m for m in messages)
    errors = errors_at(read(with_info(模板版本="GMSENSOR-9")))
    assert errors == {"申报信息!B2": "模板版本“GMSENSOR-9”无法识别，请下载最新的申报模板（GMSENSOR-1）重新填写"}


def test_repeated_label_is_refused():
    rows = info_rows() + [["企业名称", "另一家公司"]]
    errors = errors_at(read(openpyxl_bytes({"申报信息": rows, "申报事项": claim_rows()})))
    assert errors == {"申报信息!A12": "“企业名称”出现了两次（第 3 行和第 12 行），请只保留一行"}


@pytest.mark.parametrize("code, fragment", [
    ("91440300MA5G7K2Q0", "应为 18 位，实际为 17 位"),
    ("91440300MA5G7K2Q0DX", "应为 18 位，实际为 19 位"),
    ("91440300MA5G7K2QOD", "不允许的字符“O”"),
    ("9144-0300MA5G7K2Q0", "不允许的字符“-”"),
])
def test_credit_code_of_the_wrong_shape(code, fragment):
    errors = errors_at(read(with_info(统一社会信用代码=code)))
    assert list(errors) == ["申报信息!B4"] and fragment in errors["申报信息!B4"]


def test_credit_code_typed_as_a_number_gets_a_hint():
    errors = errors_at(read(with_info(统一社会信用代码=9144030012345)))
    assert errors["申报信息!B4"] == ("统一社会信用代码“9144030012345”应为 18 位，实际为 13 位；"
                                   "请先把单元格设为“文本”格式再填写，以免 Excel 改动数字")


def test_credit_code_with_a_bad_check_digit_is_not_refused():
    app = ok(with_info(统一社会信用代码=CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1")))
    assert app.applicant.credit_code != CREDIT_CODE


@pytest.mark.parametrize("year", ["二〇二五", "25", Decimal("2025.5"), "2025-03", 99999, True])
def test_year_that_is_not_a_year(year):
    errors = errors_at(read(with_info(申报年度=year)))
    assert list(errors) == ["申报信息!B9"] and errors["申报信息!B9"].startswith("申报年度应为四位数的年份")


def test_year_typed_as_a_date_gets_a_hint():
    errors = errors_at(read(with_info(申报年度=date(2025, 1, 1))))
    assert "看起来填的是日期" in errors["申报信息!B9"]


@pytest.mark.parametrize("year", [2025, "2025", "２０２５", "2025年", Decimal("2025.0")])
def test_year_spellings(year):
    assert ok(with_info(申报年度=year)).applicant.year == 2025


@pytest.mark.parametrize("value", ["Y", "是的", "yes", 1])
def test_in_district_must_be_yes_or_no(value):
    errors = errors_at(read(with_info(是否注册在光明区=value)))
    assert list(errors) == ["申报信息!B6"] and "应填写“是”或“否”" in errors["申报信息!B6"]


@pytest.mark.parametrize("value, fragment", [("约300万", "不是数字"), (-5, "不能为负数"), ("1.005", "两位小数")])
def test_fiscal_contribution_that_is_not_an_amount(value, fragment):
    errors = errors_at(read(with_info(**{"上年度区级地方财力贡献（元）": value})))
    assert list(errors) == ["申报信息!B11"]
    assert errors["申报信息!B11"].startswith("上年度区级地方财力贡献：") and fragment in errors["申报信息!B11"]


def test_fiscal_contribution_is_optional():
    assert ok(with_info(**{"上年度区级地方财力贡献（元）": _DROP})).applicant.fiscal_contribution is None
    assert ok(with_info(**{"上年度区级地方财力贡献（元）": " "})).applicant.fiscal_contribution is None


def test_every_file_level_problem_at_once():
    rows = [["模板版本", "GMSENSOR-0"], ["企业名称", ""], ["统一社会信用代码", "123"],
            ["是否注册在光明区", "Y"], ["申报年度", "明年"], ["上年度区级地方财力贡献（元）", "很多"]]
    headers = ["序号", "条款编号", "项目名称", "凭证编号"]
    app = read(openpyxl_bytes({"申报信息": rows, "申报事项": claim_rows(CLAIMS, headers)}))
    assert set(errors_at(app)) == {"申报信息!B1", "申报信息!B2", "申报信息!B3", "申报信息!B4", "申报信息!B5",
                                   "申报信息!B6", "申报事项!1"}
    assert len(app.errors) == 8          # two headers missing


@pytest.mark.parametrize("value, when", [
    ("2025/3/1", date(2025, 3, 1)), ("2025年3月1日", date(2025, 3, 1)), ("2025.03.01", date(2025, 3, 1)),
    (date(2025, 3, 1), date(2025, 3, 1)), ("下周", None), ("2025-02-30", None), (_DROP, None),
])
def test_application_date(value, when):
    assert ok(with_info(申报日期=value)).applicant.applied_on == when


# -- claim-level problems ----------------------------------------------------------------------

@pytest.mark.parametrize("value", [3.1, "3.1", Decimal("3.1"), "3.1 先进封测服务平台建设", "３．１", " 3.1先进封测 ",
                                   "条款3.1", "3.10"])
def test_code_spellings_for_3_1(value):
    claim = one_claim(code=value).claims[0]
    assert claim.code == "3.1"
    assert claim.raw_code == (value.strip() if isinstance(value, str) else str(value))


@pytest.mark.parametrize("value", [10, 10.0, "10", "10 专业园区租金补贴", "１０"])
def test_code_spellings_for_10(value):
    assert one_claim(code=value).claims[0].code == "10"


@pytest.mark.parametrize("value", ["abc", "3.1.2", "先进封测 3.1", ""])
def test_unreadable_codes_are_left_for_the_rule_set(value):
    claim = one_claim(code=value).claims[0]
    assert claim.code is None and claim.problems == []


def test_normalize_code_edge_cases():
    assert normalize_code(Decimal("3.0999999999999996")) == "3.1"
    assert normalize_code(Decimal("12.20")) == "12.2"
    assert normalize_code(True) is None and normalize_code(None) is None
    assert normalize_code("第13条 主导制定标准") == "13"


@pytest.mark.parametrize("value, expected", [
    (1234567.89, Decimal("1234567.89")), ("1,234,567.89", Decimal("1234567.89")),
    ("1234567.89元", Decimal("1234567.89")), (" ￥1,000 ", Decimal("1000.00")), (100, Decimal("100.00")),
    ("１２３.４", Decimal("123.40")), (Decimal("0"), Decimal("0.00")),
])
def test_amount_spellings(value, expected):
    claim = one_claim(basis=value).claims[0]
    assert claim.basis == expected and claim.problems == []


@pytest.mark.parametrize("field, column", [("basis", "D"), ("previous", "E"), ("area", "F"), ("rent", "H"),
                                           ("requested", "M")])
@pytest.mark.parametrize("value, fragment", [
    (2.675, "金额最多保留两位小数（填写的是“2.675”）"), ("-100", "金额不能为负数"), ("一百万", "“一百万”不是数字"),
    ("1,000.001元", "两位小数"),
])
def test_bad_amounts(field, column, value, fragment):
    problems = claim_problems(**{field: value})
    where = f"申报事项!{column}2"
    assert list(problems) == [where]
    header = {v: k for k, v in CLAIM_HEADERS.items()}[field]
    assert problems[where].startswith(header + "：") and fragment in problems[where]
    assert getattr(one_claim(**{field: value}).claims[0], field) is None


def test_float_2_675_stays_2_675():
    # the cell holds the binary double nearest 2.675 (just below it); read as its text, it is 2.675
    problems = claim_problems(requested=2.675)
    assert "2.675" in problems["申报事项!M2"]


@pytest.mark.parametrize("field, column, low, high", [("months", "G", 1, 12), ("installment", "I", 1, 3)])
def test_whole_numbers_in_range(field, column, low, high):
    where = f"申报事项!{column}2"
    label = {v: k for k, v in CLAIM_HEADERS.items()}[field]
    assert claim_problems(**{field: high + 1})[where] == f"{label}应为 {low} 到 {high} 之间的整数，实际为 {high + 1}"
    assert claim_problems(**{field: 0})[where] == f"{label}应为 {low} 到 {high} 之间的整数，实际为 0"
    assert claim_problems(**{field: 1.5})[where] == f"{label}应为 {low} 到 {high} 之间的整数，实际为“1.5”"
    assert claim_problems(**{field: "两"})[where] == f"{label}应为 {low} 到 {high} 之间的整数，实际为“两”"
    assert getattr(one_claim(**{field: str(high)}).claims[0], field) == high
    assert getattr(one_claim(**{field: Decimal(f"{low}.0")}).claims[0], field) == low


@pytest.mark.parametrize("value", [0, -1, 1.5, "一", True])
def test_line_number_not_a_positive_whole_number(value):
    problems = claim_problems(line=value)
    assert list(problems) == ["申报事项!A2"] and problems["申报事项!A2"].startswith("序号应为正整数")


def test_blank_line_number():
    claims = [{"code": "3.1", "project": "项目", "basis": 1, "voucher": "V"}]
    claim = ok(application_bytes(claims=claims)).claims[0]
    assert claim.line is None
    assert [(p.where, p.message) for p in claim.problems] == [("申报事项!A2", "序号不能为空，请填写正整数")]


def test_repeated_line_number_marks_the_later_row():
    claims = [dict(CLAIMS[0]), dict(CLAIMS[1], line=2), dict(CLAIMS[3], line="1")]
    app = ok(application_bytes(claims=claims))
    assert [c.problems for c in app.claims[:2]] == [[], []]
    assert [(p.where, p.message) for p in app.claims[2].problems] == [("申报事项!A4", "序号 1 与第 2 行重复")]
    assert app.claims[2].line == 1


def test_text_fields_are_trimmed_and_numbers_become_text():
    claim = one_claim(project="  封测平台 ", voucher=20250001, remark=None, product=" ", level=" 国家 ").claims[0]
    assert (claim.project, claim.voucher, claim.remark, claim.product, claim.level) == ("封测平台", "20250001", "", None, "国家")


# -- never raises --------------------------------------------------------------------------------

def test_random_bytes_never_raise():
    rng = random.Random(20250301)
    for n in (0, 1, 3, 4, 100, 5000):
        for prefix in (b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            data = prefix + bytes(rng.getrandbits(8) for _ in range(n))
            app = read(data)
            assert app.refused and app.errors[0].where == "文件" and app.claims == []


def test_every_truncation_of_a_workbook_is_refused_cleanly():
    data = application_bytes()
    for n in range(0, len(data), max(1, len(data) // 60)):
        app = read(data[:n])
        assert app.refused, n
        assert all(p.where == "文件" for p in app.errors)


def test_corrupted_parts_are_refused_cleanly():
    src = zipfile.ZipFile(io.BytesIO(application_bytes()))
    for victim in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                   "xl/worksheets/sheet2.xml"):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for name in src.namelist():
                zf.writestr(name, b"\x00garbage<" if name == victim else src.read(name))
        app = read(out.getvalue())
        assert app.refused and app.errors[0].where == "文件" and "损坏" in app.errors[0].message


def test_paths_that_cannot_be_read(tmp_path):
    app = read_application(tmp_path / "nope.xlsx")
    assert app.refused and "无法打开文件" in app.errors[0].message and app.source == "nope.xlsx"
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as fh:
        fh.truncate(25 * 1024 * 1024)
    app = read_application(big)
    assert app.errors[0].message.startswith("文件过大") and app.file_hash == ""


def test_hostile_sheet_is_a_file_level_problem():
    rows = claim_rows(CLAIMS[:1])
    data = openpyxl_bytes({"申报信息": info_rows(), "申报事项": rows + [[None]] * 10_001 + [["x"]]})
    errors = errors_at(read(data))
    assert list(errors) == ["申报事项!A10004"] and "超过 10000 行" in errors["申报事项!A10004"]
