"""Who is working: register a reviewer (with role) on the open store, switch reviewer
without restarting. The core decides who may add whom (core.reviewers)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

__all__ = ["People"]


class People(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def register_profile(self, profile: dict) -> str | None:
        """A new profile becomes a reviewer of this store, added by the one working now."""
        w = self.window
        return w.workspace.ensure_reviewer(profile["name"], profile.get("title") or "经办人",
                                              by=w.reviewer or None)

    def switch_reviewer(self) -> bool:
        w = self.window
        from .dialogs.profile import ProfileDialog, store_reviewers
        d = ProfileDialog(w.settings, w, store_reviewers=store_reviewers(w.workspace.path),
                          register=self.register_profile)
        d.combo.setCurrentIndex(max(d.combo.findData(w.reviewer), 0))
        w.profile_dialog = d
        try:
            if not d.exec():
                return False
            return self.set_reviewer(d.chosen())
        finally:
            # Each switch makes a new dialog: the old ones are not left parented to the window.
            d.deleteLater()

    def set_reviewer(self, name: str) -> bool:
        w = self.window
        from .dialogs.profile import profile_named
        profile = profile_named(w.settings, name) or {}
        problem = w.workspace.ensure_reviewer(name, profile.get("title") or "经办人",
                                                 by=w.reviewer or None)
        if problem:
            QMessageBox.warning(w, self.tr("不能切换审核人员"), problem)
            return False
        w.reviewer = w.review.actor = name
        w.review.undo_stack.clear()   # the undo belongs to the one who decided
        w.reviewer_problem = None
        w._update_title()
        w._update_status()
        w.statusBar().showMessage(self.tr("现在的审核人员：{name}").format(name=name), 6000)
        return True

