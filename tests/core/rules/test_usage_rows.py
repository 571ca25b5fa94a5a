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
