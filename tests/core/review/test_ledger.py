"""Ledger import (formats.md §2): validation by cell, idempotency, all-or-nothing."""
from decimal import Decimal

import openpyxl

from workbench.core.review.ledger import HEADERS, import_ledger, read_ledger, write_ledger


def _sheet(path, rows, headers=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "资助台账"
    ws.append(list(headers or HEADERS.values()))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _row(cc, **kw):
    values = {"credit_code": cc, "name": "深圳光明传感科技有限公司", "year": 2024, "code": "3.1",
              "project": "MEMS封测平台", "product": None, "voucher": "HT-1", "installment": None,
              "amount": 1000000, "doc_no": "深光工信〔2024〕1号"}
    values.update(kw)
    return [values[f] for f in HEADERS]


def test_same_file_twice_is_all_skipped(store, award, credit_code, tmp_path):
    path = write_ledger(tmp_path / "l.xlsx", [
        award(), award(year=2023, voucher="HT-0", amount="-200.50"),
        award(credit_code=credit_code(2), code="13", voucher="GB/T 1234-2024", amount=500000)])
    first = import_ledger(store, path)
    assert (first.errors, first.added, first.skipped) == ([], 3, 0)
    second = import_ledger(store, path)
    assert (second.errors, second.added, second.skipped) == ([], 0, 3)
    assert store.count("ledger") == 3
    amounts = sorted(a.amount for a in store.ledger_awards())
    assert amounts == [Decimal("-200.50"), Decimal("500000.00"), Decimal("1000000.00")]


def test_row_already_stored_skipped_new_rows_added(store, award, tmp_path):
    import_ledger(store, write_ledger(tmp_path / "a.xlsx", [award()]))
    report = import_ledger(store, write_ledger(tmp_path / "b.xlsx", [award(), award(doc_no="另一文号")]))
    assert (report.added, report.skipped) == (1, 1)
    assert store.count("ledger") == 2


def test_duplicate_row_within_file_names_both_rows(store, credit_code, tmp_path):
    cc = credit_code(1)
    path = _sheet(tmp_path / "d.xlsx", [_row(cc), _row(cc, voucher="HT-2"), _row(cc)])
    report = import_ledger(store, path)
    assert report.added == 0
    assert len(report.errors) == 1
    problem = report.errors[0]
    assert problem.where == "资助台账!A4"
    assert "第2行" in problem.message and "第4行" in problem.message
    assert store.count("ledger") == 0


def test_errors_located_by_cell_and_nothing_written(store, credit_code, tmp_path):
    cc = credit_code(1)
    rows = [
        _row(cc),                                   # row 2: fine
        _row("91440300ABC"),                        # row 3: credit code shape
        _row(cc, year="二〇二四"),                   # row 4: year
        _row(cc, code="99"),                        # row 5: unknown code
        _row(cc, amount="一百万"),                   # row 6: not an amount
        _row(cc, code="4.1", installment=4),        # row 7: installment out of range
        _row(cc, amount="12.345"),                  # row 8: three decimals
        _row(cc, code="4.1", installment=None),     # row 9: 4.1 needs an installment
        _row(cc, amount=-5000, voucher="冲销"),      # row 10: reversing entry: allowed
    ]
    report = import_ledger(store, _sheet(tmp_path / "e.xlsx", rows))
    wheres = [p.where for p in report.errors]
    assert wheres == ["资助台账!A3", "资助台账!C4", "资助台账!D5", "资助台账!I6", "资助台账!H7",
                      "资助台账!I8", "资助台账!H9"]
    assert all(p.message for p in report.errors)
    assert "99" in report.errors[2].message
    assert report.added == 0 and store.count("ledger") == 0


def test_headers_found_by_name_in_any_order_with_optional_columns_absent(store, credit_code, tmp_path):
    headers = ["资助金额(元)", " 企业名称 ", "统一社会信用代码", "条款编号", "年度", "项目名称", "备注"]
    path = _sheet(tmp_path / "h.xlsx", [["1,234.50元", "某公司", credit_code(3), "3.1 先进封测服务平台建设",
                                          "2024", "平台", "x"]], headers=headers)
    report = import_ledger(store, path)
    assert report.errors == [] and report.added == 1
    (a,) = store.ledger_awards()
    assert (a.code, a.year, a.amount, a.installment, a.voucher) == ("3.1", 2024, Decimal("1234.50"), None, "")


def test_missing_header_and_missing_sheet(store, tmp_path):
    report = import_ledger(store, _sheet(tmp_path / "m.xlsx", [], headers=["企业名称", "年度"]))
    assert [p.where for p in report.errors] == ["资助台账!A1"]
    assert "统一社会信用代码" in report.errors[0].message
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "n.xlsx")
    report = import_ledger(store, tmp_path / "n.xlsx")
    assert [p.where for p in report.errors] == ["文件"]


def test_not_a_workbook_refused(store, tmp_path):
    bad = tmp_path / "l.xlsx"
    bad.write_text("统一社会信用代码,企业名称\n", encoding="utf-8")
    report = import_ledger(store, bad)
    assert report.errors and report.errors[0].where == "文件"
    assert store.count("ledger") == 0


def test_number_cell_noise_is_tidied(credit_code, tmp_path):
    # Spreadsheet programs store 8192.56 as 8192.559999999999; that is still 8192.56.
    rows, errors = read_ledger(_sheet(tmp_path / "f.xlsx", [_row(credit_code(1), amount=8192.559999999999)]))
    assert errors == [] and rows[0]["amount_cents"] == 819256


def test_many_rows_import_in_one_go(store, award, credit_code, tmp_path):
    awards = [award(credit_code=credit_code(i % 50), voucher=f"V{i}", project=f"项目{i % 7}",
                    amount=Decimal("100.01") + i) for i in range(3000)]
    report = import_ledger(store, write_ledger(tmp_path / "big.xlsx", awards))
    assert (report.errors, report.added) == ([], 3000)
    total = store.db.conn.execute("SELECT SUM(amount_cents) FROM ledger").fetchone()[0]
    assert total == sum(int(a.amount * 100) for a in awards)


def test_hostile_text_and_uncalculated_formulas_are_refused_by_cell(store, credit_code, tmp_path):
    from tests.core.handmade import Raw, grid_xml
    from tests.core.workbooks import package

    cc = credit_code(1)
    rows = [list(HEADERS.values()), _row(cc), _row(cc, name="深圳\u202e光明_xD800_", voucher="HT-2"),
            _row(cc, voucher="HT-3", amount=Raw('<c r="{r}"><f>1000*2</f></c>'))]
    path = tmp_path / "h.xlsx"
    path.write_bytes(package({"资助台账": grid_xml(rows)}))
    report = import_ledger(store, path)
    found = {p.where: p.message for p in report.errors}
    assert set(found) == {"资助台账!B3", "资助台账!I4"}
    assert "U+202E" in found["资助台账!B3"] and "\u202e" not in found["资助台账!B3"]
    assert "公式单元格没有计算结果" in found["资助台账!I4"]
    assert report.added == 0 and store.count("ledger") == 0
