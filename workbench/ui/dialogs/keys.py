"""Signing keys in the window: the keys folder's root and identities, and the small forms that
create a root, issue a reviewer's key, take in a key file and change a passphrase.

Each form hands what was typed to a `submit(values)` that returns the work to run (a function
of `progress`); it runs off the UI thread (key derivation takes about half a second per file)
while the form waits. A refusal of the core (a weak passphrase, a wrong one, a root already
there) is shown inside the form, which stays open with what was typed.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

__all__ = ["KeyForm", "KeysDialog", "ROLE_CHOICES"]

# What the role box offers, and the core's role key for each (None: any role).
ROLE_CHOICES = (("经办人", "handler"), ("复核人", "reviewer"), ("负责人", "head"), ("任意角色", None))


class KeyForm(QDialog):
    """A form of named fields. `fields`: (name, label, kind, default) with kind 'text',
    'secret', 'role', 'choice' (`default` = (current data, [(text, data)…])) or 'name' (an
    editable list of names, `default` = (current, choices))."""

    done = Signal(object)   # the work's result

    def __init__(self, title: str, intro: str, fields, submit, parent=None, *,
                 confirm: tuple[str, str] | None = None, busy_text: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.confirm = confirm        # (field, its repeat): must read the same
        self.busy_text = busy_text or self.tr("正在处理密钥…")
        self.result_value = None
        self.op = None
        self.widgets: dict[str, object] = {}
        lay = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            lay.addWidget(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        for name, label, kind, default in fields:
            if kind == "role":
                w = QComboBox()
                for text, key in ROLE_CHOICES:
                    w.addItem(self.tr(text), key)
                w.setCurrentIndex(max(w.findData(default), 0))
            elif kind == "choice":
                current, choices = default
                w = QComboBox()
                for text, data in choices:
                    w.addItem(text, data)
                w.setCurrentIndex(max(w.findData(current), 0))
            elif kind == "name":
                current, choices = default
                w = QComboBox()
                w.setEditable(True)
                w.setMinimumContentsLength(12)   # a whole name, not three characters
                w.addItems(list(dict.fromkeys(choices)))
                w.setCurrentText(current or "")
            else:
                w = QLineEdit(default or "")
                if kind == "secret":
                    w.setEchoMode(QLineEdit.Password)
            w.setObjectName(name)
            self.widgets[name] = w
            form.addRow(label, w)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        # Enter in any field confirms, whichever window Qt thinks is active (the default
        # button is not asked, so one press submits once).
        for b in self.buttons.buttons():
            b.setAutoDefault(False)
            b.setDefault(False)
        for w in self.widgets.values():
            if isinstance(w, QLineEdit):
                w.returnPressed.connect(self._try_accept)
                w.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._try_accept)
        from ..screen import resize_to_fit
        resize_to_fit(self, 560, self.sizeHint().height() + 40)

    def eventFilter(self, obj, event) -> bool:
        # Enter belongs to the field: no window shortcut on Enter (the claims table's 同意建议)
        # may take it while the form is open.
        if (event.type() == QEvent.ShortcutOverride
                and event.key() in (Qt.Key_Return, Qt.Key_Enter)):
            event.accept()
            return True
        return super().eventFilter(obj, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Keys typed go to this form, not to the window below (whose Enter decides a claim).
        self.activateWindow()
        first = next(iter(self.widgets.values()), None)
        if first is not None:
            first.setFocus()

    def values(self) -> dict:
        out = {}
        for name, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData() if not w.isEditable() else w.currentText().strip()
            else:
                out[name] = w.text() if w.echoMode() == QLineEdit.Password else w.text().strip()
        return out

    def _try_accept(self) -> None:
        if self.op is not None and not self.op.finished:
            return
        values = self.values()
        if self.confirm and values[self.confirm[0]] != values[self.confirm[1]]:
            self.error.setText(self.tr("两次输入的口令不一致"))
            return
        try:
            work = self.submit(values)
        except Exception as exc:   # noqa: BLE001 - the core's words (a missing root, a bad role)
            self.error.setText(str(exc))
            return
        from ..tasks import BackgroundOp

        self.error.setText(self.busy_text)
        self.buttons.setEnabled(False)
        self.op = (BackgroundOp(self, work, self._succeeded).failure(self._failed)
                   .with_progress(self.busy_text, cancellable=False).run_in_background())

    def _succeeded(self, value) -> None:
        self.buttons.setEnabled(True)
        self.result_value = value
        self.done.emit(value)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(str(exc) or type(exc).__name__)


class KeysDialog(QDialog):
    """The keys folder: its root, its identities, and the commands on them."""

    def __init__(self, flow, parent=None):
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle(self.tr("签名密钥"))
        lay = QVBoxLayout(self)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.root = QLabel()
        self.root.setWordWrap(True)
        lay.addWidget(self.folder)
        lay.addWidget(self.root)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("角色"), self.tr("有效期至"),
                                              self.tr("文件")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.create_root = QPushButton(self.tr("创建根证书…"))
        self.import_root = QPushButton(self.tr("导入根证书…"))
        self.issue = QPushButton(self.tr("签发签名密钥…"))
        self.import_identity = QPushButton(self.tr("导入签名密钥…"))
        self.change = QPushButton(self.tr("修改口令…"))
        for b in (self.create_root, self.import_root, self.issue, self.import_identity, self.change):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        lay.addWidget(close)
        self.create_root.clicked.connect(lambda: self.flow.create_root(self))
        self.import_root.clicked.connect(lambda: self.flow.import_root(self))
        self.issue.clicked.connect(lambda: self.flow.issue(self))
        self.import_identity.clicked.connect(lambda: self.flow.import_identity(self))
        self.change.clicked.connect(lambda: self.flow.change_passphrase(self, self.chosen_file()))
        from ..screen import resize_to_fit
        resize_to_fit(self, 760, 440)
        self.refresh()

    def chosen_file(self):
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item is not None else None

    def refresh(self) -> None:
        keys = self.flow.keys()
        self.folder.setText(self.tr("密钥文件夹：{folder}").format(folder=keys.folder))
        if keys.has_root():
            try:
                name = keys.root().name
            except Exception as exc:   # noqa: BLE001 - a damaged root file: say so, keep the dialog
                name = str(exc)
            self.root.setText(self.tr("根证书：{name}").format(name=name) + (
                self.tr("（本机持有根证书私钥，可签发签名密钥）") if keys.can_issue()
                else self.tr("（本机不能签发：签名密钥由持有根证书私钥的电脑签发后导入）")))
        else:
            self.root.setText(self.tr("尚未设置根证书：在局里负责签发的电脑上创建根证书，"
                                      "其他电脑导入该根证书（.pem）。"))
        ids = keys.identities()
        self.table.setRowCount(len(ids))
        for r, i in enumerate(ids):
            until = i.not_after.astimezone().strftime("%Y-%m-%d") if i.not_after else "?"
            for c, text in enumerate((i.name, self.tr(i.role_label), until, i.path.name)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, i.path)
                item.setToolTip(str(i.path))
                self.table.setItem(r, c, item)
        if ids:
            self.table.selectRow(0)
        self.create_root.setEnabled(not keys.has_root())
        self.issue.setEnabled(keys.can_issue())
        self.import_identity.setEnabled(keys.has_root())
        self.change.setEnabled(bool(ids) or keys.can_issue())
