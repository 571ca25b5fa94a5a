"""Sizes that fit the screen the window is on: a 1366×768 office laptop, a 1920×1080 monitor,
and 150 % scaling (where Qt reports fewer, larger logical pixels)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["available", "fit_size", "resize_to_fit", "FRAME_ALLOWANCE"]

# Title bar and borders the window manager adds outside the client area (logical px).
FRAME_ALLOWANCE = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    screen = None
    if widget is not None:
        screen = widget.screen()
        parent = widget.parentWidget()
        # QWidget.window() called unbound: some dialogs keep their main window as `.window`.
        top = QWidget.window(parent) if parent is not None else None
        if top is not None and top.isVisible():
            screen = top.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_size(wanted: QSize, area: QRect, share: float = 1.0) -> QSize:
    """`wanted`, shrunk to `share` of the area left once the frame is allowed for."""
    room_w = int((area.width() - FRAME_ALLOWANCE.width()) * share)
    room_h = int((area.height() - FRAME_ALLOWANCE.height()) * share)
    return QSize(max(min(wanted.width(), room_w), 200), max(min(wanted.height(), room_h), 150))


def resize_to_fit(widget: QWidget, width: int, height: int, share: float = 0.92) -> QSize:
    """Resize a dialog to (width, height) or what the screen allows, centred on its parent's
    screen."""
    area = available(widget)
    size = fit_size(QSize(width, height), area, share)
    widget.resize(size)
    return size
