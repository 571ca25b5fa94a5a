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


# Entries held at once: a city's log grows by an entry per imported application, and reading
# all of it (JSON details and all) froze the window for seconds and took hundreds of MB.
PAGE = 2000


def _search(path: str | Path, text: str, progress) -> list[audit.Entry]:
    progress(0, 0, "")
    with Store.open_readonly(path) as store:
        return audit.entries(store, newest_first=True, limit=PAGE, matching=text)


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
        self.search.textChanged.connect(self._typed)
        self.search_button = QPushButton(self.tr("在全部日志中查找"))
        self.search_button.clicked.connect(self.search_all)
        self.older_button = QPushButton(self.tr("载入更早的记录"))
        self.older_button.clicked.connect(self.load_older)
        self.extent = QLabel()
        self.query = ""          # the text the rows were searched for in the store ("" = all)
        self.searching: BackgroundOp | None = None
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.search_button)
        more = QHBoxLayout()
        more.addWidget(self.extent, 1)
        more.addWidget(self.older_button)
        row = QHBoxLayout()
        row.addWidget(self.verdict, 1)
        row.addWidget(self.verify_button)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        # Enter in the search box searches the whole log; it never closes or verifies.
        for b in (self.verify_button, self.older_button, buttons.button(QDialogButtonBox.Close)):
            b.setAutoDefault(False)
        self.search_button.setDefault(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addLayout(more)
        lay.addLayout(row)
        lay.addWidget(self.problems)
        lay.addWidget(buttons)
        self.reload()
        self.report: audit.VerifyReport | None = None

    def reload(self) -> None:
        """The newest entries (of the search, when one was made in the store)."""
        rows = audit.entries(self.store, newest_first=True, limit=PAGE, matching=self.query or None)
        self._show_rows(rows, more=len(rows) == PAGE)
        for c, w in ((0, 60), (1, 150), (2, 80), (3, 120), (4, 200)):
            self.view.setColumnWidth(c, w)

    def _show_rows(self, rows: list[audit.Entry], *, more: bool) -> None:
        self._loaded = rows
        self._more = more
        self.model.set_rows(rows)
        self._refilter()
        self._say_extent()

    def _say_extent(self) -> None:
        n, total = len(self._loaded), audit.log_length(self.store)
        if self.query:
            text = (self.tr("“{q}”在全部 {total} 条日志中：最近 {n} 条").format(q=self.query, n=n, total=total)
                    if self._more else
                    self.tr("“{q}”在全部 {total} 条日志中：共 {n} 条").format(q=self.query, n=n, total=total))
        elif self._more:
            text = self.tr("显示最近 {n} 条，共 {total} 条；筛选只在已载入的记录中，"
                           "按回车在全部日志中查找").format(n=n, total=total)
        else:
            text = self.tr("共 {total} 条").format(total=total)
        self.extent.setText(text)
        self.older_button.setEnabled(self._more)
        self.search_button.setEnabled(self._more or bool(self.query))

    def load_older(self) -> None:
        if not self._loaded or not self._more:
            return
        older = audit.entries(self.store, newest_first=True, limit=PAGE,
                              before=self._loaded[-1].seq, matching=self.query or None)
        self._show_rows(self._loaded + older, more=len(older) == PAGE)

    def _refilter(self) -> None:
        # Rows the store found for the search are all shown (it also looked inside the details,
        # which the table shows worded differently); typing further narrows them.
        text = self.search.text().strip()
        self.model.set_filter("" if self.query and text == self.query else text)

    def _typed(self, text: str) -> None:
        if self.query and not text.strip():
            self.query = ""     # the search cleared: back to the newest entries
            self.reload()
            return
        self.model.set_filter(text)

    def search_all(self) -> BackgroundOp | None:
        """The typed text in the whole log, in the background (a scan of a long log)."""
        text = self.search.text().strip()
        path = self.store.url or self.store.path
        if not text or path is None or not (self._more or self.query):
            return None
        self.search_button.setEnabled(False)

        def found(rows: list[audit.Entry]) -> None:
            self.query = text
            self._show_rows(rows, more=len(rows) == PAGE)

        def failed(exc: BaseException) -> None:
            self._say_extent()
            self.extent.setText(self.tr("无法查找：{error}").format(error=exc))

        self.searching = (BackgroundOp(self, lambda progress: _search(path, text, progress), found)
                          .failure(failed).cancelled(self._say_extent)
                          .with_progress(self.tr("正在全部日志中查找…")).run_in_background())
        return self.searching

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
