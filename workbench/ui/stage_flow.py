"""Moving on through the work and the stage commands (完成初审 / 复核通过 / 退回) for the
applications chosen in the list, after a confirmation that names them. `self` is the window."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

__all__ = ["next_claim", "stage", "STAGE_WORDS"]


def next_claim(self) -> bool:
    """N: the next claim; at the last one, the first claim of the next application."""
    if self.claims.move(+1):
        return True
    if self.claims.whole_batch.isChecked() or not self.apps.select_next():
        self.statusBar().showMessage(self.tr("已是最后一项"), 4000)
        return False
    self.statusBar().showMessage(self.tr("下一份申报：{name}").format(name=self.apps.current().name), 4000)
    return True


STAGE_WORDS = {"complete_first": "完成初审", "confirm_second": "复核通过", "return_to_first": "退回初审"}


def stage(self, fn) -> bool:
    """完成初审 / 复核通过 / 退回 for every chosen application, after a confirmation that
    names them; the core then accepts or refuses them together."""
    apps = self.apps.selected()
    if not apps:
        return False
    what = self.tr(STAGE_WORDS.get(fn.__name__, ""))
    names = "\n".join(f"· {a.name}" for a in apps[:12])
    if len(apps) > 12:
        names += self.tr("\n…等共 {n} 份").format(n=len(apps))
    box = QMessageBox(QMessageBox.Question, what,
                      self.tr("对以下 {n} 份申报{what}？\n\n{names}").format(n=len(apps), what=what, names=names),
                      QMessageBox.Yes | QMessageBox.No, self)
    box.setDefaultButton(QMessageBox.Yes)
    box.button(QMessageBox.Yes).setText(what)
    box.button(QMessageBox.No).setText(self.tr("取消"))
    if box.exec() != QMessageBox.Yes:
        return False
    return bool(fn([a.id for a in apps]))
