"""The window notices what is done elsewhere — another reviewer's PC on the office's server, or
the command line beside a store file — and shows it without moving the reviewer's place."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.conftest import ENGINES, pg_schema_url
from workbench.core.review.decisions import decide
from workbench.core.rules.ruleset import default_ruleset
from workbench.core.store.database import Store
from workbench.core.store.reviewers import add_reviewer
from workbench.ui.import_flow import collect_workbooks, import_workbooks


@pytest.fixture(params=ENGINES)
def shared(request, qtbot, settings, tmp_path):
    """The window at one PC, and where another PC (or the command line) reaches the same store."""
    from workbench.ui.app import create_main_window, prepare_app

    at = pg_schema_url(request.node.name) if request.param == "postgresql" else tmp_path / "s.sqlite"
    prepare_app(QApplication.instance(), settings)
    w = create_main_window(at, settings, reviewer="张三")
    qtbot.addWidget(w)
    w.show()
    w.watch.timer.setInterval(100)   # a tenth of a second instead of ten: the test's patience
    yield w, at
    w.close()
    w.workspace.close()


def click_row(view, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    QTest.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())


def test_others_changes_show_and_the_reviewer_keeps_their_place(shared, qtbot, workbooks):
    w, at = shared
    # Elsewhere: applications imported and a second reviewer registered.
    import_workbooks(at, collect_workbooks([workbooks]), default_ruleset(), batch="2025年第一批", actor="张三")
    with Store.open(at) as other:
        add_reviewer(other, "李四", "经办人", actor="张三")
    qtbot.waitUntil(lambda: w.apps.model.rowCount() == 3, timeout=10000)

    click_row(w.apps.view, 1)
    app = w.apps.current()
    click_row(w.claims.view, 2)
    mine = w.claims.current()
    assert mine.application_id == app.id and not mine.decision

    # 李四 accepts that very claim at their PC: its line, its application's totals and the
    # detail panel follow, and the selection stays where the reviewer left it.
    with qtbot.waitSignal(w.watch.refreshed, timeout=10000) as blocker:
        with Store.open(at) as other:
            decide(other, "李四", mine.key, "accept")
    changes = blocker.args[0]
    assert changes.claims == {mine.key} and not changes.everything
    now = w.claims.current()
    assert now.key == mine.key and now.decision == "accept" and now.decided == now.suggested
    assert w.apps.current().id == app.id
    assert "李四" in w.detail.decision.text()

    # A change to the lists themselves (a reviewer added) reads them again, place kept.
    with qtbot.waitSignal(w.watch.refreshed, timeout=10000) as blocker:
        with Store.open(at) as other:
            add_reviewer(other, "王五", "复核人", actor="李四")
    assert blocker.args[0].everything
    assert w.apps.current().id == app.id and w.claims.current().key == mine.key

    # Nothing new: the window reads nothing again.
    seen = []
    w.watch.refreshed.connect(seen.append)
    qtbot.wait(400)
    assert seen == []
