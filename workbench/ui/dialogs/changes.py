"""What a ledger change did to the open applications (core.recompute.RecomputeReport): the
claims whose status or suggestion changed, decisions withdrawn, applications sent back to
first review. Shown after finalizing and after a ledger import; copyable like the import
report."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from workbench.core.domain.money import fmt

from ..labels import status_label

__all__ = ["ChangesDialog", "change_rows"]


def change_rows(report) -> list[list[str]]:
    def money(v):
        return "" if v is None else fmt(v)

    return [[f"#{c.application_id}", "" if c.line is None else str(c.line), c.code or "",
             f"{status_label(c.old_status)} → {status_label(c.new_status)}",
             f"{money(c.old_suggested)} → {money(c.new_suggested)}",
             "是" if c.decision_withdrawn else ""]
            for c in report.changed]


class ChangesDialog(QDialog):
    def __init__(self, title: str, summary: str, report, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        from ..screen import resize_to_fit
        resize_to_fit(self, 860, 420)
        self.report = report
        lines = [summary]
        if report.changed:
            lines.append(self.tr("台账变化后重算了 {n} 份未审定的申报，{k} 个事项的结论或建议金额有变化：").format(
                n=report.checked, k=len(report.changed)))
        elif report.checked:
            lines.append(self.tr("台账变化后重算了 {n} 份未审定的申报，结论和建议金额均无变化。").format(
                n=report.checked))
        if report.returned:
            lines.append(self.tr("以下申报已退回初审，须重新审核：{ids}").format(
                ids="、".join(f"#{i}" for i in report.returned)))
        for app_id, why in report.skipped:
            lines.append(f"#{app_id}：{why}")
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)
        rows = change_rows(report)
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels([self.tr("申报"), self.tr("序号"), self.tr("条款"),
                                              self.tr("规则结论"), self.tr("建议金额"), self.tr("决定已撤回")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, r in enumerate(rows):
            for j, text in enumerate(r):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.setVisible(bool(rows))
        copy = QPushButton(self.tr("复制到剪贴板"))
        copy.clicked.connect(self.copy)
        copy.setEnabled(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(copy, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)

    def text(self) -> str:
        head = "\t".join(["申报", "序号", "条款", "规则结论", "建议金额", "决定已撤回"])
        return "\n".join([self.summary.text(), head, *("\t".join(r) for r in change_rows(self.report))])

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
