"""Window commands on files around the review: the blank template, backup and restore of the
store. The core does the work (core.template, core.backup); this asks where and reports."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

__all__ = ["StoreActions"]


class StoreActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def _folder(self) -> str:
        return self.window.settings.get("ui/last_import_dir") or str(self.window.workspace.beside.parent)

    def save_template(self) -> Path | None:
        from workbench.core.intake.template import write_template
        w = self.window
        path, _ = QFileDialog.getSaveFileName(
            w, self.tr("保存空白申报表"), str(Path(self._folder()) / "光明区智能传感器扶持资金申报表.xlsx"),
            self.tr("Excel 申报表 (*.xlsx)"))
        if not path:
            return None
        out = write_template(path, w.rules)
        w.statusBar().showMessage(self.tr("已保存空白申报表：{p}").format(p=out), 8000)
        return out

    def backup(self) -> Path | None:
        from workbench.core.store.backup import backup
        w = self.window
        # A server's backup is a store file on this PC, named by the database.
        stem = _stem(w.workspace)
        w.workspace.beside.parent.mkdir(parents=True, exist_ok=True)   # this PC's data folder
        path, _ = QFileDialog.getSaveFileName(
            w, self.tr("备份数据库"), str(w.workspace.beside.with_name(stem + "-备份.sqlite")),
            self.tr("数据库 (*.sqlite)"))
        if not path:
            return None
        try:
            report = backup(w.workspace.store, path, actor=w.reviewer or None)
        except Exception as exc:   # noqa: BLE001 - the core's refusal, or the disk's
            w.show_error(exc)
            return None
        verdict = self.tr("检查通过") if report.verify.ok else self.tr("检查未通过：{x}").format(x=report.verify.first)
        QMessageBox.information(w, self.tr("备份数据库"), self.tr("已备份到 {p}（{v}）。").format(
            p=report.path, v=verdict))
        return report.path

    def restore(self) -> bool:
        from workbench.core.store.backup import restore

        from .workspace import Workspace
        w = self.window
        if w.workspace.on_server:
            QMessageBox.information(w, self.tr("从备份恢复"), self.tr(
                "数据库在服务器 {url} 上，由大家共用：不能在窗口中用备份替换它。\n"
                "请服务器管理员用命令 store copy 把备份文件复制到服务器上的新数据库。").format(
                    url=w.workspace.name))
            return False
        path, _ = QFileDialog.getOpenFileName(w, self.tr("从备份恢复"), str(w.workspace.beside.parent),
                                              self.tr("数据库 (*.sqlite)"))
        if not path:
            return False
        box = QMessageBox(QMessageBox.Warning, self.tr("从备份恢复"), self.tr(
            "用备份 {b} 替换当前数据库 {s}？\n当前数据库会先另存一份（.before-restore-…）。").format(
                b=Path(path).name, s=w.workspace.path.name), QMessageBox.Yes | QMessageBox.No, w)
        box.button(QMessageBox.Yes).setText(self.tr("恢复"))
        box.button(QMessageBox.No).setText(self.tr("取消"))
        if box.exec() != QMessageBox.Yes:
            return False
        store_path = w.workspace.path
        w.workspace.close()   # the restore writes the file this connection reads
        try:
            saved, _report = restore(path, store_path, w.reviewer)
        except Exception as exc:   # noqa: BLE001
            w.show_error(exc)
            return False
        finally:
            w.workspace = Workspace(store_path)
            w.review.store = w.workspace.store
            w.reload()
        w.statusBar().showMessage(self.tr("已从备份恢复；原数据库另存为 {p}").format(p=saved), 10000)
        return True


def _stem(workspace) -> str:
    """The backup's file name: the store file's, or the server database's name."""
    if workspace.on_server:
        from urllib.parse import urlsplit

        return urlsplit(workspace.name).path.strip("/") or "workbench"
    return Path(workspace.path).stem
