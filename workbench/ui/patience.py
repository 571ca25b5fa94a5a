"""Opening the store before the window, off the UI thread: the first start of a new version
upgrades an existing store (a backup first, then new indexes: about a minute for a million
ledger rows), and a window that shows nothing meanwhile looks hung and gets closed. The store
is opened (and so upgraded) in a worker thread; after half a second without an answer a
message says what is going on. Quick opens show nothing. The same holds for a store on the
office's server, whose upgrade runs when it is first opened after the password."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

__all__ = ["open_patiently", "patiently", "QUIET_S"]

QUIET_S = 0.5   # an open quicker than this shows no message


def _text(text: str) -> str:
    return QApplication.translate("Patience", text)


def open_patiently(path: str | Path) -> BaseException | None:
    """Open (and, if the version asks, upgrade) an existing store file; the error, if any."""
    from workbench.core.store.database import Store

    if not isinstance(path, Path) or not path.is_file():
        return None   # nothing to upgrade: a new store is made when the window opens it
    return patiently(lambda: Store.open(path).close(), _text(
        "正在打开数据库 {path}…\n首次使用新版本时会先备份、再升级数据库；"
        "数据较多时需要几分钟，请勿关闭程序。").format(path=path))


def patiently(work: Callable[[], object], message: str) -> BaseException | None:
    """Run `work` in a worker thread while the UI thread keeps answering, with `message` in a
    box that cannot be cancelled once it takes longer than QUIET_S; what it raised, if anything."""
    done = threading.Event()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - said by the caller
            failed.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=run, name="open-store", daemon=True)
    worker.start()
    if not done.wait(QUIET_S):
        dlg = QProgressDialog(message, "", 0, 0)
        dlg.setObjectName("opening_store")
        dlg.setWindowTitle(_text("正在打开数据库"))
        dlg.setCancelButton(None)        # an upgrade half done is rolled back, never left
        dlg.setWindowModality(Qt.ApplicationModal)
        dlg.setMinimumDuration(0)
        dlg.show()
        while not done.wait(0.05):
            QApplication.processEvents()
        dlg.close()
        dlg.deleteLater()
    worker.join()
    return failed[0] if failed else None
