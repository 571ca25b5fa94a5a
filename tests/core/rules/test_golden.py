"""Golden cases: one YAML file of cases per article (name, ledger, claims, expected results)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.core.golden_runner import run_case
from workbench.core.domain.money import s2

GOLDEN = Path(__file__).parent.parent / "golden"


def _cases():
    for path in sorted(GOLDEN.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}:{case['name']}")


@pytest.mark.parametrize("case", list(_cases()))
def test_golden(case):
    results = run_case(case)
    by_line = {r.line: r for r in results}
    for exp in case["expect"]:
        r = by_line[exp["line"]]
        text = "\n".join(r.explanation)
        assert r.status == exp["status"], text
        for key in ("computed", "suggested"):
            if key in exp:
                want = None if exp[key] is None else f"{exp[key]}"
                assert s2(getattr(r, key)) == want, f"{key}: {text}"
        for fragment in exp.get("explain", ()):
            assert fragment in text, text


def test_every_claim_code_has_golden_cases():
    from workbench.core.rules.ruleset import default_ruleset

    covered = set()
    for path in GOLDEN.glob("*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            covered |= {str(c.get("code")) for c in case["claims"]}
    assert set(default_ruleset().codes) <= covered
