"""Small dialogs for a decision: an amount, a reason. The core says whether they are accepted.

Both dialogs take a `submit` function: it hands what was typed to the core and returns the
core's refusal (or None). A refusal is shown inside the dialog, which stays open with everything
the reviewer typed, so an amount above the rule only needs its override reason added.

Keys: Enter in a reason box confirms like in any other field (Shift+Enter starts a new line);
Ctrl+Enter confirms from anywhere in the dialog.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from workbench.core.domain.money import AmountError, capital, fmt, parse_amount

__all__ = ["AmountDialog", "ReasonDialog", "parse_typed_amount", "AMOUNT_REASONS", "REJECT_REASONS"]

# The reasons reviewers write most; picking one fills the box, where it can still be edited.
AMOUNT_REASONS = (
    "按审计报告认定的金额核定",
    "部分凭证不符合要求，按可认定部分核定",
    "按专项资金预算额度等比例核减",
    "一事一议，按会议纪要核定",
)
REJECT_REASONS = (
    "不符合申报条件",
    "申报材料不全，逾期未补正",
    "凭证与申报内容不符",
    "同一事项已获资助，不重复支持",
)
RETURN_REASONS = (
    "核定金额依据不足，请补充说明",
    "有事项尚需补充材料后重新认定",
)
OVERRIDE_REASONS = (
    "经局务会议研究同意超额核定",
    "经区政府专题会议批准",
)

_WAN = re.compile(r"^(?P<n>.*?)\s*万\s*元?$")


def parse_typed_amount(text: str) -> Decimal:
    """What a reviewer types: '1,500,000', '1500000元', '150万', '150.5 万元' → yuan.
    Raises AmountError in Chinese, as core.money does."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    if not t:
        raise AmountError("请填写金额")
    m = _WAN.match(t)
    if m:
        from workbench.core.domain.money import parse_number
        value = parse_number(m.group("n")) * 10000
        return parse_amount(value)
    return parse_amount(t)


class _EnterConfirms(QObject):
    """Enter in a multi-line box confirms the dialog; Shift+Enter inserts a new line."""

    def __init__(self, dialog: QDialog, confirm):
        super().__init__(dialog)
        self.confirm = confirm

    def eventFilter(self, obj, event) -> bool:
        if (event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter)
                and not event.modifiers() & Qt.ShiftModifier):
            self.confirm()
            return True
        return False


def _reason_box(placeholder: str) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setPlaceholderText(placeholder)
    e.setTabChangesFocus(True)
    e.setFixedHeight(e.fontMetrics().lineSpacing() * 3 + 14)
    return e


def _picker(reasons, target: QPlainTextEdit, label: str) -> QComboBox:
    box = QComboBox()
    box.addItem(label, "")
    for r in reasons:
        box.addItem(r, r)

    def picked(i):
        if box.itemData(i):
            target.setPlainText(box.itemData(i))
            target.setFocus()
    box.activated.connect(picked)
    return box


class _DecisionDialog(QDialog):
    def __init__(self, title: str, parent=None, submit=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#c0262d")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self._enter = _EnterConfirms(self, self._try_accept)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self._try_accept)

    def _confirm_on_enter(self, *edits) -> None:
        for e in edits:
            e.installEventFilter(self._enter)

    def _submit(self, *values) -> bool:
        problem = self.submit(*values) if self.submit else None
        if problem:
            self.error.setText(problem)
            return False
        return True


class ReasonDialog(_DecisionDialog):
    """Asks for a written reason; the OK button stays off until something is written."""

    def __init__(self, title: str, prompt: str, parent=None, text: str = "", submit=None,
                 reasons=REJECT_REASONS):
        super().__init__(title, parent, submit)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.edit = _reason_box(self.tr("请写明理由，将记入审核记录和审核表"))
        self.edit.setPlainText(text)
        self.common = _picker(reasons, self.edit, self.tr("常用理由…"))
        self.edit.textChanged.connect(self._update)
        self._confirm_on_enter(self.edit)
        lay = QVBoxLayout(self)
        lay.addWidget(self.prompt)
        lay.addWidget(self.common)
        lay.addWidget(self.edit)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.edit.toPlainText().strip()

    def _try_accept(self) -> None:
        if self.reason() and self._submit(self.reason()):
            self.accept()


class AmountDialog(_DecisionDialog):
    """An amount in 元 or 万元 with its 大写 shown as it is typed, a reason, and the override
    reason the core asks for when the amount is above what the rules allow."""

    def __init__(self, title: str, suggested: Decimal | None, parent=None, need_reason: bool = False,
                 submit=None, limit_note: str = ""):
        super().__init__(title, parent, submit)
        self.need_reason = need_reason
        self.amount_edit = QLineEdit("" if suggested is None else f"{suggested:.2f}")
        self.amount_edit.setPlaceholderText(self.tr("如 1500000 或 150万"))
        self.amount_edit.selectAll()
        self.capital = QLabel()
        self.capital.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.reason_edit = _reason_box(self.tr("与建议金额不同时须写明理由"))
        self.common = _picker(AMOUNT_REASONS, self.reason_edit, self.tr("常用理由…"))
        self.override_edit = _reason_box(self.tr("金额高于规则可核定的金额时必填（记为超额核定）"))
        self.override_common = _picker(OVERRIDE_REASONS, self.override_edit, self.tr("常用依据…"))
        self._confirm_on_enter(self.reason_edit, self.override_edit)
        form = QFormLayout()
        form.addRow(self.tr("建议金额"), QLabel(fmt(suggested) if suggested is not None
                                                 else self.tr("（一事一议，无建议金额）")))
        if limit_note:
            form.addRow("", QLabel(limit_note))
        form.addRow(self.tr("审核金额（元）"), self.amount_edit)
        form.addRow(self.tr("大写"), self.capital)
        form.addRow(self.tr("理由"), self.common)
        form.addRow("", self.reason_edit)
        form.addRow(self.tr("超额核定理由"), self.override_common)
        form.addRow("", self.override_edit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.amount_edit.textChanged.connect(self._show_capital)
        self._show_capital()
        self.setMinimumWidth(460)

    def _show_capital(self) -> None:
        try:
            self.capital.setText(capital(parse_typed_amount(self.amount_edit.text())))
            self.capital.setStyleSheet("")
        except AmountError as exc:
            self.capital.setText(str(exc))
            self.capital.setStyleSheet("color:#c0262d")

    def amount(self) -> Decimal | None:
        try:
            return parse_typed_amount(self.amount_edit.text())
        except AmountError:
            return None

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def override_reason(self) -> str:
        return self.override_edit.toPlainText().strip()

    def _try_accept(self) -> None:
        try:
            amount = parse_typed_amount(self.amount_edit.text())
        except AmountError as exc:
            self.error.setText(str(exc))
            self.amount_edit.setFocus()
            return
        if self.need_reason and not self.reason():
            self.error.setText(self.tr("请写明理由"))
            return
        if self._submit(amount, self.reason(), self.override_reason()):
            self.accept()
