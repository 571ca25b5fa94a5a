"""The claims table model without a view: sorting and filtering in the model itself."""
from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, Qt

from workbench.ui.models.claims import ClaimTableModel
from workbench.ui.models.rows import ClaimRow


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
    assert m.data(m.index(1, m.COL_REQUESTED)) == ""        # blank request stays blank
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
    assert m.data(m.index(0, m.COL_DECIDED)) == "80.00"


def test_rows_keep_the_field_order_of_the_core_listing():
    # The listing builds ClaimRow and AppRow straight from its query rows, by position.
    from workbench.core.listing import AppLine, ClaimLine
    from workbench.ui.models.rows import AppRow

    assert len(ClaimRow._fields) == len(ClaimLine._fields)
    assert [f for f in ClaimRow._fields if f not in ("key", "decided")] == [
        f for f in ClaimLine._fields if f not in ("id", "approved")]
    assert ClaimRow._fields.index("key") == ClaimLine._fields.index("id")
    assert ClaimRow._fields.index("decided") == ClaimLine._fields.index("approved")
    assert len(AppRow._fields) == len(AppLine._fields)
    assert AppRow._fields.index("decided") == AppLine._fields.index("approved")
