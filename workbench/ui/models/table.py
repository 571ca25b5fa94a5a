"""A table model over a list of plain rows that sorts and filters inside itself.

QSortFilterProxyModel.sort calls Python data() millions of times from C++ (15–20 s on 100k
rows). Here a sort orders an index list by precomputed keys, between layoutAboutToBeChanged
and layoutChanged, and a filter is one pass over precomputed lower-case text. data() formats
only the cells the view paints. Subclasses declare their columns once, as `Column`s.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from workbench.core.domain.money import fmt, from_cents

# The invalid index Qt passes for "no parent" (a flat table has only the root).
_ROOT = QModelIndex()

__all__ = ["Column", "RowTableModel", "money_column", "wan_column", "MISSING_LOW", "MUTED",
           "max_amount_text", "yuan_text"]

MISSING_LOW = -(1 << 62)  # blank amounts sort before every real amount
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
MUTED = QColor("#8a8a8a")  # placeholder text in a cell ("按测算"), readable but not a value
_WAN = Decimal(1_000_000)  # cents in one 万元


@dataclass(frozen=True)
class Column:
    header: str
    display: Callable[[Any], Any]
    key: Callable[[Any], Any]
    right: bool = False
    color: Callable[[Any], QColor | None] | None = None
    # True: the cell's text as its tooltip (for elided columns); a callable: its own text.
    tooltip: bool | Callable[[Any], str | None] = False
    header_tip: str = ""
    money: str = ""   # the attribute holding cents, for columns that show an amount …
    amount_text: Callable[[int], str] | None = None   # … and how one amount is written


def yuan_text(cents: int) -> str:
    return fmt(from_cents(cents))


def money_column(header: str, attr: str, *, blank: str = "", blank_tip: str = "",
                 header_tip: str = "") -> Column:
    """An amount held in cents (int or None) on attribute `attr`, in yuan with separators.
    A blank amount shows `blank` (greyed, with `blank_tip` as its tooltip)."""
    def display(r, a=attr):
        cents = getattr(r, a)
        return blank if cents is None else fmt(from_cents(cents))

    def key(r, a=attr):
        cents = getattr(r, a)
        return MISSING_LOW if cents is None else cents

    color = (lambda r, a=attr: MUTED if getattr(r, a) is None else None) if blank else None
    tooltip = (lambda r, a=attr: blank_tip if getattr(r, a) is None else None) if blank_tip else False
    return Column(header, display, key, right=True, color=color, tooltip=tooltip,
                  header_tip=header_tip, money=attr, amount_text=yuan_text)


def wan_column(header: str, attr: str, *, header_tip: str = "") -> Column:
    """An amount held in cents shown in 万元 with two decimals (rounded half-up, as on the
    public notice), for narrow summary lists; the exact yuan amount is the tooltip."""
    def display(r, a=attr):
        cents = getattr(r, a)
        return "" if cents is None else fmt(Decimal(cents) / _WAN)

    def key(r, a=attr):
        cents = getattr(r, a)
        return MISSING_LOW if cents is None else cents

    def tooltip(r, a=attr):
        cents = getattr(r, a)
        return None if cents is None else f"{fmt(from_cents(cents))} 元"

    return Column(header, display, key, right=True, tooltip=tooltip, header_tip=header_tip,
                  money=attr, amount_text=lambda cents: fmt(Decimal(cents) / _WAN))


def max_amount_text(model: RowTableModel, column: int) -> str:
    """The widest text an amount column shows for the model's rows (the largest amount), so
    that a view can make the column wide enough never to elide money. One pass over ints."""
    col = model.columns[column]
    if not col.money or col.amount_text is None or model.window() is not None:
        return ""
    attr = col.money
    # Rows not read yet (a long list's bare ids) have no amount to measure.
    top = max((v for r in model.measured_rows() if (v := getattr(r, attr, None)) is not None), default=None)
    return "" if top is None else col.amount_text(top)


class RowTableModel(QAbstractTableModel):
    ROW_ROLE = Qt.UserRole + 1    # the row object
    KEY_ROLE = Qt.UserRole + 2    # its key (row_key(row))
    SORT_ROLE = Qt.UserRole + 3   # the column's sort key

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list = []
        self._order: list[int] = []   # every row, in the current sort order
        self._view: list[int] = []    # rows passing the filter, in sort order
        self._search: list[str] | None = None
        self._keys: dict[int, list] = {}
        self._pos: dict | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._text = ""
        self._predicate: Callable[[Any], bool] | None = None
        self._window = None           # a database window (paged) instead of rows in memory
        self._pages: dict[int, list] = {}

    # A table over a very large list (a batch of a million claims) reads a page at a time from
    # a window onto the database (core.claim_window), which orders and filters; only the pages
    # painted are rows in memory. The column's name for the window is `window_orders`.
    PAGE = 200
    KEPT_PAGES = 64
    # A row is found by its key (after a sort or filter, or to select it) only this far down a
    # window: the database counts the rows before it. Further down it reads as not shown.
    PLACE_LIMIT = 50_000
    window_orders: dict[int, str] = {}
    key_field: int | None = None   # where row_key(row) is row[key_field], if it is

    # ---- what subclasses may override ---------------------------------------------------

    def row_key(self, row) -> Any:
        return row[0]

    def search_text(self, row) -> str:
        return "\x1f".join(str(c.display(row)) for c in self.columns)

    def search_texts(self, rows: list) -> list[str]:
        """All rows' search text at once; subclasses may build it faster than row by row."""
        return [self.search_text(r) for r in rows]

    # ---- content -----------------------------------------------------------------------

    def set_rows(self, rows: Iterable) -> None:
        self.beginResetModel()
        self._window = None
        self._pages.clear()
        self._rows = rows if isinstance(rows, list) else list(rows)
        self._search = None
        self._keys.clear()
        self._pos = None
        self._order = list(range(len(self._rows)))
        if self._sort is not None:
            self._order.sort(key=self._key_list(self._sort[0]).__getitem__,
                             reverse=self._sort[1] == Qt.DescendingOrder)
        self._view = self._filtered()
        self.endResetModel()

    def set_window(self, window) -> None:
        """Show what `window` reads (count, page, position, set_order, set_filter), in this
        model's current sort order."""
        self.beginResetModel()
        self._rows, self._order, self._view, self._search = [], [], [], None
        self._keys.clear()
        self._pos = None
        self._pages.clear()
        self._window = window
        if self._sort is not None:
            window.set_order(self.window_orders.get(self._sort[0]), self._sort[1] == Qt.DescendingOrder)
        self.endResetModel()

    def window(self):
        return self._window

    def total_rows(self) -> int:
        """Every row, shown or filtered out."""
        return self._window.total() if self._window is not None else len(self._rows)

    def rows(self) -> list:
        """Every row in memory: all of them, or for a window the pages read so far."""
        if self._window is not None:
            return [r for p in self._pages.values() for r in p]
        return self._rows

    def measured_rows(self) -> list:
        """The rows whose amounts decide a column's width: those read so far."""
        return self.rows()

    def row_at(self, view_row: int):
        if self._window is not None:
            return self._window_row(view_row)
        return self._rows[self._view[view_row]]

    def visible_rows(self) -> list:
        if self._window is not None:
            return [self._window_row(v) for v in range(self.rowCount())]
        return [self._rows[i] for i in self._view]

    def _window_row(self, view_row: int):
        page, at = divmod(view_row, self.PAGE)
        rows = self._pages.get(page)
        if rows is None:
            if len(self._pages) >= self.KEPT_PAGES:
                self._pages.pop(next(iter(self._pages)))
            rows = self._pages[page] = self._window.page(page * self.PAGE, self.PAGE)
        else:   # most recently used last, so that the oldest page goes first
            self._pages[page] = self._pages.pop(page)
        return rows[at] if at < len(rows) else None

    def view_row_of(self, key) -> int | None:
        """Where the row with this key is shown now, or None if absent or filtered out."""
        if self._window is not None:
            for page, rows in self._pages.items():
                for at, r in enumerate(rows):
                    if self.row_key(r) == key:
                        return page * self.PAGE + at
            return self._window.position(key, self.PLACE_LIMIT)
        i = self._index_of(key)
        if i is None:
            return None
        try:
            return self._view.index(i)
        except ValueError:
            return None

    def update_row(self, row) -> None:
        """Replace one row (after a decision) without resetting the view or the selection."""
        if self._window is not None:
            key = self.row_key(row)
            for page, rows in self._pages.items():
                for at, r in enumerate(rows):
                    if self.row_key(r) == key:
                        rows[at] = row
                        v = page * self.PAGE + at
                        self.dataChanged.emit(self.index(v, 0), self.index(v, self.columnCount() - 1))
                        return
            return
        i = self._index_of(self.row_key(row))
        if i is None:
            return
        self._rows[i] = row
        self._keys.clear()  # an amount may have changed a sort key
        if self._search is not None:
            self._search[i] = self.search_text(row).lower()
        try:
            v = self._view.index(i)
        except ValueError:
            return
        self.dataChanged.emit(self.index(v, 0), self.index(v, self.columnCount() - 1))

    def _index_of(self, key) -> int | None:
        if self._pos is None:
            if self.key_field is not None:   # 100,000 rows: no method call per row
                k = self.key_field
                self._pos = {r[k]: i for i, r in enumerate(self._rows)}
            else:
                self._pos = {self.row_key(r): i for i, r in enumerate(self._rows)}
        return self._pos.get(key)

    # ---- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent=_ROOT) -> int:
        if parent.isValid():
            return 0
        return self._window.count() if self._window is not None else len(self._view)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal:
            if role == Qt.DisplayRole:
                return self.columns[section].header
            if role == Qt.TextAlignmentRole and self.columns[section].right:
                return _RIGHT
            if role == Qt.ToolTipRole:
                return self.columns[section].header_tip or None
        elif role == Qt.DisplayRole:
            return section + 1
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:   # the database changed under a window: the row is gone
            return None
        col = self.columns[index.column()]
        if role == Qt.DisplayRole:
            return col.display(row)
        if role == Qt.TextAlignmentRole:
            return _RIGHT if col.right else None
        if role == Qt.ForegroundRole:
            return col.color(row) if col.color else None
        if role == Qt.ToolTipRole:
            tip = col.tooltip
            if not tip:
                return None
            return tip(row) if callable(tip) else (str(col.display(row)) or None)
        if role == self.ROW_ROLE:
            return row
        if role == self.KEY_ROLE:
            return self.row_key(row)
        if role == self.SORT_ROLE:
            return col.key(row)
        return None

    # ---- sorting -----------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        before, self._sort = self._sort, (column, order)
        if self._window is not None and before == self._sort:
            return   # the view asks again for the sort it just set: the window is already in it
        if self._window is not None:
            self._sort_window(column, order, reverses=before is not None and before[0] == column
                              and before[1] != order)
            return
        self.layoutAboutToBeChanged.emit()
        kept = [(p, self._view[p.row()], p.column()) for p in self.persistentIndexList()
                if p.isValid() and p.row() < len(self._view)]
        self._order.sort(key=self._key_list(column).__getitem__, reverse=order == Qt.DescendingOrder)
        self._view = self._filtered()
        if kept:
            where = {i: v for v, i in enumerate(self._view)}
            self.changePersistentIndexList(
                [p for p, _, _ in kept],
                [self.index(where[i], c) if i in where else QModelIndex() for _, i, c in kept])
        self.layoutChanged.emit()

    def _sort_window(self, column: int, order: Qt.SortOrder, reverses: bool = False) -> None:
        self.layoutAboutToBeChanged.emit()
        if reverses:
            # The window's descending order is its ascending one reversed, every term and tie:
            # each row's new place follows without asking the database.
            n = self.rowCount()
            self._window.set_order(self.window_orders.get(column), order == Qt.DescendingOrder)
            self._pages.clear()
            kept = [p for p in self.persistentIndexList() if p.isValid()]
            self.changePersistentIndexList(kept, [self.index(n - 1 - p.row(), p.column()) for p in kept])
            self.layoutChanged.emit()
            return
        kept = []   # (persistent index, key of its row, column)
        for p in self.persistentIndexList():
            row = self.row_at(p.row()) if p.isValid() and p.row() < self.rowCount() else None
            kept.append((p, None if row is None else self.row_key(row), p.column()))
        self._window.set_order(self.window_orders.get(column), order == Qt.DescendingOrder)
        self._pages.clear()
        if kept:
            # The selected row stays selected: the window says where it went.
            where = {k: self._window.position(k, self.PLACE_LIMIT)
                     for k in {k for _, k, _ in kept if k is not None}}
            self.changePersistentIndexList(
                [p for p, _, _ in kept],
                [QModelIndex() if where.get(k) is None else self.index(where[k], c) for _, k, c in kept])
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def _key_list(self, column: int) -> list:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = list(map(self.columns[column].key, self._rows))
        return keys

    # ---- filtering ---------------------------------------------------------------------

    def set_filter(self, text: str | None = None, predicate: Callable[[Any], bool] | None = None) -> None:
        """Show rows whose text contains `text` (any case) and for which `predicate` holds."""
        text = (text or "").strip()
        # Typing one more character only narrows what is shown: scan the shown rows only.
        if self._window is not None:
            raise TypeError("a window filters through its own set_filter")
        narrowing = (predicate is self._predicate and self._text and text.startswith(self._text)
                     and text != self._text)
        self.beginResetModel()
        self._text = text
        self._predicate = predicate
        self._view = self._filtered(self._view if narrowing else None)
        self.endResetModel()

    def _filtered(self, within: list[int] | None = None) -> list[int]:
        view = self._order if within is None else within
        if self._text:
            if self._search is None:
                # Lower-cased once, so that every later filter is a plain substring test
                # (a case-blind regex over 100k rows costs several times more per keystroke).
                self._search = [t.lower() for t in self.search_texts(self._rows)]
            search, needle = self._search, self._text.lower()
            view = [i for i in view if needle in search[i]]
        if self._predicate is not None and within is None:
            rows, ok = self._rows, self._predicate
            view = [i for i in view if ok(rows[i])]
        return list(view) if view is self._order else view
