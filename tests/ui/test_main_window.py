"""The main window as a reviewer meets it: language, keyboard, filter, remembered layout, and
the README screenshot."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.i18n import install_language, qm_path

ROOT = Path(__file__).resolve().parents[2]


def _import(window, qtbot, workbooks):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    dlg = getattr(window, "import_report_dialog", None)
    if dlg is not None:
        dlg.close()


def test_english_translation_is_built_and_switchable(qtbot, settings, store_path):
    from workbench.ui.app import create_main_window

    assert qm_path("en").is_file()
    app = QApplication.instance()
    try:
        assert install_language(app, "en")
        w = create_main_window(store_path, settings, reviewer="Zhang")
        qtbot.addWidget(w)
        assert w.a.import_files.text() == "Import applications…"
        assert w.claims.model.headerData(w.claims.model.COL_SUGGESTED, Qt.Horizontal) == "Suggested"
        assert w.claims.model.headerData(w.claims.model.COL_COMPUTED, Qt.Horizontal) == "Computed"
        assert w.apps.model.headerData(w.apps.model.COL_DECIDED, Qt.Horizontal) == "Approved\n(10k yuan)"
        assert w.a.accept.text() == "Accept suggestion"
        from workbench.ui.dialogs.settings_dialog import SettingsDialog
        assert SettingsDialog(settings, w).windowTitle() == "Settings"
        w.workspace.close()
    finally:
        install_language(app, "zh_CN")
    w = create_main_window(store_path, settings, reviewer="张三")
    qtbot.addWidget(w)
    assert w.a.import_files.text() == "导入申报表…"
    # The decision actions say what the 审核决定 column will say (core.workflow.DECISION_LABELS).
    from workbench.core.domain.workflow import DECISION_LABELS
    assert w.a.accept.text() == DECISION_LABELS["accept"]
    assert w.a.set_amount.text().rstrip("…") == DECISION_LABELS["amount"]
    assert w.a.reject.text().rstrip("…") == DECISION_LABELS["reject"]
    w.workspace.close()


def test_keyboard_moves_through_claims_and_filter_keeps_selection(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    view = window.claims.view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)   # shortcuts reach only the active window
    view.setFocus()
    assert window.claims.current().line == 1
    qtbot.keyClick(view, Qt.Key_N)
    qtbot.keyClick(view, Qt.Key_N)
    assert window.claims.current().line == 3
    assert "园区租赁" in window.detail.title.text()
    qtbot.keyClick(view, Qt.Key_K)
    assert window.claims.current().line == 2
    # Headroom of the claim comes from the engine's cap finding.
    assert window.detail.caps.rowCount() >= 1
    window.claims.search.setText("流片")
    window.claims.apply_filter()
    assert window.claims.model.rowCount() == 1 and window.claims.current().line == 2


def test_whole_batch_shows_every_claim_with_the_enterprise(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    window.claims.whole_batch.setChecked(True)
    assert window.claims.model.rowCount() == 18
    assert not window.claims.view.isColumnHidden(window.claims.model.COL_ENTERPRISE)
    window.claims.status_box.setCurrentIndex(window.claims.status_box.findData("reject"))
    assert {r.status for r in window.claims.model.visible_rows()} == {"reject"}


def test_window_layout_is_remembered(qtbot, settings, store_path):
    from workbench.ui.app import create_main_window

    w = create_main_window(store_path, settings, reviewer="张三")
    qtbot.addWidget(w)
    w.show()
    w.resize(760, 540)   # within the offscreen screen, which restoreGeometry clamps to
    w.splitter_main.setSizes([200, 560])
    w.close()
    w.workspace.close()
    w2 = create_main_window(store_path, settings, reviewer="张三")
    qtbot.addWidget(w2)
    w2.show()
    assert w2.size().width() == 760
    assert abs(w2.splitter_main.sizes()[0] - 200) <= 10
    w2.workspace.close()


def test_screenshot_of_the_main_window(qtbot, settings, tmp_path):
    """A picture of the main window on the demo store (`python -m workbench demo`), with a claim
    whose cap bit. docs/screenshot-main.png, the README's picture, is rewritten only with
    WORKBENCH_UPDATE_SCREENSHOT=1, so that a test run leaves the tracked file alone."""
    from workbench.core.app.demo import build_demo
    from workbench.core.store.database import Store
    from workbench.ui.app import create_main_window

    db = tmp_path / "demo.sqlite"
    with Store.open(db) as store:
        build_demo(tmp_path / "demo", store)
    w = create_main_window(db, settings, reviewer="张经办")
    qtbot.addWidget(w)
    w.show()
    # As the first window opens on a 1366×768 laptop (a 40 px task bar, the frame allowed for).
    from PySide6.QtCore import QRect, QSize

    from workbench.ui.screen import fit_size, size_panes
    size = fit_size(QSize(1440, 860), QRect(0, 0, 1366, 728))
    w.resize(size)
    size_panes(w, size.width())
    app = next(r for r in w.apps.model.rows() if "光明微感" in r.name)
    assert w.apps.select(app.id)
    # One claim decided, so that the picture shows the decision column in use.
    approved = next(r for r in w.claims.model.rows() if r.status == "approve")
    assert w.review.accept(approved.key)
    reduced = next(r for r in w.claims.model.rows() if r.status == "reduce")
    assert w.claims.select(reduced.key)
    assert any(c.bit for c in w.detail.detail.caps)
    assert w.focusWidget() is w.claims.view
    qtbot.wait(50)
    if os.environ.get("WORKBENCH_UPDATE_SCREENSHOT") == "1":
        out = ROOT / "docs" / "screenshot-main.png"
        out.parent.mkdir(exist_ok=True)
    else:
        out = tmp_path / "screenshot-main.png"
    assert w.grab().save(str(out))
    assert out.stat().st_size > 10_000
    w.close()
    w.workspace.close()


def _demo_window(qtbot, settings, tmp_path, width=1440, height=860):
    from workbench.core.app.demo import build_demo
    from workbench.core.store.database import Store
    from workbench.ui.app import create_main_window

    db = tmp_path / "demo.sqlite"
    with Store.open(db) as store:
        build_demo(tmp_path / "demo", store)
    w = create_main_window(db, settings, reviewer="张经办")
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    return w


def _shown_columns_fit(view) -> bool:
    header = view.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    return sum(header.sectionSize(c) for c in shown) <= view.viewport().width() + 1


def test_every_column_fits_at_1440_and_1280(qtbot, settings, tmp_path):
    """First start on the demo store: the application list, the claims table and the headroom
    show all their columns without scrolling sideways; amounts are never cut."""
    from workbench.ui.columns import text_width
    from workbench.ui.models.claims import ClaimTableModel

    for width, height in ((1440, 860), (1280, 720)):
        settings.backend.clear()
        w = _demo_window(qtbot, settings, tmp_path / str(width), width, height)
        qtbot.waitUntil(lambda w=w: w.claims.view.viewport().width() > 0)
        QApplication.processEvents()
        app = next(r for r in w.apps.model.rows() if "光明微感" in r.name)
        w.apps.select(app.id)
        for view in (w.apps.view, w.claims.view):
            assert _shown_columns_fit(view), (width, view)
        m = w.claims.model
        for col in ClaimTableModel.MONEY_COLUMNS + (ClaimTableModel.COL_STATUS, ClaimTableModel.COL_DECISION):
            assert not w.claims.view.isColumnHidden(col)
            for r in range(m.rowCount()):
                assert text_width(w.claims.view, m.data(m.index(r, col))) < w.claims.view.columnWidth(col)
        assert w.claims.view.columnWidth(ClaimTableModel.COL_PROJECT) >= 50
        assert w.apps.view.columnWidth(w.apps.model.COL_NAME) >= 60
        w.close()
        w.workspace.close()


def test_title_status_and_focus_on_start(qtbot, settings, tmp_path):
    w = _demo_window(qtbot, settings, tmp_path)
    assert w.windowTitle().startswith("demo.sqlite（张经办）")
    assert w.focusWidget() is w.claims.view          # A/R/E/N work at once
    assert w.claims.current() is not None
    assert w._status_user.text() == "审核人员：张经办"
    assert w._status_store.text() == "数据库：demo.sqlite"
    assert w._status_store.toolTip().endswith("demo.sqlite")
    assert w._status_rules.text().startswith("规则集：")
    # The claim detail: amounts entered with separators, quantities as entered, and the
    # headroom with one column per cap, what is left emphasised when the cap bit.
    app = next(r for r in w.apps.model.rows() if "光明微感" in r.name)
    w.apps.select(app.id)
    rent = next(r for r in w.claims.model.rows() if r.code == "10")
    w.claims.select(rent.key)
    inputs = {w.detail.inputs.item(i, 0).text(): w.detail.inputs.item(i, 1).text()
              for i in range(w.detail.inputs.rowCount())}
    assert inputs["面积（平方米）"] == "500.00" and inputs["月数"] == "12"
    assert inputs["租金单价（元/平方米/月）"] == "25.00"
    reduced = next(r for r in w.claims.model.rows() if r.status == "reduce")
    w.claims.select(reduced.key)
    inputs = {w.detail.inputs.item(i, 0).text(): w.detail.inputs.item(i, 1).text()
              for i in range(w.detail.inputs.rowCount())}
    assert inputs["计算基数（元）"] == "12,345,678.00"
    caps = w.detail.caps
    assert caps.columnCount() == 1 and caps.horizontalHeaderItem(0).text() == "项目累计上限"
    assert [caps.verticalHeaderItem(i).text() for i in range(caps.rowCount())] == [
        "限额", "台账已获", "本申报前序", "剩余额度", "本项计算", "本项核定"]
    left = caps.item(3, 0)
    assert left.text() == "2,000,000.00" and left.font().bold()
    assert not w.detail.caps_none.isVisibleTo(w.detail)
    w.close()
    w.workspace.close()


def test_recent_batches_menu_opens_a_batch(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    window.open_batch("")                      # away from the batch (no such batch: all shown)
    window._fill_recent()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles == ["2025年第一批"]
    window.recent_menu.actions()[0].trigger()
    assert window.apps.current_batch() == "2025年第一批" and window.apps.model.rowCount() == 3
