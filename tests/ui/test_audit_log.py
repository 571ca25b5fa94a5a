"""The audit log viewer lists entries and shows the verify-store result."""
from __future__ import annotations

from workbench.core.store import audit

from .person import type_text


def test_audit_log_lists_entries_and_verifies_the_store(window, qtbot):
    audit.record(window.workspace.store, "张三", "export", "batch:2025年第一批", {"files": 3})
    dlg = window.show_audit_log()
    # Newest first: the export, after the reviewer profile was registered on this store.
    assert dlg.model.rowCount() >= 1
    assert dlg.model.row_at(0).action == "export" and dlg.model.data(dlg.model.index(0, 2)) == "张三"
    op = dlg.verify()
    qtbot.waitUntil(lambda: op.finished, timeout=10000)
    assert dlg.report is not None and dlg.report.ok
    assert "验证通过" in dlg.verdict.text()


def _long_log(store, n: int) -> None:
    for i in range(n):
        audit.record(store, "张三" if i % 2 else "李四", "export", f"batch:第{i}批", {"files": i})


def test_a_long_log_opens_on_its_newest_page_and_loads_older_ones_on_request(window, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from workbench.ui.dialogs import audit_log

    monkeypatch.setattr(audit_log, "PAGE", 10)
    store = window.workspace.store
    _long_log(store, 25)
    total = audit.log_length(store)
    assert total == max(e.seq for e in audit.entries(store)) and total >= 25
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitUntil(dlg.isVisible)
    seqs = [dlg.model.row_at(i).seq for i in range(dlg.model.rowCount())]
    assert seqs == list(range(total, total - 10, -1))
    assert f"显示最近 10 条，共 {total} 条" in dlg.extent.text()
    QTest.mouseClick(dlg.older_button, Qt.LeftButton)
    assert dlg.model.rowCount() == 20 and dlg.model.row_at(19).seq == total - 19
    while dlg.older_button.isEnabled():
        QTest.mouseClick(dlg.older_button, Qt.LeftButton)
    assert dlg.model.rowCount() == total and dlg.extent.text() == f"共 {total} 条"
    assert not dlg.search_button.isEnabled()   # everything is here: the filter sees it all


def test_enter_in_the_search_box_searches_the_whole_log_off_the_ui_thread(window, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from workbench.ui.dialogs import audit_log

    monkeypatch.setattr(audit_log, "PAGE", 10)
    store = window.workspace.store
    _long_log(store, 30)
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitUntil(dlg.isVisible)
    dlg.activateWindow()   # the person's keys go to the dialog in front (offscreen Qt activates late)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg)
    # 第3批 was written early: not among the newest ten, so typing alone finds nothing.
    type_text(dlg.search, "第3批")
    assert dlg.model.rowCount() == 0
    QTest.keyClick(dlg.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: dlg.query == "第3批", timeout=10000)
    assert dlg.isVisible()   # Enter searched; it did not close the dialog
    found = [dlg.model.row_at(i) for i in range(dlg.model.rowCount())]
    assert [e.subject for e in found] == ["batch:第3批"]
    assert "“第3批”在全部" in dlg.extent.text() and "共 1 条" in dlg.extent.text()
    # The Chinese name of an action finds its entries too; clearing goes back to the newest.
    dlg.search.clear()
    assert dlg.query == "" and dlg.model.rowCount() == 10
    type_text(dlg.search, "导出")
    QTest.keyClick(dlg.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: dlg.query == "导出", timeout=10000)
    assert dlg.model.rowCount() == 10 and all(dlg.model.row_at(i).action == "export" for i in range(10))
    assert "最近 10 条" in dlg.extent.text() and dlg.older_button.isEnabled()


def test_search_in_the_store_takes_like_characters_literally(store):
    audit.record(store, "张三", "export", "batch:100%完成", {"files": 1})
    audit.record(store, "张三", "export", "batch:100完成", {"files": 1})
    audit.record(store, "Zhang_San", "export", "batch:x", {"files": 1})
    assert [e.subject for e in audit.entries(store, matching="100%")] == ["batch:100%完成"]
    assert [e.actor for e in audit.entries(store, matching="zhang_s")] == ["Zhang_San"]
    assert audit.entries(store, matching="zhang%s") == []
    seqs = [e.seq for e in audit.entries(store)]
    assert [e.seq for e in audit.entries(store, before=seqs[-1], newest_first=True, limit=2)] == seqs[-3:-1][::-1]
