"""The audit viewer verifies the store off the UI thread: the window keeps answering while a
long verification runs, the progress dialog names each step, and stopping it gives the
button back."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog

from workbench.core.store import audit_tables

SLOW_S = 1.5


def _slow_ledger(monkeypatch, seen: list):
    """The ledger step takes SLOW_S seconds, as on a large ledger (GIL released while it waits)."""
    real = audit_tables.verify_ledger

    def slow(*a, **k):
        end = time.monotonic() + SLOW_S
        while time.monotonic() < end:
            time.sleep(0.01)
        seen.append("ledger")
        return real(*a, **k)

    monkeypatch.setattr(audit_tables, "verify_ledger", slow)


def _progress_dialogs(dlg) -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() + dlg.findChildren(QProgressDialog)
            if isinstance(w, QProgressDialog) and w.isVisible()]


def test_the_window_answers_while_the_store_is_verified(window, qtbot, monkeypatch):
    seen: list = []
    _slow_ledger(monkeypatch, seen)
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitExposed(dlg)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    labels = set()
    QTest.mouseClick(dlg.verify_button, Qt.LeftButton)
    assert not dlg.verify_button.isEnabled()

    def done() -> bool:
        labels.update(d.labelText() for d in _progress_dialogs(dlg))
        return dlg.report is not None

    qtbot.waitUntil(done, timeout=20000)
    timer.stop()
    assert seen == ["ledger"]
    # the event loop ran all along: a 50 ms timer fired many times during the 1.5 s step
    # (verifying on the UI thread would leave a gap of the whole step)
    assert len(ticks) >= 10, len(ticks)
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 1.0
    assert any("正在验证台账" in t for t in labels), labels
    assert dlg.report.ok and "验证通过" in dlg.verdict.text()
    assert dlg.verify_button.isEnabled()


def test_stopping_a_verification_gives_the_button_back(window, qtbot, monkeypatch):
    seen: list = []
    _slow_ledger(monkeypatch, seen)
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitExposed(dlg)
    QTest.mouseClick(dlg.verify_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: any(d.labelText().startswith("正在验证台账") for d in _progress_dialogs(dlg)),
                    timeout=10000)
    box = _progress_dialogs(dlg)[0]
    from PySide6.QtWidgets import QPushButton

    cancel = [b for b in box.findChildren(QPushButton) if b.isVisible()][0]
    QTest.mouseClick(cancel, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.verify_button.isEnabled(), timeout=10000)
    assert dlg.report is None
    assert "取消" in dlg.verdict.text()
    # and a verification afterwards runs to the end
    QTest.mouseClick(dlg.verify_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dlg.report is not None, timeout=20000)
    assert dlg.report.ok
