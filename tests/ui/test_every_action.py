"""Every command of the main window, triggered once on the demo store as a person would pick it
from a menu, with whatever modal dialog it opens closed again: none may raise."""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog

from .person import close_modals


def _demo_window(qtbot, settings, tmp_path):
    from workbench.core.app.demo import BATCH, REVIEWERS, build_demo
    from workbench.core.store.database import Store
    from workbench.ui.app import create_main_window, prepare_app

    store_path = tmp_path / "demo.sqlite"
    with Store.open(store_path) as store:
        build_demo(tmp_path / "demo", store)
    prepare_app(QApplication.instance(), settings)
    w = create_main_window(store_path, settings, reviewer=REVIEWERS[0][0])
    qtbot.addWidget(w)
    w.show()
    w.open_batch(BATCH)
    return w


def _settle(qtbot):
    from workbench.ui.tasks import running_ops
    qtbot.waitUntil(lambda: not running_ops(), timeout=60000)
    QCoreApplication.processEvents()


def test_every_action_of_the_main_window_runs_without_an_error(qtbot, settings, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: errors.append(exc))
    w = _demo_window(qtbot, settings, tmp_path)
    actions = [a for a in w.findChildren(QAction) if a.text() and not a.isSeparator() and not a.menu()]
    named = set(vars(w.a).values())
    assert named <= set(actions), "every declared command is an action of the window"
    triggered = []
    stop, seen = close_modals()
    try:
        with qtbot.captureExceptions() as caught:
            for action in sorted(actions, key=lambda a: a is w.a.quit):   # 退出 last
                if action is w.a.quit:
                    continue
                before = {id(x) for x in QApplication.topLevelWidgets() if x.isVisible()}
                w.claims.view.setFocus()
                action.trigger()
                _settle(qtbot)
                triggered.append(action.text())
                # Non-modal views (台账, 预算) are closed again, so the next action starts clean.
                for x in QApplication.topLevelWidgets():
                    if x.isVisible() and id(x) not in before and isinstance(x, QDialog):
                        x.close()
                QCoreApplication.processEvents()
    finally:
        stop()
    assert not caught, [str(e[1]) for e in caught]
    assert seen, "the actions that ask something opened their dialogs"
    assert not errors, [str(e[1]) for e in errors]
    assert set(triggered) >= {a.text() for a in named if a is not w.a.quit}
    w.a.quit.trigger()
    assert not w.isVisible()
    w.workspace.close()
