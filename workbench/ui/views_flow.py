"""The window's views beside the review: audit log, ledger, budget, settings, shortcuts, about.

Split from `main_window` to keep it small: a mixin of `MainWindow`, so these stay its methods
(`window.show_ledger()`, the actions wired to them) and each dialog is kept on the window
(`window.ledger_dialog` …) as before. Each opens a dialog from `dialogs/`; the core is reached
only through the window's workspace and review actions.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["WindowViews"]


class WindowViews:
    """Mixed into MainWindow (a QMainWindow with apps, sheets, people, review, settings)."""


    def show_audit_log(self):
        from .dialogs.audit_log import AuditLogDialog
        dlg = AuditLogDialog(self.workspace.store, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.audit_dialog = dlg
        return dlg

    def show_ledger(self):
        from .dialogs.ledger_view import LedgerDialog

        app = self.apps.current()
        dlg = LedgerDialog(self, app.credit_code if app else None, app.year if app else None)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()
        self.ledger_dialog = dlg
        return dlg

    def show_budget(self):
        from .dialogs.budget_view import BudgetDialog

        batch = self.apps.current_batch()
        if batch is None:
            QMessageBox.information(self, self.tr("预算总览"), self.tr("预算按批次设定：请先在左侧选择一个批次。"))
            return None
        dlg = BudgetDialog(self, batch)
        dlg.changed.connect(self.reload)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.show()
        self.budget_dialog = dlg
        return dlg

    def show_settings(self):
        from workbench.core.app.paths import store_in_data_folder

        from .dialogs.settings_dialog import SettingsDialog

        keys = self.sheets.keys()
        dlg = SettingsDialog(self.settings, self, register=self.people.register_profile,
                             default_store=store_in_data_folder(), current_store=self.workspace.where,
                             keys=keys)
        dlg.accepted.connect(lambda: self.apply_settings(dlg.changed))
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.settings_dialog = dlg
        return dlg

    def apply_settings(self, changed: dict) -> None:
        """Rule set and fonts at once; the store and the language on the next start."""
        from .fonts import apply_font
        from .settings import rules_from

        if "review/rule_set" in changed:
            self.rules = self.review.rules = rules_from(self.settings)
            self._update_status()
        if changed.keys() & {"ui/font_family", "ui/font_size", "ui/font_path"}:
            apply_font(QApplication.instance(), self.settings.get("ui/font_family"),
                       self.settings.get("ui/font_size"), self.settings.get("ui/font_path"))
        if changed.keys() & {"store/path", "store/engine", "store/server", "ui/language"}:
            self.statusBar().showMessage(self.tr("数据库位置和界面语言在重新启动后生效"), 10000)

    def show_shortcuts(self):
        from .dialogs.shortcuts import ShortcutsDialog
        dlg = ShortcutsDialog(self.a, self)
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        dlg.open()
        self.shortcuts_dialog = dlg
        return dlg

    def about(self) -> None:
        from .. import __version__
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "光明区智能传感器扶持资金申报审核工作台\n版本 {v}\n规则集 {rules}").format(
                v=__version__, rules=self.rules.version))
