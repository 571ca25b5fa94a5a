"""Small dialogs for a decision: an amount, a reason. The core says whether they are accepted."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout)

from ...core.money import AmountError, fmt, parse_amount

__all__ = ["AmountDialog", "ReasonDialog"]


class ReasonDialog(QDialog):
    """Asks for a written reason; the OK button stays off until something is written."""

    def __init__(self, title: str, prompt: str, parent=None, text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.edit = QPlainTextEdit(text)
        self.edit.setPlaceholderText(self.tr("请写明理由，将记入审核记录和审核表"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update)
        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.edit)
        lay.addWidget(self.buttons)
        self.resize(460, 220)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.edit.toPlainText().strip()


class AmountDialog(QDialog):
    """An amount (parsed by core.money, so '1,234.50元' works as in a workbook) and a reason."""

    def __init__(self, title: str, suggested: Decimal | None, parent=None, need_reason: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.need_reason = need_reason
        self.amount_edit = QLineEdit("" if suggested is None else f"{suggested:.2f}")
        self.amount_edit.selectAll()
        self.error = QLabel()
        self.error.setStyleSheet("color:#c0262d")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("与建议金额不同时须写明理由"))
        form = QFormLayout()
        form.addRow(self.tr("建议金额"), QLabel(fmt(suggested) if suggested is not None else self.tr("（一事一议，无建议金额）")))
        form.addRow(self.tr("审核金额（元）"), self.amount_edit)
        form.addRow("", self.error)
        form.addRow(self.tr("理由"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.resize(440, 260)

    def amount(self) -> Decimal | None:
        try:
            return parse_amount(self.amount_edit.text())
        except AmountError:
            return None

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _try_accept(self) -> None:
        try:
            parse_amount(self.amount_edit.text())
        except AmountError as exc:
            self.error.setText(str(exc))
            return
        if self.need_reason and not self.reason():
            self.error.setText(self.tr("请写明理由"))
            return
        self.accept()
