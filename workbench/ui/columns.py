"""Column widths from font metrics, not from the rows: a table of 100,000 claims must not
measure its cells (QHeaderView.ResizeToContents asks the model for every role of a thousand
rows on each layout). Sample texts ("0,000,000.00", the longest label) give the widths; money
columns only ever grow, so that an amount is never elided."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from .models.table import RowTableModel, max_amount_text

__all__ = ["text_width", "fit_columns", "ensure_money_fits", "install_column_menu", "CELL_PAD",
           "HEAD_PAD"]

CELL_PAD = 10   # the item's margins and the grid line
HEAD_PAD = 12   # the header section's margins (styles that draw the sort arrow beside the text
                # elide a narrow header while it is the sort column; Windows draws it above)


def text_width(widget, text: str) -> int:
    fm = widget.fontMetrics()
    return max((fm.horizontalAdvance(line) for line in str(text).split("\n")), default=0)


def _header_width(view: QTableView, column: int) -> int:
    text = view.model().headerData(column, Qt.Horizontal, Qt.DisplayRole) or ""
    return text_width(view.horizontalHeader(), text) + HEAD_PAD


def fit_columns(view: QTableView, samples: dict[int, Iterable[str]]) -> None:
    """Each column as wide as its header or its widest sample text, whichever is wider."""
    for column, texts in samples.items():
        widest = max((text_width(view, t) for t in texts), default=0) + CELL_PAD
        view.setColumnWidth(column, max(widest, _header_width(view, column)))


def ensure_money_fits(view: QTableView, columns: Iterable[int], extra: dict[int, str] | None = None) -> None:
    """Widen (never narrow) amount columns so that the largest amount of the rows shows whole;
    `extra` adds a marker's width (such as "★ ") to a column."""
    model: RowTableModel = view.model()
    header = view.horizontalHeader()
    for column in columns:
        if header.sectionResizeMode(column) != QHeaderView.Interactive:
            continue
        text = max_amount_text(model, column)
        if not text:
            continue
        need = text_width(view, text + (extra or {}).get(column, "")) + CELL_PAD
        if view.columnWidth(column) < need:
            view.setColumnWidth(column, need)


def install_column_menu(view: QTableView, *, locked: Iterable[int] = (), skip: Iterable[int] = ()) -> None:
    """A right-click menu on the header to show or hide columns. `locked` columns stay shown;
    `skip` columns are managed elsewhere (not in the menu)."""
    locked, skip = frozenset(locked), frozenset(skip)
    header = view.horizontalHeader()

    def popup(pos) -> None:
        menu = QMenu(view)
        model = view.model()
        for col in range(model.columnCount()):
            if col in skip:
                continue
            text = str(model.headerData(col, Qt.Horizontal, Qt.DisplayRole)).replace("\n", "")
            a = menu.addAction(text)
            a.setCheckable(True)
            a.setChecked(not view.isColumnHidden(col))
            a.setEnabled(col not in locked)
            a.toggled.connect(lambda on, c=col: view.setColumnHidden(c, not on))
        menu.popup(header.mapToGlobal(pos))
        view.column_menu = menu   # kept alive while shown; tests reach it here

    header.setContextMenuPolicy(Qt.CustomContextMenu)
    header.customContextMenuRequested.connect(popup)
