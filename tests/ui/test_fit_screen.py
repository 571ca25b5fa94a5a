"""The first window and the dialogs fit the screen they open on; names keep eight characters or more at 1366 px."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from workbench.ui.screen import FRAME_ALLOWANCE, available, fit_size


def test_sizes_for_common_screens():
    # 1366×768 laptop with a 40 px task bar; 1920×1080 at 150 % is 1280×720 logical minus the bar.
    laptop, scaled, big = QRect(0, 0, 1366, 728), QRect(0, 0, 1280, 693), QRect(0, 0, 1920, 1040)
    assert fit_size(QSize(1440, 860), laptop) == QSize(1366 - 16, 728 - 40)
    assert fit_size(QSize(1440, 860), scaled) == QSize(1280 - 16, 693 - 40)
    assert fit_size(QSize(1440, 860), big) == QSize(1440, 860)
    assert fit_size(QSize(900, 1000), laptop, 0.92) == QSize(900, int(688 * 0.92))


def test_first_window_fits_the_available_screen(window):
    area = available(window)
    frame = window.frameGeometry()
    assert window.width() <= area.width() - FRAME_ALLOWANCE.width()
    assert window.height() <= area.height() - FRAME_ALLOWANCE.height()
    assert area.contains(QRect(window.pos(), window.size()))
    assert frame.width() <= area.width()


def test_dialogs_fit(window, qtbot):
    area = available(window)
    window.a.settings.trigger()
    dlg = window.settings_dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.height() <= area.height() and dlg.width() <= area.width()
    dlg.close()
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.width() <= area.width() and dlg.height() <= area.height()
    dlg.close()


def test_names_keep_eight_characters_at_1366(window, qtbot, workbooks):
    from workbench.ui.models.applications import ApplicationTableModel as M
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    window.resize(1366 - 16, 768 - 80)
    window._size_panes(window.width())
    qtbot.wait(50)
    name = window.apps.view.horizontalHeader().sectionSize(M.COL_NAME)
    assert name >= window.apps.view.fontMetrics().horizontalAdvance("深" * 8)
    # And the whole name is in the tooltip.
    idx = window.apps.model.index(0, M.COL_NAME)
    from PySide6.QtCore import Qt
    assert window.apps.model.data(idx, Qt.ToolTipRole).startswith(window.apps.model.row_at(0).name)
