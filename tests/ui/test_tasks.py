"""BackgroundOp: results on the UI thread, progress, failure and cancel."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from workbench.ui.tasks import BackgroundOp, running_ops


def test_success_runs_on_the_ui_thread_with_big_numbers(qtbot):
    seen = {}

    def op(progress):
        seen["worker"] = threading.get_ident()
        progress(1, 2, "half")
        return 2 ** 40

    def done(value):
        seen["value"] = value
        seen["ui"] = QThread.currentThread() is QApplication.instance().thread()

    op_ = BackgroundOp(None, op, done).run_in_background()
    qtbot.waitUntil(lambda: op_.finished, timeout=5000)
    assert seen["value"] == 2 ** 40 and seen["ui"]
    assert seen["worker"] != threading.get_ident()
    assert not running_ops()


def test_failure_reaches_the_failure_callback(qtbot):
    errors = []

    def op(progress):
        raise ValueError("坏文件")

    op_ = BackgroundOp(None, op).failure(errors.append).run_in_background()
    qtbot.waitUntil(lambda: op_.finished, timeout=5000)
    assert str(errors[0]) == "坏文件" and "ValueError" in errors[0].__traceback_text__


def test_cancel_stops_at_the_next_progress_call(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    steps = []
    cancelled = []

    def op(progress):
        for i in range(1000):
            progress(i, 1000, f"{i}")
            steps.append(i)
            time.sleep(0.005)
        return "all"

    op_ = (BackgroundOp(parent, op, lambda v: steps.append(v)).cancelled(lambda: cancelled.append(1))
           .with_progress("正在处理…").run_in_background())
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    op_.cancel()
    qtbot.waitUntil(lambda: op_.finished, timeout=5000)
    assert cancelled == [1] and "all" not in steps and op_.outcome == "cancelled"
