"""F1: every command of the window with its keys, read from the actions themselves, so the
list cannot drift from what the keys do."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

__all__ = ["ShortcutsDialog", "shortcut_lines"]


def shortcut_lines(actions) -> list[tuple[str, str]]:
    """(command, keys) for every action that has keys, in the order they were declared."""
    out = []
    for a in vars(actions).values():
        keys = [k.toString(QKeySequence.NativeText) for k in a.shortcuts()]
        if keys:
            out.append((a.text().replace("&", "").rstrip("…"), " / ".join(keys)))
    return out


class ShortcutsDialog(QDialog):
    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键一览"))
        lines = shortcut_lines(actions)
        self.table = QTableWidget(len(lines), 2)
        self.table.setHorizontalHeaderLabels([self.tr("命令"), self.tr("按键")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        for i, (text, keys) in enumerate(lines):
            self.table.setItem(i, 0, QTableWidgetItem(text))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        note = QLabel(self.tr("决定键（A、E、R、N、P 等）在事项表获得焦点时有效。审核对话框中："
                              "Ctrl+Enter 确认；理由框内 Enter 确认，Shift+Enter 换行。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)
        from ..screen import resize_to_fit
        resize_to_fit(self, 460, 560)
