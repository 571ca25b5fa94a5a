"""Two-person review and finalize (审定) from the window: the 文号 is asked, the ledger is
written by the core, and what changed for the open applications is shown."""
from __future__ import annotations

from decimal import Decimal

from workbench.core.store import listing


def _second_window(qtbot, settings, store_path, reviewer):
    from workbench.ui.app import create_main_window

    w = create_main_window(store_path, settings, reviewer=reviewer)
    qtbot.addWidget(w)
    w.show()
    return w


def test_two_person_review_then_finalize_with_document_number(window, qtbot, workbooks, settings,
                                                             store_path, monkeypatch):
    monkeypatch.setattr("workbench.ui.review_actions.QMessageBox.warning", lambda *a: None)
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    first = window.apps.current()
    line5 = next(r for r in window.claims.model.rows() if r.line == 5)
    assert window.review.set_amount(line5.key, Decimal("1000000.00"), "一事一议，会议决定")
    # Line 6 was refused for an input problem (unknown code): a reviewer confirms it too.
    line6 = next(r for r in window.claims.model.rows() if r.line == 6)
    assert window.review.reject(line6.key, "条款编号不存在，不予支持")
    assert window.review.complete_first([first.id])

    # Finalizing before the second review is refused, with the core's words.
    refusals = []
    window.review.refused.connect(refusals.append)
    op = window.finalize(doc_no="深光工信〔2025〕7号")
    qtbot.waitUntil(lambda: op.finished, timeout=10000)
    assert op.outcome == "failure" and "复核完成" in refusals[-1]

    # Another reviewer, added in the settings by the first, confirms and finalizes; the
    # document number comes from the dialog.
    assert window.show_settings().add_profile({"name": "李四", "title": "复核人", "key": ""})
    window.settings_dialog.close()
    other = _second_window(qtbot, settings, store_path, "李四")
    other.apps.select(first.id)
    other.review.refused.connect(refusals.append)
    assert other.review.confirm_second([first.id]), refusals
    monkeypatch.setattr("workbench.ui.review_actions.QInputDialog.getText",
                        lambda *a, **k: ("深光工信〔2025〕7号", True))
    with qtbot.waitSignal(other.review.finalized, timeout=20000) as blocker:
        other.finalize()
    report = blocker.args[0]
    assert report.applications == [first.id] and report.doc_no == "深光工信〔2025〕7号"
    assert report.ledger_rows > 0
    assert other.apps.current().stage == "finalized"
    dlg = other.review.result_dialog
    assert "深光工信〔2025〕7号" in dlg.summary.text()
    # The same enterprise has no other open application here, so nothing else was re-settled.
    assert dlg.table.rowCount() == len(report.recompute.changed)
    # The ledger now holds the awards under that number.
    awards = listing.award_lines(other.workspace.store, first.credit_code, other.rules)
    assert {a.doc_no for a in awards} == {"深光工信〔2025〕7号"}
    dlg.close()
    other.workspace.close()
