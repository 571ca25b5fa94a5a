"""At start: the program icon, and on a PC without any Chinese font a warning (stderr and a
message box)."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.ui import app as app_module
from workbench.ui import fonts


def _no_font_anywhere(monkeypatch):
    monkeypatch.setattr(fonts, "_simplified_chinese_families", lambda: [])
    monkeypatch.setattr(fonts, "_cjk_family", lambda: None)


def test_the_bundled_font_alone_makes_the_window_chinese_capable(qapp, monkeypatch):
    from workbench.core.pdf import font_files

    # As on a PC without Chinese fonts: only the font shipped in resources/fonts/ is left.
    monkeypatch.setattr(fonts, "_simplified_chinese_families", lambda: [])
    monkeypatch.setattr(fonts, "PREFERRED", ())
    monkeypatch.setattr(font_files, "_system_candidates", lambda: [])
    assert fonts._cjk_family() == "WenQuanYi Micro Hei"
    assert fonts.font_warning() is None


def test_no_chinese_font_is_warned_at_start(qapp, settings, monkeypatch, capsys, tmp_path):
    _no_font_anywhere(monkeypatch)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(app_module, "Settings", lambda: settings)
    code = app_module.run_app(["--db", str(tmp_path / "s.sqlite"), "--reviewer", "张三"])
    assert code == 0
    assert "未找到可显示中文的 TrueType 字体" in capsys.readouterr().err
    assert shown and shown[0][0] == "缺少中文字体" and "方框" in shown[0][1]


def test_the_window_carries_the_program_icon(qapp, settings):
    app_module.prepare_app(qapp, settings)
    icon = qapp.windowIcon()
    assert not icon.isNull() and icon.pixmap(32, 32).width() == 32
