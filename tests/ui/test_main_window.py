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
        from workbench.ui.dialogs.settings_dialog import SettingsDialog
        assert SettingsDialog(settings, w).windowTitle() == "Settings"
        w.workspace.close()
    finally:
        install_language(app, "zh_CN")
    w = create_main_window(store_path, settings, reviewer="张三")
    qtbot.addWidget(w)
    assert w.a.import_files.text() == "导入申报表…"
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
    from workbench.core.demo import build_demo
    from workbench.core.store import Store
    from workbench.ui.app import create_main_window

    db = tmp_path / "demo.sqlite"
    with Store.open(db) as store:
        build_demo(tmp_path / "demo", store)
    w = create_main_window(db, settings, reviewer="张经办")
    qtbot.addWidget(w)
    w.show()
    w.resize(1440, 860)
    app = next(r for r in w.apps.model.rows() if "光明微感" in r.name)
    assert w.apps.select(app.id)
    reduced = next(r for r in w.claims.model.rows() if r.status == "reduce")
    assert w.claims.select(reduced.key)
    assert any(c.bit for c in w.detail.detail.caps)
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


def test_recent_batches_menu_opens_a_batch(window, qtbot, workbooks):
    _import(window, qtbot, workbooks)
    window.open_batch("")                      # away from the batch (no such batch: all shown)
    window._fill_recent()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles == ["2025年第一批"]
    window.recent_menu.actions()[0].trigger()
    assert window.apps.current_batch() == "2025年第一批" and window.apps.model.rowCount() == 3
