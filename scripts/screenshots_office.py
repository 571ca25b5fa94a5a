"""Screenshots of office mode at 1366×768: the window on a store on a PostgreSQL server (the
demo data), the store choice with the server's address typed, and the password question.

Usage (on a virtual X server, as scripts/screenshots.sh runs screenshots.py):
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" \
        python scripts/screenshots_office.py POSTGRESQL_URL OUT_DIR
The URL names an empty database (or schema) on a server, e.g. the test cluster's.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication


def main(url: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["workbench"])
    from workbench.core.app.demo import BATCH, REVIEWERS, build_demo
    from workbench.core.store.database import Store
    from workbench.ui.app import create_main_window, prepare_app
    from workbench.ui.dialogs.password import PasswordDialog
    from workbench.ui.dialogs.store_choice import StoreChoiceDialog
    from workbench.ui.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="gm-office-shots-"))
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.IniFormat))
    with Store.open(url) as store:
        build_demo(work / "demo", store)
    prepare_app(app, settings)
    w = create_main_window(url, settings, reviewer=REVIEWERS[0][0])
    w.show()
    w.open_batch(BATCH)
    screen = app.primaryScreen()

    def settle(ms=400):
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        screen.grabWindow(0).save(str(path))
        print(path)

    settle(800)
    shot("office-main")

    settings.set("store/engine", "postgresql")
    settings.set("store/server", "postgresql://张经办@192.168.1.10/workbench?sslmode=verify-full")
    d = StoreChoiceDialog(settings, w)
    d.show()
    shot("office-store-choice")
    d.close()

    p = PasswordDialog("postgresql://张经办@192.168.1.10/workbench?sslmode=verify-full", "张经办",
                       "数据库服务器 postgresql://张经办@192.168.1.10/workbench?sslmode=verify-full 要求输入密码", w)
    p.password.setText("secret-typed")
    p.show()
    shot("office-password")
    p.close()
    w.close()
    w.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")))
