"""The main window: wires panels, actions, background tasks and the core. Holds no rules."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
)

from workbench.core.rules.ruleset import RuleSet

from .actions import make_actions
from .dialogs.import_report import ImportReportDialog
from .import_flow import ImportReport, collect_workbooks, import_workbooks
from .models.rows import AppRow, ClaimRow
from .panels.app_list import ApplicationListPanel
from .panels.claim_detail import ClaimDetailPanel
from .panels.claims_view import ClaimsPanel
from .settings import Settings
from .tasks import BackgroundOp
from .views_flow import WindowViews
from .workspace import Workspace

__all__ = ["MainWindow"]


class MainWindow(QMainWindow, WindowViews):
    importFinished = Signal(object)   # ImportReport; for tests and the status bar

    def __init__(self, workspace: Workspace, settings: Settings, rules: RuleSet,
                 reviewer: str = "", parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.rules = rules
        self.reviewer = reviewer
        self.last_import: ImportReport | None = None
        self.setAcceptDrops(True)

        self.apps = ApplicationListPanel(self)
        # A long list's totals are read for the rows shown, from whichever store is open.
        self.apps.model.fill_rows = lambda ids, totals: self.workspace.application_rows_of(ids, totals)
        self.claims = ClaimsPanel(self)
        self.detail = ClaimDetailPanel(self)
        right = QSplitter(Qt.Horizontal)
        right.addWidget(self.claims)
        right.addWidget(self.detail)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        main = QSplitter(Qt.Horizontal)
        main.addWidget(self.apps)
        main.addWidget(right)
        main.setStretchFactor(0, 0)   # a wider window widens the claims table first
        main.setStretchFactor(1, 1)
        self.splitter_main, self.splitter_right = main, right
        self.setCentralWidget(main)

        self.a = make_actions(self)
        from .review_actions import ReviewActions
        profile = next((p for p in settings.get("review/profiles") if p.get("name") == reviewer), {})
        self.reviewer_problem = workspace.ensure_reviewer(reviewer, profile.get("title") or "经办人")
        self.review = ReviewActions(self, workspace.store, reviewer, workspace.path, rules)
        self.review.claimChanged.connect(self._claim_changed)
        self.review.stageChanged.connect(lambda _ids: self.reload())
        self._build_menus()
        self._connect()
        self._status_store = QLabel()
        self._status_user = QLabel()
        self._status_rules = QLabel()
        for w in (self._status_user, self._status_rules, self._status_store):
            w.setContentsMargins(6, 0, 6, 0)
            self.statusBar().addPermanentWidget(w)
        self._update_title()
        self._restore_state()
        self.reload()
        # The decision keys (A/R/E/N) work at once: the claims table has the focus.
        self.claims.view.setFocus(Qt.OtherFocusReason)
        if self.reviewer_problem:
            self.statusBar().showMessage(self.reviewer_problem)
        from .watch import StoreWatch
        self.watch = StoreWatch(self)   # others' changes (other PCs, the command line)

    # ---- building ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        a, mb = self.a, self.menuBar()
        m = mb.addMenu(self.tr("文件(&F)"))
        m.addActions([a.import_files, a.import_folder, a.import_ledger, a.save_template])
        self.recent_menu = m.addMenu(self.tr("最近的批次"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        m.addActions([a.backup, a.restore])
        m.addSeparator()
        m.addAction(a.switch_reviewer)
        m.addAction(a.settings)
        m.addSeparator()
        m.addAction(a.quit)
        m = mb.addMenu(self.tr("审核(&R)"))
        for x in (a.accept, a.set_amount, a.reject, None, a.next, a.previous, a.undo, None, a.complete_first,
                  a.confirm_second, a.return_second, a.finalize, None, a.amend, a.replace, a.open_original):
            m.addSeparator() if x is None else m.addAction(x)
        m = mb.addMenu(self.tr("审核表(&S)"))
        for x in (a.export_sheets, a.sign, a.countersign, a.verify, None, a.print_preview, a.print,
                  None, a.open_export_dir, None, a.keys):
            m.addSeparator() if x is None else m.addAction(x)
        m = mb.addMenu(self.tr("查看(&V)"))
        for x in (a.ledger, a.budget, a.audit, None, a.refresh):
            m.addSeparator() if x is None else m.addAction(x)
        m = mb.addMenu(self.tr("帮助(&H)"))
        m.addAction(a.shortcuts)
        m.addAction(a.about)

        tb = QToolBar(self.tr("工具栏"))
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        for x in (a.import_files, a.import_folder, None, a.accept, a.set_amount, a.reject, None,
                  a.complete_first, a.confirm_second, a.finalize, None, a.export_sheets, a.sign,
                  None, a.refresh):
            tb.addSeparator() if x is None else tb.addAction(x)
        self.addToolBar(tb)

        # Decision keys work while the claims table has the focus, not while typing elsewhere.
        for x in (a.accept, a.set_amount, a.reject, a.next, a.previous):
            x.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.claims.view.addAction(x)

    def _connect(self) -> None:
        a = self.a
        a.import_files.triggered.connect(self.choose_import_files)
        a.import_folder.triggered.connect(self.choose_import_folder)
        a.quit.triggered.connect(self.close)
        a.refresh.triggered.connect(self.reload)
        a.next.triggered.connect(lambda: self.next_claim())
        a.previous.triggered.connect(lambda: self.claims.move(-1))
        from .sheets_flow import SheetActions
        self.sheets = SheetActions(self)
        a.open_export_dir.triggered.connect(self.sheets.open_folder)
        a.export_sheets.triggered.connect(lambda: self.sheets.export())
        a.sign.triggered.connect(lambda: self.sheets.sign())
        a.countersign.triggered.connect(lambda: self.sheets.sign(countersign=True))
        a.verify.triggered.connect(lambda: self.sheets.verify())
        a.print_preview.triggered.connect(lambda: self.sheets.print_preview())
        a.print.triggered.connect(lambda: self.sheets.print())
        a.about.triggered.connect(self.about)
        a.shortcuts.triggered.connect(lambda: self.show_shortcuts())
        from .amend_flow import wire_more
        wire_more(self)
        from .people import People
        self.people = People(self)
        a.switch_reviewer.triggered.connect(lambda: self.people.switch_reviewer())
        from .store_actions import StoreActions
        self.files = StoreActions(self)
        a.save_template.triggered.connect(lambda: self.files.save_template())
        a.backup.triggered.connect(lambda: self.files.backup())
        a.restore.triggered.connect(lambda: self.files.restore())
        a.audit.triggered.connect(self.show_audit_log)
        a.settings.triggered.connect(self.show_settings)
        a.ledger.triggered.connect(self.show_ledger)
        a.budget.triggered.connect(self.show_budget)
        a.import_ledger.triggered.connect(lambda: self.show_ledger().choose_ledger())
        a.accept.triggered.connect(lambda: self._decide(self.review.accept))
        a.reject.triggered.connect(lambda: self._decide(self.review.reject))
        a.set_amount.triggered.connect(lambda: self._decide(self.review.set_amount))
        a.undo.triggered.connect(self.review.undo_last)
        a.complete_first.triggered.connect(lambda: self._stage(self.review.complete_first))
        a.confirm_second.triggered.connect(lambda: self._stage(self.review.confirm_second))
        a.return_second.triggered.connect(lambda: self._stage(self.review.return_to_first))
        a.finalize.triggered.connect(lambda: self.finalize())
        self.apps.batchChosen.connect(self._batch_chosen)
        self.apps.applicationChosen.connect(self._application_chosen)
        self.claims.claimChosen.connect(self._claim_chosen)
        self.claims.wholeBatchToggled.connect(lambda _on: self._application_chosen(self.apps.current()))

    # ---- showing -----------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read batches and applications, keeping the current batch and application."""
        batch = self.apps.current_batch() if self.apps.batch_box.count() else self._last_batch()
        keep = self.apps.current()
        batches = self.workspace.batches()
        if batch is not None and batch not in batches:
            batch = None
        self.apps.set_batches(batches, batch)
        self.apps.set_rows(self.workspace.application_rows(batch))
        if not (keep and self.apps.select(keep.id)) and self.apps.model.rowCount():
            self.apps.select(self.apps.model.row_at(0).id)
        elif not self.apps.model.rowCount():
            self._application_chosen(None)
        self._update_status()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        known = set(self.workspace.batches())
        for batch in self.settings.get("ui/recent_batches"):
            if batch in known:
                self.recent_menu.addAction(batch, lambda b=batch: self.open_batch(b))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)

    def open_batch(self, batch: str) -> None:
        self.apps.set_batches(self.workspace.batches(), batch)
        self._batch_chosen(batch)

    def _last_batch(self) -> str | None:
        recent = self.settings.get("ui/recent_batches")
        return recent[0] if recent else None

    def _batch_chosen(self, batch) -> None:
        if batch is not None:
            self.settings.push_recent("ui/recent_batches", batch)
        self.apps.set_rows(self.workspace.application_rows(batch))
        if self.apps.model.rowCount():
            self.apps.select(self.apps.model.row_at(0).id)
        else:
            self._application_chosen(None)

    # A whole batch above this many claims is not held in memory: the table reads it a page at
    # a time and the database sorts and filters it (core.claim_window).
    WINDOW_CLAIMS = 20_000

    def _application_chosen(self, app: AppRow | None) -> None:
        if self.claims.whole_batch.isChecked():
            batch = self.apps.current_batch()
            heading = self.tr("本批次全部事项") if batch is not None else self.tr("全部申报事项")
            if self.workspace.claim_count(batch) <= self.WINDOW_CLAIMS:
                self.claims.set_rows(self.workspace.batch_claim_rows(batch), heading, many_enterprises=True)
            else:
                self._show_window(batch, heading)
        elif app is None:
            self.claims.set_rows([], self.tr("未选择申报"))
        else:
            heading = self.tr("{name}　{year} 年度　（{code}）").format(
                name=app.name, year=app.year, code=app.credit_code)
            self.claims.set_rows(self.workspace.claim_rows(app.id), heading)

    def _show_window(self, batch, heading) -> None:
        """A large batch: its first page now; what its filters test is read in the background
        (until then they ask the database, slower)."""
        from .workspace import load_claim_search
        earlier = getattr(self, "batch_load", None)
        if earlier is not None and not earlier.finished:
            earlier.cancel()
        window = self.workspace.claim_window(batch)
        self.claims.set_window(window, heading)
        path = self.workspace.path
        self.batch_load = (BackgroundOp(self, lambda progress: load_claim_search(path, batch, progress),
                                        lambda search: self.claims.use_search(window, search))
                           .failure(self.show_error).run_in_background())

    def _decide(self, fn) -> None:
        row = self.claims.current()
        shown = self.detail.detail
        # What the reviewer saw: another PC's decision since then is refused, not overwritten.
        seen = shown.seen if row is not None and shown is not None and shown.key == row.key else None
        if row is not None and fn(row.key, seen=seen):
            self.claims.move(+1)   # as in Excel: decide, and go on to the next line

    def next_claim(self) -> bool:
        from .stage_flow import next_claim
        return next_claim(self)

    def _stage(self, fn) -> bool:
        from .stage_flow import stage
        return stage(self, fn)

    def finalize(self, doc_no: str | None = None):
        """The chosen batch's applications at 复核完成, or the current application when every
        batch is shown; the core says which may be finalized and why not."""
        batch = self.apps.current_batch()
        if batch is not None:
            return self.review.finalize(batch=batch, doc_no=doc_no)
        app = self.apps.current()
        if app is None:
            return None
        return self.review.finalize(app_ids=[app.id], doc_no=doc_no)

    def _claim_changed(self, claim_id) -> None:
        row = self.workspace.claim_row(claim_id)
        if row is None:
            return
        self.claims.update_row(row)
        app = self.workspace.application_row(row.application_id)
        if app is not None:
            self.apps.update_row(app)

    def _claim_chosen(self, row: ClaimRow | None) -> None:
        self.detail.show_detail(self.workspace.claim_detail(row) if row is not None else None)

    def _update_title(self) -> None:
        """Store file and reviewer first, then the program's name. Qt adds the application's
        display name to a title that does not already end with it, so the title ends with it."""
        app = QApplication.applicationDisplayName() or self.tr("光明区智能传感器扶持资金申报审核工作台")
        self.setWindowTitle(self.tr("{store}（{reviewer}）— {app}").format(
            store=self.workspace.name, reviewer=self.reviewer or self.tr("未选择审核人员"), app=app))

    def _update_status(self) -> None:
        ws = self.workspace
        if ws.on_server:
            self._status_store.setText(self.tr("数据库服务器：{url}　登录名：{login}").format(
                url=ws.name, login=ws.store.login))
        else:
            self._status_store.setText(self.tr("数据库：{name}").format(name=ws.name))
        self._status_store.setToolTip(ws.where)
        self._status_user.setText(self.tr("审核人员：{name}").format(name=self.reviewer or self.tr("未选择")))
        self._status_rules.setText(self.tr("规则集：{v}").format(v=self.rules.version))

    # ---- import ------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择申报表"), self.settings.get("ui/last_import_dir"),
            self.tr("Excel 申报表 (*.xlsx *.xlsm);;所有文件 (*)"))
        if files:
            self.settings.set("ui/last_import_dir", str(Path(files[0]).parent))
            self.import_paths(files)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择申报表所在文件夹"),
                                                  self.settings.get("ui/last_import_dir"))
        if folder:
            self.settings.set("ui/last_import_dir", folder)
            self.import_paths([folder])

    def import_paths(self, paths, batch: str | None = ..., *, ask_batch: bool = True) -> BackgroundOp | None:
        files = collect_workbooks(paths)
        if not files:
            QMessageBox.information(self, self.tr("导入"), self.tr("没有找到申报表文件（.xlsx）。"))
            return None
        if batch is ...:
            batch = self.apps.current_batch()
            if ask_batch:
                text, ok = QInputDialog.getText(
                    self, self.tr("导入批次"), self.tr("将 {n} 个文件导入到批次：").format(n=len(files)),
                    text=batch or "")
                if not ok:
                    return None
                batch = text.strip() or None
        store_path, rules, actor = self.workspace.path, self.rules, self.reviewer
        return (BackgroundOp(self, lambda progress: import_workbooks(
                    store_path, files, rules, batch=batch, actor=actor, progress=progress),
                success=lambda report: self._import_done(report, batch))
                .failure(self.show_error)
                .with_progress(self.tr("正在导入申报表…"))
                .run_in_background())

    def _import_done(self, report: ImportReport, batch: str | None) -> None:
        self.last_import = report
        if batch:
            self.settings.push_recent("ui/recent_batches", batch)
        self.reload()
        if batch is not None and self.apps.current_batch() != batch:
            self.apps.set_batches(self.workspace.batches(), batch)
            self._batch_chosen(batch)
        if report.imported:
            self.apps.select(report.imported[-1][1])
        self.statusBar().showMessage(self.tr("导入 {ok} 个文件，拒收 {refused} 个").format(
            ok=len(report.imported), refused=len(report.refused)), 8000)
        self.importFinished.emit(report)
        if report.refused or report.rejected or report.cancelled or report.already:
            dlg = ImportReportDialog(report, self)
            dlg.setAttribute(Qt.WA_DeleteOnClose)
            dlg.open()
            self.import_report_dialog = dlg

    # ---- drag and drop -----------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ---- misc --------------------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        box = QMessageBox(QMessageBox.Critical, self.tr("出错了"), str(exc) or type(exc).__name__,
                          QMessageBox.Ok, self)
        details = getattr(exc, "__traceback_text__", "")
        if details:
            box.setDetailedText(details)
        box.open()
        self.error_box = box


    # ---- state -------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self.settings
        if not s.get("ui/geometry").isEmpty():
            self.restoreGeometry(s.get("ui/geometry"))
        self._fit_screen(first=s.get("ui/geometry").isEmpty())
        if not s.get("ui/window_state").isEmpty():
            self.restoreState(s.get("ui/window_state"))
        self._first_layout = True
        for key, w in (("ui/splitter_main", self.splitter_main), ("ui/splitter_right", self.splitter_right)):
            if not s.get(key).isEmpty():
                w.restoreState(s.get(key))
                self._first_layout = False
        if self._first_layout:
            self._size_panes(self.width())
        header = s.get("ui/claim_columns")
        if not header.isEmpty():
            self.claims.view.horizontalHeader().restoreState(header)

    def _fit_screen(self, first: bool) -> None:
        from .screen import fit_window
        fit_window(self, first)

    def _size_panes(self, width: int) -> None:
        from .screen import size_panes
        size_panes(self, width)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._first_layout:
            # The window may have been resized since it was built (restored size, a test).
            self._first_layout = False
            self._size_panes(self.width())

    def save_state(self) -> None:
        s = self.settings
        s.set("ui/geometry", self.saveGeometry())
        s.set("ui/window_state", self.saveState())
        s.set("ui/splitter_main", self.splitter_main.saveState())
        s.set("ui/splitter_right", self.splitter_right.saveState())
        s.set("ui/claim_columns", self.claims.view.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event) -> None:
        from .tasks import running_ops, wait_for_all
        self.watch.stop()
        for op in running_ops():
            op.cancel()
        wait_for_all(10.0)
        # Nothing may read the store after the window is gone (a pending filter, a selection).
        self.claims.stop_pending()
        for w in (self.apps, self.claims):
            w.blockSignals(True)
        self.save_state()
        super().closeEvent(event)
