"""The review workflow over a store: each stage, each refusal (store unchanged), finalize, amend."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, HEAD, SECOND, add_reviewers, snapshot, write_app
from workbench.core.domain.workflow import Refused
from workbench.core.review import awards, batches
from workbench.core.review import decisions as review
from workbench.core.store import audit

DOC = "深光工信〔2025〕1号"


@pytest.fixture
def ws(store, tmp_path):
    """A store with three reviewers and one application (3.1 → 400,000; 3.2 → 50,000; 2 manual)."""
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1)], FIRST)
    return store


def claim_ids(store, app_id=1):
    return [c.claim_id for c in review.claims(store, app_id)]


def through_second(store, app_id=1, amount=D("250000")):
    art2 = claim_ids(store, app_id)[2]
    review.decide(store, FIRST, art2, "amount", amount, "按中试线实际投入核定")
    review.complete_first_review(store, FIRST, app_id)
    review.confirm_second_review(store, SECOND, app_id)


def refused(store, fn, *args, match=None, **kw):
    before = snapshot(store)
    with pytest.raises(Refused, match=match):
        fn(*args, **kw)
    assert snapshot(store) == before, "a refusal must leave the store unchanged"


def test_every_stage_in_order_and_the_ledger_at_the_end(ws):
    app = review.application(ws, 1)
    assert app.stage == "imported" and app.undecided == 1
    through_second(ws)
    assert review.application(ws, 1).stage == "second_done"
    report = awards.finalize(ws, HEAD, DOC, batch="2025-1")
    assert report.applications == [1] and report.ledger_rows == 3
    assert report.total == D("700000.00")
    app = review.application(ws, 1)
    assert (app.stage, app.first_reviewer, app.second_reviewer, app.finalized_by, app.doc_no) == (
        "finalized", FIRST, SECOND, HEAD, DOC)
    rows = ws.db.conn.execute(
        "SELECT code, amount_cents, doc_no, batch, entry FROM ledger ORDER BY id").fetchall()
    assert rows == [("3.1", 40000000, DOC, "2025-1", "award"), ("3.2", 5000000, DOC, "2025-1", "award"),
                    ("2", 25000000, DOC, "2025-1", "award")]
    assert [h.to_stage for h in review.history(ws, 1)] == ["first_done", "second_done", "finalized"]
    assert audit.verify_store(ws).ok


def test_first_review_takes_rule_decided_claims_as_suggested(ws):
    through_second(ws)
    cs = review.claims(ws, 1)
    assert [(c.decision, c.approved, c.explicit) for c in cs] == [
        ("accept", D("400000.00"), False), ("accept", D("50000.00"), False),
        ("amount", D("250000.00"), True)]
    assert all(c.decided_by == FIRST for c in cs)


def test_article_2_needs_an_explicit_decision_before_first_review(ws):
    refused(ws, review.complete_first_review, ws, FIRST, 1, match="须人工决定")


def test_a_decision_that_differs_needs_a_reason(ws):
    c31 = claim_ids(ws)[0]
    refused(ws, review.decide, ws, FIRST, c31, "amount", D("300000"), "", match="须写明理由")
    refused(ws, review.decide, ws, FIRST, c31, "reject", None, "  ", match="须写明理由")
    refused(ws, review.decide, ws, FIRST, claim_ids(ws)[2], "amount", D("1"), "", match="一事一议")
    refused(ws, review.decide, ws, FIRST, claim_ids(ws)[2], "accept", match="没有系统建议")
    v = review.decide(ws, FIRST, c31, "accept")
    assert (v.decision, v.approved, v.differs) == ("accept", D("400000.00"), False)


def test_an_amount_above_the_rules_is_an_override_everywhere(ws):
    c31, _, art2 = claim_ids(ws)
    refused(ws, review.decide, ws, FIRST, c31, "amount", D("400000.01"), "专家评审认可", match="超额理由")
    v = review.decide(ws, FIRST, c31, "amount", D("450000"), "专家评审认可",
                      override_reason="区政府常务会议决定")
    assert v.override and "超额" in v.decision_label
    # Article （二）: above the requested amount is an override too.
    refused(ws, review.decide, ws, FIRST, art2, "amount", D("300000.01"), "按投资核定", match="超额")
    review.decide(ws, FIRST, art2, "amount", D("300000"), "按投资核定")
    assert review.application(ws, 1).overrides == 1
    review.complete_first_review(ws, FIRST, 1)
    review.confirm_second_review(ws, SECOND, 1)
    awards.finalize(ws, HEAD, DOC, app_ids=[1])
    assert ws.db.conn.execute("SELECT override FROM ledger WHERE code = '3.1'").fetchone() == (1,)
    e = audit.entries(ws, action="decide")[0]
    assert e.details["override_reason"] == "区政府常务会议决定"
    assert e.details["decisions"][str(c31)] == ["amount", 45000000, 1]


def test_unknown_or_missing_reviewer_is_refused(ws):
    c31 = claim_ids(ws)[0]
    refused(ws, review.decide, ws, "赵六", c31, "accept", match="未知的审核人员")
    refused(ws, review.decide, ws, "", c31, "accept", match="未指定审核人员")


def test_second_review_by_the_first_reviewer_is_refused(ws):
    review.decide(ws, FIRST, claim_ids(ws)[2], "reject", None, "不符合中试线认定")
    review.complete_first_review(ws, FIRST, 1)
    refused(ws, review.confirm_second_review, ws, FIRST, 1, match="复核人不能与初审人相同")
    refused(ws, review.return_to_first, ws, FIRST, 1, "再看看", match="不能退回自己")


def test_second_review_needs_first_review_and_finalize_needs_second(ws):
    refused(ws, review.confirm_second_review, ws, SECOND, 1, match="须先完成初审")
    refused(ws, awards.finalize, ws, HEAD, DOC, app_ids=[1], match="须复核通过")
    refused(ws, awards.finalize, ws, HEAD, DOC, batch="2025-1", match="没有复核完成")
    refused(ws, awards.finalize, ws, HEAD, "  ", batch="2025-1", match="文号")


def test_decisions_are_frozen_after_first_review_until_returned(ws):
    through_second(ws)
    c31 = claim_ids(ws)[0]
    refused(ws, review.decide, ws, FIRST, c31, "reject", None, "理由", match="复核完成")
    refused(ws, review.return_to_first, ws, SECOND, 1, "", match="退回初审须写明理由")
    review.return_to_first(ws, SECOND, 1, "中试线金额依据不足")
    app = review.application(ws, 1)
    assert app.stage == "imported" and app.second_reviewer is None
    assert review.history(ws, 1)[-1].reason == "中试线金额依据不足"
    review.decide(ws, FIRST, c31, "reject", None, "投资凭证不全")
    assert review.claim(ws, c31).approved == D("0.00")


def test_a_finalized_application_is_locked(ws):
    through_second(ws)
    awards.finalize(ws, HEAD, DOC, batch="2025-1")
    c31 = claim_ids(ws)[0]
    refused(ws, review.decide, ws, FIRST, c31, "reject", None, "理由", match="已审定并锁定")
    refused(ws, review.undo, ws, FIRST, c31, match="已审定并锁定")
    refused(ws, review.return_to_first, ws, SECOND, 1, "理由", match="已审定并锁定")
    refused(ws, awards.finalize, ws, HEAD, DOC, app_ids=[1], match="已审定并锁定")


def test_undo_withdraws_a_decision_and_the_log_keeps_it(ws):
    art2 = claim_ids(ws)[2]
    review.decide(ws, FIRST, art2, "amount", D("100000"), "部分支持")
    v = review.undo(ws, FIRST, art2)
    assert v.decision is None and v.needs_decision
    assert [e.action for e in audit.entries(ws, subject="application:1")][-2:] == ["decide", "undo"]
    refused(ws, review.undo, ws, FIRST, art2, match="还没有决定")
    assert audit.verify_store(ws).ok


def test_amendment_reverses_and_rewrites_never_edits(ws):
    through_second(ws)
    awards.finalize(ws, HEAD, DOC, batch="2025-1")
    c31 = claim_ids(ws)[0]
    before = ws.db.conn.execute("SELECT * FROM ledger ORDER BY id").fetchall()
    refused(ws, awards.amend, ws, HEAD, c31, D("350000"), "", "更正1号", match="理由")
    refused(ws, awards.amend, ws, HEAD, c31, D("350000"), "投资额核减", "", match="文号")
    refused(ws, awards.amend, ws, HEAD, c31, D("400000"), "同额", "更正1号", match="无需更正")
    refused(ws, awards.amend, ws, HEAD, c31, D("500000"), "加", "更正1号", match="超额理由")
    r = awards.amend(ws, HEAD, c31, D("350000"), "投资额审计核减", "深光工信〔2025〕9号")
    assert (r.old, r.new, r.ledger_rows) == (D("400000.00"), D("350000.00"), 2)
    after = ws.db.conn.execute("SELECT * FROM ledger ORDER BY id").fetchall()
    assert after[:len(before)] == before
    tail = ws.db.conn.execute("SELECT amount_cents, entry, doc_no FROM ledger WHERE claim_id = ? "
                              "ORDER BY id", [c31]).fetchall()
    assert tail == [(40000000, "award", DOC), (-40000000, "reversal", "深光工信〔2025〕9号"),
                    (35000000, "correction", "深光工信〔2025〕9号")]
    v = review.claim(ws, c31)
    assert v.approved == D("350000.00") and v.amended and v.decision == "accept"
    assert audit.verify_store(ws).ok


def test_amending_an_open_application_is_refused(ws):
    refused(ws, awards.amend, ws, HEAD, claim_ids(ws)[0], D("1"), "理由", "文号", match="尚未审定")


def test_finalize_recomputes_open_applications_and_returns_changed_ones(ws, tmp_path):
    # The same enterprise, same project, in another batch: the 3.1 project cap (10,000,000)
    # is reached by the new claim alone, so the award finalized first leaves it less room.
    later = write_app(tmp_path / "b", 1, tag="b", basis31="30000000", vtag="-b")
    batches.import_files(ws, "2025-2", [later], FIRST)
    assert review.claims(ws, 2)[0].suggested == D("10000000.00")
    through_second(ws, 2)
    through_second(ws, 1)
    report = awards.finalize(ws, HEAD, DOC, batch="2025-1")
    changes = report.recompute.changed
    assert [(c.application_id, c.line, c.old_suggested, c.new_suggested, c.decision_withdrawn)
            for c in changes] == [(2, 1, D("10000000.00"), D("9600000.00"), True)]
    assert report.recompute.returned == [2]
    app2 = review.application(ws, 2)
    assert app2.stage == "imported"
    c = review.claims(ws, 2)[0]
    assert c.suggested == D("9600000.00") and c.decision is None and c.effective == D("9600000.00")
    assert "9,600,000.00" in c.explanation[-1]
    assert review.history(ws, 2)[-1].action == "recompute_return"
    assert audit.verify_store(ws).ok


def test_finalize_is_one_transaction(ws, monkeypatch):
    through_second(ws)
    before = snapshot(ws)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(awards, "_recompute_after", boom)
    with pytest.raises(RuntimeError):
        awards.finalize(ws, HEAD, DOC, batch="2025-1")
    assert snapshot(ws) == before


def test_article_totals(ws):
    review.decide(ws, FIRST, claim_ids(ws)[2], "amount", D("250000"), "按实际投入")
    totals = {t.article: t for t in review.article_totals(ws, batch="2025-1")}
    assert totals["（三）"].suggested == D("450000.00") and totals["（三）"].approved == D("450000.00")
    assert totals["（二）"].requested == D("300000.00") and totals["（二）"].approved == D("250000.00")
    assert totals["合计"].approved == D("700000.00") and totals["合计"].undecided == 0
