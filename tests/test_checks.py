"""The repository's own checks find what they are for."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_sizes", ROOT / "scripts" / "check_sizes.py")
check_sizes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_sizes)


def test_a_module_over_the_limit_is_named_with_its_length(tmp_path):
    pkg = tmp_path / "workbench"
    pkg.mkdir()
    (pkg / "short.py").write_text("x = 1\n" * 500)
    (pkg / "long.py").write_text("x = 1\n" * 501)
    assert check_sizes.too_long(pkg) == [("workbench/long.py", 501)]
