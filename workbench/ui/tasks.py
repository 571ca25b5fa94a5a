"""The one way the window runs long work: off the UI thread, with a progress dialog and cancel.

    BackgroundOp(parent, op=lambda progress: core.do_it(..., progress=progress),
                 success=show_result).failure(show_error).with_progress("正在导入…").run_in_background()

`op` runs in a worker thread: it must not touch any widget, model or the window's Store (an
SQLite connection belongs to the thread that opened it, so an op opens its own). It receives a
`Progress`, a plain callable the core functions already accept: progress(done, total, label).
When the reviewer presses cancel, the next call raises `Cancelled` inside the op, so core work
stops at its next step and its open transaction rolls back. `success`, `failure` and `cancelled`
callbacks run on the UI thread.
"""
from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

__all__ = ["BackgroundOp", "Progress", "Cancelled", "running_ops", "wait_for_all"]

T = TypeVar("T")

# Ops in flight; keeps the Python objects alive until their results reach the UI thread.
_RUNNING: set[BackgroundOp] = set()


class Cancelled(Exception):
    """Raised inside an op when the reviewer cancelled it."""


class _Relay(QObject):
    """Lives on the UI thread; the worker emits its signals, so every slot runs on the UI thread.

    Signal(object): amounts and counts may pass 32 bits.
    """

    progress = Signal(object, object, object)
    done = Signal(object, object, object)   # (kind, value, traceback text)


class Progress:
    """Handed to the op. Throttled, so a core loop may call it for every row."""

    def __init__(self, relay: _Relay, stop: threading.Event):
        self._relay = relay
        self._stop = stop
        self._last = 0.0
        self._label: str | None = None

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def __call__(self, done: int = 0, total: int | None = None, label: str | None = None) -> None:
        if self._stop.is_set():
            raise Cancelled()
        now = time.monotonic()
        # a new label (the next step) always gets through: the throttle is for counts
        if now - self._last >= 0.05 or (total is not None and done >= total) \
                or (label and label != self._label):
            self._last = now
            self._label = label or self._label
            self._relay.progress.emit(done, total, label)


class _Runner(QRunnable):
    def __init__(self, job: Callable[[], None]):
        super().__init__()
        self._job = job
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        self._job()


class BackgroundOp(Generic[T]):
    def __init__(self, parent: QWidget | None, op: Callable[[Progress], T],
                 success: Callable[[T], Any] | None = None):
        self.parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[BaseException], Any] | None = None
        self._on_cancel: Callable[[], Any] | None = None
        self._label: str | None = None
        self._cancellable = True
        self._stop = threading.Event()
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress, Qt.QueuedConnection)
        self._relay.done.connect(self._on_done, Qt.QueuedConnection)
        self._dialog: QProgressDialog | None = None
        self.finished = False
        self.outcome: str | None = None   # "success" | "failure" | "cancelled"

    # ---- building ----------------------------------------------------------------------

    def failure(self, fn: Callable[[BaseException], Any]) -> BackgroundOp[T]:
        self._failure = fn
        return self

    def cancelled(self, fn: Callable[[], Any]) -> BackgroundOp[T]:
        self._on_cancel = fn
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> BackgroundOp[T]:
        self._label = label
        self._cancellable = cancellable
        return self

    # ---- running -----------------------------------------------------------------------

    def run_in_background(self) -> BackgroundOp[T]:
        if self._label is not None:
            self._dialog = self._make_dialog()
        _RUNNING.add(self)
        progress = Progress(self._relay, self._stop)
        relay = self._relay

        def job() -> None:
            try:
                value = self._op(progress)
            except Cancelled:
                relay.done.emit("cancelled", None, "")
            except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI
                relay.done.emit("failure", exc, traceback.format_exc())
            else:
                relay.done.emit("success", value, "")

        QThreadPool.globalInstance().start(_Runner(job))
        return self

    def cancel(self) -> None:
        self._stop.set()
        if self._dialog is not None:
            self._dialog.setLabelText(QCoreApplication.translate("BackgroundOp", "正在取消，请稍候…"))

    def _make_dialog(self) -> QProgressDialog:
        d = QProgressDialog(self._label, QCoreApplication.translate("BackgroundOp", "取消") if self._cancellable else None, 0, 0, self.parent)
        d.setWindowTitle(QCoreApplication.translate("BackgroundOp", "请稍候"))
        d.setWindowModality(Qt.WindowModal)
        d.setAutoClose(False)
        d.setAutoReset(False)
        # Short jobs finish without a flash of dialog.
        d.setMinimumDuration(400)
        d.canceled.connect(self.cancel)
        return d

    @Slot(object, object, object)
    def _on_progress(self, done, total, label) -> None:
        d = self._dialog
        if d is None or self._stop.is_set():
            return
        if total:
            if d.maximum() != total:
                d.setMaximum(int(total))
            d.setValue(int(min(done, total)))
        if label:
            d.setLabelText(str(label))

    @Slot(object, object, object)
    def _on_done(self, kind: str, value, tb: str) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.finished = True
        self.outcome = kind
        _RUNNING.discard(self)
        if kind == "success":
            if self._success is not None:
                self._success(value)
        elif kind == "cancelled":
            if self._on_cancel is not None:
                self._on_cancel()
        else:
            if tb:
                value.__traceback_text__ = tb  # for the error dialog's details
            if self._failure is not None:
                self._failure(value)
            else:
                raise value


def running_ops() -> list[BackgroundOp]:
    return list(_RUNNING)


def wait_for_all(timeout_s: float = 30.0) -> bool:
    """Cancel nothing, just let ops in flight deliver (used when the window closes)."""
    deadline = time.monotonic() + timeout_s
    while _RUNNING and time.monotonic() < deadline:
        QThreadPool.globalInstance().waitForDone(50)
        QCoreApplication.processEvents()
    return not _RUNNING
