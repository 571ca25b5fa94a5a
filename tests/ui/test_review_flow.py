"""Decisions from the keyboard and the two-person review, through core.review."""
from __future__ import annotations

from PySide6.QtCore import Qt


def test_decide_with_keyboard_then_two_person_review(window, qtbot, workbooks, monkeypatch):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.claims.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_A)                 # accept line 1's suggestion, move on
    first = window.claims.model.row_at(0)
    assert first.decision == "accept" and first.decided == first.suggested
    assert window.claims.current().line == 2
    window.a.undo.trigger()                        # undo before the stage is completed
    assert window.claims.model.row_at(0).decision == ""
    # Line 5 (article （二）) needs an amount and a reason: completing first review is refused.
    refusals = []
    window.review.refused.connect(refusals.append)
    monkeypatch.setattr("workbench.ui.review_actions.QMessageBox.warning", lambda *a: None)
    assert not window.review.complete_first([window.apps.current().id])
    assert refusals
    line5 = next(r for r in window.claims.model.rows() if r.line == 5)
    assert window.review.set_amount(line5.key, __import__("decimal").Decimal("1000000.00"), "一事一议，会议决定")
    # Line 6 was refused for an input problem (unknown code): a reviewer confirms it too.
    line6 = next(r for r in window.claims.model.rows() if r.line == 6)
    assert window.review.reject(line6.key, "条款编号不存在，不予支持")
    assert window.review.complete_first([window.apps.current().id])
    assert window.apps.current().stage == "first_done"
    # The same person may not confirm their own first review.
    assert not window.review.confirm_second([window.apps.current().id])
    assert "复核人不能与初审人相同" in refusals[-1]
