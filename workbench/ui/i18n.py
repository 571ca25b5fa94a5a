"""Languages of the window. Chinese is the source language (the strings in the code); English
comes from resources/i18n/workbench_en.qm, compiled from workbench_en.ts with pyside6-lrelease.

Texts that come from the core (explanations, problems, legal text) stay in Chinese: they are
the bureau's record and are printed on the signed sheet as they are.
"""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from workbench.core.domain.resources import resource_path

__all__ = ["LANGUAGES", "install_language", "qm_path"]

LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}

_installed: list[QTranslator] = []


def qm_path(language: str):
    return resource_path("i18n", f"workbench_{language}.qm")


def install_language(app: QApplication, language: str) -> bool:
    """Replace the installed translators; True if the language's file was found."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    language = language if language in LANGUAGES else "zh_CN"
    QLocale.setDefault(QLocale(language))
    # Qt's own buttons and dialogs (确定/取消, the file dialog) in the same language.
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    if language == "zh_CN":
        return True
    ours = QTranslator(app)
    path = qm_path(language)
    if path.is_file() and ours.load(str(path)):
        app.installTranslator(ours)
        _installed.append(ours)
        return True
    return False
