"""After an import: what was stored, which files were refused and which claims were rejected,
each with its cell location; the reviewer can copy the list (pastes into Excel) or save it."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..import_flow import ImportReport
from ..labels import tr as label_tr

__all__ = ["ImportReportDialog"]


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent=None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(self.tr("导入结果"))
        from ..screen import resize_to_fit
        resize_to_fit(self, 900, 480)

        summary = self.tr("共 {total} 个文件：导入 {ok} 个，已导入过 {again} 个，拒收 {refused} 个；"
                          "不予受理的申报事项 {rejected} 项。").format(
            total=report.total, ok=len(report.imported), again=len(report.already),
            refused=len(report.refused), rejected=len(report.rejected))
        if report.cancelled:
            summary += self.tr("（导入已取消，其余 {n} 个文件未处理）").format(n=report.total - report.done)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)

        lines = report.lines()
        self.table = QTableWidget(len(lines), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("文件"), self.tr("结果"), self.tr("位置"), self.tr("问题")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAlternatingRowColors(True)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeToContents)
        h.setStretchLastSection(True)
        for i, ln in enumerate(lines):
            for j, text in enumerate((ln.file, label_tr(ln.outcome), ln.where, ln.message)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.setVisible(bool(lines))

        self.copy_button = QPushButton(self.tr("复制到剪贴板"))
        self.save_button = QPushButton(self.tr("另存为…"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(lambda: self.save())
        for b in (self.copy_button, self.save_button):
            b.setEnabled(bool(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report.as_tsv())

    def save(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("保存导入结果"), self.tr("导入结果.csv"),
                                                  self.tr("CSV 文件 (*.csv)"))
        if path:
            self.report.save_csv(path)
