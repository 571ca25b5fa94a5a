"""Beside the claims table: the selected claim's explanation, its inputs and the headroom left
under each cap (finding 'cap' of the settle engine: limit, already granted, left)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.domain.money import fmt

from ..labels import status_color, status_label
from ..models.detail import ClaimDetail

__all__ = ["ClaimDetailPanel"]


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    return t


def _item(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if right:
        it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if bold:
        f = it.font()
        f.setBold(True)
        it.setFont(f)
    return it


class ClaimDetailPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.detail: ClaimDetail | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        f.setBold(True)
        self.title.setFont(f)
        self.status = QLabel()
        self.decision = QLabel()
        self.decision.setWordWrap(True)

        self.explanation = QTextBrowser()
        self.explanation.setOpenLinks(False)
        self.explanation.setPlaceholderText(self.tr("选择一个申报事项查看计算说明"))

        self.inputs = _table([self.tr("申报数据"), self.tr("填写内容"), self.tr("单元格")])
        self.inputs.setWordWrap(True)
        ih = self.inputs.horizontalHeader()
        ih.setStretchLastSection(False)
        ih.setSectionResizeMode(1, QHeaderView.Stretch)
        # Caps as columns, their figures as rows: one or two caps read down a narrow panel.
        self.cap_rows = [self.tr("限额"), self.tr("台账已获"), self.tr("本申报前序"), self.tr("剩余额度"),
                         self.tr("本项计算"), self.tr("本项核定")]
        self.caps = _table([])
        self.caps.setRowCount(len(self.cap_rows))
        self.caps.setVerticalHeaderLabels(self.cap_rows)
        self.caps.verticalHeader().setVisible(True)
        self.caps.verticalHeader().setDefaultSectionSize(22)
        self.caps.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.caps.horizontalHeader().setStretchLastSection(True)
        self.caps.setSelectionMode(QAbstractItemView.NoSelection)
        self.caps_none = QLabel(self.tr("本条款无金额上限或未计算金额"))
        self.caps_none.setStyleSheet("color: #666;")
        self.caps_none.setWordWrap(True)

        def boxed(label: str, *ws: QWidget) -> QWidget:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 4, 0, 0)
            head = QLabel(label)
            head.setStyleSheet("font-weight: bold; color: #444;")
            lay.addWidget(head)
            for w in ws:
                lay.addWidget(w)
            return box

        split = QSplitter(Qt.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(boxed(self.tr("计算说明"), self.explanation))
        split.addWidget(boxed(self.tr("上限与剩余额度"), self.caps, self.caps_none))
        split.addWidget(boxed(self.tr("申报数据"), self.inputs))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 0)   # the caps table is as tall as its rows
        split.setStretchFactor(2, 2)
        self.splitter = split

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.title)
        lay.addWidget(self.status)
        lay.addWidget(self.decision)
        lay.addWidget(split, 1)
        self.show_detail(None)

    def show_detail(self, d: ClaimDetail | None) -> None:
        self.detail = d
        if d is None:
            self.title.setText(self.tr("未选择申报事项"))
            self.status.clear()
            self.decision.clear()
            self.explanation.clear()
            self.inputs.setRowCount(0)
            self._show_caps([])
            return
        self.title.setText(d.title)
        color = status_color(d.status)
        self.status.setText(
            self.tr("规则结论：") + f"<b style='color:{color.name() if color else '#000'}'>"
            f"{html.escape(status_label(d.status))}</b>")
        self.decision.setText(d.decision)
        self.decision.setVisible(bool(d.decision))

        parts = ["<ol style='margin-left:-20px'>"]
        for line in d.explanation:
            parts.append(f"<li style='margin-bottom:4px'>{html.escape(line)}</li>")
        parts.append("</ol>")
        if d.problems:
            parts.append(f"<p><b>{html.escape(self.tr('填写问题'))}</b></p><ul>")
            for where, msg in d.problems:
                parts.append(f"<li><span style='color:#c0262d'>{html.escape(where)}</span> "
                             f"{html.escape(msg)}</li>")
            parts.append("</ul>")
        self.explanation.setHtml("".join(parts))

        # Stored claims do not keep their cell addresses; show the column only when known.
        self.inputs.setColumnHidden(2, not any(cell for _l, _v, cell in d.inputs))
        self.inputs.setRowCount(len(d.inputs))
        for i, (label, value, cell) in enumerate(d.inputs):
            self.inputs.setItem(i, 0, _item(label))
            it = _item(value)
            it.setToolTip(value)
            self.inputs.setItem(i, 1, it)
            self.inputs.setItem(i, 2, _item(cell))
        self.inputs.resizeRowsToContents()
        self._show_caps(d.caps)

    def _show_caps(self, caps) -> None:
        self.caps.setVisible(bool(caps))
        self.caps_none.setVisible(not caps)
        self.caps.setColumnCount(len(caps))
        if not caps:
            return
        self.caps.setHorizontalHeaderLabels([c.label for c in caps])
        reduced = status_color("reduce")
        for j, c in enumerate(caps):
            head = self.caps.horizontalHeaderItem(j)
            head.setToolTip(c.label + (self.tr("：本项金额因此上限而减少") if c.bit else ""))
            if c.bit:
                f = head.font()
                f.setBold(True)
                head.setFont(f)
            for i, v in enumerate((c.limit, c.granted, c.earlier, c.left, c.before, c.after)):
                # What is left under a cap that bit is the figure the reviewer checks first.
                it = _item(fmt(v), right=True, bold=c.bit and i in (3, 5))
                if c.bit and i in (3, 5):
                    it.setForeground(reduced)
                self.caps.setItem(i, j, it)
        # As tall as its rows: the explanation and the inputs get the rest of the panel.
        h = (self.caps.horizontalHeader().sizeHint().height() + self.caps.verticalHeader().length()
             + 2 * self.caps.frameWidth())
        if len(caps) > 2:   # three caps may not fit across a narrow panel
            h += self.caps.horizontalScrollBar().sizeHint().height()
        self.caps.setFixedHeight(h)
