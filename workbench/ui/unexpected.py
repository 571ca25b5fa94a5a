"""What the person sees when a step fails in a way no dialog of its own expected (a database
the server dropped mid-step, a store locked by another program past the wait, a disk error):
the step's error in a message box, in Chinese where the cause is known, instead of a traceback
on a console nobody reads while the window seems to have ignored the click.
"""
from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["explain", "install", "uninstall"]

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_previous: list[Hook] = []


def _text(text: str) -> str:
    return QApplication.translate("Unexpected", text)


def explain(exc: BaseException) -> str:
    """The error in words a reviewer can act on; the core's Chinese messages as they are."""
    message = str(exc).strip() or type(exc).__name__
    low = message.lower()
    # The engines' own words (the store's BEGIN already words a busy store as StoreBusy; these
    # come from a later statement): matched by text, the UI knows no database driver.
    if "database is locked" in low:
        return _text("数据库正被另一处写入（另一位审核人员或另一个程序），等待超时：这一步没有保存，请稍后再试。")
    if "disk i/o error" in low or "database or disk is full" in low:
        return _text("读写数据库文件出错（磁盘已满或无法访问）：这一步没有保存。") + f"\n（{message}）"
    if isinstance(exc, OSError):
        return _text("读写文件出错：{error}").format(error=message)
    return message


def _hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    traceback.print_exception(kind, exc, tb)   # the record for whoever supports the PC
    if issubclass(kind, (KeyboardInterrupt, SystemExit)):
        return
    QMessageBox.critical(QApplication.activeWindow(), _text("操作未完成"), explain(exc))


def install() -> None:
    _previous.append(sys.excepthook)
    sys.excepthook = _hook


def uninstall() -> None:
    if _previous:
        sys.excepthook = _previous.pop()
