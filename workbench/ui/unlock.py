"""Opening a store on the office's server before the window: the password, when the server asks
for one, and every refusal in the core's Chinese words. Nothing is written when it fails.

A password is never kept in clear: one typed (or written in a --db address by a script) is
remembered for this run only (core.store.pg.opening.remember_for_session), so background work
opening its own connection needs no address with a password in it; the keyring keeps it across
runs only when the person ticks 在本机钥匙串中记住.
"""
from __future__ import annotations

from functools import partial
from urllib.parse import parse_qs, urlsplit

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench.core.store.database import Store
from workbench.core.store.pg.opening import (
    PasswordNeeded,
    remember_for_session,
    shown,
    store_password,
)

from .dialogs.password import PasswordDialog
from .patience import patiently

__all__ = ["unlock", "password_in"]

WRONG = "用户名或密码错误"   # the core's words for a refused password: ask again


def password_in(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.password:
        return parts.password
    values = parse_qs(parts.query).get("password")
    return values[0] if values else None


def _open(address: str, password: str | None) -> None:
    Store.open(address, password=password).close()


def _text(text: str) -> str:
    return QApplication.translate("Unlock", text)


def unlock(parent: QWidget | None, url: str) -> str | None:
    """The address to open the store at (never with a password), once the server accepted
    this PC; None when it cannot be opened (said in a dialog) or the person gave up."""
    address = shown(url)
    password = password_in(url)
    typed = remember = False
    why = ""
    while True:
        if typed or why:
            d = PasswordDialog(address, urlsplit(address).username or "", why, parent)
            d.setObjectName("password_dialog")
            if d.exec() != PasswordDialog.Accepted:
                return None
            password, typed = d.password.text(), True
            remember = d.remember.isChecked()
        # Off the UI thread: the first open after a new version upgrades the server's store.
        failed = patiently(partial(_open, address, password), _text(
            "正在连接数据库服务器 {address}…\n首次使用新版本时会升级数据库；"
            "数据较多时需要几分钟，请勿关闭程序。").format(address=address))
        try:
            if failed is not None:
                raise failed
        except PasswordNeeded as exc:
            why = str(exc)
            typed = True
            continue
        except Exception as exc:  # noqa: BLE001 - StoreError and its kin: the core's words
            QMessageBox.critical(parent, _text("无法打开数据库"), str(exc))
            if typed and WRONG in str(exc):
                why = str(exc)
                continue
            return None
        if password:
            remember_for_session(address, password)
        if typed and remember and password:
            if store_password(address, password):
                QMessageBox.information(parent, _text("已记住密码"),
                                        _text("密码已存入本机钥匙串，下次启动不再询问。"))
            else:
                QMessageBox.information(parent, _text("无法记住密码"), _text(
                    "本机没有可用的钥匙串（或未安装 keyring），无法记住密码：下次启动时会再询问。"))
        return address
