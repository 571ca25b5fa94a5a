"""Decisions and stages from the window, passed to core.review; the core says yes or no.

Every refusal (workflow.Refused) is shown as the core worded it. Nothing here checks an
amount, a reason or a stage: the dialogs collect what the reviewer typed and the core judges.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from workbench.core.domain.money import fmt
from workbench.core.domain.workflow import Refused
from workbench.core.review import decisions as review
from workbench.core.store.database import Store

from .dialogs.decision import AmountDialog, ReasonDialog
from .tasks import BackgroundOp

__all__ = ["ReviewActions"]


class ReviewActions(QObject):
    claimChanged = Signal(object)   # claim id
    stageChanged = Signal(object)   # application ids
    refused = Signal(str)           # the core's message, for tests and the status bar
    finalized = Signal(object)      # core.awards.FinalizeReport

    def __init__(self, window: QWidget, store, actor: str, store_path: Path | None = None,
                 rules=None):
        super().__init__(window)
        self.window = window
        self.store = store
        self.actor = actor
        self.store_path = store_path
        self.rules = rules
        self.undo_stack: list[int] = []   # claim ids decided in this session, newest last

    def _run(self, fn, *args, **kw):
        try:
            return fn(self.store, self.actor, *args, **kw)
        except Refused as exc:
            self.refused.emit(str(exc))
            QMessageBox.warning(self.window, self.tr("不能执行"), str(exc))
            return None

    def accept(self, claim_id: int, seen: int | None = None) -> bool:
        """seen: the claim's decision as the reviewer saw it (ClaimDetail.seen); another
        reviewer's decision since is refused by the core, and the row is read again."""
        return self._decided(claim_id, self._run(review.decide, claim_id, "accept", seen=seen), seen)

    def _try(self, fn, *args, **kw):
        """For a dialog's submit: the core's refusal as text (the dialog shows it and stays
        open with what was typed), or None once the decision is recorded."""
        try:
            self._last = fn(self.store, self.actor, *args, **kw)
        except Refused as exc:
            self.refused.emit(str(exc))
            return str(exc)
        return None

    def reject(self, claim_id: int, reason: str | None = None, seen: int | None = None) -> bool:
        if reason is not None:
            return self._decided(claim_id, self._run(review.decide, claim_id, "reject", reason=reason,
                                                     seen=seen), seen)
        self._last = None
        d = ReasonDialog(self.tr("不予支持"), self.tr("请写明不予支持的理由："), self.window,
                         submit=lambda r: self._try(review.decide, claim_id, "reject", reason=r, seen=seen))
        return bool(d.exec()) and self._decided(claim_id, self._last)

    def set_amount(self, claim_id: int, amount=None, reason: str | None = None,
                   override_reason: str = "", seen: int | None = None) -> bool:
        if amount is not None:
            return self._decided(claim_id, self._run(review.decide, claim_id, "amount", amount,
                                                     reason or "", override_reason, seen=seen), seen)
        c = review.claim(self.store, claim_id)
        self._last = None
        d = AmountDialog(self.tr("调整金额"), c.suggested, self.window,
                         submit=lambda a, r, o: self._try(review.decide, claim_id, "amount", a, r, o,
                                                          seen=seen))
        return bool(d.exec()) and self._decided(claim_id, self._last)

    def undo_last(self) -> bool:
        if not self.undo_stack:
            return False
        claim_id = self.undo_stack[-1]
        if self._run(review.undo, claim_id) is None:
            return False
        self.undo_stack.pop()
        self.claimChanged.emit(claim_id)
        return True

    def _decided(self, claim_id: int, view, seen: int | None = None) -> bool:
        if view is None:
            if seen is not None:
                self.claimChanged.emit(claim_id)   # perhaps decided elsewhere: show it as it is
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
            from .dialogs.decision import RETURN_REASONS
            d = ReasonDialog(self.tr("退回初审"), self.tr("请写明退回的理由："), self.window,
                             reasons=RETURN_REASONS)
            if not d.exec():
                return False
            reason = d.reason()
        return self._staged(app_ids, self._run(review.return_to_first, app_ids, reason))

    # ---- finalize (审定) ------------------------------------------------------------------

    def finalize(self, *, batch: str | None = None, app_ids: list[int] | None = None,
                 doc_no: str | None = None, override_reason: str = "") -> BackgroundOp | None:
        """Ask for the approval document number (文号) and finalize in the background: the core
        writes the ledger and re-settles the open applications the new awards concern."""
        if doc_no is None:
            what = (self.tr("批次“{b}”中复核完成的全部申报").format(b=batch) if batch is not None
                    else self.tr("所选申报"))
            doc_no, ok = QInputDialog.getText(
                self.window, self.tr("审定"),
                self.tr("审定{what}：核定金额将写入资助台账，之后只能以更正方式修改。\n"
                        "请填写批准文号（文号）：").format(what=what))
            if not ok:
                return None
        path, rules, actor = self.store_path, self.rules, self.actor

        def op(progress):
            progress(0, 0, "")
            from workbench.core.review.awards import finalize
            with Store.open(path) as store:
                return finalize(store, actor, doc_no, batch=batch, app_ids=app_ids, rules=rules,
                                override_reason=override_reason)

        def failed(exc):
            # Above a cap across the applications: the override reason is asked (amend_flow).
            if (isinstance(exc, Refused) and not override_reason
                    and self.window.amends.override_after(exc, batch, app_ids, doc_no)):
                return
            self._failed(exc)

        return (BackgroundOp(self.window, op, self._finalized)
                .failure(failed)
                .with_progress(self.tr("正在审定并写入资助台账…"), cancellable=False)
                .run_in_background())

    def _finalized(self, report) -> None:
        from .dialogs.changes import ChangesDialog

        self.undo_stack.clear()
        self.stageChanged.emit(report.applications)
        self.finalized.emit(report)
        summary = self.tr("已审定 {n} 份申报（文号 {doc}），写入资助台账 {rows} 行，合计 {total} 元。").format(
            n=len(report.applications), doc=report.doc_no, rows=report.ledger_rows, total=fmt(report.total))
        if report.overrides:
            summary += self.tr("其中超额核定 {n} 项。").format(n=report.overrides)
        dlg = ChangesDialog(self.tr("审定结果"), summary, report.recompute, self.window)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.result_dialog = dlg

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            self.refused.emit(str(exc))
            QMessageBox.warning(self.window, self.tr("不能执行"), str(exc))
        else:
            self.window.show_error(exc)

    def _staged(self, app_ids, result) -> bool:
        if result is None:
            return False
        self.undo_stack.clear()   # a completed stage cannot be undone from here
        self.stageChanged.emit(app_ids)
        return True
