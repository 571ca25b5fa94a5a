"""Review sheets from the window: export (core.reports.export), sign and countersign
(core.identities.sign_recorded), verify (core.signing.verify_sheet), print preview and print.

Exports and signatures run in the background on their own Store. The signing key's passphrase
is asked every time and never kept; a wrong one (core.signing.WrongPassphrase) is said plainly
and asked again. Which role a signature goes into, whether a field is already signed, whether
a sheet may be overwritten: the core decides and its words are shown.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from workbench.core.domain.workflow import Refused
from workbench.core.store.database import Store

from .pdf_pages import PrintError, a4_printer, can_render, paint_pages, render_pages
from .tasks import BackgroundOp, Cancelled

__all__ = ["SheetActions", "TextDialog"]


def quietly(progress):
    """Progress for core loops that must finish their step (a file written is also recorded):
    cancel is then asked with `progress.cancelled` between steps instead of raised inside."""
    def step(*args):
        try:
            progress(*args)
        except Cancelled:
            pass
    return step


class TextDialog(QDialog):
    """A result as selectable text (verification, signing), easy to copy into a note."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        from .screen import resize_to_fit
        resize_to_fit(self, 720, 420)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)


class SheetActions(QObject):
    exported = Signal(object)    # list[Path]
    signed = Signal(object)      # list[(Path, SignResult | Exception)]
    verified = Signal(object)    # list[(Path, VerifyReport | Exception)]
    printed = Signal(int)        # pages painted

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.sheets: dict[int, Path] = {}     # application id → its last exported sheet
        self.last_folder: Path | None = None

    # ---- where things are --------------------------------------------------------------------

    def _store_path(self) -> str | Path:
        """What a background task opens: the store file, or the server's address."""
        return self.window.workspace.path

    def keys(self):
        from workbench.core.signing.identities import Keys
        return Keys.beside(self.window.workspace.beside, self.window.settings.get("sign/keys_dir") or None)

    def export_folder(self, ask: bool = True) -> Path | None:
        chosen = self.window.settings.get("ui/export_dir")
        default = Path(chosen) if chosen else self.window.workspace.beside.parent / "审核表"
        if not ask:
            return default
        folder = QFileDialog.getExistingDirectory(self.window, self.tr("导出到文件夹"), str(default))
        if not folder:
            return None
        self.window.settings.set("ui/export_dir", folder)
        return Path(folder)

    def _warn(self, exc: BaseException) -> None:
        from workbench.core.signing.signer import SigningError

        if isinstance(exc, (Refused, SigningError, PrintError)):
            self.window.review.refused.emit(str(exc))
            QMessageBox.warning(self.window, self.tr("不能执行"), str(exc))
        else:
            self.window.show_error(exc)

    def _missing_key(self, exc: BaseException) -> bool:
        """No usable key: the guide offers what this PC can do (keys_flow); True when the
        reviewer now has a key."""
        self.window.review.refused.emit(str(exc))
        problem = self.tr("{name} 还没有可用的签名密钥（{why}）。").format(name=self.window.reviewer, why=exc)
        return self.window.keyflow.guide(problem)

    def _show(self, title: str, text: str) -> TextDialog:
        dlg = TextDialog(title, text, self.window)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.result_dialog = dlg
        return dlg

    # ---- export ------------------------------------------------------------------------------

    def export(self, folder: Path | None = None, *, batch: str | None = ...,
               app_id: int | None = None) -> BackgroundOp | None:
        """The chosen batch's sheets, summary and notice list; or, when every batch is shown,
        the current application's sheet."""
        w = self.window
        if batch is ...:
            batch = w.apps.current_batch()
        if batch is None and app_id is None:
            app = w.apps.current()
            if app is None:
                return None
            app_id = app.id
        folder = folder or self.export_folder()
        if folder is None:
            return None
        path, actor = self._store_path(), w.reviewer

        def op(progress):
            from workbench.core.reports.export import export_application, export_batch
            progress(0, 0, "")
            with Store.open(path) as store:
                if batch is not None:
                    # Cancel is asked between files, so that the files written are recorded.
                    r = export_batch(store, batch, folder, actor=actor, progress=quietly(progress),
                                     cancelled=lambda: progress.cancelled)
                    return [(f.application, f.path) for f in r.files], r.warnings, r.cancelled
                return [(app_id, export_application(store, app_id, folder, actor=actor))], [], False

        return (BackgroundOp(w, op, lambda result: self._exported(folder, *result))
                .failure(self._warn)
                .with_progress(self.tr("正在导出审核表…"))
                .run_in_background())

    def _exported(self, folder: Path, files, warnings, cancelled) -> None:
        self.last_folder = folder
        for app_id, p in files:
            if app_id is not None:
                self.sheets[app_id] = p
        paths = [p for _a, p in files]
        text = self.tr("已导出 {n} 个文件到 {folder}：").format(n=len(paths), folder=folder) + "\n" + \
            "\n".join(f"  {p.name}" for p in paths)
        if cancelled:
            text += "\n" + self.tr("（导出已取消，其余文件未导出）")
        if warnings:
            text += "\n" + "\n".join(warnings)
        self.window.statusBar().showMessage(self.tr("已导出 {n} 个文件").format(n=len(paths)), 8000)
        self.exported.emit(paths)
        self._show(self.tr("导出审核表"), text)

    def current_sheets(self) -> list[Path]:
        """The current application's exported sheet, else the reviewer picks PDFs."""
        app = self.window.apps.current()
        if app is not None and app.id in self.sheets and self.sheets[app.id].is_file():
            return [self.sheets[app.id]]
        files, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("选择审核表"), str(self.last_folder or self.export_folder(ask=False)),
            self.tr("审核表 (*.pdf)"))
        return [Path(f) for f in files]

    # ---- signing -----------------------------------------------------------------------------

    def identity_file(self) -> Path:
        """The profile's key file, else the reviewer's identity in the keys folder."""
        from workbench.core.signing.signer import SigningError

        w = self.window
        profile = next((p for p in w.settings.get("review/profiles") if p.get("name") == w.reviewer), {})
        if profile.get("key"):
            key = Path(profile["key"])
            if not key.is_file():
                raise SigningError(self.tr("找不到签名密钥文件：{path}（请在设置中修改审核人员档案）").format(path=key))
            return key
        return self.keys().find(w.reviewer)

    def ask_identity(self, key: Path):
        """Asks the passphrase until it opens the key, or the reviewer cancels (None)."""
        from workbench.core.signing.signer import WrongPassphrase, load_identity

        prompt = self.tr("请输入签名密钥 {name} 的口令：").format(name=key.name)
        while True:
            text, ok = QInputDialog.getText(self.window, self.tr("签名口令"), prompt, QLineEdit.Password)
            if not ok:
                return None
            try:
                return load_identity(key, text)
            except WrongPassphrase:
                self.window.review.refused.emit(self.tr("口令不正确"))
                prompt = self.tr("口令不正确，请重新输入 {name} 的口令：").format(name=key.name)

    def sign(self, pdfs: list[Path] | None = None, role: str | None = None, *,
             countersign: bool = False) -> BackgroundOp | None:
        from workbench.core.pdf.sheet_data import ROLE_LABELS

        w = self.window
        try:
            key = self.identity_file()
        except Exception as exc:   # noqa: BLE001 - the core's SigningError, or a bad path
            if not self._missing_key(exc):
                return None
            try:
                key = self.identity_file()
            except Exception as again:   # noqa: BLE001 - e.g. a key for another name was issued
                self._warn(again)
                return None
        if countersign and role is None:
            labels = list(ROLE_LABELS.values())
            label, ok = QInputDialog.getItem(w, self.tr("会签"), self.tr("签入哪一栏："), labels, 1, False)
            if not ok:
                return None
            role = next(k for k, v in ROLE_LABELS.items() if v == label)
        pdfs = pdfs if pdfs is not None else self.current_sheets()
        if not pdfs:
            return None
        identity = self.ask_identity(key)
        if identity is None:
            return None
        if role is None:
            role = identity.role   # the role on the certificate; None lets the core choose
        path, actor = self._store_path(), w.reviewer

        def op(progress):
            from workbench.core.pdf.fonts import find_cjk_font
            from workbench.core.signing.identities import sign_recorded
            from workbench.core.signing.signer import SigningError

            font = find_cjk_font()
            out = []
            with Store.open(path) as store:
                for i, pdf in enumerate(pdfs):
                    if progress.cancelled:
                        break   # the sheets signed so far stay signed and are listed
                    quietly(progress)(i, len(pdfs), pdf.name)
                    try:
                        out.append((pdf, sign_recorded(store, pdf, identity, role, actor=actor, font=font)))
                    except (SigningError, Refused) as exc:
                        out.append((pdf, exc))
            return out

        return (BackgroundOp(w, op, self._signed).failure(self._warn)
                .with_progress(self.tr("正在签署审核表…")).run_in_background())

    def _signed(self, results) -> None:
        from workbench.core.pdf.sheet_data import ROLE_LABELS

        lines = []
        for pdf, r in results:
            if isinstance(r, Exception):
                lines.append(f"✗ {pdf.name}：{r}")
            else:
                lines.append(self.tr("✓ {file}：{signer} 已签署（{role}）").format(
                    file=pdf.name, signer=r.signer, role=ROLE_LABELS.get(r.role, r.role)))
        self.signed.emit(results)
        self._show(self.tr("签署结果"), "\n".join(lines))

    # ---- verify ------------------------------------------------------------------------------

    def verify(self, pdfs: list[Path] | None = None) -> BackgroundOp | None:
        pdfs = pdfs if pdfs is not None else self.current_sheets()
        if not pdfs:
            return None
        keys = self.keys()

        def op(progress):
            from workbench.core.signing.sheet_verify import verify_sheet
            from workbench.core.signing.signer import SigningError

            roots = keys.trust_roots()
            out = []
            for i, pdf in enumerate(pdfs):
                progress(i, len(pdfs), pdf.name)
                try:
                    out.append((pdf, verify_sheet(pdf, roots)))
                except (SigningError, OSError) as exc:
                    out.append((pdf, exc))
            return out

        return (BackgroundOp(self.window, op, self._verified).failure(self._warn)
                .with_progress(self.tr("正在验证签名…")).run_in_background())

    def _verified(self, results) -> None:
        parts = []
        for pdf, r in results:
            if isinstance(r, Exception):
                parts.append(f"✗ {pdf.name}：{r}")
                continue
            head = self.tr("✓ {file}：签名有效") if r.ok else self.tr("✗ {file}：验证未通过")
            parts.append(head.format(file=pdf.name) + "\n" + "\n".join(f"    {ln}" for ln in r.lines()))
        self.verified.emit(results)
        self._show(self.tr("验证签名"), "\n".join(parts))

    # ---- print -------------------------------------------------------------------------------

    def _pages(self, pdf: Path) -> list[Path] | None:
        if not can_render():
            # No poppler here (usually Windows): the system's PDF viewer prints it.
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
            return None
        try:
            return render_pages(pdf)
        except PrintError as exc:
            self._warn(exc)
            return None

    def print_preview(self, pdf: Path | None = None) -> QPrintPreviewDialog | None:
        if pdf is None:
            chosen = self.current_sheets()
            if not chosen:
                return None
            pdf = chosen[0]
        pages = self._pages(pdf)
        if pages is None:
            return None
        printer = a4_printer()
        dlg = QPrintPreviewDialog(printer, self.window)
        # The dialog only points at the printer: it must live as long as the dialog.
        dlg.printer_ref = printer
        dlg.setWindowTitle(self.tr("打印预览　{file}").format(file=pdf.name))
        dlg.paintRequested.connect(lambda p: self.printed.emit(paint_pages(p, pages)))
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        from .screen import resize_to_fit
        resize_to_fit(dlg, 900, 1000)
        dlg.open()
        self.preview_dialog = dlg
        return dlg

    def print(self, pdf: Path | None = None) -> bool:
        if pdf is None:
            chosen = self.current_sheets()
            if not chosen:
                return False
            pdf = chosen[0]
        pages = self._pages(pdf)
        if pages is None:
            return False
        printer = a4_printer()
        if QPrintDialog(printer, self.window).exec() != QDialog.Accepted:
            return False
        try:
            self.printed.emit(paint_pages(printer, pages))
        except PrintError as exc:
            self._warn(exc)
            return False
        return True

    def open_folder(self) -> None:
        folder = self.last_folder or self.export_folder(ask=False)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
