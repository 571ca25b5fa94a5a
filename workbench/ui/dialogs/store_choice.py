"""Which store the window opens: a SQLite file on this PC, or the office's PostgreSQL server.

The server's address is kept in the settings without any password: a password written into it
is taken out before saving (the server asks for it when the window opens, and the keyring may
keep it). Used inside the settings dialog and, at start-up, on its own (StoreChoiceDialog).
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.store.pg.opening import is_url, shown

from ..settings import Settings

__all__ = ["StoreChoice", "StoreChoiceDialog", "EXAMPLE"]

EXAMPLE = "postgresql://张经办@192.168.1.10/workbench?sslmode=verify-full"


class StoreChoice(QWidget):
    """The two kinds of store, each with where it is."""

    def __init__(self, settings: Settings, parent=None, default_store=None):
        super().__init__(parent)
        self.file_choice = QRadioButton(self.tr("本机数据库文件（SQLite）"))
        self.server_choice = QRadioButton(self.tr("办公室服务器（PostgreSQL）"))
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.file_choice)
        self.kind.addButton(self.server_choice)
        self.file = QLineEdit(settings.get("store/path"))
        self.file.setPlaceholderText(str(default_store) if default_store else "")
        self.browse = QPushButton(self.tr("选择…"))
        self.browse.clicked.connect(self._browse)
        self.server = QLineEdit(settings.get("store/server"))
        self.server.setPlaceholderText(EXAMPLE)
        self.server_note = QLabel(self.tr(
            "格式：postgresql://登录名@服务器/数据库；密码不写在这里，连接时询问"
            "（可记在本机钥匙串中）。"))
        self.server_note.setWordWrap(True)
        (self.server_choice if settings.get("store/engine") == "postgresql" else self.file_choice).setChecked(True)
        self.file_choice.toggled.connect(lambda _on: self._enable())
        self._enable()

        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.file_choice)
        form.addRow(self.tr("数据库文件"), file_row)
        form.addRow(self.server_choice)
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow("", self.server_note)

    def _enable(self) -> None:
        on_server = self.server_choice.isChecked()
        for w in (self.file, self.browse):
            w.setEnabled(not on_server)
        self.server.setEnabled(on_server)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("数据库文件"), self.file.text(),
                                              self.tr("数据库 (*.sqlite)"),
                                              options=QFileDialog.DontConfirmOverwrite)
        if path:
            self.file.setText(path)

    def problem(self) -> str | None:
        """What keeps the choice from being saved, in words for the person."""
        if not self.server_choice.isChecked():
            return None
        address = self.server.text().strip()
        if not address:
            return self.tr("请填写数据库服务器地址，如 {example}").format(example=EXAMPLE)
        if not is_url(address):
            return self.tr("服务器地址应以 postgresql:// 开头，如 {example}").format(example=EXAMPLE)
        return None

    def changes(self) -> dict:
        on_server = self.server_choice.isChecked()
        address = self.server.text().strip()
        return {
            "store/engine": "postgresql" if on_server else "sqlite",
            "store/path": self.file.text().strip(),
            # Never a password in the settings file, whatever was typed.
            "store/server": shown(address) if is_url(address) else address,
        }


class StoreChoiceDialog(QDialog):
    """At start-up: choose the store, saved in the settings for this and later starts."""

    def __init__(self, settings: Settings, parent=None, default_store=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("选择数据库"))
        self.setMinimumWidth(560)
        self.choice = StoreChoice(settings, self, default_store)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("一人一台电脑用本机数据库文件；科室多人同时审核用办公室的数据库服务器。")))
        lay.addWidget(self.choice)
        lay.addWidget(buttons)

    def accept(self) -> None:
        problem = self.choice.problem()
        if problem:
            QMessageBox.warning(self, self.tr("选择数据库"), problem)
            return
        for key, value in self.choice.changes().items():
            self.settings.set(key, value)
        self.settings.sync()
        super().accept()
