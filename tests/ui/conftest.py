"""Window tests run headless; Qt must see the platform before it is first imported."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from workbench.ui.settings import Settings  # noqa: E402

from .data import write_app, write_refused  # noqa: E402

COMPANIES = ("深圳市光明智感微系统有限公司", "光明芯测科技有限公司", "凤凰传感技术有限公司")


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings in a file of the test's own, never the reviewer's real ones."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))


@pytest.fixture
def workbooks(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i, name in enumerate(COMPANIES, start=1):
        write_app(folder, name, i)
    write_refused(folder)
    return folder


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store" / "store.sqlite"


@pytest.fixture
def window(qtbot, settings, store_path):
    from PySide6.QtWidgets import QApplication

    from workbench.ui.app import create_main_window, prepare_app

    prepare_app(QApplication.instance(), settings)
    w = create_main_window(store_path, settings, reviewer="张三")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    w.workspace.close()
