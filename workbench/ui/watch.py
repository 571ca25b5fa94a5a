"""The window notices what others changed in the store (office mode: other reviewers at their
PCs; a file store: the command line beside the window) and reads those rows again.

Every few seconds the audit log's head is asked for (core.store.watch). On a server this runs
off the UI thread, on a connection of the watch's own (a slow network never freezes the
window); a file store answers at once on the window's own connection. When the head moved, the
claims and applications its new entries name are read again, the reviewer's selection kept; a
change to the lists themselves (an import, a finalize) re-reads them, keeping batch,
application and claim.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.core.store import watch
from workbench.core.store.database import Store

from .tasks import BackgroundOp

__all__ = ["StoreWatch"]


class StoreWatch(QObject):
    refreshed = Signal(object)   # the core's Changes that were shown (tests, the status bar)

    INTERVAL_MS = 10_000

    def __init__(self, window, interval_ms: int | None = None):
        super().__init__(window)
        self.window = window
        self.seen = watch.head(window.workspace.store)
        self._own: Store | None = None      # the watch's connection to a server
        self._op: BackgroundOp | None = None
        self.lost = False                   # the last look at the server failed
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms or self.INTERVAL_MS)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def look(self) -> None:
        """One look at the log's head (the timer's)."""
        from PySide6.QtWidgets import QApplication
        if QApplication.activeModalWidget() is not None:
            return   # never re-read the lists under a question the reviewer is answering
        ws = self.window.workspace
        if not ws.on_server:
            self._show(watch.changes_since(ws.store, self.seen))
            return
        if self._op is not None and not self._op.finished:
            return   # the last look is still on its way
        since, path = self.seen, ws.path

        def op(_progress):
            if self._own is None:
                self._own = Store.open_existing(path)
            return watch.changes_since(self._own, since)

        self._op = BackgroundOp(self.window, op, self._show).failure(self._failed).run_in_background()

    def stop(self) -> None:
        self.timer.stop()
        if self._op is not None and not self._op.finished:
            self._op.cancel()
        if self._own is not None and (self._op is None or self._op.finished):
            self._own.close()
            self._own = None

    def _failed(self, exc: BaseException) -> None:
        if not self.timer.isActive():
            self.stop()
            return
        if self._own is not None:
            self._own.close()   # a new connection at the next look
            self._own = None
        if not self.lost:
            self.lost = True
            self.window.statusBar().showMessage(self.tr(
                "与数据库服务器的连接中断，稍后自动重试：{error}").format(error=exc), 15000)

    def _show(self, changes: watch.Changes) -> None:
        if not self.timer.isActive():
            self.stop()   # the window is closing: let the watch's connection go
            return
        self.lost = False
        if changes.head == self.seen:
            return
        self.seen = changes.head
        if changes.everything:
            reload_keeping(self.window)
        elif changes.any:
            refresh_rows(self.window, changes.claims, changes.applications)
        self.refreshed.emit(changes)


def refresh_rows(w, claims, applications) -> None:
    """The claims and applications named, read again where the window shows them."""
    for claim_id in sorted(claims):
        w._claim_changed(claim_id)   # the claim's line and its application's
    for app_id in applications:
        row = w.workspace.application_row(app_id)
        if row is not None:
            w.apps.update_row(row)
    current = w.claims.current()
    if current is not None and current.key in claims:
        w._claim_chosen(w.workspace.claim_row(current.key))   # the detail panel too


def reload_keeping(w) -> None:
    """Batches, applications and claims read again; batch, application and claim kept."""
    claim = w.claims.current()
    w.reload()
    w._application_chosen(w.apps.current())
    if claim is not None:
        w.claims.select(claim.key)
