"""The xlsx reader: values exactly as stored, sheets found through the relationships, hostile XML refused."""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from tests.core.workbooks import (
    FIXTURES,
    application_bytes,
    cells_sheet,
    inline,
    package,
    sheet_xml,
    strings_xml,
    xlsxwriter_application,
    zip_bytes,
)
from workbench.core.intake import xlsx_reader as xr
from workbench.core.intake.xlsx_reader import (
    NO_CACHED_VALUE,
    CellError,
    Unreadable,
    XlsxError,
    open_book,
    read_sheets,
)


def one_sheet(sheet: str, **kw) -> dict:
    data = package({"S": sheet}, **kw)
    _, sheets = read_sheets(data, ["S"])
    return sheets["S"].cells


def refused(data: bytes, names=None) -> xr.Problem:
    with pytest.raises(XlsxError) as caught:
        read_sheets(data, names)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def test_sheet_names_in_workbook_order_and_missing_names_skipped():
    data = package({"申报信息": sheet_xml(), "申报事项": sheet_xml(), "其他": sheet_xml()})
    names, sheets = read_sheets(data, ["申报事项", "不存在"])
    assert names == ["申报信息", "申报事项", "其他"]
    assert list(sheets) == ["申报事项"]


@pytest.mark.parametrize("absolute", [False, True])
def test_sheets_found_through_relationships_not_file_names(absolute):
    data = package({"A": cells_sheet({"A1": "first"}), "B": cells_sheet({"A1": "second"})},
                   sheet_paths={"A": "xl/worksheets/zz.xml", "B": "xl/data/a.xml"}, absolute=absolute)
    _, sheets = read_sheets(data)
    assert sheets["A"].get(1, 1) == "first"
    assert sheets["B"].get(1, 1) == "second"


def test_value_types():
    rows = {
        1: [("A1", "", "<v>42</v>"), ("B1", "", "<v>-7</v>"), ("C1", "", "<v>2.675</v>"),
            ("D1", "", "<v>1234567.89</v>"), ("E1", "", "<v>1E-3</v>"), ("F1", "n", "<v>3.1</v>")],
        2: [("A2", "b", "<v>1</v>"), ("B2", "b", "<v>0</v>"), ("C2", "e", "<v>#DIV/0!</v>"),
            ("D2", "str", "<f>A1*2</f><v>84 text</v>"), ("E2", "", "<f>A1*2</f><v>84</v>"),
            ("F2", "", "<f>A1*2</f>"), ("G2", "inlineStr", inline("内联 & <文本>"))],
        3: [("A3", "s", "<v>0</v>"), ("B3", "s", "<v>1</v>"), ("C3", "s", "<v>2</v>"), ("D3", "", "")],
    }
    strings = strings_xml([
        "<t>共享</t>",
        "<r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\">文本 </t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>フ</t></rPh><phoneticPr fontId=\"1\"/>",
        "<t>line_x000D_break</t>",
    ])
    cells = one_sheet(sheet_xml(rows), strings=strings)
    assert cells[(1, 1)] == 42 and type(cells[(1, 1)]) is int
    assert cells[(1, 2)] == -7
    assert cells[(1, 3)] == Decimal("2.675") and isinstance(cells[(1, 3)], Decimal)
    assert cells[(1, 4)] == Decimal("1234567.89")
    assert cells[(1, 5)] == Decimal("0.001")
    assert cells[(1, 6)] == Decimal("3.1")
    assert cells[(2, 1)] is True and cells[(2, 2)] is False
    assert cells[(2, 3)] == "#DIV/0!" and isinstance(cells[(2, 3)], CellError)
    assert cells[(2, 4)] == "84 text"
    assert cells[(2, 5)] == 84                     # a formula gives its cached value
    # no cached value: not a blank but a value the caller must refuse at its cell
    assert cells[(2, 6)] == NO_CACHED_VALUE and isinstance(cells[(2, 6)], Unreadable)
    assert cells[(2, 7)] == "内联 & <文本>"
    assert cells[(3, 1)] == "共享"
    assert cells[(3, 2)] == "富文本 "              # runs joined, phonetic guide left out
    assert cells[(3, 3)] == "line\rbreak"
    assert (3, 4) not in cells


def test_cells_and_rows_without_r_follow_the_previous_one():
    body = ('<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>'
            '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
            '<row r="7"><c><v>70</v></c></row>')
    cells = one_sheet(sheet_xml(body=body))
    assert cells == {(1, 1): 1, (1, 2): 2, (1, 5): 5, (1, 6): 6, (2, 1): "x", (7, 1): 70}


def test_any_namespace_prefix():
    rows = {1: [("A1", "inlineStr", "<x:is><x:t>前缀</x:t></x:is>"), ("B1", "", "<x:v>9</x:v>")]}
    cells = one_sheet(sheet_xml(rows, prefix="x"))
    assert cells == {(1, 1): "前缀", (1, 2): 9}


def test_shared_strings_part_located_through_relationships_with_absolute_targets():
    cells = one_sheet(sheet_xml({1: [("A1", "s", "<v>0</v>")]}), strings=strings_xml(["<t>绝对</t>"]), absolute=True)
    assert cells[(1, 1)] == "绝对"


def test_1904_date_system_is_reported():
    with open_book(package({"S": sheet_xml()}, workbook_pr='<workbookPr date1904="1"/>')) as book:
        assert book.date1904 is True
    with open_book(package({"S": sheet_xml()})) as book:
        assert book.date1904 is False


def test_serial_dates():
    assert xr.serial_to_date(45658) == date(2025, 1, 1)
    assert xr.serial_to_date(Decimal("45658.75")) == date(2025, 1, 1)
    assert xr.serial_to_date(61) == date(1900, 3, 1)
    assert xr.serial_to_date(59) == date(1900, 2, 28)
    assert xr.serial_to_date(60) is None                 # 1900-02-29 never existed
    assert xr.serial_to_date(0) is None
    assert xr.serial_to_date(44196, date1904=True) == date(2025, 1, 1)
    assert xr.serial_to_date(10**12) is None


def test_column_letters():
    assert [xr.col_letter(n) for n in (1, 26, 27, 702, 703, 16384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert all(xr.col_index(xr.col_letter(n)) == n for n in range(1, 1000))


def test_doctype_entity_bomb_in_shared_strings_is_refused():
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 if i > 1 else "") * 10}">' for i in range(1, 10))
           + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    data = package({"S": sheet_xml({1: [("A1", "s", "<v>0</v>")]})}, strings=lol)
    start = time.perf_counter()
    problem = refused(data)
    assert time.perf_counter() - start < 1
    assert problem.where == "文件" and "DOCTYPE" in problem.message


def test_external_entity_is_refused():
    xxe = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
    problem = refused(package({"S": xxe}))
    assert problem.where == "文件" and "DOCTYPE" in problem.message


def test_doctype_in_workbook_part_is_refused():
    src = zipfile.ZipFile(io.BytesIO(package({"S": sheet_xml()})))
    parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/workbook.xml"] = b'<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd">' + parts["xl/workbook.xml"].split(b"?>", 1)[1]
    assert "DOCTYPE" in refused(zip_bytes(parts)).message


def test_value_at_xfd1048576_is_refused_fast_and_small():
    data = package({"申报事项": sheet_xml({1: [("A1", "", "<v>1</v>")], 1048576: [("XFD1048576", "", "<v>1</v>")]})})
    tracemalloc.start()
    start = time.perf_counter()
    problem = refused(data, ["申报事项"])
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1 and peak < 5_000_000
    assert problem.where == "申报事项!XFD1048576"
    assert "ZZ 列" in problem.message and "申报事项" in problem.message


def test_column_beyond_zz_is_refused_and_zz_is_read():
    assert one_sheet(sheet_xml({1: [("ZZ1", "", "<v>1</v>")]})) == {(1, 702): 1}
    problem = refused(package({"S": sheet_xml({1: [("AAA1", "", "<v>1</v>")]})}))
    assert problem.where == "S!AAA1"


def test_many_rows_without_dimension_are_refused_at_the_first_row_too_many():
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 30_001))
    data = package({"申报事项": sheet_xml(body=body)})
    start = time.perf_counter()
    problem = refused(data)
    assert time.perf_counter() - start < 2
    assert problem.where == "申报事项!A10001"
    assert "超过 10000 行" in problem.message


def test_ten_thousand_rows_are_fine():
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 10_001))
    cells = one_sheet(sheet_xml(body=body))
    assert len(cells) == 10_000 and cells[(10_000, 1)] == 10_000


def test_empty_styled_cells_beyond_the_bounds_are_ignored():
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="50000"><c r="A50000" s="3"/><c r="XFD50000" s="1"/></row>'
    assert one_sheet(sheet_xml(body=body)) == {(1, 1): 1}


def test_bounds_can_be_narrowed():
    data = package({"S": cells_sheet({"A1": 1, "A6": 6})})
    with open_book(data) as book:
        with pytest.raises(XlsxError) as caught:
            book.read_sheet("S", max_rows=5)
    assert caught.value.problems[0].where == "S!A6"


@pytest.mark.parametrize("xml, fragment", [
    ("<worksheet><sheetData><row>", "不是有效的 XML"),
    ('<worksheet><sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData></worksheet>', "单元格地址"),
    ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>', "不存在的文本"),
])
def test_damaged_sheets(xml, fragment):
    problem = refused(package({"S": xml}))
    assert problem.where == "文件" and fragment in problem.message


def test_guard_runs_first():
    problem = refused(b"a,b,c\n1,2,3\n")
    assert problem.where == "文件" and problem.message.startswith("不是 xlsx 工作簿")


def test_file_path_errors(tmp_path):
    problem = refused(tmp_path / "missing.xlsx")
    assert problem.where == "文件" and "无法打开文件" in problem.message
    # Named, and why in Chinese (not the system's English strerror).
    assert "“missing.xlsx”" in problem.message and "文件不存在" in problem.message
    assert "No such file" not in problem.message
    assert "文件夹" in refused(tmp_path).message


def test_openpyxl_and_xlsxwriter_files_read_the_same(tmp_path):
    data = application_bytes()
    _, a = read_sheets(data)
    _, b = read_sheets(xlsxwriter_application(tmp_path / "x.xlsx"))
    assert a["申报事项"].cells == b["申报事项"].cells
    assert a["申报信息"].cells == b["申报信息"].cells
    assert a["申报事项"].max_row == 11 and a["申报事项"].max_col == 14


def test_libreoffice_file_reads():
    path = FIXTURES / "application-libreoffice.xlsx"
    names, sheets = read_sheets(path, ["申报事项"])
    assert "申报信息" in names
    assert sheets["申报事项"].get(2, 4) == Decimal("12345678")


def test_parts_we_parse_are_held_to_a_size(monkeypatch):
    data = package({"S": cells_sheet({"A1": "x" * 200})}, strings=strings_xml(["<t>y</t>"]))
    monkeypatch.setattr(xr, "MAX_XML_BYTES", 150)
    with open_book(data) as book:
        with pytest.raises(XlsxError) as caught:
            book.read_sheet("S")
    problem = caught.value.problems[0]
    assert problem.where == "文件" and "内容过大" in problem.message


def test_too_many_values_or_elements_are_refused(monkeypatch):
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" s="1"/></row>' for r in range(1, 101))
    data = package({"S": sheet_xml(body=body)})
    monkeypatch.setattr(xr, "MAX_CELLS", 50)
    problem = refused(data)
    assert problem.where == "S" and "超过 50 个" in problem.message
    monkeypatch.setattr(xr, "MAX_CELLS", 1000)
    monkeypatch.setattr(xr, "MAX_ELEMENTS", 350)
    problem = refused(data)
    assert problem.where == "S" and "异常多" in problem.message
    # the budget is shared by every part of the workbook
    monkeypatch.setattr(xr, "MAX_ELEMENTS", 600)          # one sheet is about 400 elements
    data = package({"S": sheet_xml(body=body), "T": sheet_xml(body=body)})
    with open_book(data) as book:
        book.read_sheet("S")
        with pytest.raises(XlsxError) as caught:
            book.read_sheet("T")
    assert caught.value.problems[0].where == "T"


def test_shared_strings_are_bounded(monkeypatch):
    data = package({"S": sheet_xml({1: [("A1", "s", "<v>0</v>")]})}, strings=strings_xml(["<t>a</t>"] * 20))
    monkeypatch.setattr(xr, "MAX_STRINGS", 10)
    assert "文本数量异常多" in refused(data).message
    monkeypatch.setattr(xr, "MAX_STRINGS", 100)
    monkeypatch.setattr(xr, "MAX_ELEMENTS", 30)
    assert "XML 元素数量异常多" in refused(data).message


def test_budgets_scale_with_the_rows_a_caller_allows(monkeypatch):
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABC") + "</row>"
                   for r in range(1, 61))
    data = package({"S": sheet_xml(body=body)})
    monkeypatch.setattr(xr, "MAX_ROWS", 100)
    monkeypatch.setattr(xr, "MAX_CELLS", 100)
    monkeypatch.setattr(xr, "MAX_ELEMENTS", 400)
    with open_book(data) as book:
        with pytest.raises(XlsxError) as caught:
            book.read_sheet("S", max_rows=100)
    assert "超过 100 个" in caught.value.problems[0].message
    with open_book(data) as book:            # a ledger-sized read: ten times the rows, ten times the budgets
        assert len(book.read_sheet("S", max_rows=1000).cells) == 180
