"""Helpers that answer the window's modal dialogs as a person does: typing and pressing keys.

A modal dialog runs its own event loop; a timer set before the action fires inside that loop,
finds the dialog and fills it. Nothing here calls a slot of the window.
"""
from __future__ import annotations

import traceback

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QLineEdit, QMessageBox

__all__ = ["when_modal", "type_text", "pick", "answer_text", "answer_file", "press_ok", "press_button",
           "close_modals"]


class _Seen(list):
    """The dialogs a helper filled; falsy (so `assert seen` fails) when a fill raised."""

    def __init__(self):
        super().__init__()
        self.errors: list[BaseException] = []

    def __bool__(self) -> bool:
        return bool(len(self)) and not self.errors


def when_modal(fill, kind=QDialog, *, times: int = 1, poll_ms: int = 20, limit_ms: int = 20000) -> list:
    """When a modal `kind` appears, call fill(dialog); `times` dialogs in turn. Returns the
    dialogs seen (a test asserts on it, so a dialog that never came fails the test)."""
    seen = _Seen()
    waited = [0, 0]   # ms polled; tries to bring the dialog to the front

    def poll():
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w not in seen and w.isVisible():
            if QApplication.activeWindow() is not w and waited[1] < 25:
                # A person's keys go to the dialog in front; offscreen, Qt activates it late.
                waited[1] += 1
                w.activateWindow()
                QTimer.singleShot(poll_ms, poll)
                return
            waited[1] = 0
            seen.append(w)
            try:
                fill(w)
            except BaseException as exc:   # noqa: BLE001 - a failed fill must not leave it open
                traceback.print_exc()
                seen.errors.append(exc)
                w.reject()
        if len(seen) < times and waited[0] < limit_ms:
            waited[0] += poll_ms
            QTimer.singleShot(poll_ms, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_text(widget, text: str, *, clear: bool = True) -> None:
    widget.setFocus()
    if clear:
        QTest.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
        QTest.keyClick(widget, Qt.Key_Delete)
    # Latin letters and digits as key presses; Chinese as an input method commits it (QTest
    # can only press keys that have a Latin character).
    run = ""
    for ch in text + "\0":
        if ch != "\0" and ord(ch) >= 128:
            run += ch
            continue
        if run:
            ev = QInputMethodEvent()
            ev.setCommitString(run)
            QApplication.sendEvent(widget, ev)
            run = ""
        if ch != "\0":
            QTest.keyClicks(widget, ch)


def pick(combo, text: str) -> None:
    """Open a drop-down, move to the entry that reads `text`, press Enter (as with the keys)."""
    i = combo.findText(text)
    assert i >= 0, f"{text} not in {[combo.itemText(j) for j in range(combo.count())]}"
    combo.setFocus()
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(i, combo.modelColumn()))
    QTest.keyClick(view, Qt.Key_Return)
    assert not view.isVisible() and combo.currentIndex() == i


def answer_text(text: str, **kw) -> list:
    """Type `text` into a QInputDialog and press Enter."""
    def fill(d):
        edit = d.findChild(QLineEdit)
        type_text(edit, text)
        QTest.keyClick(edit, Qt.Key_Return)
    return when_modal(fill, QInputDialog, **kw)


def answer_file(path, **kw) -> list:
    """Type a path into a file dialog's name field and press Enter."""
    def fill(d):
        d.setOption(QFileDialog.DontConfirmOverwrite, True)
        edit = d.findChild(QLineEdit, "fileNameEdit")
        # Pasted (typing key by key lets the completer navigate folders as it goes); the
        # dialog's own button accepts, as Enter would pick the completer's suggestion.
        edit.setFocus()
        edit.setText(str(path))
        box = d.findChild(QDialogButtonBox)
        button = box.button(QDialogButtonBox.Save if d.acceptMode() == QFileDialog.AcceptSave
                            else QDialogButtonBox.Open)
        button.click()
        if d.isVisible():   # a folder: Open enters it, and a second press chooses it
            button.click()
    return when_modal(fill, QFileDialog, **kw)


def press_ok(kind=QDialog, **kw) -> list:
    return when_modal(lambda d: QTest.keyClick(d, Qt.Key_Return), kind, **kw)


def press_button(role_text: str, **kw) -> list:
    """In a message box, click the button whose text contains `role_text` (确定/是/取消)."""
    def fill(box):
        for b in box.buttons():
            if role_text in b.text().replace("&", ""):
                b.click()
                return
        raise AssertionError(f"no button {role_text} in {[b.text() for b in box.buttons()]}")
    return when_modal(fill, QMessageBox, **kw)


def close_modals(poll_ms: int = 30):
    """Reject every modal dialog that opens until stop() is called; returns (stop, seen)."""
    seen: list = []
    running = [True]

    def poll():
        if not running[0]:
            return
        w = QApplication.activeModalWidget()
        if w is not None:
            seen.append(w.windowTitle())
            if isinstance(w, QDialog):
                w.reject()
            else:
                w.close()
        QTimer.singleShot(poll_ms, poll)

    QTimer.singleShot(0, poll)

    def stop():
        running[0] = False
    return stop, seen
