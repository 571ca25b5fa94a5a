"""A step that fails in a way no dialog of its own expected (a store locked past the wait, a
server session dropped mid-step) is said in a dialog while the program runs, not only on stderr."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from workbench.ui.unexpected import explain

from .office import run_window


def test_a_step_that_fails_unforeseen_is_said_in_a_dialog(qapp, settings, monkeypatch, tmp_path):
    """A decision whose database write fails (here: locked past the wait) is not silently
    dropped: the window says it in Chinese and goes on."""
    import sqlite3
    import sys

    from workbench.ui import review_actions

    boxes = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: boxes.append((title, text)))

    def locked(self, *a, **k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(review_actions.ReviewActions, "accept", locked)
    hook_during = []

    def press_accept(w):
        hook_during.append(sys.excepthook)
        assert w.claims.current() is not None and w.a.accept.isEnabled()
        w.a.accept.trigger()

    from workbench.__main__ import main

    assert main(["--db", str(tmp_path / "s.sqlite"), "demo", str(tmp_path / "demo")]) == 0
    hook_before = sys.excepthook
    code, seen = run_window(monkeypatch, settings, ["--db", str(tmp_path / "s.sqlite"), "--reviewer", "张经办"],
                            look=press_accept)
    assert code == 0 and seen
    assert hook_during and hook_during[0] is not hook_before and sys.excepthook is hook_before
    assert boxes == [("操作未完成", "数据库正被另一处写入（另一位审核人员或另一个程序），等待超时：这一步没有保存，请稍后再试。")]



def test_known_causes_are_worded_for_a_reviewer_and_the_core_s_words_kept():
    import sqlite3

    assert "稍后再试" in explain(sqlite3.OperationalError("database is locked"))
    assert "磁盘已满" in explain(sqlite3.OperationalError("disk I/O error"))
    lost = sqlite3.OperationalError("与数据库服务器 x 的连接已中断（服务器重启或网络断开）：这一步没有保存")
    assert explain(lost) == str(lost)
