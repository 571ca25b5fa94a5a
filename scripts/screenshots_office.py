"""Screenshots of office mode at 1366×768: the window on a store on a PostgreSQL server (the
demo data), the store choice with the server's address typed, and the password question.

Usage (on a virtual X server, as scripts/screenshots.sh runs screenshots.py):
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" \
        python scripts/screenshots_office.py POSTGRESQL_URL OUT_DIR
The URL names an empty database (or schema) on a server, e.g. the test cluster's.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def main(url: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(["workbench"])
    from screenshots import demo_window

    from workbench.ui.dialogs.password import PasswordDialog
    from workbench.ui.dialogs.store_choice import StoreChoiceDialog

    w, settings, _, settle, shooter = demo_window(app, url)
    shot = shooter(out)

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
