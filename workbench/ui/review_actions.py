"""Decisions and stages from the window, passed to core.review; the core says yes or no.

Every refusal (workflow.Refused) is shown as the core worded it. Nothing here checks an
amount, a reason or a stage: the dialogs collect what the reviewer typed and the core judges.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core import review
from ..core.workflow import Refused
from .dialogs.decision import AmountDialog, ReasonDialog

__all__ = ["ReviewActions"]


class ReviewActions(QObject):
    claimChanged = Signal(object)   # claim id
    stageChanged = Signal(object)   # application ids
    refused = Signal(str)           # the core's message, for tests and the status bar

    def __init__(self, window: QWidget, store, actor: str):
        super().__init__(window)
        self.window = window
        self.store = store
        self.actor = actor
        self.undo_stack: list[int] = []   # claim ids decided in this session, newest last

    def _run(self, fn, *args, **kw):
        try:
            return fn(self.store, self.actor, *args, **kw)
        except Refused as exc:
            self.refused.emit(str(exc))
            QMessageBox.warning(self.window, self.tr("不能执行"), str(exc))
            return None

    def accept(self, claim_id: int) -> bool:
        return self._decided(claim_id, self._run(review.decide, claim_id, "accept"))

    def reject(self, claim_id: int, reason: str | None = None) -> bool:
        if reason is None:
            d = ReasonDialog(self.tr("不予支持"), self.tr("请写明不予支持的理由："), self.window)
            if not d.exec():
                return False
            reason = d.reason()
        return self._decided(claim_id, self._run(review.decide, claim_id, "reject", reason=reason))

    def set_amount(self, claim_id: int, amount=None, reason: str | None = None,
                   override_reason: str = "") -> bool:
        if amount is None:
            c = review.claim(self.store, claim_id)
            d = AmountDialog(self.tr("设定审核金额"), c.suggested, self.window)
            if not d.exec():
                return False
            amount, reason = d.amount(), d.reason()
        return self._decided(claim_id, self._run(review.decide, claim_id, "amount", amount,
                                                 reason or "", override_reason))

    def undo_last(self) -> bool:
        if not self.undo_stack:
            return False
        claim_id = self.undo_stack[-1]
        if self._run(review.undo, claim_id) is None:
            return False
        self.undo_stack.pop()
        self.claimChanged.emit(claim_id)
        return True

    def _decided(self, claim_id: int, view) -> bool:
        if view is None:
            return False
        self.undo_stack.append(claim_id)
        self.claimChanged.emit(claim_id)
        return True

    def complete_first(self, app_ids: list[int]) -> bool:
        return self._staged(app_ids, self._run(review.complete_first_review, app_ids))

    def confirm_second(self, app_ids: list[int]) -> bool:
        return self._staged(app_ids, self._run(review.confirm_second_review, app_ids))

    def return_to_first(self, app_ids: list[int], reason: str | None = None) -> bool:
        if reason is None:
            d = ReasonDialog(self.tr("退回初审"), self.tr("请写明退回的理由："), self.window)
            if not d.exec():
                return False
            reason = d.reason()
        return self._staged(app_ids, self._run(review.return_to_first, app_ids, reason))

    def _staged(self, app_ids, result) -> bool:
        if result is None:
            return False
        self.undo_stack.clear()   # a completed stage cannot be undone from here
        self.stageChanged.emit(app_ids)
        return True
