"""The audit log (core.audit: hash-chained entries) and the result of verify-store."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from workbench.core.store import audit
from workbench.core.store.database import Store

from ..audit_text import local_time, readable_details
from ..models.table import Column, RowTableModel
from ..tasks import BackgroundOp

__all__ = ["AuditLogDialog", "AuditModel"]


class AuditModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("序号"), lambda e: e.seq, lambda e: e.seq, right=True),
            Column(self.tr("时间（北京时间）"), lambda e: local_time(e.at), lambda e: e.at),
            Column(self.tr("操作人"), lambda e: e.actor, lambda e: e.actor),
            Column(self.tr("操作"), lambda e: e.label, lambda e: e.label),
            Column(self.tr("对象"), lambda e: e.subject, lambda e: e.subject),
            Column(self.tr("详情"), lambda e: readable_details(e.details)[:300],
                   lambda e: "", tooltip=True),
        ], parent)

    def row_key(self, e):
        return e.seq


def _verify(path: str | Path, progress) -> audit.VerifyReport:
    progress(0, len(audit.STEPS), "")
    with Store.open_readonly(path) as store:
        return audit.verify_store(store, progress=progress)


class AuditLogDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("审计日志"))
        from ..screen import resize_to_fit
        resize_to_fit(self, 1000, 600)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("筛选操作人、操作、对象…"))
        self.search.setClearButtonEnabled(True)
        self.model = AuditModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.verdict = QLabel(self.tr("尚未验证"))
        self.verdict.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setVisible(False)
        self.verify_button = QPushButton(self.tr("验证数据库"))
        self.verify_button.clicked.connect(self.verify)
        self.search.textChanged.connect(self.model.set_filter)
        row = QHBoxLayout()
        row.addWidget(self.verdict, 1)
        row.addWidget(self.verify_button)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(self.view, 1)
        lay.addLayout(row)
        lay.addWidget(self.problems)
        lay.addWidget(buttons)
        self.reload()
        self.report: audit.VerifyReport | None = None

    def reload(self) -> None:
        self.model.set_rows(audit.entries(self.store, newest_first=True))
        for c, w in ((0, 60), (1, 150), (2, 80), (3, 120), (4, 200)):
            self.view.setColumnWidth(c, w)

    def verify(self) -> BackgroundOp | None:
        # What the background check opens: the store file, or the server's address.
        path = self.store.url or self.store.path
        if path is None:
            return None
        self.verify_button.setEnabled(False)
        return (BackgroundOp(self, lambda progress: _verify(path, progress), self._show)
                .failure(self._failed).cancelled(self._stopped)
                .with_progress(self.tr("正在验证数据库…")).run_in_background())

    def _stopped(self) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setText(self.tr("验证已取消，数据库未作任何改动"))

    def _show(self, report: audit.VerifyReport) -> None:
        self.report = report
        self.verify_button.setEnabled(True)
        if report.ok:
            self.verdict.setText(self.tr(
                "<b style='color:#1b7f3b'>验证通过</b>：审计日志 {e} 条、台账 {l} 行、决定 {d} 项与日志一致，"
                "数据库完整。").format(e=report.entries, l=report.ledger_rows, d=report.decisions))
        else:
            self.verdict.setText(self.tr("<b style='color:#c0262d'>验证未通过</b>：发现 {n} 处问题，"
                                         "第一处最需要查看。").format(n=len(report.problems)))
        self.problems.clear()
        self.problems.addItems([str(p) for p in report.problems])
        self.problems.setVisible(bool(report.problems))

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setText(self.tr("无法验证：{error}").format(error=exc))
