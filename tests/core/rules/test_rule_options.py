"""Readings that are the bureau's choice are options in the rule-set file, read by the engine."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.core.golden_runner import build_claim
from workbench.core.domain.model import Applicant, Application, LedgerAward
from workbench.core.domain.resources import resource_path
from workbench.core.rules.ruleset import RuleSetError, default_ruleset, load_ruleset
from workbench.core.rules.settle import settle_application
from workbench.core.rules.usage import Usage

CODE = "91440300MA5FFFFFFT"


def _rules(tmp_path, **choices):
    body = resource_path("rules", "gm-sensor-2023.yaml").read_text(encoding="utf-8")
    for name, (old, new) in choices.items():
        body = body.replace(f"choice: {old}", f"choice: {new}", 1) if name else body
    p = tmp_path / "rules.yaml"
    p.write_text(body.replace("GM-SENSOR-2023.1", "GM-SENSOR-2023.1-test"), encoding="utf-8")
    return load_ruleset(p)


def _settle(rules, claim: dict, ledger=(), year=2025):
    app = Application(Applicant("示例企业", CODE, year, True), [build_claim(2, claim)], source="x.xlsx")
    awards = [LedgerAward(CODE, "示例企业", r.get("year", 2024), r["code"], r.get("project", "项目甲"), "",
                          r.get("voucher", ""), None, Decimal(r["amount"])) for r in ledger]
    (r,) = settle_application(app, rules, Usage.from_awards(rules, awards, with_vouchers=False))
    return r


def test_shipped_options_and_their_wording():
    rs = default_ruleset()
    assert {n: o.choice for n, o in rs.options.items()} == {
        "standard_once": "all_enterprises", "summit_event": "by_event", "ledger_amounts": "net"}
    assert rs.rules["13"].once[0].scope == ("standard",)
    assert rs.rules["14"].caps[0].scope == ("enterprise", "project")


def test_summit_cap_per_event_and_year_when_the_bureau_chooses_so(tmp_path):
    ledger = [{"code": "14", "year": 2024, "amount": "2000000"}]
    claim = {"code": "14", "basis": "1000000"}
    assert _settle(default_ruleset(), claim, ledger).status == "reject"
    rs = _rules(tmp_path, summit=("by_event", "by_event_year"))
    r = _settle(rs, claim, ledger)
    assert r.status == "approve" and r.suggested == Decimal("500000.00")
    assert any("每年举办的同名活动分别计算" in line for line in r.explanation)


def test_standard_once_per_enterprise_option_changes_the_scope(tmp_path):
    rs = _rules(tmp_path, std=("all_enterprises", "per_enterprise"))
    assert rs.rules["13"].once[0].scope == ("enterprise", "standard")
    r = _settle(rs, {"code": "13", "level": "团体", "voucher": "T/X 1"})
    assert any("每家主导企业各可获奖励一次" in line for line in r.explanation)


def test_once_kept_option_keeps_a_reversed_once_only_slot(tmp_path):
    ledger = [{"code": "4.2", "amount": "100000"}, {"code": "4.2", "amount": "-100000"}]
    claim = {"code": "4.2", "basis": "100000"}
    net = _settle(default_ruleset(), claim, ledger)
    assert net.status == "approve" and any("一次性名额已释放" in x for x in net.explanation)
    kept = _settle(_rules(tmp_path, led=("net", "once_kept")), claim, ledger)
    assert kept.status == "reject" and any("一次性名额不因冲销释放" in x for x in kept.explanation)


def test_an_unknown_choice_is_refused(tmp_path):
    with pytest.raises(RuleSetError, match="选项 ledger_amounts"):
        _rules(tmp_path, led=("net", "gross"))
