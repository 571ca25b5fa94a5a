"""The password a database server asks for (office mode): typed, hidden, and kept only in this
run of the program — or, when the person asks, in the system's keyring. Never in settings."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

__all__ = ["PasswordDialog"]


class PasswordDialog(QDialog):
    def __init__(self, address: str, login: str, why: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("连接数据库服务器"))
        self.setMinimumWidth(480)
        intro = QLabel(why or self.tr("数据库服务器要求输入密码。"))
        intro.setWordWrap(True)
        server = QLabel(address)
        server.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText(self.tr("数据库登录密码"))
        self.remember = QCheckBox(self.tr("在本机钥匙串中记住"))
        self.remember.setToolTip(self.tr("密码存入操作系统的钥匙串（凭据管理器），不写入设置文件；"
                                         "不勾选则每次启动时询问"))
        form = QFormLayout()
        form.addRow(self.tr("服务器"), server)
        form.addRow(self.tr("登录名"), QLabel(login or self.tr("（本机用户名）")))
        form.addRow(self.tr("密码"), self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("连接"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(text)))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.password.setFocus()
