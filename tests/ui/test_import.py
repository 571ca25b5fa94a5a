"""A reviewer imports a folder holding one refused file, reads the report, copies and saves it."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication

from workbench.ui.import_flow import collect_workbooks

from .conftest import COMPANIES


def test_folder_lists_workbooks_and_skips_lock_files(workbooks):
    (workbooks / "~$临时.xlsx").write_bytes(b"x")
    (workbooks / "说明.txt").write_text("x")
    names = {p.name for p in collect_workbooks([workbooks])}
    assert names == {f"{c}.xlsx" for c in COMPANIES} | {"旧格式申报表.xlsx"}


def test_import_folder_with_a_refused_file(window, qtbot, workbooks, tmp_path):
    with qtbot.waitSignal(window.importFinished, timeout=20000) as blocker:
        window.import_paths([workbooks], batch="2025年第一批")
    report = blocker.args[0]
    assert len(report.imported) == 3
    assert [f for f, _ in report.refused] == ["旧格式申报表.xlsx"]
    # Line 6 of every application has an unknown claim code: rejected with its cell.
    assert {p.where for _f, p in report.rejected} == {"申报事项!B7"}

    # The window now shows the batch and its three applications.
    assert window.apps.current_batch() == "2025年第一批"
    assert window.apps.model.rowCount() == 3
    assert window.claims.model.rowCount() == 6

    dlg = window.import_report_dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.table.rowCount() == 4
    cells = {dlg.table.item(r, 2).text() for r in range(4)}
    assert cells == {"文件", "申报事项!B7"}
    dlg.copy()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0] == "文件\t结果\t位置\t问题" and "旧格式申报表.xlsx\t拒收\t文件" in text
    out = tmp_path / "导入结果.csv"
    dlg.save(str(out))
    assert "申报事项!B7" in out.read_text(encoding="utf-8-sig")
    dlg.close()


def test_importing_the_same_files_again_stores_nothing_twice(window, qtbot, workbooks):
    files = sorted(workbooks.glob("深圳*.xlsx"))
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths(files, batch="一批")
    with qtbot.waitSignal(window.importFinished, timeout=20000) as blocker:
        window.import_paths(files, batch="一批")
    assert blocker.args[0].already and not blocker.args[0].imported
    assert window.apps.model.rowCount() == 1


def test_drop_workbooks_on_the_window(window, qtbot, workbooks, monkeypatch):
    # The batch question is a modal dialog; answer it as a reviewer pressing Enter would.
    monkeypatch.setattr("workbench.ui.main_window.QInputDialog.getText",
                        lambda *a, **k: ("拖放批次", True))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in sorted(workbooks.glob("光明*.xlsx"))])
    # Qt delivers drag events only during a real drag; call the handlers as Qt would.
    enter = QDragEnterEvent(QPointF(window.rect().center()).toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.importFinished, timeout=20000) as blocker:
        window.dropEvent(drop)
    assert [f for f, _i, _n in blocker.args[0].imported] == ["光明芯测科技有限公司.xlsx"]
    assert window.apps.current_batch() == "拖放批次"
