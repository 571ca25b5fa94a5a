"""Every setting of the window, declared once: key, type, default and what it is for.

Backed by an ini file in the workbench's local data folder, beside the store (core/paths.py),
on every platform; the first start copies an older version's settings from where QSettings
kept them (the roaming profile on Windows). Tests pass their own QSettings file so that they
never read or write a reviewer's real settings.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["Setting", "Settings", "settings_path", "SETTINGS", "ORGANIZATION", "APPLICATION", "RECENT_LIMIT"]

ORGANIZATION = "GuangmingBureau"
APPLICATION = "GuangmingWorkbench"
RECENT_LIMIT = 8

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    kind: type
    default: T
    description: str


# The whole list; anything not declared here is not a setting.
SETTINGS = {s.key: s for s in (
    Setting("store/path", str, "", "数据库文件位置；空表示用户数据目录下的默认位置"),
    Setting("store/engine", str, "sqlite", "数据库：sqlite（本机数据库文件）或 postgresql（办公室服务器）"),
    Setting("store/server", str, "", "办公室数据库服务器地址 postgresql://登录名@主机/数据库（不含密码）"),
    Setting("review/rule_set", str, "", "审核使用的规则集版本；空表示随程序发布的默认规则集"),
    Setting("review/profiles", list, [], "审核人员档案：姓名、角色、签名密钥文件"),
    Setting("review/current_profile", str, "", "上次选择的审核人员"),
    Setting("ui/language", str, "zh_CN", "界面语言：zh_CN 或 en"),
    Setting("ui/font_family", str, "", "界面字体；空表示自动选择可显示中文的字体"),
    Setting("ui/font_path", str, "", "字体文件（.ttf/.ttc），本机没有合适的中文字体时载入"),
    Setting("sign/keys_dir", str, "", "密钥文件夹（根证书和签名证书）；空表示数据库旁的 keys 文件夹"),
    Setting("ui/font_size", int, 10, "界面字号（磅）"),
    Setting("ui/geometry", QByteArray, QByteArray(), "主窗口位置和大小"),
    Setting("ui/window_state", QByteArray, QByteArray(), "主窗口工具栏和停靠窗口布局"),
    Setting("ui/splitter_main", QByteArray, QByteArray(), "左右分栏位置"),
    Setting("ui/splitter_right", QByteArray, QByteArray(), "明细分栏位置"),
    Setting("ui/claim_columns", QByteArray, QByteArray(), "申报事项表的列宽、显示的列和排序"),
    Setting("ui/recent_batches", list, [], "最近打开的批次"),
    Setting("ui/last_import_dir", str, "", "上次导入申报表的文件夹"),
    Setting("ui/export_dir", str, "", "审核表导出文件夹"),
    Setting("ui/originals", list, [], "本机导入的申报表原文件位置（数据库、申报编号、路径），用于打开原申报表"),
)}


class Settings:
    """Typed access: settings.get("ui/font_size") is an int whatever the backend stored."""

    def __init__(self, backend: QSettings | None = None):
        self.backend = backend or QSettings(str(settings_path()), QSettings.IniFormat)

    def get(self, key: str) -> Any:
        s = SETTINGS[key]
        raw = self.backend.value(key)
        if raw is None:
            return _copy(s.default)
        try:
            if s.kind is list:
                return json.loads(raw) if isinstance(raw, str) else list(raw)
            if s.kind is int:
                return int(raw)
            if s.kind is bool:
                return raw in (True, "true", "1", 1)
            if s.kind is QByteArray:
                return raw if isinstance(raw, QByteArray) else QByteArray(raw)
            return str(raw)
        except (TypeError, ValueError):
            # A hand-edited or older value that no longer parses falls back to the default.
            return _copy(s.default)

    def set(self, key: str, value: Any) -> None:
        s = SETTINGS[key]
        if s.kind is list:
            # JSON keeps lists of dicts identical across the ini and registry backends.
            value = json.dumps(list(value), ensure_ascii=False)
        elif s.kind is int:
            value = int(value)
        self.backend.setValue(key, value)

    def sync(self) -> None:
        self.backend.sync()

    def push_recent(self, key: str, item: str) -> list[str]:
        items = [x for x in self.get(key) if x != item]
        items.insert(0, item)
        items = items[:RECENT_LIMIT]
        self.set(key, items)
        return items


def settings_path():
    """The settings file in the local data folder; an older version's settings are copied
    there once (kept where they were, so that an older version still finds them)."""
    from workbench.core.app.paths import settings_file

    path = settings_file()
    if not path.exists():
        old = QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION).fileName()
        if old and Path(old).is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old, path)
    return path


def _copy(value):
    if isinstance(value, list):
        return list(value)
    if isinstance(value, QByteArray):
        return QByteArray(value)
    return value


def rules_from(settings: Settings):
    """The rule set the settings name (a rule-set file); none means the one shipped."""
    from workbench.core.rules.ruleset import default_ruleset

    chosen = settings.get("review/rule_set")
    return default_ruleset(chosen) if chosen else default_ruleset()
