"""After 审定 and around it: 更正 a finalized claim (core.awards.amend), replace an application
by the enterprise's corrected workbook (core.batches.replace_application), 审定 with an
override reason when the joint cap check refuses (core.joint), and open the applicant's
original workbook. The core decides; its refusals are shown in its words and the dialogs stay
open with what was typed.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from workbench.core.domain.workflow import Refused

from .dialogs.decision import OVERRIDE_REASONS, AmountDialog, ReasonDialog

__all__ = ["AmendFlow", "wire_more"]

REPLACE_REASONS = (
    "申报单位提交了更正后的申报表",
    "原申报表填写有误，按补正材料替换",
)


class AmendFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def _try(self, fn, *args, **kw):
        w = self.window
        try:
            self._last = fn(w.workspace.store, w.reviewer, *args, **kw)
        except Refused as exc:
            w.review.refused.emit(str(exc))
            return str(exc)
        return None

    # ---- the original workbook -----------------------------------------------------------

    ORIGINALS_KEPT = 5000

    def remember(self, originals: dict) -> None:
        """Where this PC's imports came from: the store keeps only the file's name."""
        w = self.window
        store = _store_key(w.workspace)
        new = [{"store": store, "id": i, "path": p} for i, p in originals.items() if i is not None]
        if not new:
            return
        ids = {e["id"] for e in new}
        kept = [e for e in w.settings.get("ui/originals")
                if not (e.get("store") == store and e.get("id") in ids)]
        w.settings.set("ui/originals", (kept + new)[-self.ORIGINALS_KEPT:])

    def original_path(self, app) -> Path | None:
        store = _store_key(self.window.workspace)
        for e in reversed(self.window.settings.get("ui/originals")):
            if e.get("store") == store and e.get("id") == app.id:
                return Path(e["path"])
        return None

    def open_original(self) -> bool:
        w = self.window
        app = w.apps.current()
        if app is None:
            return False
        path = self.original_path(app)
        if path is None:
            QMessageBox.information(w, self.tr("找不到原申报表"), self.tr(
                "申报 #{id}（{name}）不是在本机导入的，本机不知道原文件 {file} 的位置。").format(
                    id=app.id, name=app.name, file=app.source))
            return False
        if not path.is_file():
            QMessageBox.warning(w, self.tr("找不到原申报表"), self.tr(
                "申报 #{id}（{name}）的原申报表已不在导入时的位置：\n{path}\n"
                "文件可能已被移动、改名或删除；审核数据已存入数据库，不受影响。").format(
                    id=app.id, name=app.name, path=path))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.resolve())))

    # ---- 更正 after 审定 -------------------------------------------------------------------

    def amend(self) -> bool:
        from workbench.core.review import decisions as review
        from workbench.core.review.awards import amend

        w = self.window
        row = w.claims.current()
        if row is None or not isinstance(row.key, int):
            return False
        app = w.workspace.application_row(row.application_id)
        if app is None or app.stage != "finalized":
            QMessageBox.information(w, self.tr("更正"), self.tr(
                "只有已审定的申报需要更正；未审定的，直接修改审核决定即可。"))
            return False
        c = review.claim(w.workspace.store, row.key)
        doc_no, ok = QInputDialog.getText(w, self.tr("更正"), self.tr(
            "更正第 {line} 项（现核定 {amount} 元）：将冲销原台账金额并写入新金额。\n请填写更正的批准文号：").format(
                line=row.line, amount=c.approved if c.approved is not None else "0.00"))
        if not ok or not doc_no.strip():
            return False
        d = AmountDialog(self.tr("更正核定金额（文号 {doc}）").format(doc=doc_no.strip()), c.approved, w,
                         need_reason=True,
                         submit=lambda a, r, o: self._try(amend, row.key, a, r, doc_no, override_reason=o,
                                                          rules=w.rules))
        self.dialog = d
        if not d.exec():
            return False
        report = self._last
        w.reload()
        w.statusBar().showMessage(self.tr("已更正第 {line} 项：{old} 元 → {new} 元").format(
            line=row.line, old=report.old, new=report.new), 8000)
        return True

    # ---- replacing a resubmitted application -------------------------------------------------

    def replace(self) -> bool:
        from workbench.core.review.batches import replace_application

        w = self.window
        app = w.apps.current()
        if app is None:
            return False
        path, _ = QFileDialog.getOpenFileName(
            w, self.tr("选择更正后的申报表（替换 {name}）").format(name=app.name),
            w.settings.get("ui/last_import_dir"), self.tr("Excel 申报表 (*.xlsx *.xlsm)"))
        if not path:
            return False
        d = ReasonDialog(self.tr("替换申报表"), self.tr(
            "用 {file} 替换申报 #{id}（{name}）：原申报及其审核记录保留在审计日志中，新申报重新审核。\n请写明替换的理由：").format(
                file=Path(path).name, id=app.id, name=app.name), w, reasons=REPLACE_REASONS,
            submit=lambda r: self._try(lambda store, actor: replace_application(
                store, app.id, path, actor, r, rules=w.rules)))
        self.dialog = d
        if not d.exec():
            return False
        item = self._last
        if item.application_id is not None:
            self.remember({item.application_id: str(Path(path).resolve())})
        w.reload()
        if item.application_id is not None:
            w.apps.select(item.application_id)
        w.statusBar().showMessage(self.tr("已用 {file} 替换申报 #{old}，新申报编号 #{new}").format(
            file=Path(path).name, old=app.id, new=item.application_id), 8000)
        return True

    # ---- 审定 above a cap ------------------------------------------------------------------

    def override_after(self, exc: Refused, batch, app_ids, doc_no) -> bool:
        """After finalize was refused: when the refusal is the joint cap check, ask for the
        override reason and finalize again with it."""
        from workbench.core.review.joint import preview

        w = self.window
        try:
            _order, breaches = preview(w.workspace.store, batch=batch, app_ids=app_ids, rules=w.rules)
        except Refused:
            return False
        if not breaches:
            return False
        d = ReasonDialog(self.tr("超额审定"), self.tr(
            "{message}\n\n如经批准确需超出上限审定，请写明超额审定的理由（记入审计日志和审核记录）：").format(
                message=str(exc).replace("（--override-reason）", "")), w, reasons=OVERRIDE_REASONS)
        from .screen import resize_to_fit
        resize_to_fit(d, 720, 480)
        self.dialog = d
        if not d.exec():
            return False
        w.review.finalize(batch=batch, app_ids=app_ids, doc_no=doc_no, override_reason=d.reason())
        return True


def wire_more(w) -> None:
    """The window's key management and after-审定 commands: `w.keyflow`, `w.amends`."""
    from .keys_flow import KeyFlow

    a = w.a
    w.keyflow = KeyFlow(w)
    w.amends = AmendFlow(w)
    a.keys.triggered.connect(lambda: w.keyflow.show())
    a.amend.triggered.connect(lambda: w.amends.amend())
    a.replace.triggered.connect(lambda: w.amends.replace())
    a.open_original.triggered.connect(lambda: w.amends.open_original())

    def decided(claim_id) -> None:
        # The last line decided stays the current one: its explanation shows the decision now.
        row = w.claims.current()
        if row is not None and row.key == claim_id:
            w._claim_chosen(row)
    w.review.claimChanged.connect(decided)
    w.importFinished.connect(lambda report: w.amends.remember(report.originals))


def _store_key(workspace) -> str:
    """How this PC's list of original workbooks names the store: the file in full, or the
    server's address (never a password)."""
    if workspace.on_server:
        return workspace.name
    return str(Path(workspace.path).resolve())
