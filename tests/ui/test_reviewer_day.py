"""A reviewer's working keys and dialogs, used through actions, key presses and typing."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from workbench.ui.dialogs.decision import AmountDialog, ReasonDialog, parse_typed_amount
from workbench.ui.dialogs.profile import NewProfileDialog, ProfileDialog

from .person import pick, press_button, type_text, when_modal


def _import(window, qtbot, workbooks):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()


def _row(window, line):
    return next(r for r in window.claims.model.rows() if r.line == line)


def test_typed_amounts_in_yuan_and_wan():
    assert parse_typed_amount("150万") == Decimal("1500000.00")
    assert parse_typed_amount("150.5 万元") == Decimal("1505000.00")
    assert parse_typed_amount("1,234.50元") == Decimal("1234.50")
    assert parse_typed_amount("０.０１万") == Decimal("100.00")


def test_amount_above_the_rule_keeps_what_was_typed_until_the_override_reason(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    line1 = _row(window, 1)
    window.claims.select(line1.key)
    steps = []

    def fill(d: AmountDialog):
        type_text(d.amount_edit, "9999万")
        steps.append(d.capital.text())
        type_text(d.reason_edit, "按会议纪要")
        QTest.keyClick(d.reason_edit, Qt.Key_Return)        # Enter confirms; no new line
        steps.append((d.isVisible(), d.error.text(), d.amount_edit.text(), d.reason_edit.toPlainText()))
        type_text(d.override_edit, "经区政府专题会议批准")
        QTest.keyClick(d.override_edit, Qt.Key_Return, Qt.ControlModifier)   # Ctrl+Enter
    seen = when_modal(fill, AmountDialog)
    window.a.set_amount.trigger()
    assert seen
    assert steps[0] == "人民币玖仟玖佰玖拾玖万元整"
    visible, error, amount, reason = steps[1]
    assert visible and error and amount == "9999万" and reason == "按会议纪要"
    row = window.workspace.claim_row(line1.key)
    assert row.decided == 99_990_000_00 and row.decision == "amount"


def test_reject_with_a_common_reason_by_keyboard(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    line2 = _row(window, 2)
    window.claims.select(line2.key)

    def fill(d: ReasonDialog):
        pick(d.common, "不符合申报条件")
        QTest.keyClick(d.edit, Qt.Key_Return)
    seen = when_modal(fill, ReasonDialog)
    window.a.reject.trigger()
    assert seen and seen[0].reason() == "不符合申报条件"
    row = window.workspace.claim_row(line2.key)
    assert row.decision == "reject" and row.decided == 0


def test_pending_filter_and_n_at_the_last_claim_goes_to_the_next_application(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    window.apps.select(window.apps.model.row_at(0).id)
    first = window.apps.current()
    total = window.claims.model.rowCount()
    window.claims.pending_only.click()
    shown = [window.claims.model.row_at(i) for i in range(window.claims.model.rowCount())]
    # What the list of applications counts as undecided, from its own query.
    assert len(shown) == first.undecided and first.undecided < total
    assert all(not r.decision for r in shown)
    window.claims.pending_only.click()
    assert window.claims.model.rowCount() == total
    window.claims.select_view_row(total - 1)
    window.a.next.trigger()
    assert window.apps.current().id != first.id
    assert window.claims.current() is not None and window.claims.view.currentIndex().row() == 0


def test_several_applications_complete_first_review_after_a_confirmation(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    for v in range(window.apps.model.rowCount()):
        window.apps.select(window.apps.model.row_at(v).id)
        window.claims.select(_row(window, 5).key)

        def fill(d):
            type_text(d.amount_edit, "100万")
            type_text(d.reason_edit, "一事一议，会议决定")
            QTest.keyClick(d.amount_edit, Qt.Key_Return)
        assert when_modal(fill, AmountDialog) is not None
        window.a.set_amount.trigger()
        # Line 6 names no known article (an input problem): a person decides it too.
        window.claims.select(_row(window, 6).key)

        def refuse(d: ReasonDialog):
            type_text(d.edit, "条款编号不存在，不予支持")
            QTest.keyClick(d.edit, Qt.Key_Return)
        assert when_modal(refuse, ReasonDialog) is not None
        window.a.reject.trigger()
    window.apps.view.setFocus()
    QTest.keyClick(window.apps.view, Qt.Key_A, Qt.ControlModifier)   # select all
    assert len(window.apps.selected()) == 3
    cancelled = press_button("取消")
    window.a.complete_first.trigger()
    assert cancelled
    assert {window.apps.model.row_at(v).stage for v in range(3)} == {"imported"}
    confirmed = press_button("完成初审")
    window.a.complete_first.trigger()
    assert confirmed and "3 份" in confirmed[0].text()
    stages = {r.stage for r in window.workspace.application_rows("2025年第一批")}
    assert stages == {"first_done"}


def test_register_a_reviewer_with_role_and_switch_without_restarting(window, qtbot, store_path):
    from workbench.core.store import reviewers

    def new_profile(d: NewProfileDialog):
        type_text(d.name, "刘复核")
        pick(d.title, "复核人")
        d.buttons.button(d.buttons.StandardButton.Ok).click()


    def choose(d: ProfileDialog):
        when_modal(new_profile, NewProfileDialog)
        next(b for b in d.findChildren(QPushButton) if b.text().startswith("新建")).click()
        QTest.keyClick(d.combo, Qt.Key_Return)
    seen = when_modal(choose, ProfileDialog)
    window.a.switch_reviewer.trigger()
    assert seen
    r = reviewers.find(window.workspace.store, "刘复核")
    assert r is not None and r.role == "复核人"
    assert window.reviewer == "刘复核" and "刘复核" in window.windowTitle()
    assert window.review.actor == "刘复核"


def test_f1_lists_every_key(window, qtbot):
    window.a.shortcuts.trigger()
    dlg = window.shortcuts_dialog
    qtbot.waitUntil(dlg.isVisible)
    rows = {dlg.table.item(i, 0).text(): dlg.table.item(i, 1).text() for i in range(dlg.table.rowCount())}
    assert rows["同意建议"].split(" / ")[0] == "A" and len(rows["同意建议"].split(" / ")) == 2   # A, Enter
    assert rows["下一项"] == "N / J"
    assert rows["快捷键一览"] == "F1"
    assert rows["切换审核人员"] == "Ctrl+Shift+U"
    assert len(rows) == sum(1 for a in vars(window.a).values() if a.shortcuts())
    dlg.close()


def test_the_reason_shows_in_the_window_after_a_decision(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    line2 = _row(window, 2)
    window.claims.select(line2.key)

    def fill(d: ReasonDialog):
        type_text(d.edit, "凭证与合同金额不一致")
        QTest.keyClick(d.edit, Qt.Key_Return)
    assert when_modal(fill, ReasonDialog) is not None
    window.a.reject.trigger()
    window.claims.select(line2.key)
    text = window.detail.decision.text()
    assert "不予支持" in text and "理由：凭证与合同金额不一致" in text and "张三" in text
