"""The detail panel's data from stored, typed findings: caps by name, problems worded by the core,
all read through the one read model of a claim (`ClaimView`) that the sheet and the command line
read too."""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, add_reviewers
from tests.core.store.test_facts import _no_previous_column
from tests.core.workbooks import CLAIMS
from workbench.core.domain.model import Problem
from workbench.core.reports.from_store import cap_lines, sheet_data_for
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.review.decisions import ClaimView
from workbench.core.store.database import Store
from workbench.ui.models.detail import cap_rooms
from workbench.ui.workspace import Workspace


@pytest.fixture
def ws(tmp_path, store_at):
    path = store_at   # the store the `cli` fixture reaches too (a file, or the test server)
    with Store.open(path) as s:
        add_reviewers(s)
        batches.import_files(s, "b", [_no_previous_column(tmp_path / "in")], FIRST)
    w = Workspace(path)
    yield w
    w.close()


def _rows(ws):
    return {r.line: r for r in ws.claim_rows(1)}


def test_detail_from_the_store_has_caps_and_worded_problems(ws):
    rows = _rows(ws)
    one = ws.claim_detail(rows[1])
    # 3.1 on 12,345,678.00 at 40% = 4,938,271.20, under the 10,000,000.00 project cap
    [cap] = one.caps
    assert (cap.limit, cap.before, cap.after, cap.bit) == (
        D("10000000.00"), D("4938271.20"), D("4938271.20"), False)
    assert one.title.startswith("第 1 项 · 条款") and "3.1" in one.title
    assert ("计算基数（元）", "12,345,678.00", "") in one.inputs
    seven = ws.claim_detail(rows[7])
    row7 = review.claim(ws.store, rows[7].key).row
    assert (f"申报事项!{row7}", "缺少“上年度基数（元）”列，本条款需要填写该项") in seven.problems
    assert ws.claim_detail(rows[7]._replace(key=99999)) is None   # gone since the list was read


def test_the_panel_the_sheet_and_the_command_line_read_one_claim_view(ws, cli, monkeypatch):
    rows = list(ws.claim_rows(1))
    review.decide(ws.store, FIRST, rows[0].key, "amount", D("4000000.00"), "按投资凭证核减")
    rows = list(ws.claim_rows(1))

    def surfaces():
        details = [ws.claim_detail(r) for r in rows]
        sheet = sheet_data_for(ws.store, 1).claims
        status, out, _ = cli("claims", 1, "--json")   # the same store file as `ws`
        assert status == 0
        return details, sheet, json.loads(out)["claims"]

    details, sheet, printed = surfaces()
    views = review.claims(ws.store, 1)
    assert len(details) == len(sheet) == len(printed) == len(views) == len(CLAIMS)
    for d, s, p, v in zip(details, sheet, printed, views, strict=True):
        assert d.key == v.claim_id == p["claim"] and d.status == v.status == s.status
        assert d.explanation == v.explanation == s.explanation == p["explanation"]
        assert d.problems == [(x.where, x.message) for x in v.problems]
        assert d.caps == cap_rooms(v.findings) and s.caps == cap_lines(v.findings)
    assert "理由：按投资凭证核减" in details[0].decision and "按投资凭证核减" in sheet[0].reason
    assert details[0].decision.startswith("审核决定：") and "4,000,000.00" in details[0].decision

    # Through the view, not beside it: what the view says is what all three show.
    monkeypatch.setattr(ClaimView, "explanation", property(lambda c: [f"视图说明 #{c.claim_id}"]))
    monkeypatch.setattr(ClaimView, "problems", property(lambda c: [Problem("视图", f"#{c.claim_id}")]))
    details, sheet, printed = surfaces()
    for r, d, s, p in zip(rows, details, sheet, printed, strict=True):
        said = [f"视图说明 #{r.key}"]
        assert d.explanation == s.explanation == p["explanation"] == said
        assert d.problems == [("视图", f"#{r.key}")]
