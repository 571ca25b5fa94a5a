"""A font that shows Chinese: the one chosen in settings, else a system CJK font, else the
TrueType font the sheet builder finds (the WenQuanYi Micro Hei shipped in resources/fonts/,
then the system's), loaded into Qt; and the warning when there is none at all."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

__all__ = ["apply_font", "load_font_file", "font_warning", "PREFERRED"]

PREFERRED = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun")


def _cjk_family() -> str | None:
    families = set(QFontDatabase.families())
    for f in PREFERRED:
        if f in families:
            return f
    try:
        from workbench.core.pdf.fonts import candidate_fonts
    except ImportError:
        return None
    for path, _index in candidate_fonts():
        if path.is_file():
            fid = QFontDatabase.addApplicationFont(str(path))
            loaded = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
            if loaded:
                return loaded[0]
    return None


def _simplified_chinese_families() -> list[str]:
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def font_warning() -> str | None:
    """The warning to show at start when no font can display Chinese (every glyph a box)."""
    if _simplified_chinese_families() or _cjk_family():
        return None
    from workbench.core.pdf.font_files import NO_FONT_WARNING
    return NO_FONT_WARNING


def load_font_file(path: str) -> str | None:
    """Load a .ttf/.ttc into Qt; its first family, or None if it cannot be loaded."""
    if not path:
        return None
    fid = QFontDatabase.addApplicationFont(path)
    loaded = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return loaded[0] if loaded else None


def apply_font(app: QApplication, family: str = "", size: int = 10, path: str = "") -> str:
    """Set the application font; returns the family in use. A font file, when given, is loaded
    first and its family used unless another family is chosen."""
    from_file = load_font_file(path)
    family = family or from_file or ""
    chosen = family if family and family in set(QFontDatabase.families()) else _cjk_family()
    font = QFont(app.font())
    if chosen:
        font.setFamilies([chosen, *app.font().families()])
    if size > 0:
        font.setPointSize(size)
    app.setFont(font)
    return chosen or font.family()
