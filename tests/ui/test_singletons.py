"""PySide6 6.12 drops a reference to None on every void call; on Python 3.11 the window pins
None, True and False (workbench.ui._singletons) so that a long session cannot abort."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from workbench.ui._singletons import HEADROOM


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_none_is_pinned_once_the_ui_package_is_imported():
    import workbench.ui  # noqa: F401

    assert sys.getrefcount(None) > HEADROOM // 2


def test_a_long_session_of_void_calls_ends_cleanly(tmp_path):
    # Two million void calls: far more than None's own reference count on Python 3.11, so
    # without the pin the interpreter aborts with none_dealloc (exit status -6).
    script = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import workbench.ui
        from PySide6.QtWidgets import QApplication, QWidget
        app = QApplication([])
        w = QWidget()
        for i in range(2_000_000):
            w.setObjectName("x")
        del w, app
        print("done")
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "done"
