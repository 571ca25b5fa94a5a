"""The server's password: asked in a hidden field when the server wants one, asked again after a
wrong one, never written into the settings, kept in the system's keyring only when the person
ticks it (and said plainly when this PC has no keyring); background work (the log's check)
connects with it too. A server of its own that asks for passwords (scram-sha-256)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit

from workbench.core.store.pg import opening
from workbench.ui.dialogs.password import PasswordDialog

from .office import needs_server, run_window
from .person import type_text, when_modal

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Gm-pw-2026!"
pytestmark = [needs_server, pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
                                               reason="未安装 PostgreSQL")]


@pytest.fixture(scope="module")
def server():
    """A cluster whose login `clerk` must give a password; its address (without one)."""
    import psycopg

    folder = tempfile.mkdtemp(prefix="pgpw-", dir="/tmp")
    script = ROOT / "scripts" / "pg_cluster.sh"
    base = subprocess.run(["bash", str(script), "start", folder], check=True, capture_output=True,
                          text=True).stdout.strip()
    try:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE clerk LOGIN PASSWORD '{PASSWORD}'")
            conn.execute("CREATE DATABASE office OWNER clerk")
            hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
            hba.write_text("local all clerk scram-sha-256\n" + hba.read_text())
            conn.execute("SELECT pg_reload_conf()")
        yield f"postgresql://clerk@/office?host={folder}"
    finally:
        subprocess.run(["bash", str(script), "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


class FakeKeyring(types.ModuleType):
    """The `keyring` package as the system's keyring answers it."""

    def __init__(self):
        super().__init__("keyring")
        self.kept: dict = {}

    def set_password(self, service, account, password):
        self.kept[(service, account)] = password

    def get_password(self, service, account):
        return self.kept.get((service, account))


@pytest.fixture
def fresh(monkeypatch):
    """A new run of the program: nothing typed yet, no password from the environment."""
    monkeypatch.setattr(opening, "_SESSION", {})
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.LeftButton, pos=QPoint(6, widget.height() // 2))


def connect_with(password: str, remember: bool = False):
    def fill(d: PasswordDialog):
        assert d.password.echoMode() == QLineEdit.Password
        type_text(d.password, password)
        if remember:
            click(d.remember)
            assert d.remember.isChecked()
        QTest.mouseClick(d.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    return fill


def test_wrong_then_right_password_opens_the_window_and_the_keyring_keeps_it(
        qapp, qtbot, settings, monkeypatch, server, fresh):
    keyring = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    said, asked = [], []

    def fill(d):
        if isinstance(d, PasswordDialog):
            asked.append(d.layout().itemAt(0).widget().text())
            connect_with("not-it" if len(asked) == 1 else PASSWORD, remember=len(asked) == 2)(d)
        else:
            said.append((d.windowTitle(), d.text()))
            QTest.keyClick(d, Qt.Key_Return)

    seen = when_modal(fill, QDialog, times=4)
    verdicts: list = []
    look = check_the_log(qtbot, verdicts)
    code, shown_ = run_window(monkeypatch, settings, ["--db", server, "--reviewer", "张三"], look)
    assert code == 0 and seen
    assert "要求输入密码" in asked[0] and "用户名或密码错误" in asked[1]
    assert said[0] == ("无法打开数据库", f"无法登录数据库服务器 {server}：用户名或密码错误")
    assert said[1][0] == "已记住密码"
    assert shown_["status"] == f"数据库服务器：{server}　登录名：clerk"
    assert verdicts and "验证通过" in verdicts[0]
    assert list(keyring.kept.values()) == [PASSWORD]
    settings.sync()
    assert PASSWORD not in Path(settings.backend.fileName()).read_text(encoding="utf-8")

    # The next start: the keyring answers, nothing is asked.
    monkeypatch.setattr(opening, "_SESSION", {})
    code, shown_ = run_window(monkeypatch, settings, ["--db", server, "--reviewer", "张三"])
    assert code == 0 and shown_["status"].endswith("登录名：clerk")


def check_the_log(qtbot, verdicts):
    """In the window: 查看 → 审计日志, 验证 — off the UI thread, on a connection of its own."""
    def look(w):
        w.a.audit.trigger()
        dlg = w.audit_dialog
        QTest.mouseClick(dlg.verify_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: dlg.report is not None or "无法验证" in dlg.verdict.text(), timeout=30000)
        verdicts.append(dlg.verdict.text())
        dlg.close()
    return look


def test_without_a_keyring_it_says_it_cannot_remember(qapp, qtbot, settings, monkeypatch, server, fresh):
    monkeypatch.setitem(sys.modules, "keyring", None)   # the package is not installed
    said = []

    def fill(d):
        if isinstance(d, PasswordDialog):
            connect_with(PASSWORD, remember=True)(d)
        else:
            said.append((d.windowTitle(), d.text()))
            QTest.keyClick(d, Qt.Key_Return)

    seen = when_modal(fill, QDialog, times=2)
    verdicts: list = []
    code, shown_ = run_window(monkeypatch, settings, ["--db", server, "--reviewer", "张三"],
                              check_the_log(qtbot, verdicts))
    assert code == 0 and seen and shown_
    # The typed password serves the run's other connections, kept in memory only.
    assert verdicts and "验证通过" in verdicts[0]
    assert said == [("无法记住密码", "本机没有可用的钥匙串（或未安装 keyring），无法记住密码：下次启动时会再询问。")]


def test_giving_up_at_the_password_opens_nothing(qapp, settings, monkeypatch, server, fresh):
    monkeypatch.setitem(sys.modules, "keyring", None)
    seen = when_modal(lambda d: QTest.mouseClick(d.buttons.button(QDialogButtonBox.Cancel), Qt.LeftButton),
                      PasswordDialog)
    code, shown_ = run_window(monkeypatch, settings, ["--db", server, "--reviewer", "张三"])
    assert code == 1 and seen and not shown_
