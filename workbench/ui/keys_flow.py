"""Key management from the window, on core.identities.Keys and core.rekey: create the bureau
root or import it, issue a reviewer's key, take in a key file, change a passphrase; and the
guide shown when the reviewer has no key, which offers the step this PC can do.

Passphrases go from the form to the core and are never kept.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .dialogs.keys import KeyForm, KeysDialog

__all__ = ["KeyFlow"]


class KeyFlow(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def keys(self):
        return self.window.sheets.keys()

    def _reviewer_role(self, name: str) -> str | None:
        from workbench.core.signing.identities import normalize_role

        from .dialogs.profile import store_reviewers

        role = dict(store_reviewers(self.window.workspace.path)).get(name)
        try:
            return normalize_role(role)
        except Exception:   # noqa: BLE001 - a title the signing roles do not know: any role
            return None

    def _names(self) -> list[str]:
        from .dialogs.profile import store_reviewers
        return [n for n, _r in store_reviewers(self.window.workspace.path)]

    def _after(self, parent, dlg: KeyForm) -> bool:
        self.form = dlg
        ok = bool(dlg.exec())
        if ok and isinstance(parent, KeysDialog):
            parent.refresh()
        return ok

    # ---- the dialog --------------------------------------------------------------------------

    def show(self) -> KeysDialog:
        dlg = KeysDialog(self, self.window)
        self.window.keys_dialog = dlg
        dlg.open()
        return dlg

    # ---- the root ----------------------------------------------------------------------------

    def create_root(self, parent=None) -> bool:
        keys = self.keys()

        def submit(v):
            pw = v["passphrase"]
            return lambda progress: keys.init_root(pw, name=v["name"], organization=v["org"])

        dlg = KeyForm(self.tr("创建根证书"), self.tr(
            "根证书是局里全部签名的信任起点，只在负责签发的一台电脑上创建一次；其私钥以口令加密保存在 {folder}。"
            "口令至少 10 个字符，不能只有一类字符，请妥善保管。").format(folder=keys.folder),
            [("name", self.tr("名称"), "text", "光明区智能传感器扶持资金审核根证书"),
             ("org", self.tr("单位"), "text", "深圳市光明区"),
             ("passphrase", self.tr("根证书私钥口令"), "secret", ""),
             ("again", self.tr("再输入一次"), "secret", "")],
            submit, parent or self.window, confirm=("passphrase", "again"),
            busy_text=self.tr("正在创建根证书…"))
        return self._after(parent, dlg)

    def import_root(self, parent=None) -> bool:
        keys = self.keys()
        path, _ = QFileDialog.getOpenFileName(parent or self.window, self.tr("导入根证书"), "",
                                              self.tr("根证书 (*.pem *.cer *.crt);;所有文件 (*)"))
        if not path:
            return False
        try:
            root = keys.import_root(path)
        except Exception as exc:   # noqa: BLE001 - the core's SigningError, in its words
            QMessageBox.warning(parent or self.window, self.tr("不能导入"), str(exc))
            return False
        if isinstance(parent, KeysDialog):
            parent.refresh()
        self.window.statusBar().showMessage(self.tr("已信任根证书“{name}”").format(name=root.name), 8000)
        return True

    # ---- identities --------------------------------------------------------------------------

    def issue(self, parent=None, name: str | None = None) -> bool:
        keys = self.keys()
        name = name or self.window.reviewer

        def submit(v):
            from workbench.core.signing.identities import normalize_role
            who, role = v["name"], normalize_role(v["role"])
            if not who:
                raise ValueError(self.tr("请填写姓名"))
            pw, root_pw = v["passphrase"], v["root_passphrase"]
            return lambda progress: keys.issue(who, role, pw, root_passphrase=root_pw)

        dlg = KeyForm(self.tr("签发签名密钥"), self.tr(
            "为审核人员签发签名密钥（3 年有效），保存在 {folder}。签名口令由本人设置，至少 10 个字符，"
            "不能含本人姓名；签发需要根证书私钥口令。").format(folder=keys.identities_dir),
            [("name", self.tr("姓名"), "name", (name, [name, *self._names()])),
             ("role", self.tr("角色"), "role", self._reviewer_role(name)),
             ("passphrase", self.tr("签名口令"), "secret", ""),
             ("again", self.tr("再输入一次"), "secret", ""),
             ("root_passphrase", self.tr("根证书私钥口令"), "secret", "")],
            submit, parent or self.window, confirm=("passphrase", "again"),
            busy_text=self.tr("正在签发签名密钥…"))
        if self._after(parent, dlg):
            self.window.statusBar().showMessage(
                self.tr("已签发签名密钥：{file}").format(file=Path(dlg.result_value).name), 8000)
            return True
        return False

    def import_identity(self, parent=None) -> bool:
        keys = self.keys()
        path, _ = QFileDialog.getOpenFileName(parent or self.window, self.tr("导入签名密钥"), "",
                                              self.tr("签名密钥 (*.p12 *.pfx);;所有文件 (*)"))
        if not path:
            return False

        def submit(v):
            pw = v["passphrase"]
            return lambda progress: keys.import_identity(path, pw)

        dlg = KeyForm(self.tr("导入签名密钥"), self.tr("导入 {file}：请输入它的口令（将核对它由本机信任的根证书签发）。")
                      .format(file=Path(path).name),
                      [("passphrase", self.tr("口令"), "secret", "")], submit, parent or self.window,
                      busy_text=self.tr("正在导入签名密钥…"))
        return self._after(parent, dlg)

    def change_passphrase(self, parent=None, chosen: Path | None = None) -> bool:
        keys = self.keys()
        choices = [(f"{i.name}（{i.role_label}）　{i.path.name}", i.path) for i in keys.identities()]
        if keys.can_issue():
            choices.append((self.tr("根证书私钥　{file}").format(file=keys.root_key_path.name),
                            keys.root_key_path))
        if not choices:
            QMessageBox.information(parent or self.window, self.tr("修改口令"), self.tr("本机没有密钥文件。"))
            return False
        if chosen is None:
            mine = [p for t, p in choices if t.startswith(f"{self.window.reviewer}（")]
            chosen = mine[0] if mine else choices[0][1]

        def submit(v):
            from workbench.core.signing.rekey import change_passphrase
            target, old, new = v["file"], v["old"], v["new"]
            return lambda progress: change_passphrase(target, old, new)

        dlg = KeyForm(self.tr("修改口令"), self.tr("新口令至少 10 个字符，不能只有一类字符，不能含持有人姓名。"),
                      [("file", self.tr("密钥"), "choice", (chosen, choices)),
                       ("old", self.tr("原口令"), "secret", ""),
                       ("new", self.tr("新口令"), "secret", ""),
                       ("again", self.tr("再输入一次"), "secret", "")],
                      submit, parent or self.window, confirm=("new", "again"),
                      busy_text=self.tr("正在修改口令…"))
        if self._after(parent, dlg):
            self.window.statusBar().showMessage(self.tr("口令已修改"), 8000)
            return True
        return False

    # ---- the guide ---------------------------------------------------------------------------

    def guide(self, problem: str) -> bool:
        """The reviewer has no usable key: say why and offer what this PC can do about it.
        True when a key was made or taken in (the caller then tries again)."""
        w, keys, name = self.window, self.keys(), self.window.reviewer
        box = QMessageBox(QMessageBox.Warning, self.tr("没有签名密钥"), problem, QMessageBox.NoButton, w)
        steps = {}
        if not keys.has_root():
            box.setInformativeText(self.tr(
                "签名密钥由局里的根证书签发，本机（{folder}）还没有根证书。\n"
                "· 本机负责签发：创建根证书，再为 {name} 签发签名密钥；\n"
                "· 否则导入局里提供的根证书（.pem），再导入为 {name} 签发的签名密钥（.p12）。"
            ).format(folder=keys.folder, name=name))
            steps["create"] = box.addButton(self.tr("创建根证书并签发…"), QMessageBox.AcceptRole)
            steps["import_root"] = box.addButton(self.tr("导入根证书…"), QMessageBox.ActionRole)
        elif keys.can_issue():
            box.setInformativeText(self.tr("本机持有根证书私钥：可以现在为 {name} 签发签名密钥（需要根证书私钥口令）。")
                                   .format(name=name))
            steps["issue"] = box.addButton(self.tr("为 {name} 签发…").format(name=name), QMessageBox.AcceptRole)
        else:
            box.setInformativeText(self.tr("请负责人在持有根证书私钥的电脑上为 {name} 签发签名密钥（.p12），"
                                           "再在这里导入。").format(name=name))
            steps["import"] = box.addButton(self.tr("导入签名密钥…"), QMessageBox.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.RejectRole)
        self.guide_box = box
        box.exec()
        clicked = box.clickedButton()
        if clicked is steps.get("create"):
            return self.create_root() and self.issue(name=name)
        if clicked is steps.get("import_root"):
            return self.import_root() and self.import_identity()
        if clicked is steps.get("issue"):
            return self.issue(name=name)
        if clicked is steps.get("import"):
            return self.import_identity()
        return False
