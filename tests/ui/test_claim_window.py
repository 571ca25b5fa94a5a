"""A large batch in the claims table: read a page at a time from the database (core.claim_window,
core.claim_search), it shows the same rows in the same order as the table holding every row,
for every column, filter and way the database is asked."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from tests.core.review_support import FIRST, HEAD, SECOND, add_reviewers, write_app
from workbench.core.review import awards, batches
from workbench.core.review import decisions as review
from workbench.core.store import audit, listing
from workbench.core.store.claim_search import ClaimSearch
from workbench.core.store.claim_window import ClaimWindow
from workbench.ui.models.claims import ClaimTableModel
from workbench.ui.models.rows import ClaimRow

DOC = "深光工信〔2025〕1号"
COLUMNS = range(ClaimTableModel.COL_VOUCHER + 1)


@pytest.fixture
def ws(store, tmp_path):
    """Two batches: 2025-1 with applications 1 and 2, 2025-2 with application 3; decisions,
    one finalized application and an amendment, so that every column has values to order."""
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1), write_app(tmp_path / "in", 2)], FIRST)
    batches.import_files(store, "2025-2", [write_app(tmp_path / "in2", 3)], FIRST)
    ids = [c.key for c in listing.claim_lines(store, 1)]
    review.decide(store, FIRST, ids[2], "amount", D("250000"), "按实际投入核定")
    review.decide(store, FIRST, ids[0], "reject", reason="材料不全")
    review.complete_first_review(store, FIRST, 1)
    review.confirm_second_review(store, SECOND, 1)
    awards.finalize(store, HEAD, DOC, app_ids=[1])
    awards.amend(store, HEAD, ids[1], D("40000"), "审计核减", "深光工信〔2025〕9号")
    return store


def _memory(store, batch) -> ClaimTableModel:
    m = ClaimTableModel()
    m.set_rows(listing.batch_claim_lines(store, batch, make=ClaimRow._make))
    return m


def _windowed(store, batch, how: str) -> ClaimTableModel:
    w = ClaimWindow(store, batch, make=ClaimRow._make)
    if how == "list":
        w.use_search(ClaimSearch.build(store, batch))
    elif how == "walk":   # every filter a long one, walked two index rows at a time
        w.SORT_MAX, w.SORT_ROW, w.KEY_ROW, w.WALK, w.WALK_MAX = 0, 10**9, 10**9, 2, 4
        w.use_search(ClaimSearch.build(store, batch))
    m = ClaimTableModel()
    m.PAGE = 5   # several pages even for a small batch
    m.set_window(w)
    return m


def _keys(m) -> list:
    return [r.key for r in m.visible_rows()]


def _sort_keys(m, col) -> list:
    return [m.columns[col].key(r) for r in m.visible_rows()]


@pytest.mark.parametrize("how", ["sql", "list", "walk"])
@pytest.mark.parametrize("batch", ["2025-1", None])
def test_every_column_sorts_as_the_table_in_memory(qtbot, ws, batch, how):
    for col in COLUMNS:
        mem, win = _memory(ws, batch), _windowed(ws, batch, how)
        mem.sort(col, Qt.AscendingOrder)
        win.sort(col, Qt.AscendingOrder)
        assert win.rowCount() == mem.rowCount() == len(listing.batch_claim_lines(ws, batch)) > 3
        assert _keys(win) == _keys(mem), mem.headerData(col, Qt.Horizontal)
        # Descending: the same keys in reverse (equal keys keep the store's order reversed).
        mem.sort(col, Qt.DescendingOrder)
        win.sort(col, Qt.DescendingOrder)
        assert _sort_keys(win, col) == _sort_keys(mem, col)
        assert sorted(_keys(win)) == sorted(_keys(mem))


@pytest.mark.parametrize("how", ["sql", "list", "walk"])
def test_filters_show_what_the_table_in_memory_shows(qtbot, ws, how):
    cases = [("", None, False), ("mems", None, False), ("MEMS中试", None, False), ("ht-", None, False),
             ("3.1", None, False), ("光明", None, False), ("", ["reduce"], False), ("", None, True),
             ("流片", ["approve", "reduce"], True), ("没有这个", None, False)]
    for col in (ClaimTableModel.COL_SUGGESTED, ClaimTableModel.COL_ENTERPRISE):
        mem, win = _memory(ws, "2025-1"), _windowed(ws, "2025-1", how)
        mem.sort(col, Qt.AscendingOrder)
        win.sort(col, Qt.AscendingOrder)
        for text, statuses, pending in cases:
            mem.set_claim_filter(text, statuses, pending)
            win.set_claim_filter(text, statuses, pending)
            assert _keys(win) == _keys(mem), (text, statuses, pending)
            assert win.rowCount() == mem.rowCount()
            for v, key in enumerate(_keys(mem)):
                assert win.view_row_of(key) == v
    assert win.total_rows() == mem.total_rows() == len(listing.batch_claim_lines(ws, "2025-1"))


@pytest.mark.parametrize("how", ["sql", "walk"])
def test_a_decision_leaves_the_pending_filter_when_it_is_set_again(qtbot, ws, how):
    win = _windowed(ws, "2025-2", how)
    win.set_claim_filter("", None, True)
    pending = _keys(win)
    assert pending
    review.decide(ws, FIRST, pending[0], "reject", reason="材料不全")
    win.update_row(listing.claim_line(ws, pending[0], make=ClaimRow._make))
    assert _keys(win) == pending                       # the row stays until the filter is set again
    assert win.row_at(0).decision == "reject"
    win.set_claim_filter("", None, False)
    win.set_claim_filter("", None, True)
    assert _keys(win) == pending[1:]


def test_sort_keeps_the_selected_row(qtbot, ws):
    win = _windowed(ws, None, "list")
    p = QPersistentModelIndex(win.index(3, 0))
    key = win.row_at(3).key
    win.sort(win.COL_SUGGESTED, Qt.DescendingOrder)
    assert win.row_at(p.row()).key == key
    win.sort(win.COL_SUGGESTED, Qt.AscendingOrder)      # reversed: its place follows without a count
    assert win.row_at(p.row()).key == key
    win.set_claim_filter("", ["approve", "reduce"])
    assert win.rowCount() >= 3
    p = QPersistentModelIndex(win.index(1, 0))
    key = win.row_at(1).key
    for col, order in ((win.COL_CODE, Qt.AscendingOrder), (win.COL_CODE, Qt.DescendingOrder),
                       (win.COL_ENTERPRISE, Qt.DescendingOrder)):
        win.sort(col, order)
        assert win.row_at(p.row()).key == key


@pytest.mark.sqlite_only   # reads SQLite's query plan
def test_ordering_walks_an_index_instead_of_sorting_every_claim(ws):
    w = ClaimWindow(ws, "2025-1")
    conn = audit.connection_of(ws)
    for order in ("enterprise", "line", "code", "project", "requested", "suggested"):
        for desc in (False, True):
            w.set_order(order, desc)
            joins, where, params = w._sql()
            plan = " ".join(r[3] for r in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT c.id FROM claims c{joins}{' WHERE ' + where if where else ''} "
                f"ORDER BY {w._order_sql()} LIMIT 200", params))
            assert "TEMP B-TREE FOR ORDER BY" not in plan, (order, plan)


def test_search_lowers_case_as_python_does(tmp_path, store):
    add_reviewers(store)
    batches.import_files(store, "b", [write_app(tmp_path / "in", 1)], FIRST)
    s = ClaimSearch.build(store, "b")
    mem = _memory(store, "b")
    for needle in ("MEMS", "mems", "Mems先进", "ht-1-0", "HT-1-001", "1-001\x1e"):
        mem.set_claim_filter(needle)
        m = s.mask(needle)
        shown = {r.key for r in mem.visible_rows()}
        assert {i for i, b in zip(s.ids, m, strict=False) if b} == shown, needle


def test_a_claim_too_far_down_is_not_counted_for(qtbot, ws):
    win = _windowed(ws, None, "sql")
    win.sort(win.COL_LINE, Qt.AscendingOrder)
    last = win.rowCount() - 1
    key = win.row_at(last).key
    win.PLACE_LIMIT = last - 1
    win.sort(win.COL_LINE, Qt.DescendingOrder)          # reversed: its place follows, row 0
    assert win.row_at(0).key == key
    p = QPersistentModelIndex(win.index(0, 0))
    win._pages.clear()
    assert win.view_row_of(key) == 0
    # Sorted by another column, it is not counted for beyond the limit: the index is let go.
    far = win.row_at(last).key
    win._pages.clear()
    win.PLACE_LIMIT = 0
    assert win.view_row_of(far) is None
    mem = _memory(ws, None)
    mem.sort(mem.COL_PROJECT, Qt.AscendingOrder)
    place = _keys(mem).index(key)
    assert place > 0
    win.sort(win.COL_PROJECT, Qt.AscendingOrder)
    assert not p.isValid()
