"""Left side: batch, search and the applications of the batch with their totals."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.domain.workflow import STAGE_LABELS

from ..columns import ensure_money_fits, fit_columns, install_column_menu
from ..models.applications import ApplicationTableModel
from ..models.rows import AppRow

__all__ = ["ApplicationListPanel", "ALL_BATCHES"]

ALL_BATCHES = None


class ApplicationListPanel(QWidget):
    batchChosen = Signal(object)        # batch name, or None for all
    applicationChosen = Signal(object)  # AppRow or None

    def __init__(self, parent=None, stage_label=None):
        super().__init__(parent)
        self.batch_box = QComboBox()
        self.batch_box.setMinimumContentsLength(12)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索单位、信用代码、年度…"))
        self.search.setClearButtonEnabled(True)
        self.model = ApplicationTableModel(self, stage_label=stage_label)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        # Several applications can be chosen (Ctrl/Shift+click) for 完成初审 / 复核通过 / 退回.
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ApplicationTableModel.COL_NAME, Qt.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setTextElideMode(Qt.ElideRight)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # The name takes what the figures leave (elided, full name in the tooltip).
        header.setSectionResizeMode(ApplicationTableModel.COL_NAME, QHeaderView.Stretch)
        M = ApplicationTableModel
        fit_columns(self.view, {
            M.COL_STAGE: [self.model.stage_label(st) for st in STAGE_LABELS],
            M.COL_UNDECIDED: ["000"], M.COL_CLAIMS: ["000"],
            # Up to 999.99 万元 at first; a larger total widens its column (ensure_money_fits).
            M.COL_REQUESTED: ["000.00"], M.COL_SUGGESTED: ["000.00"], M.COL_DECIDED: ["000.00"],
            M.COL_YEAR: ["0000"], M.COL_CODE: ["91440300MA5G00101JW"], M.COL_BATCH: ["2025年第一批"],
        })
        # Year, credit code and batch are in the name's tooltip and the claims heading.
        for col in (M.COL_YEAR, M.COL_CODE, M.COL_BATCH):
            self.view.setColumnHidden(col, True)
        install_column_menu(self.view, locked=(M.COL_NAME,))
        self.count = QLabel()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("批次")))
        top.addWidget(self.batch_box, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)

        self.search.textChanged.connect(self._filter)
        # Totals read while painting may be wider than the column: widen it after the paint.
        self.model.totalsFilled.connect(
            lambda: ensure_money_fits(self.view, ApplicationTableModel.MONEY_COLUMNS), Qt.QueuedConnection)
        self.batch_box.activated.connect(lambda _i: self.batchChosen.emit(self.batch_box.currentData()))
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def set_batches(self, batches: list[str], current: str | None) -> None:
        self.batch_box.blockSignals(True)
        self.batch_box.clear()
        self.batch_box.addItem(self.tr("全部批次"), ALL_BATCHES)
        for b in batches:
            self.batch_box.addItem(b or self.tr("（未分批次）"), b)
        i = self.batch_box.findData(current) if current is not None else 0
        self.batch_box.setCurrentIndex(max(i, 0))
        self.batch_box.blockSignals(False)

    def current_batch(self) -> str | None:
        return self.batch_box.currentData()

    def set_rows(self, rows: list[AppRow], keep=None) -> None:
        self.model.set_rows(rows)
        ensure_money_fits(self.view, ApplicationTableModel.MONEY_COLUMNS)
        self._update_count()
        if keep is not None:
            self.select(keep)

    def update_row(self, row: AppRow) -> None:
        self.model.update_row(row)
        ensure_money_fits(self.view, ApplicationTableModel.MONEY_COLUMNS)

    def select(self, app_id) -> bool:
        v = self.model.view_row_of(app_id)
        if v is None:
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(v, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.view.scrollTo(self.model.index(v, 0))
        return True

    def current(self) -> AppRow | None:
        idx = self.view.selectionModel().currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def name_room(self, chars: int) -> int:
        """Width the list needs so that the name column shows `chars` characters."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != ApplicationTableModel.COL_NAME and not self.view.isColumnHidden(c))
        name = self.view.fontMetrics().horizontalAdvance("深" * chars) + 12
        return others + name + self.view.verticalScrollBar().sizeHint().width() + 6

    def selected(self) -> list[AppRow]:
        """The chosen applications in the order shown; the current one when none is marked."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        chosen = [self.model.row_at(r) for r in rows]
        if not chosen and self.current() is not None:
            chosen = [self.current()]
        return chosen

    def select_next(self) -> bool:
        """The application below the current one (for N at the last claim); False at the end."""
        idx = self.view.selectionModel().currentIndex()
        v = idx.row() + 1 if idx.isValid() else 0
        if v >= self.model.rowCount():
            return False
        self.select(self.model.row_at(v).id)
        return True

    def _filter(self, text: str) -> None:
        keep = self.current()
        self.model.set_filter(text)
        self._update_count()
        if keep is not None:
            self.select(keep.id)

    def _update_count(self) -> None:
        self.count.setText(self.tr("{shown} / {total} 份申报").format(
            shown=self.model.rowCount(), total=self.model.total_rows()))

    def _current_changed(self, current, _previous) -> None:
        self.applicationChosen.emit(self.model.row_at(current.row()) if current.isValid() else None)
