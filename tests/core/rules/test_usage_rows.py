"""Usage.add_row (what usage_for adds for each ledger group) keys every total exactly as
scope_key says, for every rule and scope of the rule set."""
from __future__ import annotations

from decimal import Decimal

from workbench.core.rules.ruleset import default_ruleset
from workbench.core.rules.usage import Usage, scope_key


def test_every_scope_keyed_as_scope_key_says():
    rules = default_ruleset()
    usage = Usage(rules)
    values = dict(credit_code="91440300MA5XXXXX1A", year=2024, project_key="项目a",
                  product_key="产品b", installment=2, voucher_key="gb/t1-2024")
    want: dict = {}
    for i, code in enumerate(sorted(rules.rules)):
        amount = Decimal(100 + i)
        usage.add_row(code, values["credit_code"], values["year"], values["project_key"],
                      values["product_key"], values["installment"], values["voucher_key"], amount,
                      Decimal("1.00"))
        rule = rules.rules[code]
        for scope in {c.scope for c in rule.caps} | {o.scope for o in rule.once}:
            k = (code, scope, scope_key(scope, **values))
            want[k] = want.get(k, Decimal(0)) + amount
    assert want and dict(usage.totals) == want
    assert usage.reversed == {k: Decimal("1.00") for k in want}
    assert usage.year_total(values["credit_code"], 2024) == sum(100 + i for i in range(len(rules.rules)))
    # a code the rule set does not know counts only for the year
    usage.add_row("99.9", values["credit_code"], 2024, "", "", None, "", Decimal(5))
    assert dict(usage.totals) == want


def test_ledger_rows_in_cents_give_the_very_decimals_of_adding_them_one_by_one():
    """add_ledger_rows sums integer cents per key and turns them into yuan once: the same
    values, exponents (repr) and keys as add_row for each row, reversing entries counted as
    taken back, sums that come to nothing kept as 0.00, unknown codes only in the year."""
    from workbench.core.domain.money import from_cents

    rules = default_ruleset()
    cc = "91440300MA5XXXXX1A"
    rows = [
        ("3.1", cc, 2024, "项目a", "", None, "v1", 300_000_000),
        ("3.1", cc, 2024, "项目a", "", None, "v2", -100_000_050),     # a reversing entry
        ("3.1", cc, 2023, "项目a", "", None, "v3", 5),
        ("6.1", cc, 2024, "流片", "", None, "v4", 12_345),
        ("6.1", cc, 2024, "流片", "", None, "v5", -12_345),            # nets to nothing
        ("11.2", cc, 2025, "采购", "产品b", None, "v6", 99),
        ("13", "91440300MA5YYYYY2B", 2022, "标准", "", None, "gb/t 1", 100_000_000),
        ("4.1", cc, 2024, "平台", "", 2, "v7", 1),
        ("99.9", cc, 2024, "", "", None, "", 700),                      # no such rule
    ]
    one_by_one, in_cents = Usage(rules), Usage(rules)
    for code, c, year, pk, prk, inst, vk, cents in rows:
        one_by_one.add_row(code, c, year, pk, prk, inst, vk, from_cents(cents),
                           from_cents(-cents) if cents < 0 else Decimal("0.00"))
    in_cents.add_ledger_rows(rows)

    def exact(d):
        return sorted((repr(k), repr(v)) for k, v in d.items())

    assert exact(in_cents.totals) == exact(one_by_one.totals)
    assert exact(in_cents.reversed) == exact(one_by_one.reversed)
    assert exact(in_cents.year_totals) == exact(one_by_one.year_totals)
    # worked out by hand: 3,000,000.00 − 1,000,000.50 + 0.05 over project a (both years: 3.1's
    # project cap) is 1,999,999.55; 123.45 − 123.45 = 0.00 for the 6.1 year cap
    assert repr(in_cents.used("3.1", ("enterprise", "project"), (cc, "项目a"))) == "Decimal('1999999.55')"
    assert repr(in_cents.used("6.1", ("enterprise", "year"), (cc, 2024))) == "Decimal('0.00')"
    assert in_cents.reversed[("3.1", ("enterprise", "project"), (cc, "项目a"))] == Decimal("1000000.50")
    # 3,000,000.00 − 1,000,000.50 + 123.45 − 123.45 + 0.01 + 7.00
    assert repr(in_cents.year_total(cc, 2024)) == "Decimal('2000006.51')"


def test_cents_become_yuan_exactly_as_from_cents_makes_them():
    from workbench.core.domain.money import from_cents
    from workbench.core.rules.usage import _yuan

    cents = [0, 1, -1, 5, 10, 99, 100, -100, 12_345, -12_345, 100_000_000, 10**20 + 7, -(10**25)]
    assert [repr(_yuan(c)) for c in cents] == [repr(from_cents(c)) for c in cents]
    assert repr(_yuan(100)) == "Decimal('1.00')" and repr(_yuan(0)) == "Decimal('0.00')"
    assert repr(_yuan(-5)) == "Decimal('-0.05')"


def test_a_usage_of_another_rule_set_keys_by_that_rule_sets_scopes(tmp_path):
    """The scope getters are shared per rule set, never across rule sets: a rule set that
    counts 13's standards per enterprise keys them so, beside a Usage of the shipped one."""
    from workbench.core.domain.resources import resource_path
    from workbench.core.rules.ruleset import load_ruleset

    body = resource_path("rules", "gm-sensor-2023.yaml").read_text(encoding="utf-8")
    p = tmp_path / "rules.yaml"
    p.write_text(body.replace("choice: all_enterprises", "choice: per_enterprise", 1)
                 .replace("GM-SENSOR-2023.1", "GM-SENSOR-2023.1-test"), encoding="utf-8")
    shipped, per_enterprise = Usage(default_ruleset()), Usage(load_ruleset(p))
    row = ("13", "91440300MA5XXXXX1A", 2024, "标准", "", None, "gb 1", 100)
    shipped.add_ledger_rows([row])
    per_enterprise.add_ledger_rows([row])
    assert list(shipped.totals) == [("13", ("standard",), ("gb 1",))]
    assert list(per_enterprise.totals) == [("13", ("enterprise", "standard"), ("91440300MA5XXXXX1A", "gb 1"))]
