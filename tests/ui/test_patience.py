"""An existing store is opened (and upgraded, on a new version's first start) off the UI
thread before the window: a slow open says what is going on instead of looking hung."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from .office import needs_server, run_window


def _demo(tmp_path):
    from workbench.__main__ import main

    path = tmp_path / "s.sqlite"
    assert main(["--db", str(path), "demo", str(tmp_path / "demo")]) == 0
    return path


def test_a_slow_open_shows_a_message_and_the_window_still_answers(qapp, settings, monkeypatch, tmp_path):
    from workbench.core.store.database import Store

    path = _demo(tmp_path)
    real = Store.open.__func__
    threads, seen, ticks = [], [], []

    def slow_open(cls, *a, **k):
        threads.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(1.5)              # as a large store's upgrade
        return real(cls, *a, **k)

    monkeypatch.setattr(Store, "open", classmethod(slow_open))

    def look_for_message():
        w = QApplication.activeModalWidget()
        if isinstance(w, QProgressDialog) and w.objectName() == "opening_store":
            seen.append(w.labelText())
        ticks.append(1)                  # the UI thread keeps running meanwhile

    timer = QTimer()
    timer.timeout.connect(look_for_message)
    timer.start(100)
    code, shown = run_window(monkeypatch, settings, ["--db", str(path), "--reviewer", "张经办"])
    timer.stop()
    assert code == 0 and shown
    assert "open-store" in threads                     # opened off the UI thread first
    assert seen and "请勿关闭程序" in seen[0] and str(path) in seen[0]
    assert len(ticks) >= 5


def test_a_quick_open_shows_nothing_and_a_new_store_is_left_to_the_window(qapp, settings, monkeypatch, tmp_path):
    from workbench.ui import patience

    path = _demo(tmp_path)
    shown = []
    monkeypatch.setattr(QProgressDialog, "show", lambda self: shown.append(self))
    assert patience.open_patiently(path) is None and shown == []
    fresh = tmp_path / "new.sqlite"
    assert patience.open_patiently(fresh) is None and not fresh.exists()


def test_a_store_that_cannot_be_opened_is_said_and_nothing_opens(qapp, settings, monkeypatch, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: boxes.append((title, text)))
    code, shown = run_window(monkeypatch, settings, ["--db", str(bad), "--reviewer", "张经办"])
    assert code == 1 and not shown
    assert boxes and boxes[0][0] == "无法打开数据库" and str(bad) in boxes[0][1]
    assert bad.read_bytes() == b"not a database at all" * 100


@needs_server
def test_a_slow_server_open_shows_a_message_and_the_window_still_answers(qapp, settings, monkeypatch, request):
    """On the office's server the upgrade runs at the first open after the password: off the UI
    thread too, with the server's address (never a password) in the message."""
    from tests.conftest import pg_schema_url
    from workbench.core.store.database import Store
    from workbench.core.store.pg.opening import shown

    url = pg_schema_url(request.node.name)
    Store.open(url).close()   # an existing store on the server
    real = Store.open.__func__
    threads, seen, ticks = [], [], []

    def slow_open(cls, *a, **k):
        threads.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(1.5)              # as a large store's upgrade on the server
        return real(cls, *a, **k)

    monkeypatch.setattr(Store, "open", classmethod(slow_open))

    def look_for_message():
        w = QApplication.activeModalWidget()
        if isinstance(w, QProgressDialog) and w.objectName() == "opening_store":
            seen.append(w.labelText())
        ticks.append(1)

    timer = QTimer()
    timer.timeout.connect(look_for_message)
    timer.start(100)
    with_password = url.replace("workbench@", "workbench:Gm-secret-1@")
    code, shown_window = run_window(monkeypatch, settings, ["--db", with_password, "--reviewer", "张经办"])
    timer.stop()
    assert code == 0 and shown_window
    assert threads[0] == "open-store"                  # the first open, where an upgrade runs
    assert seen and "请勿关闭程序" in seen[0] and shown(url) in seen[0]
    assert all("Gm-secret-1" not in text for text in seen)
    assert len(ticks) >= 5
