"""The ledger view: an enterprise's awards by year and article, headroom under each cap from
the core, and a ledger import with its error report by cell."""
from __future__ import annotations

from decimal import Decimal

import openpyxl

from workbench.core.domain.model import LedgerAward
from workbench.core.review.ledger import write_ledger

from .data import credit_code

NAME = "深圳市光明智感微系统有限公司"


def _ledger(path, **over):
    a = dict(credit_code=credit_code(1), name=NAME, year=2024, code="3.1", project="MEMS先进封测平台",
             product="", voucher="HT-2024-9", installment=None, amount=Decimal("8000000.00"),
             doc_no="深光工信〔2024〕3号")
    b = dict(a, code="6.1", project="首轮流片B", voucher="FP-2025-9", year=2025, amount=Decimal("2500000.00"))
    a.update(over)
    return write_ledger(path, [LedgerAward(**a), LedgerAward(**b)])


def test_import_a_ledger_and_read_headroom(window, qtbot, tmp_path):
    dlg = window.show_ledger()
    with qtbot.waitSignal(dlg.imported, timeout=20000) as blocker:
        dlg.import_ledger(_ledger(tmp_path / "台账.xlsx"))
    report, _recomputed = blocker.args[0]
    assert report.ok and report.added == 2
    assert "新增 2 行" in dlg.result_dialog.summary.text()
    dlg.result_dialog.close()
    assert dlg.model.rowCount() == 1 and dlg.credit_code == credit_code(1)
    years = [dlg.awards.topLevelItem(i).text(0) for i in range(dlg.awards.topLevelItemCount())]
    assert years == ["2025 年度", "2024 年度"]
    art = dlg.awards.topLevelItem(1).child(0)
    assert art.text(0) == "（三）" and art.text(2) == "8,000,000.00"
    dlg.year.setValue(2025)
    rows = [[dlg.headroom.topLevelItem(i).text(c) for c in range(6)]
            for i in range(dlg.headroom.topLevelItemCount())]
    assert any(r[1] == "项目累计上限" and "MEMS先进封测平台" in r[2] and r[5] == "2,000,000.00" for r in rows)
    assert any(r[0] == "（六） 6.1" and r[2] == "2025年度" and r[5] == "500,000.00" for r in rows)
    # The scope text gives way; what is left under a cap drawn on is bold.
    from PySide6.QtWidgets import QHeaderView
    assert dlg.headroom.header().sectionResizeMode(2) == QHeaderView.Stretch
    used = next(dlg.headroom.topLevelItem(i) for i in range(dlg.headroom.topLevelItemCount())
                if dlg.headroom.topLevelItem(i).text(5) == "500,000.00")
    assert used.font(5).bold()
    dlg.year.setValue(2026)
    rows = [[dlg.headroom.topLevelItem(i).text(c) for c in range(6)]
            for i in range(dlg.headroom.topLevelItemCount())]
    assert any(r[0] == "（六） 6.1" and r[5] == "3,000,000.00" for r in rows)
    dlg.close()


def test_a_bad_ledger_is_reported_by_cell_and_nothing_imported(window, qtbot, tmp_path):
    path = _ledger(tmp_path / "坏台账.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["I2"] = "八百万"
    wb.save(path)
    dlg = window.show_ledger()
    with qtbot.waitSignal(dlg.imported, timeout=20000) as blocker:
        dlg.import_ledger(path)
    report, _ = blocker.args[0]
    assert not report.ok and report.added == 0
    shown = dlg.result_dialog
    cells = {shown.table.item(r, 2).text() for r in range(shown.table.rowCount())}
    assert "资助台账!I2" in cells and "未导入任何记录" in shown.summary.text()
    shown.close()
    assert dlg.model.rowCount() == 0
    dlg.close()
