"""The window's settings live in the local data folder beside the store; an older version's
settings are carried over once."""
from __future__ import annotations

from PySide6.QtCore import QSettings

from workbench.ui.settings import APPLICATION, ORGANIZATION, Settings


def test_settings_file_is_beside_the_store_and_older_settings_are_carried_over(tmp_path, monkeypatch):
    home = tmp_path / "data"
    monkeypatch.setenv("WORKBENCH_HOME", str(home))
    legacy = tmp_path / "roaming"
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(legacy))
    old = QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)
    old.setValue("ui/font_size", 14)
    old.sync()
    assert legacy.exists()

    settings = Settings()
    assert settings.backend.fileName() == str(home / "settings.ini")
    assert settings.get("ui/font_size") == 14          # carried over from the older place
    settings.set("ui/font_size", 12)
    settings.sync()
    assert (home / "settings.ini").is_file()
    assert Settings().get("ui/font_size") == 12        # the copy is made once, then kept
    assert QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION,
                     APPLICATION).value("ui/font_size") in (14, "14")
