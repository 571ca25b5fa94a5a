"""Start of the desktop program: `python -m workbench [--db STORE.sqlite | --db postgresql://…]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from workbench.core.app.paths import store_arg
from workbench.core.domain.resources import resource_path

from .fonts import apply_font, font_warning
from .i18n import install_language
from .main_window import MainWindow
from .settings import APPLICATION, ORGANIZATION, Settings, rules_from
from .workspace import Workspace

__all__ = ["run_app", "create_main_window", "prepare_app", "store_path", "rules_from"]


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", type=store_arg, default=None)
    p.add_argument("--reviewer", default=None)
    args, _rest = p.parse_known_args(argv)
    return args


def store_path(settings: Settings, db: str | Path | None = None) -> str | Path:
    """--db, else the store chosen in settings (a file, or the office's server), else the
    default under the user's data folder. A server's address is kept as it is (a str)."""
    if db is not None:
        return store_arg(str(db))
    server = settings.get("store/server").strip()
    if settings.get("store/engine") == "postgresql" and server:
        return server
    chosen = settings.get("store/path")
    if chosen:
        return Path(chosen)
    from workbench.core.app.paths import store_in_data_folder
    return store_in_data_folder()




def prepare_app(app: QApplication, settings: Settings) -> None:
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(app.translate("App", "光明区扶持资金审核工作台"))
    app.setWindowIcon(QIcon(str(resource_path("icons", "workbench.png"))))
    install_language(app, settings.get("ui/language"))
    apply_font(app, settings.get("ui/font_family"), settings.get("ui/font_size"),
               settings.get("ui/font_path"))
    warning = font_warning()
    if warning:
        print(warning, file=sys.stderr)
    app.setProperty("font_warning", warning or "")


def create_main_window(db: str | Path, settings: Settings, reviewer: str = "") -> MainWindow:
    return MainWindow(Workspace(db), settings, rules_from(settings), reviewer=reviewer)


def register_first(path: str | Path, profile: dict) -> str | None:
    """Before any window: a new profile registers itself on a store without reviewers; on a
    store that has some, the core refuses (a registered reviewer adds others, in the window)."""
    from workbench.core.domain.workflow import Refused
    from workbench.core.store.database import Store
    from workbench.core.store.reviewers import add_reviewer, find

    try:
        if isinstance(path, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
        with Store.open(path) as store:
            if find(store, profile["name"]) is not None:
                return None
            add_reviewer(store, profile["name"], profile.get("title") or "经办人", actor=profile["name"])
    except Refused as exc:
        return app_text("{error}。请由已登记的审核人员在窗口中（文件→切换审核人员→新建档案）登记。").format(
            error=str(exc).rstrip("。"))
    return None


def choose_store(settings: Settings) -> bool:
    """At start-up: a store file on this PC or the office's server, saved in the settings."""
    from workbench.core.app.paths import store_in_data_folder

    from .dialogs.store_choice import StoreChoiceDialog
    d = StoreChoiceDialog(settings, None, store_in_data_folder())
    chosen = bool(d.exec())
    d.deleteLater()
    return chosen


def shown_store(path: str | Path) -> str:
    """The store for a message: the file, or the server's address without a password."""
    from workbench.core.store.pg.opening import is_url, shown

    return shown(path) if is_url(path) else str(path)


def _cannot_open(path: str | Path, error: BaseException) -> int:
    QMessageBox.critical(None, app_text("无法打开数据库"),
                         app_text("无法打开数据库 {path}：\n{error}").format(path=shown_store(path), error=error))
    return 1


def app_text(text: str) -> str:
    return QApplication.translate("App", text)


def run_app(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workbench"])
    settings = Settings()   # the ini file in the local data folder, beside the store
    prepare_app(app, settings)

    reviewer = args.reviewer
    while True:   # again when the person chose another store at the start
        path = store_path(settings, args.db)
        if isinstance(path, str):
            # Office mode: the server may ask for a password first (asked, never kept in clear).
            from .unlock import unlock
            opened = unlock(None, path)
            if opened is None:
                # The server chosen in the settings is down or refused this PC: offer the
                # choice again (this PC's file, or another address) instead of ending.
                if args.db is None and choose_store(settings):
                    continue
                return 1
            path = opened
        from .patience import open_patiently
        failed = open_patiently(path)   # an upgrade of an existing store runs here, with a word
        if failed is not None:
            return _cannot_open(path, failed)
        if reviewer is not None:
            break
        from .dialogs.profile import ProfileDialog, store_reviewers
        d = ProfileDialog(settings, store_reviewers=store_reviewers(path),
                          register=lambda p, path=path: register_first(path, p),
                          store=shown_store(path) if args.db is None else "")
        answer = d.exec()
        chosen = d.chosen() if answer == QDialog.Accepted else None
        d.deleteLater()   # now, on Qt's side, not when Python happens to collect it
        if answer == ProfileDialog.STORE_CHANGED:
            choose_store(settings)   # chosen or not, the question comes again for that store
            continue
        if chosen is None:
            return 0
        reviewer = chosen
        break
    try:
        window = create_main_window(path, settings, reviewer)
    except Exception as exc:  # a store that cannot be opened: say which and why
        return _cannot_open(path, exc)
    window.show()
    from . import unexpected
    unexpected.install()   # a step that fails unforeseen is said in a dialog, not only on stderr
    if app.property("font_warning"):
        QMessageBox.warning(window, app.translate("App", "缺少中文字体"), app.property("font_warning"))
    try:
        code = app.exec()
    finally:
        unexpected.uninstall()
    window.workspace.close()
    # Destroy the window while Python and Qt are both whole, not in the interpreter's teardown.
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.DeferredDelete)
    return code
