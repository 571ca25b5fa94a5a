"""The reviewer's whole day in the window, from an empty store to verified, signed sheets and the
ledger, done only as a person does it: menu commands (QAction.trigger), keys pressed in the
tables and typing into the dialogs that open. Nothing here calls the core, the command line or
a method of the window; results are read from the window's widgets and the files written.

Prepared beforehand, as they arrive at the bureau: the enterprises' workbooks and last year's
award ledger (files only).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLineEdit, QPushButton

from workbench.ui.dialogs.decision import AmountDialog, ReasonDialog
from workbench.ui.dialogs.keys import KeyForm
from workbench.ui.dialogs.profile import NewProfileDialog, ProfileDialog

from .conftest import COMPANIES
from .data import credit_code
from .person import answer_file, answer_text, pick, press_button, type_text, when_modal

pytestmark = pytest.mark.slow

BATCH, DOC_NO = "2025年第一批", "深光工信〔2025〕7号"
ROOT_PW, HANDLER_PW, REVIEW_PW = "Gm-root-2026!", "Zj-handler-2026!", "Lf-review-2026!"


def _ledger_file(path):
    """Last year's awards, as the bureau keeps them (written once, before the day starts)."""
    from workbench.core.domain.model import LedgerAward
    from workbench.core.review.ledger import write_ledger

    return write_ledger(path, [LedgerAward(
        credit_code=credit_code(1), name=COMPANIES[0], year=2024, code="6.1", project="首轮流片B",
        product="", voucher="FP-2024-9", installment=None, amount=Decimal("500000.00"),
        doc_no="深光工信〔2024〕3号")])


def _settle(qtbot):
    from workbench.ui.tasks import running_ops
    qtbot.waitUntil(lambda: not running_ops(), timeout=120000)


def _press(widget, key, modifier=Qt.NoModifier):
    """The person clicks into the table (which brings the window to the front), then presses."""
    top = widget.window()
    if QApplication.activeWindow() is not top:
        top.activateWindow()
        for _ in range(100):
            if QApplication.activeWindow() is top:
                break
            QTest.qWait(20)
    widget.setFocus()
    QTest.keyClick(widget, key, modifier)


def _escape(dialog):
    QTest.keyClick(dialog, Qt.Key_Escape)


def _switch_to(window, name):
    def choose(d: ProfileDialog):
        i = d.combo.findData(name)
        pick(d.combo, d.combo.itemText(i))
        QTest.keyClick(d.combo, Qt.Key_Return)
    seen = when_modal(choose, ProfileDialog)
    _press(window.claims.view, Qt.Key_U, Qt.ControlModifier | Qt.ShiftModifier)
    assert seen and window.reviewer == name


def _register(window, name, role):
    def new_profile(d: NewProfileDialog):
        type_text(d.name, name)
        pick(d.title, role)
        QTest.keyClick(d.name, Qt.Key_Return)

    def choose(d: ProfileDialog):
        when_modal(new_profile, NewProfileDialog)
        next(b for b in d.findChildren(QPushButton) if b.text().startswith("新建")).click()
        QTest.keyClick(d.combo, Qt.Key_Return)
    seen = when_modal(choose, ProfileDialog)
    window.a.switch_reviewer.trigger()
    assert seen and window.reviewer == name


def _passphrase(text):
    """The passphrase box; the countersign column box before it is answered with Enter
    (its default, 复核人)."""
    def fill(d: QInputDialog):
        combo = d.findChild(QComboBox)
        if combo is not None and combo.isVisible():
            assert combo.currentText() == "复核人"
            QTest.keyClick(combo, Qt.Key_Return)
            return
        edit = d.findChild(QLineEdit)
        type_text(edit, text)
        QTest.keyClick(edit, Qt.Key_Return)
    return fill


def _each_application(window, qtbot, action, fill, times, signal):
    """The action for every application in the list, going down it by keyboard."""
    _press(window.apps.view, Qt.Key_Home, Qt.ControlModifier)
    out = []
    for i in range(window.apps.model.rowCount()):
        if i:
            _press(window.apps.view, Qt.Key_Down)
        seen = when_modal(fill, QInputDialog, times=times, limit_ms=60000)
        with qtbot.waitSignal(signal, timeout=120000) as blocker:
            action.trigger()
        assert len(seen) == times
        out.append(blocker.args[0])
        _escape(window.sheets.result_dialog)
    return out


def test_the_whole_day_in_the_window(qtbot, settings, store_path, workbooks, tmp_path):
    from workbench.ui.app import create_main_window, prepare_app

    ledger = _ledger_file(tmp_path / "资助台账2024.xlsx")
    out = tmp_path / "审核表"
    out.mkdir()
    prepare_app(QApplication.instance(), settings)
    # The first person to open a new store is its first reviewer (经办人).
    window = create_main_window(store_path, settings, reviewer="张经办")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    try:
        _day(window, qtbot, workbooks, ledger, out)
    finally:
        window.close()
        window.workspace.close()


def _day(window, qtbot, workbooks, ledger, out):
    a = window.a
    # ---- people: 张经办 registers 李复核 as 复核人 and switches back -------------------------
    _register(window, "李复核", "复核人")
    _switch_to(window, "张经办")

    # ---- the award ledger ---------------------------------------------------------------
    seen = answer_file(ledger)
    a.import_ledger.trigger()
    assert seen
    _settle(qtbot)
    qtbot.waitUntil(lambda: window.ledger_dialog.result_dialog.isVisible(), timeout=30000)
    assert "新增 1 行" in window.ledger_dialog.result_dialog.summary.text()
    _escape(window.ledger_dialog.result_dialog)
    window.ledger_dialog.close()

    # ---- import a folder into a named batch ---------------------------------------------
    files, named = answer_file(workbooks), answer_text(BATCH)
    with qtbot.waitSignal(window.importFinished, timeout=60000):
        _press(window.claims.view, Qt.Key_O, Qt.ControlModifier | Qt.ShiftModifier)
    assert files and named
    qtbot.waitUntil(lambda: window.import_report_dialog.isVisible(), timeout=10000)
    _escape(window.import_report_dialog)
    assert window.apps.model.rowCount() == 3 and window.apps.current_batch() == BATCH

    # ---- decide by keyboard: A, N, E with an amount in 万 and a reason, R with a reason ----
    _press(window.apps.view, Qt.Key_Home, Qt.ControlModifier)
    for i in range(3):
        view = window.claims.view
        view.setFocus()
        assert window.claims.current().line == 1
        _press(view, Qt.Key_A)                                 # line 1: the suggestion
        for _ in range(3):
            _press(view, Qt.Key_N)                             # to line 5 (一事一议)
        assert window.claims.current().line == 5

        def amount(d: AmountDialog):
            type_text(d.amount_edit, "100万")
            assert d.capital.text() == "人民币壹佰万元整"
            pick(d.common, "一事一议，按会议纪要核定")
            QTest.keyClick(d.amount_edit, Qt.Key_Return, Qt.ControlModifier)
        decided = when_modal(amount, AmountDialog)
        _press(view, Qt.Key_E)
        assert decided and window.claims.current().line == 6

        def refuse(d: ReasonDialog):
            pick(d.common, "不符合申报条件")
            QTest.keyClick(d.edit, Qt.Key_Return)
        refused = when_modal(refuse, ReasonDialog)
        _press(view, Qt.Key_R)
        assert refused
        if i < 2:
            _press(view, Qt.Key_N)                             # at the last line: next application
    rows = {r.line: r for r in window.claims.model.rows()}
    assert rows[1].decision == "accept" and rows[5].decided == 1_000_000_00 and rows[6].decision == "reject"
    window.claims.view.setFocus()
    qtbot.waitUntil(lambda: "不符合申报条件" in window.detail.decision.text(), timeout=5000)

    # ---- 完成初审 for all three, after the confirmation --------------------------------------
    _press(window.apps.view, Qt.Key_A, Qt.ControlModifier)
    confirmed = press_button("完成初审")
    a.complete_first.trigger()
    assert confirmed and "3 份" in confirmed[0].text()
    assert {window.apps.model.row_at(i).stage for i in range(3)} == {"first_done"}

    # ---- 李复核: 复核通过, then 审定 with the 文号 -------------------------------------------
    _switch_to(window, "李复核")
    _press(window.apps.view, Qt.Key_A, Qt.ControlModifier)
    confirmed = press_button("复核通过")
    a.confirm_second.trigger()
    assert confirmed
    asked = answer_text(DOC_NO)
    with qtbot.waitSignal(window.review.finalized, timeout=120000):
        a.finalize.trigger()
    assert asked
    result = window.review.result_dialog
    assert DOC_NO in result.summary.text()
    _escape(result)
    assert {window.apps.model.row_at(i).stage for i in range(3)} == {"finalized"}

    # ---- keys made in the window: the root, and a key for each of the two -----------------
    def forms(form: KeyForm):
        w = form.widgets
        if form.windowTitle() == "创建根证书":
            type_text(w["passphrase"], ROOT_PW)
            type_text(w["again"], ROOT_PW)
        else:
            who = "张经办" if len(made) == 2 else "李复核"   # the form is counted before it is filled
            type_text(w["name"].lineEdit(), who)
            pick(w["role"], "经办人" if who == "张经办" else "复核人")
            pw = HANDLER_PW if who == "张经办" else REVIEW_PW
            type_text(w["passphrase"], pw)
            type_text(w["again"], pw)
            type_text(w["root_passphrase"], ROOT_PW)
        QTest.keyClick(w["again"], Qt.Key_Return)
    made = when_modal(forms, KeyForm, times=3, limit_ms=120000)
    a.keys.trigger()
    keys_dialog = window.keys_dialog
    for button in (keys_dialog.create_root, keys_dialog.issue, keys_dialog.issue):
        QTest.mouseClick(button, Qt.LeftButton)
    assert len(made) == 3 and made
    assert sorted(keys_dialog.table.item(r, 0).text() for r in range(keys_dialog.table.rowCount())) == \
        sorted(["张经办", "李复核"])
    _escape(keys_dialog)

    # ---- export the batch's sheets ---------------------------------------------------------
    chosen = answer_file(out)
    with qtbot.waitSignal(window.sheets.exported, timeout=120000):
        _press(window.claims.view, Qt.Key_E, Qt.ControlModifier)
    assert chosen
    _escape(window.sheets.result_dialog)
    pdfs = sorted(out.glob("*.pdf"))
    assert len([p for p in pdfs if "审核表" in p.name or p.stat().st_size]) >= 3

    # ---- 张经办 signs every sheet; 李复核 countersigns as 复核人 ------------------------------
    _switch_to(window, "张经办")
    signed = _each_application(window, qtbot, a.sign, _passphrase(HANDLER_PW), 1, window.sheets.signed)
    assert all(r.signer == "张经办" and r.role == "handler" for (res,) in signed for _p, r in [res])
    _switch_to(window, "李复核")
    counter = _each_application(window, qtbot, a.countersign, _passphrase(REVIEW_PW), 2, window.sheets.signed)
    assert all(r.signer == "李复核" and r.role == "reviewer" for (res,) in counter for _p, r in [res])

    # ---- verify: both signatures valid on every sheet ----------------------------------------
    reports = _each_application(window, qtbot, a.verify, None, 0, window.sheets.verified)
    for (pdf, report), in reports:
        assert report.ok and {s.signer for s in report.signatures} == {"张经办", "李复核"}, pdf

    # ---- the ledger now holds the awards under the 文号 --------------------------------------
    _press(window.claims.view, Qt.Key_1, Qt.ControlModifier)
    ledger_view = window.ledger_dialog
    qtbot.waitUntil(ledger_view.isVisible, timeout=10000)
    docs = set()
    for i in range(ledger_view.awards.topLevelItemCount()):
        year = ledger_view.awards.topLevelItem(i)
        for j in range(year.childCount()):
            art = year.child(j)
            docs |= {art.child(k).text(3) for k in range(art.childCount())}
    assert DOC_NO in docs
    ledger_view.close()
