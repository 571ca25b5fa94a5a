"""Settings: store location, reviewer profiles and their keys, rule set, fonts, language.

What is stored is declared in ui/settings.py. Which changes apply at once and which after a
restart is said next to each one: the rule set and the fonts apply at once; the store location
and the language on the next start (every window and menu would otherwise need re-building,
and a store is never switched under open work). A new reviewer profile is also registered on
the store by the reviewer at work (core.reviewers: each addition is attributed to someone).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from workbench.core.rules.ruleset import RuleSetError, available_rulesets, load_ruleset

from ..i18n import LANGUAGES
from ..settings import Settings
from .profile import NewProfileDialog

__all__ = ["SettingsDialog"]


def _row(*widgets) -> QHBoxLayout:
    lay = QHBoxLayout()
    for i, w in enumerate(widgets):
        lay.addWidget(w, 1 if i == 0 else 0)
    return lay


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, *, register=None, default_store: Path | None = None,
                 current_store: str | Path | None = None, keys=None):
        """`register(profile) -> str | None` records a new profile on the open store and returns
        the core's refusal, if any."""
        super().__init__(parent)
        self.settings = settings
        self.register = register
        self.keys = keys   # core.identities.Keys of the store in use: finds keys not named in a profile
        self.setWindowTitle(self.tr("设置"))
        from ..screen import resize_to_fit
        resize_to_fit(self, 640, 560)
        self.messages: list[str] = []

        # ---- store
        from .store_choice import StoreChoice
        self.store_choice = StoreChoice(settings, self, default_store)
        self.store = self.store_choice.file
        self.keys_dir = QLineEdit(settings.get("sign/keys_dir"))
        self.keys_dir.setPlaceholderText(self.tr("数据库旁的 keys 文件夹"))
        browse_keys = QPushButton(self.tr("选择…"))
        browse_keys.clicked.connect(self._browse_keys)
        store_box = QGroupBox(self.tr("数据"))
        f = QFormLayout(store_box)
        if current_store is not None:
            # What is open now, which may differ from the setting (--db, or changed until restart).
            self.current_store = QLabel(str(current_store))
            self.current_store.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.current_store.setWordWrap(True)
            f.addRow(self.tr("正在使用"), self.current_store)
        f.addRow(self.store_choice)
        f.addRow("", QLabel(self.tr("数据库文件空表示用户数据目录下的默认位置；更换数据库在重新启动后生效。")))
        f.addRow(self.tr("密钥文件夹"), _row(self.keys_dir, browse_keys))

        # ---- reviewers
        self.profiles = QListWidget()
        add, edit, remove = QPushButton(self.tr("新建…")), QPushButton(self.tr("修改…")), QPushButton(self.tr("删除"))
        add.clicked.connect(lambda: self.add_profile())
        edit.clicked.connect(self._edit_profile)
        remove.clicked.connect(self._remove_profile)
        buttons = QVBoxLayout()
        for b in (add, edit, remove):
            buttons.addWidget(b)
        buttons.addStretch(1)
        people = QGroupBox(self.tr("审核人员档案与签名密钥"))
        lay = QHBoxLayout(people)
        lay.addWidget(self.profiles, 1)
        lay.addLayout(buttons)
        self._profiles = list(settings.get("review/profiles"))
        self._fill_profiles()

        # ---- rules, fonts, language
        self.rule_set = QComboBox()
        self.rule_set.addItem(self.tr("随程序发布的最新规则集"), "")
        for path in available_rulesets():
            try:
                rs = load_ruleset(path)
                label = f"{rs.version}　{rs.title}（{rs.year_from}–{rs.year_to} 年度）"
            except RuleSetError as exc:
                label = f"{path.name}（{exc}）"
            self.rule_set.addItem(label, str(path))
        i = self.rule_set.findData(settings.get("review/rule_set"))
        self.rule_set.setCurrentIndex(max(i, 0))
        self.font_family = QFontComboBox()
        self.font_family.setEditable(True)
        self.font_family.setCurrentText(settings.get("ui/font_family"))
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 24)
        self.font_size.setValue(settings.get("ui/font_size"))
        self.font_path = QLineEdit(settings.get("ui/font_path"))
        self.font_path.setPlaceholderText(self.tr("可选：.ttf / .ttc 字体文件"))
        browse_font = QPushButton(self.tr("选择…"))
        browse_font.clicked.connect(self._browse_font)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.get("ui/language")), 0))
        other = QGroupBox(self.tr("规则、字体与语言"))
        f = QFormLayout(other)
        f.addRow(self.tr("规则集"), self.rule_set)
        f.addRow(self.tr("界面字体"), _row(self.font_family, self.font_size))
        f.addRow(self.tr("字体文件"), _row(self.font_path, browse_font))
        f.addRow(self.tr("界面语言"), self.language)
        f.addRow("", QLabel(self.tr("规则集和字体立即生效；界面语言在重新启动后生效。")))

        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        for w in (store_box, people, other):
            main.addWidget(w)
        main.addWidget(box)

    # ---- profiles ----------------------------------------------------------------------------

    def _fill_profiles(self) -> None:
        self.profiles.clear()
        for p in self._profiles:
            key = Path(p["key"]).name if p.get("key") else self._key_in_folder(p["name"])
            item = QListWidgetItem(f"{p['name']}　{p.get('title', '')}　{key}")
            item.setData(256, p["name"])
            self.profiles.addItem(item)

    def _key_in_folder(self, name: str) -> str:
        if self.keys is not None:
            try:
                return self.tr("{file}（密钥文件夹）").format(file=self.keys.find(name).name)
            except Exception:  # noqa: BLE001 - none or several: the profile names no key
                pass
        return self.tr("（无签名密钥）")

    def add_profile(self, profile: dict | None = None) -> bool:
        if profile is None:
            d = NewProfileDialog(self)
            if not d.exec():
                return False
            profile = d.profile()
        problem = self.register(profile) if self.register else None
        if problem:
            self.messages.append(problem)
            QMessageBox.warning(self, self.tr("不能添加审核人员"), problem)
            return False
        self._profiles = [p for p in self._profiles if p["name"] != profile["name"]] + [profile]
        self._fill_profiles()
        return True

    def _edit_profile(self) -> None:
        row = self.profiles.currentRow()
        if row < 0:
            return
        d = NewProfileDialog(self, self._profiles[row])
        d.name.setReadOnly(True)   # the name is how the store's records know the reviewer
        if d.exec():
            self._profiles[row] = d.profile()
            self._fill_profiles()

    def _remove_profile(self) -> None:
        row = self.profiles.currentRow()
        if row >= 0:
            # Only this PC's profile goes; the reviewer's records in the store stay.
            del self._profiles[row]
            self._fill_profiles()

    # ---- browsing ----------------------------------------------------------------------------

    def _browse_keys(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("密钥文件夹"), self.keys_dir.text())
        if path:
            self.keys_dir.setText(path)

    def _browse_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("字体文件"), "", self.tr("字体 (*.ttf *.ttc *.otf)"))
        if path:
            self.font_path.setText(path)

    # ---- saving ------------------------------------------------------------------------------

    def changes(self) -> dict:
        return {
            **self.store_choice.changes(),
            "sign/keys_dir": self.keys_dir.text().strip(),
            "review/profiles": self._profiles,
            "review/rule_set": self.rule_set.currentData() or "",
            "ui/font_family": self.font_family.currentText().strip(),
            "ui/font_size": self.font_size.value(),
            "ui/font_path": self.font_path.text().strip(),
            "ui/language": self.language.currentData(),
        }

    def accept(self) -> None:
        problem = self.store_choice.problem()
        if problem:
            self.messages.append(problem)
            QMessageBox.warning(self, self.tr("设置"), problem)
            return
        self.changed = {k: v for k, v in self.changes().items() if self.settings.get(k) != v}
        for key, value in self.changed.items():
            self.settings.set(key, value)
        self.settings.sync()
        super().accept()
