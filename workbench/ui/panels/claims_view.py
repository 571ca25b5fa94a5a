"""The claims table with its filter bar (search text and the rules' status)."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.domain.model import STATUSES
from workbench.core.domain.workflow import DECISION_KINDS

from ..columns import ensure_money_fits, fit_columns, install_column_menu
from ..labels import decision_label as ui_decision_label
from ..labels import status_label
from ..models.claims import ClaimTableModel
from ..models.rows import ClaimRow

__all__ = ["ClaimsPanel"]


class ClaimsPanel(QWidget):
    claimChosen = Signal(object)     # ClaimRow or None
    wholeBatchToggled = Signal(bool)

    def __init__(self, parent=None, decision_label=None):
        super().__init__(parent)
        self.heading = QLabel()
        f = self.heading.font()
        f.setBold(True)
        self.heading.setFont(f)
        # A long enterprise name must not hold the splitter open: the heading is cut, with a tooltip.
        self.heading.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选项目、条款、凭证编号…"))
        self.search.setClearButtonEnabled(True)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("全部结论"), None)
        for s in STATUSES:
            self.status_box.addItem(status_label(s), s)
        self.whole_batch = QCheckBox(self.tr("显示本批次全部事项"))
        self.pending_only = QCheckBox(self.tr("只看待决定"))
        self.pending_only.setToolTip(self.tr("只列出尚未作出审核决定的事项"))
        self.model = ClaimTableModel(self, decision_label=decision_label)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setTextElideMode(Qt.ElideRight)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # The project (and, for a whole batch, the enterprise) takes what the figures leave;
        # amounts and labels keep their widths.
        header.setSectionResizeMode(ClaimTableModel.COL_PROJECT, QHeaderView.Stretch)
        header.setSectionResizeMode(ClaimTableModel.COL_ENTERPRISE, QHeaderView.Stretch)
        M = ClaimTableModel
        install_column_menu(self.view, locked=(M.COL_PROJECT,), skip=(M.COL_ENTERPRISE,))
        amount = "0,000,000.00"
        fit_columns(self.view, {
            M.COL_ENTERPRISE: ["深圳市光明智能传感"], M.COL_LINE: ["000"], M.COL_CODE: ["00.0"],
            M.COL_REQUESTED: [amount], M.COL_COMPUTED: [amount], M.COL_SUGGESTED: [amount],
            M.COL_STATUS: [status_label(s) for s in STATUSES],
            M.COL_DECISION: [ui_decision_label(k) for k in DECISION_KINDS], M.COL_DECIDED: ["★ " + amount], M.COL_VOUCHER: ["GM-HT-2025-001"],
        })
        self.view.setColumnHidden(M.COL_ENTERPRISE, True)
        self.view.setColumnHidden(M.COL_VOUCHER, True)   # in the detail's inputs; shown from the header menu
        self.count = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_box)
        bar.addWidget(self.pending_only)
        bar.addWidget(self.whole_batch)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count)

        # Typing is debounced a little so that each keystroke does not rescan 100k rows.
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status_box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.whole_batch.toggled.connect(self.wholeBatchToggled)
        self.pending_only.toggled.connect(lambda _on: self.apply_filter())
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        # After a sort of a large batch the selected claim may be too far down to find: the
        # table then starts again at its first row.
        self.model.layoutChanged.connect(self._keep_a_current_row)

    def set_rows(self, rows: list[ClaimRow], heading: str, *, many_enterprises: bool = False) -> None:
        self.heading.setText(heading)
        self.heading.setToolTip(heading)
        self.view.setColumnHidden(ClaimTableModel.COL_ENTERPRISE, not many_enterprises)
        self.model.set_rows(rows)
        ensure_money_fits(self.view, ClaimTableModel.MONEY_COLUMNS, {ClaimTableModel.COL_DECIDED: "★ "})
        self._update_count()
        if self.model.rowCount():
            self.select_view_row(0)
        else:
            self.claimChosen.emit(None)

    def set_window(self, window, heading: str) -> None:
        """A whole batch too large to hold: the table reads it a page at a time from `window`
        (core.claim_window), which sorts and filters in the database."""
        self.heading.setText(heading)
        self.heading.setToolTip(heading)
        self.view.setColumnHidden(ClaimTableModel.COL_ENTERPRISE, False)
        self.model.set_window(window)
        s = self.status_box.currentData()
        self.model.set_claim_filter(self.search.text(), None if s is None else [s],
                                    self.pending_only.isChecked())
        self._update_count()
        if self.model.rowCount():
            self.select_view_row(0)
        else:
            self.claimChosen.emit(None)

    def use_search(self, window, search) -> None:
        """The background read of a large batch's filter data is done: filter with it, if the
        table still shows that batch."""
        if self.model.window() is window:
            window.use_search(search)
            self.apply_filter()

    def stop_pending(self) -> None:
        self._debounce.stop()

    def apply_filter(self) -> None:
        keep = self.current()
        s = self.status_box.currentData()
        self.model.set_claim_filter(self.search.text(), None if s is None else [s],
                                    self.pending_only.isChecked())
        self._update_count()
        if keep is None or not self.select(keep.key):
            if self.model.rowCount():
                self.select_view_row(0)
            else:
                self.claimChosen.emit(None)

    def current(self) -> ClaimRow | None:
        idx = self.view.selectionModel().currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def select(self, key) -> bool:
        v = self.model.view_row_of(key)
        if v is None:
            return False
        self.select_view_row(v)
        return True

    def select_view_row(self, v: int) -> None:
        idx = self.model.index(v, 0)
        self.view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.view.scrollTo(idx)

    def move(self, step: int) -> bool:
        """Next (+1) or previous (-1) claim in the order shown; False at the end."""
        idx = self.view.selectionModel().currentIndex()
        v = (idx.row() if idx.isValid() else -1) + step
        if 0 <= v < self.model.rowCount():
            self.select_view_row(v)
            return True
        return False

    def update_row(self, row: ClaimRow) -> None:
        self.model.update_row(row)

    def _keep_a_current_row(self) -> None:
        if not self.view.selectionModel().currentIndex().isValid() and self.model.rowCount():
            self.select_view_row(0)

    def _update_count(self) -> None:
        self.count.setText(self.tr("{shown} / {total} 项").format(
            shown=self.model.rowCount(), total=self.model.total_rows()))

    def _current_changed(self, current, _previous) -> None:
        self.claimChosen.emit(self.model.row_at(current.row()) if current.isValid() else None)
