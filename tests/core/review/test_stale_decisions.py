"""Row versions on decisions: a decision made on a stale view of a claim is refused, naming who
changed it and when; nothing is written. Without `seen`, a decision replaces as before."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, SECOND, add_reviewers, snapshot, write_app
from workbench.core.domain.workflow import Refused, shenzhen_minute
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.store import audit


@pytest.fixture
def ws(store, tmp_path):
    """Three reviewers and one application (3.1, 3.2 settled by the rules; 2 manual)."""
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1)], FIRST)
    return store


def _ids(store):
    return [c.claim_id for c in review.claims(store, 1)]


def _beijing(at: str) -> str:
    """The store's UTC time, eight hours on, to the minute (worked out apart from the code)."""
    utc = datetime.strptime(at[:16], "%Y-%m-%dT%H:%M")
    return (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")


def _refused(store, fn, *args, match, **kw) -> str:
    before = snapshot(store)
    with pytest.raises(Refused, match=match) as err:
        fn(store, *args, **kw)
    assert snapshot(store) == before, "a stale decision must leave the store (and its log) unchanged"
    return str(err.value)


def test_the_claim_view_carries_its_decisions_version(ws):
    c31 = _ids(ws)[0]
    assert review.claim(ws, c31).decision_seq == 0          # no decision yet
    v = review.decide(ws, FIRST, c31, "accept", seen=0)
    last = audit.entries(ws, action="decide")[-1]
    assert v.decision_seq == last.seq and last.subject == f"application:1/claim:{c31}"
    again = review.decide(ws, FIRST, c31, "reject", None, "不符合", seen=v.decision_seq)
    assert again.decision == "reject" and again.decision_seq == audit.last_entry(ws.db.conn)[0] > v.decision_seq


def test_a_decision_on_a_stale_view_is_refused_with_who_and_when(ws):
    c31 = _ids(ws)[0]
    seen_by_both = review.claim(ws, c31).decision_seq       # two reviewers open the claim
    mine = review.decide(ws, SECOND, c31, "reject", None, "合同金额存疑", seen=seen_by_both)
    message = _refused(ws, review.decide, FIRST, c31, "accept", seen=seen_by_both, match="请刷新后再决定")
    assert message == f"该事项的决定已由 {SECOND} 于 {_beijing(mine.decided_at)} 改动，请刷新后再决定"
    kept = review.claim(ws, c31)
    assert (kept.decision, kept.decided_by, kept.reason) == ("reject", SECOND, "合同金额存疑")
    # Refreshed, the same reviewer may decide again.
    assert review.decide(ws, FIRST, c31, "accept", seen=kept.decision_seq).decided_by == FIRST


def test_a_decision_withdrawn_meanwhile_is_named_as_withdrawn(ws):
    c32 = _ids(ws)[1]
    v = review.decide(ws, FIRST, c32, "amount", D("40000"), "按发票核减")
    review.undo(ws, SECOND, c32, seen=v.decision_seq)
    undone = audit.entries(ws, action="undo")[-1]
    message = _refused(ws, review.decide, FIRST, c32, "accept", seen=v.decision_seq, match="撤销")
    assert message == f"该事项的决定已由 {SECOND} 于 {_beijing(undone.at)} 撤销，请刷新后再决定"
    # Seeing "no decision" is what is true now.
    assert review.decide(ws, FIRST, c32, "accept", seen=0).decision == "accept"


def test_a_decision_made_meanwhile_on_an_undecided_claim_is_not_replaced(ws):
    art2 = _ids(ws)[2]
    review.decide(ws, SECOND, art2, "amount", D("200000"), "按中试线实际投入核定", seen=0)
    _refused(ws, review.decide, FIRST, art2, "amount", D("250000"), "按合同核定", seen=0,
             match=f"已由 {SECOND} 于 .* 改动")
    assert review.claim(ws, art2).approved == D("200000.00")


def test_an_undo_on_a_stale_view_is_refused(ws):
    c31 = _ids(ws)[0]
    first = review.decide(ws, FIRST, c31, "accept")
    review.decide(ws, SECOND, c31, "reject", None, "不符合", seen=first.decision_seq)
    _refused(ws, review.undo, FIRST, c31, seen=first.decision_seq, match=f"已由 {SECOND} 于")
    assert review.claim(ws, c31).decision == "reject"


def test_without_seen_a_decision_replaces_as_before(ws):
    c31 = _ids(ws)[0]
    review.decide(ws, SECOND, c31, "reject", None, "不符合")
    v = review.decide(ws, FIRST, c31, "accept")
    assert (v.decision, v.decided_by) == ("accept", FIRST)
    assert audit.verify_store(ws).ok


def test_times_are_shown_in_shenzhen_time_to_the_minute():
    assert shenzhen_minute("2026-12-03T07:20:44.123456+00:00") == "2026-12-03 15:20"
    assert shenzhen_minute("2026-12-31T17:05:00+00:00") == "2027-01-01 01:05"
    assert shenzhen_minute("2026-12-03T07:20:44") == "2026-12-03 15:20"   # no offset: UTC


def test_the_command_line_takes_the_version_seen(cli, tmp_path):
    assert cli("reviewer", "add", FIRST, "--role", "经办人")[0] == 0
    assert cli("reviewer", "add", SECOND, "--role", "复核人", "--as", FIRST)[0] == 0
    assert cli("import", write_app(tmp_path / "in", 1), "--as", FIRST)[0] == 0
    code, out, _ = cli("claims", "1", "--json")
    c31 = json.loads(out)["claims"][0]
    assert code == 0 and c31["decision_seq"] == 0
    claim = c31["claim"]
    assert cli("decide", claim, "--accept", "--seen", 0, "--as", SECOND)[0] == 0
    seq = json.loads(cli("claims", "1", "--json")[1])["claims"][0]["decision_seq"]
    assert seq > 0
    code, out, err = cli("decide", claim, "--reject", "--reason", "不符合", "--seen", 0, "--as", FIRST)
    assert code == 1 and f"该事项的决定已由 {SECOND} 于" in err and "请刷新后再决定" in err
    assert json.loads(cli("claims", "1", "--json")[1])["claims"][0]["decision"] == "accept"
    code, out, err = cli("undo", claim, "--seen", seq + 1, "--as", FIRST)
    assert code == 1 and "请刷新后再决定" in err
    assert cli("decide", claim, "--reject", "--reason", "不符合", "--seen", seq, "--as", FIRST)[0] == 0
    assert json.loads(cli("claims", "1", "--json")[1])["claims"][0]["decision"] == "reject"


def test_decide_help_explains_seen(capsys):
    from workbench.cli import main

    with pytest.raises(SystemExit):
        main(["decide", "--help"])
    text = "".join(capsys.readouterr().out.split())      # argparse wraps lines where it likes
    assert "--seenSEQ" in text and "decision_seq" in text and "0表示当时还没有决定" in text
