"""The award ledger (资助台账) of one enterprise: its awards by year and article, and what is
left under each cap for a chosen year (core.listing.award_lines / headroom: the core counts,
this shows). Importing a ledger workbook runs core.awards.import_ledger in the background; a
refused file is reported by cell, an accepted one with what changed for open applications.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.domain.money import fmt, from_cents
from workbench.core.store import listing
from workbench.core.store.database import Store

from ..columns import fit_columns
from ..import_flow import ImportReport
from ..labels import status_color
from ..models.table import Column, RowTableModel
from ..tasks import BackgroundOp

__all__ = ["LedgerDialog", "EnterpriseModel", "import_ledger_op"]

_ENTRY_LABELS = {"import": "导入", "award": "审定", "reversal": "冲销", "correction": "更正"}


class EnterpriseModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("单位"), lambda e: e.name, lambda e: e.name, tooltip=True),
            Column(self.tr("台账记录"), lambda e: e.awards, lambda e: e.awards, right=True),
            Column(self.tr("累计资助"), lambda e: fmt(from_cents(e.total)), lambda e: e.total, right=True),
            Column(self.tr("统一社会信用代码"), lambda e: e.credit_code, lambda e: e.credit_code),
        ], parent)

    def row_key(self, e):
        return e.credit_code


def import_ledger_op(path: Path, ledger: Path, actor: str, rules, progress):
    """For a BackgroundOp: the whole file is checked first; nothing is written if any cell is
    wrong (core.awards.import_ledger), on the worker's own Store."""
    from workbench.core.review.awards import import_ledger

    progress(0, 0, ledger.name)
    with Store.open(path) as store:
        return import_ledger(store, ledger, actor, rules=rules,
                             progress=lambda n: progress(n, 0, f"{ledger.name}：已读 {n} 行"))


class LedgerDialog(QDialog):
    imported = Signal(object)   # (LedgerReport, RecomputeReport)

    def __init__(self, window, credit_code: str | None = None, year: int | None = None):
        super().__init__(window)
        self.window = window
        self.store = window.workspace.store
        self.rules = window.rules
        self.setWindowTitle(self.tr("资助台账"))
        from ..screen import resize_to_fit
        resize_to_fit(self, 1200, 720)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索单位、信用代码…"))
        self.search.setClearButtonEnabled(True)
        self.model = EnterpriseModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setAlternatingRowColors(True)
        self.view.setTextElideMode(Qt.ElideRight)
        self.view.setWordWrap(False)
        # The name takes what the count, the total and the 18-character code leave.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        fit_columns(self.view, {1: ["0000"], 2: ["00,000,000.00"], 3: ["91440300MA5G00101JW"]})
        self.search.textChanged.connect(self.model.set_filter)

        self.heading = QLabel()
        f = self.heading.font()
        f.setBold(True)
        self.heading.setFont(f)
        self.awards = QTreeWidget()
        self.awards.setHeaderLabels([self.tr("年度 / 条款 / 项目"), self.tr("条款编号"), self.tr("金额"),
                                     self.tr("文号"), self.tr("类别"), self.tr("来源")])
        self.awards.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.headroom = QTreeWidget()
        self.headroom.setRootIsDecorated(False)
        self.headroom.setHeaderLabels([self.tr("条款"), self.tr("上限"), self.tr("范围"), self.tr("限额"),
                                       self.tr("已获资助"), self.tr("剩余额度")])
        self.headroom.setUniformRowHeights(True)
        self.headroom.setAlternatingRowColors(True)
        # The scope text is the long one: it takes the room left and is elided (tooltip), so
        # the three amounts, 剩余额度 last, always show whole.
        hh = self.headroom.header()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(QHeaderView.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.Stretch)
        hh.setMinimumSectionSize(60)
        for c in (3, 4, 5):
            self.headroom.headerItem().setTextAlignment(c, Qt.AlignRight | Qt.AlignVCenter)
        for c in (2,):
            self.awards.headerItem().setTextAlignment(c, Qt.AlignRight | Qt.AlignVCenter)
        self.year.valueChanged.connect(lambda _y: self._show_headroom())

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.heading)
        split = QSplitter(Qt.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(QLabel(self.tr("历年资助（按年度和条款）")))
        tl.addWidget(self.awards)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        yl = QHBoxLayout()
        yl.addWidget(QLabel(self.tr("各项上限的剩余额度，申报年度")))
        yl.addWidget(self.year)
        yl.addStretch(1)
        bl.addLayout(yl)
        bl.addWidget(self.headroom)
        split.addWidget(top)
        split.addWidget(bottom)
        rl.addWidget(split, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.search)
        ll.addWidget(self.view, 1)
        main = QSplitter(Qt.Horizontal)
        main.addWidget(left)
        main.addWidget(right)
        main.setSizes([470, 730])

        self.import_button = QPushButton(self.tr("导入台账…"))
        self.import_button.clicked.connect(self.choose_ledger)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.import_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(main, 1)
        lay.addWidget(buttons)

        self.credit_code: str | None = None
        self.year.setValue(year or 2025)
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.show_enterprise(self.model.row_at(cur.row()).credit_code)
            if cur.isValid() else None)
        self.reload(credit_code)

    def reload(self, credit_code: str | None = None) -> None:
        self.model.set_rows(listing.enterprises(self.store))
        keep = credit_code or self.credit_code
        v = self.model.view_row_of(keep) if keep else None
        if v is None and self.model.rowCount():
            v = 0
        if v is not None:
            self.view.selectRow(v)
            self.show_enterprise(self.model.row_at(v).credit_code)

    def show_enterprise(self, credit_code: str) -> None:
        self.credit_code = credit_code
        name = next((e.name for e in self.model.rows() if e.credit_code == credit_code), "")
        self.heading.setText(f"{name}（{credit_code}）")
        self.awards.clear()
        years: dict[int, QTreeWidgetItem] = {}
        groups: dict[tuple, QTreeWidgetItem] = {}
        sums: dict[object, int] = {}
        for a in listing.award_lines(self.store, credit_code, self.rules):
            y = years.get(a.year)
            if y is None:
                y = years[a.year] = QTreeWidgetItem(self.awards, [self.tr("{y} 年度").format(y=a.year)])
                y.setExpanded(True)
            g = groups.get((a.year, a.article))
            if g is None:
                g = groups[(a.year, a.article)] = QTreeWidgetItem(y, [a.article or self.tr("（未知条款）")])
                g.setExpanded(True)
            what = a.project + (f"／{a.product}" if a.product else "") + (
                self.tr("（第{n}期）").format(n=a.installment) if a.installment else "")
            leaf = QTreeWidgetItem(g, [what, a.code, fmt(from_cents(a.amount)), a.doc_no,
                                       _ENTRY_LABELS.get(a.entry, a.entry), a.source])
            leaf.setTextAlignment(2, Qt.AlignRight | Qt.AlignVCenter)
            leaf.setToolTip(0, what)
            for item in (y, g):
                sums[id(item)] = sums.get(id(item), 0) + a.amount
        for item in (*years.values(), *groups.values()):
            item.setText(2, fmt(from_cents(sums[id(item)])))
            item.setTextAlignment(2, Qt.AlignRight | Qt.AlignVCenter)
        if not years:
            QTreeWidgetItem(self.awards, [self.tr("台账中没有该单位的资助记录")])
        self._show_headroom()

    def _show_headroom(self) -> None:
        self.headroom.clear()
        if not self.credit_code:
            return
        self.rooms = listing.headroom(self.store, self.credit_code, self.year.value(), self.rules)
        for h in self.rooms:
            if h.limit is None:
                cells = [f"{h.article} {h.code}", h.label, h.scope, "", fmt(h.used) if h.used else "",
                         self.tr("已使用") if h.once_used else self.tr("未使用")]
            else:
                cells = [f"{h.article} {h.code}", h.label, h.scope, fmt(h.limit), fmt(h.used),
                         fmt(h.left)]
            item = QTreeWidgetItem(self.headroom, cells)
            item.setToolTip(0, h.name)
            item.setToolTip(1, h.label)
            item.setToolTip(2, h.scope)
            for c in (3, 4, 5):
                item.setTextAlignment(c, Qt.AlignRight | Qt.AlignVCenter)
            # What is left under a cap already drawn on is the figure to read: bold, coloured.
            color = (status_color("reject") if h.once_used or (h.left is not None and h.left <= 0)
                     else status_color("reduce") if h.used else None)
            if color is not None:
                item.setForeground(5, color)
                f = item.font(5)
                f.setBold(True)
                item.setFont(5, f)

    # ---- import ------------------------------------------------------------------------------

    def choose_ledger(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择资助台账"), "",
                                              self.tr("Excel 台账 (*.xlsx)"))
        if path:
            self.import_ledger(Path(path))

    def import_ledger(self, ledger: Path) -> BackgroundOp:
        w = self.window
        path, actor, rules = w.workspace.path, w.reviewer, self.rules
        return (BackgroundOp(self, lambda progress: import_ledger_op(path, ledger, actor, rules, progress),
                             self._imported)
                .failure(w.review._failed)
                .with_progress(self.tr("正在导入资助台账…"))
                .run_in_background())

    def _imported(self, result) -> None:
        from .changes import ChangesDialog
        from .import_report import ImportReportDialog

        report, recomputed = result
        self.imported.emit(result)
        if report.errors:
            refused = ImportReport(total=1, refused=[(report.source, list(report.errors))])
            dlg = ImportReportDialog(refused, self)
            dlg.summary.setText(self.tr("台账 {f} 有 {n} 处问题，未导入任何记录。请按单元格位置改正后重新导入。").format(
                f=report.source, n=len(report.errors)))
        else:
            dlg = ChangesDialog(self.tr("台账导入结果"), self.tr(
                "台账 {f}：共 {rows} 行，新增 {added} 行，已有 {skipped} 行未重复导入。").format(
                    f=report.source, rows=report.rows, added=report.added, skipped=report.skipped),
                recomputed, self)
            self.reload()
            self.window.reload()
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.result_dialog = dlg

