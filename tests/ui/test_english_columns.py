"""The English window shows whole column titles: every visible column of the application list
and the claims table is at least as wide as its title's longest line, and the header is tall
enough for its lines (a title cut to "Sugge…" reads as nothing)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.i18n import install_language


def _cut_titles(view) -> list[str]:
    header = view.horizontalHeader()
    fm = header.fontMetrics()
    model = view.model()
    cut = []
    lines_max = 1
    for c in range(model.columnCount()):
        if view.isColumnHidden(c) or header.isSectionHidden(c):
            continue
        title = model.headerData(c, Qt.Horizontal, Qt.DisplayRole) or ""
        lines = str(title).split("\n")
        lines_max = max(lines_max, len(lines))
        need = max(fm.horizontalAdvance(ln) for ln in lines)
        if header.sectionSize(c) < need + 6:
            cut.append(f"{title!r}: {header.sectionSize(c)} < {need + 6}")
    if header.height() < lines_max * fm.height():
        cut.append(f"header height {header.height()} < {lines_max} lines")
    return cut


def test_english_column_titles_are_whole(qtbot, settings, store_path, workbooks):
    from workbench.ui.app import create_main_window

    app = QApplication.instance()
    try:
        assert install_language(app, "en")
        w = create_main_window(store_path, settings, reviewer="Zhang")
        qtbot.addWidget(w)
        w.resize(1366 - 16, 768 - 40)
        w.show()
        with qtbot.waitSignal(w.importFinished, timeout=30000):
            w.import_paths([workbooks], batch="2025-1")
        dlg = getattr(w, "import_report_dialog", None)
        if dlg is not None:
            dlg.close()
        assert w.claims.model.headerData(w.claims.model.COL_SUGGESTED, Qt.Horizontal) == "Suggested"
        assert _cut_titles(w.claims.view) == []
        assert _cut_titles(w.apps.view) == []
        w.close()
        w.workspace.close()
    finally:
        install_language(app, "zh_CN")


def test_qt_s_own_buttons_speak_the_window_s_language(qtbot):
    """确定/取消/关闭 come from Qt's qtbase translation, which the installed program carries."""
    from PySide6.QtWidgets import QDialogButtonBox

    app = QApplication.instance()
    try:
        for language, words in (("zh_CN", ["确定", "取消", "关闭"]), ("en", ["OK", "Cancel", "Close"])):
            install_language(app, language)
            box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Close)
            qtbot.addWidget(box)
            shown = [box.button(b).text().replace("&", "")
                     for b in (QDialogButtonBox.Ok, QDialogButtonBox.Cancel, QDialogButtonBox.Close)]
            assert [s.split("(")[0] for s in shown] == words
    finally:
        install_language(app, "zh_CN")
