"""Screenshots of the window at 1366×768 for docs/screenshots/, taken on a real X server
(scripts/screenshots.sh starts Xvfb): the main window on the demo store, the amount dialog,
the keys dialog with the root and two reviewers' keys, the form that issues a key, the guide
shown when a key is missing, and the shortcut list (F1).

Usage: python scripts/screenshots.py OUT_DIR   (QT_QPA_PLATFORM=xcb, DISPLAY set)
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication


def demo_window(app: QApplication, store_at: str | Path | None = None):
    """The main window on the demo data, opened on the batch, in a fresh settings file:
    (window, settings, its folder, settle, shot-maker). store_at: a store file or server address (None:
    a new file in a temporary folder)."""
    from workbench.core.app.demo import BATCH, REVIEWERS, build_demo
    from workbench.core.store.database import Store
    from workbench.ui.app import create_main_window, prepare_app
    from workbench.ui.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="gm-shots-"))
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.IniFormat))
    store_at = store_at or work / "demo.sqlite"
    with Store.open(store_at) as store:
        build_demo(work / "demo", store)
    prepare_app(app, settings)
    w = create_main_window(store_at, settings, reviewer=REVIEWERS[0][0])
    w.show()
    w.open_batch(BATCH)
    screen = app.primaryScreen()

    def settle(ms=400):
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    def shooter(out: Path):
        def shot(name: str) -> None:
            settle()
            path = out / f"{name}.png"
            screen.grabWindow(0).save(str(path))
            print(path)
        return shot

    return w, settings, work, settle, shooter


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["workbench"])
    from workbench.core.signing.identities import Keys

    w, settings, work, settle, shooter = demo_window(app)
    shot = shooter(out)

    settle(800)
    shot("main")

    from decimal import Decimal

    from workbench.ui.dialogs.decision import AmountDialog
    d = AmountDialog("调整金额", Decimal("2000000.00"), w, submit=lambda *a: None)
    d.amount_edit.setText("150万")
    d.show()
    shot("decide-amount")
    d.close()

    keys = Keys(work / "keys")
    settings.set("sign/keys_dir", str(keys.folder))
    def guide():
        shot("key-missing-guide")
        box = w.keyflow.guide_box
        next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.RejectRole).click()
    QTimer.singleShot(600, guide)
    w.keyflow.guide("张经办 还没有可用的签名密钥（找不到签名证书：张经办）。")

    keys.init_root("Gm-root-2026!")
    keys.issue("张经办", "handler", "Zj-handler-2026!", root_passphrase="Gm-root-2026!")
    keys.issue("李复核", "reviewer", "Lf-review-2026!", root_passphrase="Gm-root-2026!")
    dlg = w.keyflow.show()
    shot("keys")

    def issue_form():
        shot("key-issue")
        w.keyflow.form.reject()
    QTimer.singleShot(600, issue_form)
    w.keyflow.issue(dlg, name="王负责")
    dlg.close()

    w.show_shortcuts()
    shot("shortcuts")
    w.shortcuts_dialog.close()
    w.close()
    w.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
