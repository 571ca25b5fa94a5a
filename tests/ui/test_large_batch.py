"""The window on a batch counted as large (thresholds lowered): the claims table reads a page at
a time, the application list reads its totals for the rows it shows, and the reviewer's
filters, sorting and 只看待决定 work as on a small batch."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.ui.person import type_text
from workbench.core.store import listing
from workbench.ui.main_window import MainWindow
from workbench.ui.models.claims import ClaimTableModel
from workbench.ui.workspace import Workspace


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(MainWindow, "WINDOW_CLAIMS", 0)
    monkeypatch.setattr(Workspace, "LAZY_APPS", 0)


def _import(window, qtbot, workbooks):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    dlg = getattr(window, "import_report_dialog", None)
    if dlg is not None:
        dlg.close()


def _whole_batch(window, qtbot):
    window.claims.whole_batch.click()
    qtbot.waitUntil(lambda: window.batch_load.finished, timeout=20000)
    assert window.claims.model.window() is not None and window.claims.model.window().search is not None


def test_application_totals_are_read_for_the_rows_shown(large, window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    m = window.apps.model
    # Read without totals; painting (or asking for a cell) fills them from the store.
    full = {a.id: a for a in listing.application_lines(window.workspace.store, "2025年第一批")}
    assert m.rowCount() == 3
    for v in range(m.rowCount()):
        assert m.data(m.index(v, m.COL_UNDECIDED)) == full[m.row_at(v).id].undecided
        assert m.data(m.index(v, m.COL_CLAIMS)) == full[m.row_at(v).id].claims
    # Sorting by a total orders by the totals of every row.
    window.apps.view.sortByColumn(m.COL_CLAIMS, Qt.DescendingOrder)
    assert [m.row_at(v).claims for v in range(3)] == sorted((a.claims for a in full.values()), reverse=True)
    assert window.apps.count.text().startswith("3 / 3")


def test_whole_batch_pages_from_the_store_and_filters_as_typed(large, window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    _whole_batch(window, qtbot)
    claims = window.claims
    assert claims.model.rowCount() == 18 and claims.count.text().startswith("18 / 18")
    assert not claims.view.isColumnHidden(ClaimTableModel.COL_ENTERPRISE)
    # Typing filters (after the debounce) through the search read in the background.
    type_text(claims.search, "流片")
    qtbot.waitUntil(lambda: claims.model.rowCount() == 3, timeout=3000)
    assert all("流片" in r.project for r in claims.model.visible_rows())
    assert claims.current() is not None and "流片" in claims.current().project
    claims.search.clear()
    qtbot.waitUntil(lambda: claims.model.rowCount() == 18, timeout=3000)
    claims.status_box.setCurrentIndex(claims.status_box.findData("reject"))
    assert claims.model.rowCount() > 0
    assert {r.status for r in claims.model.visible_rows()} == {"reject"}


def test_header_click_sorts_the_large_table_and_keeps_the_claim(large, window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    _whole_batch(window, qtbot)
    claims = window.claims
    claims.select_view_row(4)
    kept = claims.current().key
    header = claims.view.horizontalHeader()
    col = ClaimTableModel.COL_SUGGESTED
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, 5))
    amounts = [r.suggested for r in claims.model.visible_rows()]
    order = header.sortIndicatorOrder()
    shown = [-1 if a is None else a for a in amounts]
    assert shown == sorted(shown, reverse=order == Qt.DescendingOrder)
    assert claims.current().key == kept


def test_pending_only_and_a_decision_in_the_large_table(large, window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    _whole_batch(window, qtbot)
    claims = window.claims
    undecided = sum(a.undecided for a in listing.application_lines(window.workspace.store, "2025年第一批"))
    claims.pending_only.click()
    assert claims.model.rowCount() == undecided > 0
    assert all(not r.decision for r in claims.model.visible_rows())
    claims.pending_only.click()
    assert claims.model.rowCount() == 18
