"""Budget dashboard of a batch: requested vs suggested vs approved per application year and
article (core.listing.article_year_totals) as a bar chart and a table; the batch's budgets
(core.budget.set_budget) and the pro-rata proposal (core.budget.proposal), which a reviewer
may accept (core.budget.accept_proposal). The chart is painted with QPainter: QtCharts is not
part of PySide6-Essentials.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.domain.money import AmountError, fmt, from_cents, parse_amount
from workbench.core.domain.workflow import Refused
from workbench.core.review import budget
from workbench.core.store import listing

from ..models.table import Column, RowTableModel

__all__ = ["BudgetDialog", "BarChart", "ReductionModel"]

SERIES = (("requested", "#9aa5b1"), ("suggested", "#1f5fbf"), ("approved", "#1b7f3b"))


class BarChart(QWidget):
    """Grouped bars: one group per (year, article), one bar per series; amounts in 万元."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[str, list[int]]] = []   # label, cents per series
        self.series_labels = [self.tr("申请金额"), self.tr("建议金额"), self.tr("审核金额")]
        self.setMinimumHeight(240)

    def set_groups(self, groups: list[tuple[str, list[int]]]) -> None:
        self.groups = groups
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), Qt.white)
        fm = QFontMetrics(self.font())
        if not self.groups:
            p.setPen(QColor("#666"))
            p.drawText(self.rect(), Qt.AlignCenter, self.tr("本批次没有申报事项"))
            p.end()
            return
        top = max((max(v) for _l, v in self.groups), default=0) or 1
        left, right, head, foot = fm.horizontalAdvance("0,000,000") + 16, 12, fm.height() * 2 + 8, fm.height() * 2 + 10
        plot = QRectF(left, head, max(self.width() - left - right, 10), max(self.height() - head - foot, 10))
        # Legend on the first line.
        x = left
        for (_name, color), label in zip(SERIES, self.series_labels, strict=False):
            p.fillRect(QRectF(x, 6, 12, 12), QColor(color))
            p.setPen(QColor("#333"))
            p.drawText(int(x + 16), 6 + fm.ascent(), label)
            x += 16 + fm.horizontalAdvance(label) + 18
        p.drawText(int(x + 6), 6 + fm.ascent(), self.tr("（单位：万元）"))
        # Grid and axis in 万元.
        step = _nice_step(top / 1_000_000 / 4)   # cents → 万元
        lines = int(top / 1_000_000 / step) + 1
        scale = plot.height() / (lines * step)
        p.setPen(QPen(QColor("#ddd"), 1))
        for i in range(lines + 1):
            y = plot.bottom() - i * step * scale
            p.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), Qt.AlignRight | Qt.AlignVCenter,
                       f"{i * step:,.0f}")
            p.setPen(QPen(QColor("#ddd"), 1))
        # Bars.
        gw = plot.width() / len(self.groups)
        bw = max(min(gw * 0.8 / len(SERIES), 40), 2)
        for g, (label, values) in enumerate(self.groups):
            x0 = plot.left() + g * gw + (gw - bw * len(SERIES)) / 2
            for k, cents in enumerate(values):
                h = cents / 1_000_000 * scale
                p.fillRect(QRectF(x0 + k * bw, plot.bottom() - h, bw - 1, h), QColor(SERIES[k][1]))
            p.setPen(QColor("#333"))
            text = fm.elidedText(label, Qt.ElideRight, int(gw) - 2)
            p.drawText(QRectF(plot.left() + g * gw, plot.bottom() + 4, gw, fm.height() * 2),
                       Qt.AlignHCenter | Qt.AlignTop | Qt.TextWordWrap, text)
        p.setPen(QPen(QColor("#888"), 1))
        p.drawLine(int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom()))
        p.end()


def _nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least `raw`."""
    if raw <= 0:
        return 1.0
    mag = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


class ReductionModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("企业"), lambda r: r.enterprise, lambda r: r.enterprise),
            Column(self.tr("项目"), lambda r: r.project, lambda r: r.project),
            Column(self.tr("条款"), lambda r: f"{r.article} {r.code}".strip(), lambda r: r.article),
            Column(self.tr("建议金额"), lambda r: fmt(r.before), lambda r: r.before, right=True),
            Column(self.tr("现核定"), lambda r: fmt(r.current), lambda r: r.current, right=True),
            Column(self.tr("拟核定"), lambda r: fmt(r.after), lambda r: r.after, right=True),
        ], parent)

    def row_key(self, r):
        return r.claim_id


def _share_width(header: QHeaderView, amounts) -> None:
    """Labels and counts as wide as their text; the amount columns share the rest, so no one
    column (the last) takes all the room and every amount stays right-aligned and whole."""
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    for j in amounts:
        header.setSectionResizeMode(j, QHeaderView.Stretch)
    header.setMinimumSectionSize(48)


class BudgetDialog(QDialog):
    changed = Signal()
    MONEY = (3, 4, 5)   # 申请金额, 建议金额, 审核金额 in the totals table

    def __init__(self, window, batch: str):
        super().__init__(window)
        self.window = window
        self.store = window.workspace.store
        self.batch = batch
        self.setWindowTitle(self.tr("预算总览　{batch}").format(batch=batch))
        self.resize(1100, 760)
        self.chart = BarChart()
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels([self.tr("年度"), self.tr("条款"), self.tr("事项"), self.tr("申请金额"),
                                              self.tr("建议金额"), self.tr("审核金额"), self.tr("待决定")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        _share_width(self.table.horizontalHeader(), self.MONEY)
        for j in self.MONEY + (2, 6):
            self.table.horizontalHeaderItem(j).setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)

        self.article = QComboBox()
        self.article.addItem(self.tr("批次总额"), "")
        for n in ("二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"):
            self.article.addItem(f"条款（{n}）", f"（{n}）")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("预算金额（元），空表示取消"))
        self.set_button = QPushButton(self.tr("设定预算"))
        self.set_button.clicked.connect(lambda: self.set_budget())
        self.budgets = QLabel()
        self.budgets.setWordWrap(True)
        self.proposal_text = QLabel()
        self.proposal_text.setWordWrap(True)
        self.reductions = ReductionModel(self)
        self.reduction_view = QTableView()
        self.reduction_view.setModel(self.reductions)
        self.reduction_view.setSortingEnabled(True)
        self.reduction_view.verticalHeader().setVisible(False)
        self.reduction_view.verticalHeader().setDefaultSectionSize(24)
        self.reduction_view.setAlternatingRowColors(True)
        _share_width(self.reduction_view.horizontalHeader(), (3, 4, 5))
        self.accept_button = QPushButton(self.tr("接受核减方案"))
        self.accept_button.clicked.connect(lambda: self.accept_proposal())

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("预算")))
        row.addWidget(self.article)
        row.addWidget(self.amount, 1)
        row.addWidget(self.set_button)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(row)
        ll.addWidget(self.budgets)
        ll.addWidget(self.proposal_text)
        ll.addWidget(self.reduction_view, 1)
        ll.addWidget(self.accept_button, 0, Qt.AlignRight)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([300, 200, 260])
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        totals = listing.article_year_totals(self.store, self.batch)
        self.chart.set_groups([(f"{t.year} {t.article or '？'}", [t.requested, t.suggested, t.approved])
                               for t in totals])
        rows = [(str(t.year), t.article or self.tr("（未知条款）"), t.claims, t.requested, t.suggested,
                 t.approved, t.undecided) for t in totals]
        if totals:
            rows.append((self.tr("合计"), "", sum(t.claims for t in totals), sum(t.requested for t in totals),
                         sum(t.suggested for t in totals), sum(t.approved for t in totals),
                         sum(t.undecided for t in totals)))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            total = bool(totals) and i == len(rows) - 1
            for j, v in enumerate(r):
                text = fmt(from_cents(v)) if j in self.MONEY else str(v)
                it = QTableWidgetItem(text)
                if j >= 2:
                    it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if total:
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                self.table.setItem(i, j, it)

        set_ = budget.budgets(self.store, self.batch)
        self.budgets.setText(self.tr("已设预算：") + ("；".join(
            f"{self.tr('批次总额') if k == budget.TOTAL else '条款' + k} {fmt(v)} 元" for k, v in sorted(set_.items()))
            if set_ else self.tr("未设定")))
        self.proposal = budget.proposal(self.store, self.batch)
        # The same words as `budget show` (core.budget.BudgetProposal.status_lines).
        lines = self.proposal.status_lines()
        if not set_:
            lines = [self.tr("设定预算后，如核定金额超出预算，将按比例提出核减方案。")]
        if self.proposal.pending:
            lines.append(self.tr("拟调整 {n} 个事项，接受后记为“调整金额”决定。").format(n=len(self.proposal.pending)))
        self.proposal_text.setText("\n".join(lines))
        self.reductions.set_rows(self.proposal.pending)
        self.accept_button.setEnabled(bool(self.proposal.pending))

    def _refused(self, exc: Refused) -> None:
        self.window.review.refused.emit(str(exc))
        QMessageBox.warning(self, self.tr("不能执行"), str(exc))

    def set_budget(self, amount_text: str | None = None, article: str | None = None) -> bool:
        text = self.amount.text() if amount_text is None else amount_text
        scope = self.article.currentData() if article is None else article
        try:
            amount = parse_amount(text) if text.strip() else None
        except AmountError as exc:
            self._refused(Refused(str(exc)))
            return False
        try:
            budget.set_budget(self.store, self.window.reviewer, self.batch, amount, scope or None)
        except Refused as exc:
            self._refused(exc)
            return False
        self.reload()
        self.changed.emit()
        return True

    def confirm_text(self) -> str:
        p = self.proposal
        return self.tr("接受核减方案 {id}：调整 {n} 个事项，核定合计 {now} → {after} 元。\n确认接受？").format(
            id=p.digest, n=len(p.pending), now=fmt(p.total_now), after=fmt(p.total_after))

    def accept_proposal(self) -> bool:
        """Asks for a confirmation that shows the totals before and after, then accepts."""
        answer = QMessageBox.question(self, self.tr("确认核减"), self.confirm_text(),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        try:
            budget.accept_proposal(self.store, self.window.reviewer, self.batch, expected=self.proposal.digest)
        except Refused as exc:
            self._refused(exc)
            self.reload()
            return False
        self.reload()
        self.changed.emit()
        return True
