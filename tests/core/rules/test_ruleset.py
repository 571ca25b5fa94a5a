from decimal import Decimal

import pytest

from workbench.core.domain.resources import resource_path
from workbench.core.rules.ruleset import RuleSetError, default_ruleset, load_ruleset


def test_shipped_rule_set_has_every_code_of_the_measures():
    rs = default_ruleset()
    assert set(rs.codes) == {"2", "3.1", "3.2", "4.1", "4.2", "5", "6.1", "6.2", "7", "8", "9",
                             "10", "11.1", "11.2", "12.1", "12.2", "13", "14"}
    assert all(r.article.startswith("（") for r in rs.rules.values())
    assert (rs.year_from, rs.year_to) == (2023, 2027)


def test_rates_and_caps_are_exact_decimals():
    rs = default_ruleset()
    assert rs.rules["3.1"].rate == Decimal("0.40")
    assert rs.rules["11.2"].caps[1].limit == Decimal("10000000")
    assert rs.rules["13"].amounts["团体"] == Decimal("100000")


def test_a_revised_policy_is_a_new_file(tmp_path):
    text = tmp_path / "gm-sensor-2026.yaml"
    src = resource_path("rules", "gm-sensor-2023.yaml")
    body = src.read_text(encoding="utf-8").replace("GM-SENSOR-2023.1", "GM-SENSOR-2026.1").replace(
        '"0.40"', '"0.45"')
    text.write_text(body, encoding="utf-8")
    rs = load_ruleset(text)
    assert rs.version == "GM-SENSOR-2026.1"
    assert rs.rules["3.1"].rate == Decimal("0.45")


@pytest.mark.parametrize("body, fragment", [
    ("version: x\nclaims:\n  '1': {formula: magic}\n", "未知的计算方式"),
    ("version: x\nclaims:\n  '1': {formula: rate}\n", "缺少比例"),
    ("version: x\nclaims:\n  '1': {formula: rate, rate: '0.1', caps: [{limit: 1, scope: [galaxy]}]}\n", "未知的范围"),
    ("just text", "不是规则文件"),
])
def test_broken_rule_files_are_refused_with_a_reason(tmp_path, body, fragment):
    p = tmp_path / "bad.yaml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(RuleSetError, match=fragment):
        load_ruleset(p)
