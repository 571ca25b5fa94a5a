"""For the office-mode window tests: a store on the test server, and the window's run from the
command line with the event loop replaced by a look at what it shows."""
from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication

needs_server = pytest.mark.skipif(not os.environ.get("WORKBENCH_TEST_PG"),
                                  reason="需要测试用 PostgreSQL 服务器（WORKBENCH_TEST_PG）")


def run_window(monkeypatch, settings, argv, look=None) -> tuple[int, dict]:
    """run_app(argv) as from the command line; `look(window)` runs where the event loop
    would, and what the window showed is returned with the exit code."""
    from workbench.ui import app as app_module
    from workbench.ui.main_window import MainWindow

    seen: dict = {}

    def loop(_app):
        w = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow) and x.isVisible())
        seen.update(window=w, title=w.windowTitle(), status=w._status_store.text(),
                    tip=w._status_store.toolTip())
        if look is not None:
            look(w)
        w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", loop)
    monkeypatch.setattr(app_module, "Settings", lambda: settings)
    return app_module.run_app(argv), seen
