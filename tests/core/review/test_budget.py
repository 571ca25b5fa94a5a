"""Budget control: the pro-rata proposal never exceeds the budget; accepting it writes decisions."""
from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, SECOND, add_reviewers, snapshot, write_app
from workbench.core.domain.workflow import Refused
from workbench.core.review import batches, budget
from workbench.core.review import decisions as review
from workbench.core.review.budget import TOTAL, Item, propose, prorate
from workbench.core.store import audit


def test_prorate_largest_remainder_on_the_cent():
    # 3 × 100.00 into 200.00: exact shares 66.666…, cut to 66.66 ×3 = 199.98 → two cents to the
    # largest remainders; all equal, so (same amount) the earlier claims get them.
    out = prorate([(1, D("100.00")), (2, D("100.00")), (3, D("100.00"))], D("200.00"))
    assert sum(out.values()) == D("200.00")
    assert (out[1], out[2], out[3]) == (D("66.67"), D("66.67"), D("66.66"))
    # 10.00 / 20.00 / 30.00 into 10.00: exact 1.666…, 3.333…, 5.00 → 1.66 + 3.33 + 5.00 = 9.99;
    # the cent goes to the largest remainder (1.666… → 1.67).
    out = prorate([(1, D("10.00")), (2, D("20.00")), (3, D("30.00"))], D("10.00"))
    assert (out[1], out[2], out[3]) == (D("1.67"), D("3.33"), D("5.00"))


def test_prorate_within_budget_changes_nothing():
    assert prorate([(1, D("5.00"))], D("5.00")) == {1: D("5.00")}


@pytest.mark.parametrize("seed", range(30))
def test_prorate_never_exceeds_and_stays_within_a_cent(seed):
    rng = random.Random(seed)
    amounts = [(i, D(rng.randint(1, 10**9)) / 100) for i in range(rng.randint(1, 60))]
    total = sum(a for _, a in amounts)
    target = (total * D(rng.random())).quantize(D("0.01"))
    out = prorate(amounts, target)
    assert sum(out.values()) == target                 # exactly the budget, to the cent
    for k, a in amounts:
        assert abs(out[k] - a * target / total) < D("0.01")
        assert 0 <= out[k] <= a                        # never raises a claim


def test_propose_keeps_amounts_people_set_and_applies_article_then_total():
    items = [Item(1, 1, "（三）", D("400000"), True), Item(2, 1, "（三）", D("100000"), True),
             Item(3, 1, "（二）", D("300000"), False), Item(4, 2, "（三）", D("200000"), False)]
    p = propose("b", items, {"（三）": D("500000"), TOTAL: D("700000")})
    art3, total = p.scopes
    assert art3.over and art3.fixed == D("200000") and art3.adjustable == D("500000")
    # （三）: 200,000 fixed, 500,000 rule-based share the 300,000 left → 240,000 + 60,000.
    # Total: 800,000 after that; 500,000 fixed, so 300,000 → 200,000: 160,000 + 40,000.
    assert total.over and total.total == D("800000.00") and total.fixed == D("500000")
    after = {r.claim_id: r.after for r in p.reductions}
    assert after == {1: D("160000.00"), 2: D("40000.00")}


def test_propose_infeasible_when_people_already_spent_the_budget():
    p = propose("b", [Item(1, 1, "（二）", D("900"), False), Item(2, 1, "（三）", D("100"), True)],
                {TOTAL: D("800")})
    assert not p.scopes[0].feasible and "人工" in p.scopes[0].message


def test_normalize_article():
    assert budget.normalize_article("3") == budget.normalize_article("（三）") == "（三）"
    assert budget.normalize_article("") == TOTAL
    with pytest.raises(Refused):
        budget.normalize_article("15")


@pytest.fixture
def ws(store, tmp_path):
    add_reviewers(store)
    batches.import_files(store, "B", [write_app(tmp_path / "in", i) for i in (1, 2, 3)], FIRST)
    for app in (1, 2, 3):
        art2 = review.claims(store, app)[2].claim_id
        review.decide(store, FIRST, art2, "amount", D("100000"), "按实际投入")
    return store


def test_accepting_the_proposal_writes_reductions_as_decisions(ws):
    # Suggested: 3 × (400,000 + 50,000) rule-based, 3 × 100,000 decided by people = 1,650,000.
    budget.set_budget(ws, FIRST, "B", D("1000000"))
    p = budget.proposal(ws, "B")
    assert p.needed and len(p.reductions) == 6
    assert sum(r.after for r in p.reductions) <= D("700000")
    budget.accept_proposal(ws, SECOND, "B", expected=p.digest)
    totals = review.article_totals(ws, batch="B")[-1]
    assert totals.approved == D("1000000.00")
    c = review.claims(ws, 1)[0]
    assert c.decision == "amount" and "按比例核减" in c.reason and not c.override
    assert audit.verify_store(ws).ok
    assert not budget.proposal(ws, "B").needed
    # Raising the budget later proposes from the suggestions again, not from the reduced amounts.
    budget.set_budget(ws, FIRST, "B", D("1200000"))
    p = budget.proposal(ws, "B")
    assert p.needed and p.reductions[1].before == D("50000.00")
    budget.accept_proposal(ws, SECOND, "B", expected=p.digest)
    assert review.article_totals(ws, batch="B")[-1].approved == D("1200000.00")
    # Lifting it above the total restores the suggestions.
    budget.set_budget(ws, FIRST, "B", D("5000000"))
    budget.accept_proposal(ws, SECOND, "B")
    assert review.article_totals(ws, batch="B")[-1].approved == D("1650000.00")
    assert review.claims(ws, 1)[0].decision == "accept"
    assert audit.verify_store(ws).ok


def test_accept_is_refused_when_the_proposal_changed_or_is_not_needed(ws):
    before = snapshot(ws)
    with pytest.raises(Refused, match="无需核减"):
        budget.accept_proposal(ws, SECOND, "B")
    assert snapshot(ws) == before
    budget.set_budget(ws, FIRST, "B", D("900000"), "3")
    stale = budget.proposal(ws, "B").digest
    budget.set_budget(ws, FIRST, "B", D("800000"), "3")
    before = snapshot(ws)
    with pytest.raises(Refused, match="已变化"):
        budget.accept_proposal(ws, SECOND, "B", expected=stale)
    assert snapshot(ws) == before


def test_per_article_budget(ws):
    budget.set_budget(ws, FIRST, "B", D("900000"), "三")
    assert budget.budgets(ws, "B") == {"（三）": D("900000.00")}
    p = budget.proposal(ws, "B")
    budget.accept_proposal(ws, SECOND, "B", expected=p.digest)
    t = {x.article: x for x in review.article_totals(ws, batch="B")}
    assert t["（三）"].approved <= D("900000") and t["（二）"].approved == D("300000.00")
