"""The budget dashboard: totals per year and article as chart and table, a budget set, the
pro-rata proposal shown and accepted (core.budget decides every figure)."""
from __future__ import annotations


def test_budget_chart_table_and_pro_rata_proposal(window, qtbot, workbooks, monkeypatch):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    dlg = window.show_budget()
    groups = [label for label, _values in dlg.chart.groups]
    assert groups[0].startswith("2025") and len(groups) == dlg.table.rowCount() - 1   # + 合计
    assert dlg.table.item(dlg.table.rowCount() - 1, 0).text() == "合计"
    # The amount columns share the width; the last (待决定) is as wide as its text.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHeaderView, QMessageBox
    header = dlg.table.horizontalHeader()
    assert not header.stretchLastSection() and header.sectionResizeMode(6) == QHeaderView.ResizeToContents
    assert all(header.sectionResizeMode(j) == QHeaderView.Stretch for j in dlg.MONEY)
    assert int(dlg.table.item(0, 3).textAlignment()) & int(Qt.AlignRight)
    assert "未设定" in dlg.budgets.text() and not dlg.accept_button.isEnabled()

    # The chart paints (offscreen) with bars in the series colours.
    dlg.chart.resize(800, 300)
    img = dlg.chart.grab().toImage()
    colours = {img.pixelColor(x, y).name() for x in range(0, 800, 4) for y in range(0, 300, 4)}
    assert "#1f5fbf" in colours

    # A bad amount is refused with the core's words; a budget below the total gives a proposal.
    monkeypatch.setattr("workbench.ui.dialogs.budget_view.QMessageBox.warning", lambda *a: None)
    assert not dlg.set_budget("壹佰万")
    assert dlg.set_budget("1000000", "")
    assert "批次总额 1,000,000.00" in dlg.budgets.text()
    assert "按比例核减" in dlg.proposal_text.text() and dlg.reductions.rowCount() > 0
    # The proposal names enterprise and project; accepting asks first, with the totals.
    from tests.ui.conftest import COMPANIES
    assert {dlg.reductions.data(dlg.reductions.index(i, 0)) for i in range(dlg.reductions.rowCount())} <= set(COMPANIES)
    assert dlg.reductions.data(dlg.reductions.index(0, 1)) == "MEMS先进封测平台"
    asked = []
    monkeypatch.setattr("workbench.ui.dialogs.budget_view.QMessageBox.question",
                        lambda _p, _t, text, *a: asked.append(text) or QMessageBox.No)
    dlg.accept_button.click()
    assert asked and "→ 1,000,000.00" in asked[0] and dlg.proposal.pending   # declined: unchanged
    monkeypatch.setattr("workbench.ui.dialogs.budget_view.QMessageBox.question",
                        lambda *a: QMessageBox.Yes)
    dlg.accept_button.click()
    assert not dlg.proposal.pending and "核减方案已接受" in dlg.proposal_text.text()
    decided = [r for r in window.claims.model.rows() if r.decision == "amount"]
    assert decided, "accepted reductions are decisions"
    dlg.close()
