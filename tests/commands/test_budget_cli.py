"""`budget show` / `budget accept`: the proposal names enterprise, project and article, sums
exactly to the budget, and is written only after a confirmation with the totals."""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from tests.core.review_support import snapshot, write_app
from workbench.core.review import decisions as review
from workbench.core.review.budget import TOTAL, Item, propose
from workbench.core.store.database import Store


@pytest.fixture
def run(cli, tmp_path):
    go = cli
    db = cli.db
    assert go("reviewer", "add", "张三", "--role", "经办人")[0] == 0
    for n in (1, 2):
        write_app(tmp_path / "in", n)          # 3.1 400,000 + 3.2 50,000 + （二） requested 300,000
    assert go("batch", "import", "B", tmp_path / "in", "--as", "张三")[0] == 0
    with Store.open(db) as s:
        for a in (1, 2):
            art2 = next(c for c in review.claims(s, a) if c.code == "2")
            review.decide(s, "张三", art2.claim_id, "amount", D("100000"), "会议决定")
    # Approved now: 2 × (400,000 + 50,000) + 2 × 100,000 = 1,100,000.00.
    assert go("budget", "set", "B", "1000000", "--as", "张三")[0] == 0
    return go


def test_show_names_who_and_what_and_the_totals(run):
    code, out, _ = run("budget", "show", "B")
    assert code == 0 and "无需核减" not in out
    assert "深圳光明传感1号有限公司　封测平台1（条款（三） 3.1 第1项）" in out
    assert "核定合计 1,100,000.00 → 1,000,000.00" in out
    code, out, _ = run("budget", "show", "B", "--json")
    p = json.loads(out)["proposal"]
    # 900,000 rule-based share the 800,000 left after the 200,000 people set: exactly.
    assert sum(D(r["proposed"]) for r in p["reductions"]) == D("800000.00")
    assert {r["code"] for r in p["reductions"]} == {"3.1", "3.2"}          # （二） left alone
    assert all(D(r["proposed"]) <= D(r["suggested"]) for r in p["reductions"])


def test_accept_needs_a_confirmation(run):
    with Store.open(run.db) as s:
        before = snapshot(s)
    code, out, err = run("budget", "accept", "B", "--as", "张三")       # stdin is not a terminal
    assert code == 1 and "--yes" in err and "1,100,000.00 → 1,000,000.00" in out
    with Store.open(run.db) as s:
        assert snapshot(s) == before
    code, out, _ = run("budget", "accept", "B", "--yes", "--as", "张三")
    assert code == 0 and "1,100,000.00 → 1,000,000.00" in out
    with Store.open(run.db) as s:
        assert review.article_totals(s, batch="B")[-1].approved == D("1000000.00")
        art2 = [c for a in (1, 2) for c in review.claims(s, a) if c.code == "2"]
        assert [c.approved for c in art2] == [D("100000.00")] * 2 and all("会议" in c.reason for c in art2)
    code, out, _ = run("budget", "show", "B")
    assert "核减方案已接受" in out and "无需核减" not in out


def test_over_budget_without_anything_to_reduce_never_says_no_reduction_needed():
    p = propose("b", [Item(1, 1, "（二）", D("900"), False)], {TOTAL: D("800")})
    text = "\n".join(p.status_lines())
    assert "无需核减" not in text and "超出预算" in text
