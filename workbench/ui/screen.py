"""Sizes that fit the screen the window is on: a 1366×768 office laptop, a 1920×1080 monitor,
and 150 % scaling (where Qt reports fewer, larger logical pixels)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

__all__ = ["available", "fit_size", "resize_to_fit", "fit_window", "size_panes", "FRAME_ALLOWANCE"]

FIRST_SIZE = (1440, 860)   # on a large screen; a smaller one gets what it has room for

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



def fit_window(self: QWidget, first: bool) -> None:
    """First start: 1440×860 or the available screen, whichever is smaller, centred. A
    remembered size that no longer fits (a laptop after a large monitor) is shrunk."""
    area = available(self)
    wanted = QSize(*FIRST_SIZE) if first else self.size()
    size = fit_size(wanted, area)
    if first or size != self.size():
        self.resize(size)
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        top_left = frame.topLeft()
        self.move(max(top_left.x(), area.left()), max(top_left.y(), area.top()))


def size_panes(self, width: int) -> None:
    """First start: the list and the detail get a share each, the claims table the rest
    (1440 px: about 445 | 705 | 290; 1280 px: 395 | 630 | 255)."""
    detail = min(max(round(width * 0.2), 240), 480)
    apps = min(max(round(width * 0.31), 300), 520)
    # The enterprise name keeps about ten characters beside the figures (else “深…”).
    # Only from what the claims table can spare: its figures must still show whole.
    header = self.claims.view.horizontalHeader()
    claims_need = sum(header.sectionSize(c) for c in range(header.count())
                      if not header.isSectionHidden(c) and header.sectionResizeMode(c) != header.ResizeMode.Stretch)
    claims_need += 50 + self.claims.view.verticalScrollBar().sizeHint().width() + 8
    # The project column (which stretches) keeps at least its whole title (English is longer).
    from .columns import HEAD_PAD, text_width
    project = self.claims.model.headerData(self.claims.model.COL_PROJECT, Qt.Horizontal) or ""
    extra = max(text_width(header, project) + HEAD_PAD - 50, 0)
    need = self.apps.name_room(10)
    apps = max(apps, min(need, round(width * 0.42), width - detail - claims_need))
    spare = width - detail - claims_need - extra - apps
    if extra and spare < 0:
        # Room for the whole title from the detail pane first, then from the list down to
        # about eight characters of a name (nine, less the splitter handle and the frame).
        take = min(-spare, max(detail - 220, 0))
        detail, spare = detail - take, spare + take
        if spare < 0:
            apps = max(apps + spare, self.apps.name_room(9), 240)
    claims = max(width - apps - detail, 400)
    self.splitter_main.setSizes([apps, claims + detail])
    self.splitter_right.setSizes([claims, detail])
