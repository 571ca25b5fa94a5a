"""After and around 审定 in the window: the override reason asked when the joint cap check
refuses, 更正 of a finalized claim, the applicant's original workbook opened (or its absence
said), and a resubmitted workbook replacing an application."""
from __future__ import annotations

import shutil
from decimal import Decimal

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from workbench.core.intake.template import write_application
from workbench.ui.dialogs.decision import AmountDialog, ReasonDialog

from .data import CLAIMS, applicant
from .person import answer_file, answer_text, pick, type_text, when_modal

BATCH, DOC = "2025年第一批", "深光工信〔2025〕9号"
NAME = "深圳市光明智感微系统有限公司"


def _import(window, qtbot, folder):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([folder], batch=BATCH)
    if getattr(window, "import_report_dialog", None) is not None:
        window.import_report_dialog.close()


def _line(window, n):
    return next(r for r in window.claims.model.rows() if r.line == n)


def _one_app(tmp_path, seed=1, claims=CLAIMS, folder="inbox1"):
    d = tmp_path / folder
    d.mkdir(exist_ok=True)
    c = [{k: (v.format(s=seed) if k == "voucher" else v) for k, v in x.items()} for x in claims]
    return write_application(d / f"{NAME}.xlsx", applicant(NAME, seed), c)


def _to_second_done(window, qtbot, settings, store_path):
    from workbench.ui.app import create_main_window

    ids = [window.apps.model.row_at(i).id for i in range(window.apps.model.rowCount())]
    for app_id in ids:
        window.apps.select(app_id)
        lines = {r.line for r in window.claims.model.rows()}
        if 5 in lines:
            assert window.review.set_amount(_line(window, 5).key, Decimal("1000000.00"), "一事一议，会议决定")
            assert window.review.reject(_line(window, 6).key, "条款编号不存在，不予支持")
    assert window.review.complete_first(ids)
    assert window.show_settings().add_profile({"name": "李四", "title": "复核人", "key": ""})
    window.settings_dialog.close()
    other = create_main_window(store_path, settings, reviewer="李四")
    qtbot.addWidget(other)
    other.show()
    other.open_batch(BATCH)
    assert other.review.confirm_second(ids)
    return other


def test_finalize_above_a_cap_asks_the_override_reason(window, qtbot, settings, store_path, tmp_path):
    # The same platform claimed again in the enterprise's 2024 application (another voucher):
    # each alone fits the project's 10,000,000 cap, together they exceed it.
    folder = _one_app(tmp_path).parent
    write_application(folder / "2024年度.xlsx", applicant(NAME, 1, year=2024),
                      [dict(CLAIMS[0], voucher="HT-2024-B")])
    _import(window, qtbot, folder)
    assert window.apps.model.rowCount() == 2
    other = _to_second_done(window, qtbot, settings, store_path)

    asked, texts = answer_text(DOC), []

    def override(d: ReasonDialog):
        texts.append(d.prompt.text())
        pick(d.common, "经区政府专题会议批准")
        QTest.keyClick(d.edit, Qt.Key_Return)
    seen = when_modal(override, ReasonDialog, limit_ms=60000)
    with qtbot.waitSignal(other.review.finalized, timeout=60000) as blocker:
        other.a.finalize.trigger()
    assert asked and seen
    assert "上限" in texts[0] and "--override-reason" not in texts[0]
    report = blocker.args[0]
    assert report.doc_no == DOC and report.overrides >= 1
    other.review.result_dialog.close()

    # 更正 of the finalized line 5: a new 文号, the amount in 万, a reason.
    other.apps.select(next(other.apps.model.row_at(i).id for i in range(other.apps.model.rowCount())
                           if other.apps.model.row_at(i).claims == 6))
    other.claims.select(_line(other, 5).key)
    doc = answer_text("深光工信〔2025〕12号")

    def amend(d: AmountDialog):
        type_text(d.amount_edit, "80万")
        pick(d.common, "一事一议，按会议纪要核定")
        QTest.keyClick(d.amount_edit, Qt.Key_Return, Qt.ControlModifier)
    amended = when_modal(amend, AmountDialog, limit_ms=30000)
    other.a.amend.trigger()
    assert doc and amended
    assert "已更正第 5 项" in other.statusBar().currentMessage()
    assert "800,000.00" in other.statusBar().currentMessage() or "800000.00" in other.statusBar().currentMessage()
    other.workspace.close()


class _Urls(QObject):
    def __init__(self):
        super().__init__()
        self.opened = []

    @Slot("QUrl")
    def open(self, url):
        self.opened.append(url.toLocalFile())


def test_open_the_original_workbook_or_say_it_is_gone(window, qtbot, tmp_path):
    src = _one_app(tmp_path)
    _import(window, qtbot, src.parent)
    urls = _Urls()
    QDesktopServices.setUrlHandler("file", urls, "open")
    try:
        window.a.open_original.trigger()
        assert urls.opened and urls.opened[0] == str(src.resolve())
        shutil.move(src, tmp_path / "moved.xlsx")
        texts = []
        seen = when_modal(lambda box: (texts.append(box.text()), box.buttons()[0].click()), QMessageBox)
        window.a.open_original.trigger()
        assert seen and "已不在" in texts[0] and src.name in texts[0]
        assert len(urls.opened) == 1
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_replace_an_application_by_the_corrected_workbook(window, qtbot, tmp_path):
    _import(window, qtbot, _one_app(tmp_path).parent)
    old = window.apps.current()
    corrected = _one_app(tmp_path, claims=CLAIMS[:5], folder="corrected")   # line 6 dropped
    chosen = answer_file(corrected)

    def reason(d: ReasonDialog):
        pick(d.common, "申报单位提交了更正后的申报表")
        QTest.keyClick(d.edit, Qt.Key_Return)
    seen = when_modal(reason, ReasonDialog, limit_ms=30000)
    window.a.replace.trigger()
    assert chosen and seen
    new = window.apps.current()
    assert new.id != old.id and new.credit_code == old.credit_code and new.claims == 5
    assert old.id not in {window.apps.model.row_at(i).id for i in range(window.apps.model.rowCount())}
