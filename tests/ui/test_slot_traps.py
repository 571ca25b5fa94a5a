"""The three buttons that once received Qt's `checked=False` as their argument, used as a person
uses them: 审定 asks for the 文号, 设置→新建 registers a reviewer, the import report saves."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from workbench.ui.dialogs.profile import NewProfileDialog

from .person import answer_file, answer_text, press_button, type_text, when_modal

ROOT = Path(__file__).resolve().parents[2]


def test_slot_lint_is_clean():
    tool = ROOT.parent / "shared" / "tools" / "check_slots.py"
    if not tool.is_file():
        tool = Path("/work/shared/tools/check_slots.py")
    out = subprocess.run([sys.executable, str(tool), str(ROOT / "workbench" / "ui")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == "", out.stdout


def _button(widget, text):
    return next(b for b in widget.findChildren(QPushButton) if b.text().startswith(text))


def decide_amount(window, *, line, amount, reason):
    """Click the claim's row, press E, type the amount and the reason, press OK."""
    from workbench.ui.dialogs.decision import AmountDialog

    row = next(r for r in window.claims.model.rows() if r.line == line)
    window.claims.select(row.key)

    def fill(d):
        type_text(d.amount_edit, amount)
        type_text(d.reason_edit, reason)
        d.buttons.button(d.buttons.StandardButton.Ok).click()
    seen = when_modal(fill, AmountDialog)
    window.a.set_amount.trigger()
    assert seen, "调整金额 opened no dialog"


def decide_reject(window, *, line, reason):
    """Click the claim's row, press R, type the reason, press Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from workbench.ui.dialogs.decision import ReasonDialog

    row = next(r for r in window.claims.model.rows() if r.line == line)
    window.claims.select(row.key)

    def fill(d):
        type_text(d.edit, reason)
        QTest.keyClick(d.edit, Qt.Key_Return)
    seen = when_modal(fill, ReasonDialog)
    window.a.reject.trigger()
    assert seen, "不予支持 opened no dialog"


def add_reviewer_in_settings(window, qtbot, name, role):
    """设置… → 新建… → type the name, choose the role → OK → OK."""
    window.a.settings.trigger()
    dlg = window.settings_dialog
    qtbot.waitUntil(dlg.isVisible)

    def fill(d):
        type_text(d.name, name)
        d.title.setFocus()
        d.title.setCurrentIndex(d.title.findText(role))
        QTest.keyClick(d.name, Qt.Key_Return)
    seen = when_modal(fill, NewProfileDialog)
    _button(dlg, "新建").click()
    assert seen, "新建 opened no profile dialog"
    assert any(name in dlg.profiles.item(i).text() for i in range(dlg.profiles.count()))
    QTest.keyClick(dlg, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dlg.isVisible())


def test_finalize_asks_for_the_document_number_and_settings_new_registers(window, qtbot, workbooks,
                                                                        settings, store_path):
    from workbench.core.store import listing, reviewers
    from workbench.ui.app import create_main_window

    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    first = window.apps.current()
    decide_amount(window, line=5, amount="1000000", reason="一事一议，会议决定")
    decide_reject(window, line=6, reason="条款编号不存在，不予支持")   # an input problem: a person decides
    confirmed = press_button("完成初审")
    window.a.complete_first.trigger()
    assert confirmed
    assert window.apps.current().stage == "first_done"

    add_reviewer_in_settings(window, qtbot, "李四", "复核人")
    r = reviewers.find(window.workspace.store, "李四")
    assert r is not None and r.role == "复核人"

    other = create_main_window(store_path, settings, reviewer="李四")
    qtbot.addWidget(other)
    other.show()
    other.apps.select(first.id)
    confirmed = press_button("复核通过")
    other.a.confirm_second.trigger()
    assert confirmed
    seen = answer_text("深光工信〔2025〕7号")
    with qtbot.waitSignal(other.review.finalized, timeout=20000) as blocker:
        other.a.finalize.trigger()
    assert seen, "审定 did not ask for the 文号"
    report = blocker.args[0]
    assert report.doc_no == "深光工信〔2025〕7号" and first.id in report.applications
    awards = listing.award_lines(other.workspace.store, first.credit_code, other.rules)
    assert {a.doc_no for a in awards} == {"深光工信〔2025〕7号"}
    other.review.result_dialog.close()
    other.close()
    other.workspace.close()


def test_import_report_save_button_asks_where_and_writes(window, qtbot, workbooks, tmp_path):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    dlg = window.import_report_dialog
    qtbot.waitUntil(dlg.isVisible)
    out = tmp_path / "结果.csv"
    seen = answer_file(out)
    dlg.save_button.click()
    assert seen
    assert "申报事项!B7" in out.read_text(encoding="utf-8-sig")
    dlg.close()
