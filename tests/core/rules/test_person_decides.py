"""A person decides every claim: input problems and 人工审核 claims wait for a reviewer."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.core.review_support import write_app
from workbench.core.domain.workflow import Refused
from workbench.core.review import decisions as review
from workbench.core.store import listing
from workbench.core.store.database import Store


@pytest.fixture
def run(cli, tmp_path):
    go = cli
    assert go("reviewer", "add", "张三", "--role", "经办人")[0] == 0
    # Line 3: 3.1 without its basis (an input problem); applicant outside the district on app 2.
    bad = [{"line": 3, "code": "3.1", "project": "缺基数", "voucher": "HT-X"}]
    write_app(tmp_path / "in", 1, with_art2=False, extra=bad)
    write_app(tmp_path / "in", 2, with_art2=False, applicant={"是否注册在光明区": "否"})
    assert go("batch", "import", "B", tmp_path / "in", "--as", "张三")[0] in (0, 1)
    return go


def test_an_input_problem_waits_for_a_reviewer(run):
    code, out, _ = run("claims", 1, "--json")
    data = json.loads(out)
    bad = data["claims"][2]
    assert bad["status"] == "reject" and bad["computed"] is None and bad["needs_decision"] is True
    assert data["undecided"] == 1
    code, out, _ = run("claims", 1)
    assert "待审核人员决定 1 项" in out
    with Store.open(run.db) as s:
        assert [a.undecided for a in review.applications(s)] == [1, 2]
        assert [x.undecided for x in listing.application_lines(s, "B")] == [1, 2]
    code, _, err = run("review", "first", 1, "--as", "张三")
    assert code == 1 and "第3项" in err
    assert run("decide", bad["claim"], "--accept", "--as", "张三")[0] == 0   # confirmed: 0.00
    assert run("review", "first", 1, "--as", "张三")[0] == 0


def test_a_manual_decision_needs_a_reason(run):
    code, out, _ = run("claims", 2, "--json")
    manual = json.loads(out)["claims"][0]
    assert manual["status"] == "manual"
    code, _, err = run("decide", manual["claim"], "--accept", "--as", "张三")
    assert code == 1 and "人工审核事项" in err and "理由" in err
    with Store.open(run.db) as s:
        with pytest.raises(Refused, match="人工审核事项"):
            review.decide(s, "张三", manual["claim"], "accept")
        assert review.claim(s, manual["claim"]).decision is None
    assert run("decide", manual["claim"], "--accept", "--reason", "已核实注册地迁入", "--as", "张三")[0] == 0
    with Store.open(run.db) as s:
        c = review.claim(s, manual["claim"])
        assert (c.decision, c.approved, c.reason) == ("accept", Decimal("400000.00"), "已核实注册地迁入")
