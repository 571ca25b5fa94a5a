"""Claims are settled in line order whatever order they come in, and the results come back in
the order the claims were given (settle takes the given order as it is when the lines rise)."""
from __future__ import annotations

from decimal import Decimal

from tests.core.golden_runner import DEFAULT_CODE, build_claim
from workbench.core.domain.model import Applicant, Application
from workbench.core.rules.ruleset import default_ruleset
from workbench.core.rules.settle import settle_application
from workbench.core.rules.usage import Usage


def _settle(claims):
    rules = default_ruleset()
    app = Application(Applicant("示例企业", DEFAULT_CODE, 2025, True), claims, source="x.xlsx")
    return settle_application(app, rules, Usage(rules))


def _once_only(row, line):
    # 4.2: 50 % of the service fee, once per enterprise
    return build_claim(row, {"line": line, "code": "4.2", "basis": "100000", "voucher": f"V-{row}"})


def test_the_lower_line_takes_the_once_only_place_in_any_order_given():
    rising = _settle([_once_only(2, 1), _once_only(3, 2)])
    assert [(r.line, r.status, r.suggested) for r in rising] == [
        (1, "approve", Decimal("50000.00")), (2, "reject", Decimal("0.00"))]
    # given with the later line first: still line 1 first, results in the order given
    falling = _settle([_once_only(3, 2), _once_only(2, 1)])
    assert [(r.line, r.row, r.status) for r in falling] == [(2, 3, "reject"), (1, 2, "approve")]
    assert "第 1 行" not in "\n".join(falling[1].explanation)
    assert any("1" in line and "一次性" in line for line in falling[0].explanation)


def test_equal_lines_go_by_row_and_a_claim_without_a_line_goes_last():
    same = _settle([_once_only(5, 1), _once_only(4, 1)])
    assert [(r.row, r.status) for r in same] == [(5, "reject"), (4, "approve")]
    no_line = _settle([_once_only(2, None), _once_only(3, 7)])
    assert [(r.row, r.status) for r in no_line] == [(2, "reject"), (3, "approve")]
