"""Blank template, backup and restore from the 文件 menu, answering the file dialogs."""
from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from .person import answer_file, press_button, when_modal


def test_save_the_blank_template(window, tmp_path):
    out = tmp_path / "空白申报表.xlsx"
    seen = answer_file(out)
    window.a.save_template.trigger()
    assert seen and out.is_file()
    assert "申报事项" in load_workbook(out).sheetnames


def test_backup_then_restore_brings_the_earlier_state_back(window, qtbot, workbooks, tmp_path):
    copy = tmp_path / "备份.sqlite"
    seen = answer_file(copy)
    texts = []
    done = when_modal(lambda box: (texts.append(box.text()), box.accept()), QMessageBox)
    window.a.backup.trigger()
    assert seen and done and copy.is_file() and "检查通过" in texts[0]
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    assert window.apps.model.rowCount() == 3

    seen = answer_file(copy)
    confirmed = press_button("恢复")
    window.a.restore.trigger()
    assert seen and confirmed
    assert window.apps.model.rowCount() == 0      # the backup was made before the import
    assert window.workspace.batches() == []
