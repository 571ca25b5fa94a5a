"""`python -m workbench`: no sub-command opens the window; a sub-command runs headless."""
import sys
import types

import pytest

from workbench import __main__ as entry


@pytest.fixture
def fake_window(monkeypatch):
    calls = []
    module = types.ModuleType("workbench.ui.app")
    module.run_app = lambda argv: calls.append(list(argv)) or 0
    monkeypatch.setitem(sys.modules, "workbench.ui.app", module)
    return calls


@pytest.mark.parametrize("argv", [[], ["--db", "x.sqlite"], ["--db", "x.sqlite", "--reviewer", "张三"]])
def test_window_options_alone_open_the_window(fake_window, argv):
    assert entry.main(argv) == 0
    assert fake_window == [argv]


def test_a_sub_command_runs_headless(fake_window, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert entry.main(["--db", str(tmp_path / "s.sqlite"), "template", str(out)]) == 0
    assert out.exists() and fake_window == []


def test_help_is_the_command_line_not_the_window(fake_window, capsys):
    with pytest.raises(SystemExit) as exc:
        entry.main(["--help"])
    assert exc.value.code == 0 and "COMMAND" in capsys.readouterr().out and fake_window == []
