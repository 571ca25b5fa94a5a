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


@pytest.mark.parametrize("way", ["sorted", "walked"])
def test_typed_filter_in_each_order_shows_the_rows_of_the_small_table(large, window, qtbot, workbooks,
                                                                      monkeypatch, way):
    """A person sorts by a header click (again: reversed) and types a filter; the large table
    shows the rows, in the order, that the table holding every row shows. The claims passing
    are ordered by the database (sorted ids), by walking the order's index a few rows a step,
    or for 序号 by the search itself."""
    from workbench.core.store.claim_window import ClaimWindow
    from workbench.ui.models.rows import ClaimRow

    if way == "walked":
        monkeypatch.setattr(ClaimWindow, "SORT_ROW", 10**9)
        monkeypatch.setattr(ClaimWindow, "KEY_ROW", 10**9)
        monkeypatch.setattr(ClaimWindow, "WALK", 2)
        monkeypatch.setattr(ClaimWindow, "WALK_MAX", 4)
    else:
        monkeypatch.setattr(ClaimWindow, "SORT_ROW", 0)
        monkeypatch.setattr(ClaimWindow, "KEY_ROW", 0)
    _import(window, qtbot, workbooks)
    _whole_batch(window, qtbot)
    claims = window.claims
    rows = listing.batch_claim_lines(window.workspace.store, "2025年第一批", make=ClaimRow._make)
    header = claims.view.horizontalHeader()
    for col in (ClaimTableModel.COL_LINE, ClaimTableModel.COL_SUGGESTED, ClaimTableModel.COL_ENTERPRISE,
                ClaimTableModel.COL_PROJECT):
        for _ in range(2):
            x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
            QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, 5))
            assert header.sortIndicatorSection() == col
            for text in ("mems", "光明", "流片"):
                claims.search.clear()
                type_text(claims.search, text)
                mem = ClaimTableModel()
                mem.set_rows(rows)
                mem.sort(col, header.sortIndicatorOrder())
                c, ascending = mem.columns[col], header.sortIndicatorOrder() == Qt.AscendingOrder

                def shown(c=c, ascending=ascending):
                    return [(c.key(r), r.key if ascending else 0) for r in claims.model.visible_rows()]
                mem.set_claim_filter(text)
                # Equal keys: the store's order ascending, reversed descending (the table in
                # memory keeps it), so descending compares the column's keys and the rows.
                want = [(c.key(r), r.key if ascending else 0) for r in mem.visible_rows()]
                assert 0 < len(want) < len(rows)
                qtbot.waitUntil(lambda w=want: shown() == w, timeout=3000)
                assert {r.key for r in claims.model.visible_rows()} == {r.key for r in mem.visible_rows()}
                assert claims.count.text().startswith(f"{len(want)} / {len(rows)}")
