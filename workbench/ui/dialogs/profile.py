"""Who is working: chosen at start from the reviewer profiles kept in settings.

A profile is a name, a role (经办人 / 复核人 / 负责人, the core's reviewer roles) and optionally
the reviewer's signing key file (PKCS#12, issued by the bureau root; the passphrase is asked
when signing, never stored).
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..settings import Settings

__all__ = ["ProfileDialog", "NewProfileDialog", "profile_named", "store_reviewers"]


def profile_named(settings: Settings, name: str) -> dict | None:
    return next((p for p in settings.get("review/profiles") if p.get("name") == name), None)


def store_reviewers(path) -> list[tuple[str, str]]:
    """Active reviewers registered in the store at `path`, read without writing (none if the
    store does not exist yet or cannot be read: the dialog still offers the PC's profiles)."""
    from workbench.core.store.database import Store
    from workbench.core.store.reviewers import list_reviewers

    try:
        with Store.open_readonly(path) as store:
            return [(r.name, r.role) for r in list_reviewers(store, include_inactive=False)]
    except Exception:  # noqa: BLE001 - a broken store is reported when the window opens it
        return []


class NewProfileDialog(QDialog):
    def __init__(self, parent=None, profile: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("审核人员档案"))
        p = profile or {}
        self.name = QLineEdit(p.get("name", ""))
        from workbench.core.domain.workflow import ROLES
        self.title = QComboBox()
        self.title.addItems(list(ROLES))
        if p.get("title") in ROLES:
            self.title.setCurrentText(p["title"])
        self.key = QLineEdit(p.get("key", ""))
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("角色"), self.title)
        form.addRow(self.tr("签名密钥文件"), key_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(t.strip())))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(self.name.text().strip()))
        # Enter confirms from any field (not the 选择… button, which would otherwise be default).
        browse.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.Ok).setDefault(True)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择签名密钥文件"), "",
                                              self.tr("PKCS#12 密钥 (*.p12 *.pfx)"))
        if path:
            self.key.setText(path)

    def profile(self) -> dict:
        return {"name": self.name.text().strip(), "title": self.title.currentText(),
                "key": self.key.text().strip()}


class ProfileDialog(QDialog):
    """The start-up question: 谁在审核？"""

    STORE_CHANGED = 2   # exec()'s answer when the person asks for another store

    def __init__(self, settings: Settings, parent=None, store_reviewers: list[tuple[str, str]] = (),
                 register=None, store: str = ""):
        """`store`: the store that opens (a file or a server's address); given, the dialog
        offers to choose another one (saved in the settings)."""
        super().__init__(parent)
        self.settings = settings
        # register(profile) -> the core's refusal or None: a new profile is a reviewer of the
        # store at once (the store's records and signatures name registered reviewers only).
        self.register = register
        self.messages: list[str] = []
        # Reviewers already registered in the store being opened are offered too, so a new PC
        # (or the demo) does not start with an empty list.
        self.store_reviewers = list(store_reviewers)
        self.setWindowTitle(self.tr("选择审核人员"))
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(16)
        new = QPushButton(self.tr("新建档案…"))
        new.clicked.connect(lambda: self._new())
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(new)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("请选择本次工作的审核人员。审核决定和签名将记在此人名下。")))
        lay.addLayout(row)
        if store:
            self.store_label = QLabel(self.tr("数据库：{store}").format(store=store))
            self.store_label.setWordWrap(True)
            change = QPushButton(self.tr("更换数据库…"))
            change.clicked.connect(lambda: self._change_store())
            store_row = QHBoxLayout()
            store_row.addWidget(self.store_label, 1)
            store_row.addWidget(change)
            lay.addLayout(store_row)
        lay.addWidget(self.buttons)
        self._fill(settings.get("review/current_profile"))

    def _change_store(self) -> None:
        # The caller asks which store (StoreChoiceDialog) and shows this question again there.
        self.done(self.STORE_CHANGED)

    def _fill(self, current: str) -> None:
        self.combo.clear()
        names = set()
        for p in self.settings.get("review/profiles"):
            label = p["name"] + (f"（{p['title']}）" if p.get("title") else "")
            self.combo.addItem(label, p["name"])
            names.add(p["name"])
        for name, role in self.store_reviewers:
            if name not in names:
                self.combo.addItem(self.tr("{name}（{role}，本数据库登记）").format(name=name, role=role), name)
        i = self.combo.findData(current)
        self.combo.setCurrentIndex(max(i, 0))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.combo.count() > 0)

    def _new(self) -> None:
        d = NewProfileDialog(self)
        if d.exec():
            p = d.profile()
            problem = self.register(p) if self.register else None
            if problem:
                self.messages.append(problem)
                QMessageBox.warning(self, self.tr("不能登记审核人员"), problem)
                return
            profiles = [x for x in self.settings.get("review/profiles") if x.get("name") != p["name"]]
            profiles.append(p)
            self.settings.set("review/profiles", profiles)
            self._fill(p["name"])

    def chosen(self) -> str:
        return self.combo.currentData() or ""

    def accept(self) -> None:
        self.settings.set("review/current_profile", self.chosen())
        super().accept()
