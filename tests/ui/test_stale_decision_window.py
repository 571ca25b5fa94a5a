"""Two reviewers on one store: a decision made in the window after another PC decided the same
claim is refused with who and when, never written over the other's; the row then shows it."""
from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.core.review import decisions as review
from workbench.core.store.database import Store
from workbench.core.store.reviewers import add_reviewer


def test_a_decision_on_a_claim_another_pc_decided_meanwhile_is_refused(
        window, qtbot, workbooks, store_path, monkeypatch):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    row = window.claims.current()
    qtbot.waitUntil(lambda: window.detail.detail is not None and window.detail.detail.key == row.key)
    assert window.detail.detail.seen == 0            # shown undecided
    # Another PC (its own connection to the same store) rejects that claim now.
    with Store.open(store_path) as other:
        add_reviewer(other, "李四", "经办人", actor="张三")
        review.decide(other, "李四", row.key, "reject", None, "凭证不全")
    refusals = []
    window.review.refused.connect(refusals.append)
    monkeypatch.setattr("workbench.ui.review_actions.QMessageBox.warning", lambda *a: None)
    view = window.claims.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_A)                   # accept the suggestion, as seen
    assert refusals and "已由 李四 于" in refusals[-1] and "请刷新后再决定" in refusals[-1]
    # Nothing written over it; the window shows the other reviewer's decision.
    with Store.open(store_path) as s:
        assert review.claim(s, row.key).decision == "reject"
    shown = next(r for r in window.claims.model.rows() if r.key == row.key)
    assert shown.decision == "reject"
    # Seen now: deciding again is the reviewer's informed choice, and it is recorded.
    qtbot.waitUntil(lambda: window.detail.detail.seen != 0)
    assert window.review.accept(row.key, seen=window.detail.detail.seen)
    with Store.open(store_path) as s:
        assert review.claim(s, row.key).decision == "accept"
