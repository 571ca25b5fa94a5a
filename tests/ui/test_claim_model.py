"""The claims table model without a view: sorting and filtering in the model itself."""
from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from workbench.ui.models.applications import ApplicationTableModel
from workbench.ui.models.claims import OVERRIDE_COLOR, ClaimTableModel
from workbench.ui.models.rows import AppRow, ClaimRow
from workbench.ui.models.table import MUTED


def rows():
    return [
        ClaimRow(1, 1, "甲公司", 1, "10", "（十）", "园区租赁", "ZL-1", 100_00, 90_00, 90_00, "reduce"),
        ClaimRow(2, 1, "甲公司", 2, "3.1", "（三）", "封测平台", "ht-7", None, 4_000_000_000_00, 1_000_000_000, "approve"),
        ClaimRow(3, 2, "乙公司", 1, "12.1", "（十二）", "芯片销售", "XS-1", 5_00, 0, 0, "reject"),
        ClaimRow(4, 2, "乙公司", 2, "2", "（二）", "中试线", "ZS-1", 7_00, None, None, "manual"),
    ]


def keys(m):
    return [m.data(m.index(r, 0), m.KEY_ROLE) for r in range(m.rowCount())]


def test_money_is_formatted_and_right_aligned(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    assert m.data(m.index(1, m.COL_SUGGESTED)) == "10,000,000.00"
    assert m.data(m.index(1, m.COL_REQUESTED)) == "按测算"   # blank request: the computed amount counts
    assert m.data(m.index(0, m.COL_STATUS)) == "核减"
    assert int(m.data(m.index(0, m.COL_SUGGESTED), Qt.TextAlignmentRole)) & int(Qt.AlignRight)


def test_codes_sort_as_numbers_and_blank_amounts_first(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    m.sort(m.COL_CODE, Qt.AscendingOrder)
    assert [m.row_at(i).code for i in range(4)] == ["2", "3.1", "10", "12.1"]
    m.sort(m.COL_SUGGESTED, Qt.AscendingOrder)
    assert keys(m) == [4, 3, 1, 2]
    m.sort(m.COL_SUGGESTED, Qt.DescendingOrder)
    assert keys(m)[0] == 2                                   # past 32 bits of cents


def test_sort_keeps_the_selected_row(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    p = QPersistentModelIndex(m.index(2, 0))                 # claim 3
    m.sort(m.COL_CODE, Qt.DescendingOrder)
    assert m.data(m.index(p.row(), 0), m.KEY_ROLE) == 3


def test_filter_by_text_any_case_and_by_status(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    m.set_claim_filter("HT")
    assert keys(m) == [2]
    m.set_claim_filter("乙")
    assert keys(m) == [3, 4]
    m.set_claim_filter("乙", ["manual"])
    assert keys(m) == [4]
    m.set_claim_filter("", None)
    assert m.rowCount() == 4


def test_typing_narrows_within_what_is_shown(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    m.sort(m.COL_LINE, Qt.DescendingOrder)
    m.set_claim_filter("s")
    m.set_claim_filter("xs")
    assert keys(m) == [3]
    m.set_claim_filter("")
    assert m.rowCount() == 4


def test_update_row_changes_one_row_in_place(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    with qtbot.waitSignal(m.dataChanged):
        m.update_row(rows()[0]._replace(decided=80_00, decision="amount"))
    assert m.data(m.index(0, m.COL_DECIDED)) == "★ 80.00"   # not the suggested 90.00
    m.update_row(rows()[0]._replace(decided=90_00, decision="accept"))
    assert m.data(m.index(0, m.COL_DECIDED)) == "90.00"


def test_the_window_shows_the_listing_rows_themselves():
    # One list row per claim and per application: the window's rows are the store's listing rows.
    from workbench.core.store.listing import AppLine, ClaimLine
    from workbench.ui.models.rows import AppRow

    assert ClaimRow is ClaimLine and AppRow is AppLine


def _right(m, index) -> bool:
    return bool(int(m.data(index, Qt.TextAlignmentRole) or 0) & int(Qt.AlignRight))


def test_columns_in_review_order_with_the_computed_amount(qtbot):
    m = ClaimTableModel()
    assert m.columnCount() == 11
    headers = [m.headerData(c, Qt.Horizontal) for c in range(m.columnCount())]
    assert headers == ["申报单位", "序号", "条款", "项目名称", "申请金额", "测算金额", "建议金额",
                       "规则结论", "审核决定", "审核金额", "凭证编号"]
    assert m.MONEY_COLUMNS == (m.COL_REQUESTED, m.COL_COMPUTED, m.COL_SUGGESTED, m.COL_DECIDED)
    for col in m.MONEY_COLUMNS:
        assert int(m.headerData(col, Qt.Horizontal, Qt.TextAlignmentRole)) & int(Qt.AlignRight)
        assert m.headerData(col, Qt.Horizontal, Qt.ToolTipRole)


def test_blank_request_reads_as_computed_in_grey(qtbot):
    m = ClaimTableModel()
    m.set_rows(rows())
    blank = m.index(1, m.COL_REQUESTED)                      # claim 2: no requested amount
    assert m.data(blank) == "按测算"
    assert m.data(blank, Qt.ForegroundRole) == MUTED
    assert "按测算金额计" in m.data(blank, Qt.ToolTipRole)
    assert _right(m, blank)
    filled = m.index(0, m.COL_REQUESTED)
    assert m.data(filled) == "100.00" and m.data(filled, Qt.ForegroundRole) is None
    assert m.data(filled, Qt.ToolTipRole) is None
    computed = m.index(1, m.COL_COMPUTED)
    assert m.data(computed) == "4,000,000,000.00" and _right(m, computed)
    assert m.data(m.index(3, m.COL_COMPUTED)) == ""          # not computed (一事一议)
    # A blank request still sorts before every amount.
    m.sort(m.COL_REQUESTED, Qt.AscendingOrder)
    assert keys(m)[0] == 2


def test_override_is_starred_and_coloured(qtbot):
    m = ClaimTableModel()
    m.set_rows([
        rows()[0]._replace(decided=80_00, decision="amount"),   # suggested 90.00: adjusted
        rows()[1]._replace(decided=1_000_000_000, decision="accept"),
        rows()[2]._replace(decided=0, decision="reject"),        # suggested 0.00: as suggested
        rows()[3],                                               # undecided
    ])
    amount, label = m.index(0, m.COL_DECIDED), m.index(0, m.COL_DECISION)
    assert m.data(amount) == "★ 80.00" and _right(m, amount)
    assert m.data(label) == "调整金额"
    assert m.data(amount, Qt.ForegroundRole) == OVERRIDE_COLOR == m.data(label, Qt.ForegroundRole)
    tip = m.data(amount, Qt.ToolTipRole)
    assert "调整金额" in tip and "80.00" in tip and "建议 90.00" in tip
    assert m.data(m.index(1, m.COL_DECIDED)) == "10,000,000.00"
    assert m.data(m.index(1, m.COL_DECISION)) == "同意建议"
    assert m.data(m.index(1, m.COL_DECIDED), Qt.ForegroundRole) is None
    assert m.data(m.index(2, m.COL_DECIDED)) == "0.00" and m.data(m.index(2, m.COL_DECISION)) == "不予支持"
    assert m.data(m.index(3, m.COL_DECIDED)) == "" and m.data(m.index(3, m.COL_DECISION)) == ""
    assert m.data(m.index(3, m.COL_DECIDED), Qt.ToolTipRole) is None
    # The status column uses the core's words.
    assert [m.data(m.index(r, m.COL_STATUS)) for r in range(4)] == ["核减", "通过", "不予支持", "人工审核"]


def test_application_totals_in_wan_with_exact_yuan_tooltips(qtbot):
    m = ApplicationTableModel()
    m.set_rows([AppRow(1, "2025年第一批", "深圳市光明微感科技有限公司", "91440300MA5G00101J", 2025, 4,
                       5_738_271_20, 2_720_000_00, None, "imported", "a.xlsx", 1)])
    assert m.columnCount() == 10
    assert m.headerData(m.COL_REQUESTED, Qt.Horizontal) == "申请\n(万元)"
    cell = m.index(0, m.COL_REQUESTED)
    assert m.data(cell) == "573.83" and _right(m, cell)
    assert m.data(cell, Qt.ToolTipRole) == "5,738,271.20 元"
    assert m.data(m.index(0, m.COL_SUGGESTED)) == "272.00"
    assert m.data(m.index(0, m.COL_DECIDED)) == ""
    assert m.data(m.index(0, m.COL_STAGE)) == "待初审"
    assert "91440300MA5G00101J" in m.data(m.index(0, m.COL_NAME), Qt.ToolTipRole)
