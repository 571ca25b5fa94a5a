"""core.listing: the light listings give what core.review gives, without decoding any JSON;
headroom under each cap of an enterprise's ledger."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, HEAD, SECOND, add_reviewers, write_app
from workbench.core.domain.money import to_cents
from workbench.core.review import awards, batches
from workbench.core.review import decisions as review
from workbench.core.store import listing, review_repo

DOC = "深光工信〔2025〕1号"


@pytest.fixture
def ws(store, tmp_path):
    """Two batches: 2025-1 with applications 1 and 2, 2025-2 with application 3."""
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1), write_app(tmp_path / "in", 2)], FIRST)
    batches.import_files(store, "2025-2", [write_app(tmp_path / "in2", 3)], FIRST)
    return store


def _same_as_review(store):
    views = {a.id: a for a in review.applications(store)}
    lines = listing.application_lines(store)
    assert [a.id for a in lines] == sorted(views)
    for a in lines:
        v = views[a.id]
        assert (a.batch, a.name, a.credit_code, a.year, a.stage, a.source) == (
            v.batch or "", v.name, v.credit_code, v.year, v.stage, v.source)
        assert (a.claims, a.requested, a.suggested, a.decided, a.undecided) == (
            v.claims, to_cents(v.requested), to_cents(v.suggested), to_cents(v.approved), v.undecided)
        for line, cv in zip(listing.claim_lines(store, a.id), review.claims(store, a.id), strict=True):
            assert line.key == cv.claim_id and line.enterprise == v.name
            assert (line.line, line.code, line.article, line.project, line.voucher, line.status) == (
                cv.line, cv.code, cv.article, cv.project, cv.voucher, cv.status)
            assert line.decided == (None if cv.approved is None else to_cents(cv.approved))
            assert line.decision == (cv.decision or "") and line.row == cv.row
            assert listing.claim_line(store, line.key) == line


def test_totals_and_claims_match_review_through_every_stage(ws):
    _same_as_review(ws)
    ids = [c.key for c in listing.claim_lines(ws, 1)]
    review.decide(ws, FIRST, ids[2], "amount", D("250000"), "按实际投入核定")
    review.decide(ws, FIRST, ids[0], "reject", reason="材料不全")
    _same_as_review(ws)
    review.complete_first_review(ws, FIRST, 1)
    review.confirm_second_review(ws, SECOND, 1)
    awards.finalize(ws, HEAD, DOC, app_ids=[1])
    awards.amend(ws, HEAD, ids[1], D("40000"), "审计核减", "深光工信〔2025〕9号")
    _same_as_review(ws)


def test_batches_and_batch_claims(ws):
    assert listing.batch_names(ws) == ["2025-1", "2025-2"]
    assert [a.id for a in listing.application_lines(ws, "2025-2")] == [3]
    assert listing.application_lines(ws, "") == []
    every = listing.batch_claim_lines(ws, "2025-1")
    assert [c.application_id for c in every] == [1, 1, 1, 2, 2, 2]
    assert every == listing.claim_lines(ws, 1) + listing.claim_lines(ws, 2)
    # The few distinct strings are shared between rows, not repeated.
    assert every[0].enterprise is every[1].enterprise and every[0].status is every[3].status
    assert len(listing.batch_claim_lines(ws)) == 9


def test_rows_can_be_built_as_the_callers_type(ws):
    from typing import NamedTuple

    class Mine(NamedTuple):
        id: int
        rest: tuple

    mine = listing.claim_lines(ws, 1, make=lambda r: Mine(r[0], tuple(r[1:])))
    assert [m.id for m in mine] == [c.key for c in listing.claim_lines(ws, 1)]


def test_one_listed_claim_in_full_is_the_review_view_of_it(ws):
    # The list decodes nothing; one claim in full is read as the review reads it.
    c = listing.claim_lines(ws, 1)[0]
    [d] = review_repo.claims_by_id(ws, c.key)
    assert d.claim_id == c.key and d.code == "3.1" and d.inputs["basis"] and d.explanation
    assert any(f.rule == "cap" for f in d.findings)   # typed findings
    assert review_repo.claims_by_id(ws, 99999) == []


def test_headroom_counts_the_ledger_by_scope(ws, rules):
    ids = [c.key for c in listing.claim_lines(ws, 1)]
    review.decide(ws, FIRST, ids[2], "amount", D("250000"), "按实际投入核定")
    review.complete_first_review(ws, FIRST, 1)
    review.confirm_second_review(ws, SECOND, 1)
    awards.finalize(ws, HEAD, DOC, app_ids=[1])
    code = review.application(ws, 1).credit_code
    rooms = listing.headroom(ws, code, 2025, rules)
    per_project = [h for h in rooms if h.code == "3.1" and h.label == "项目累计上限"]
    assert per_project[0].used == D("400000.00") and per_project[0].left == D("9600000.00")
    assert "封测平台1" in per_project[0].scope
    assert per_project[-1].used == 0 and per_project[-1].left == D("10000000.00")   # a new project
    year_cap = next(h for h in rooms if h.code == "3.2")
    assert (year_cap.scope, year_cap.used, year_cap.left) == ("2025年度", D("50000.00"), D("1950000.00"))
    assert next(h for h in listing.headroom(ws, code, 2026, rules) if h.code == "3.2").used == 0
    once = next(h for h in rooms if h.code == "4.2" and h.limit is None)
    assert not once.once_used
    awards_ = listing.award_lines(ws, code, rules)
    assert {(a.year, a.article, a.code) for a in awards_} == {(2025, "（三）", "3.1"), (2025, "（三）", "3.2"),
                                                             (2025, "（二）", "2")}
    ent = {e.credit_code: e for e in listing.enterprises(ws)}
    assert ent[code].awards == 3 and ent[code].total == 70000000 and ent[code].applications == 1


def test_article_year_totals_match_review_article_totals(ws):
    ids = [c.key for c in listing.claim_lines(ws, 1)]
    review.decide(ws, FIRST, ids[2], "amount", D("250000"), "按实际投入核定")
    review.decide(ws, FIRST, ids[1], "reject", reason="材料不全")
    mine = listing.article_year_totals(ws, "2025-1")
    theirs = {t.article: t for t in review.article_totals(ws, batch="2025-1") if t.article != "合计"}
    assert {t.year for t in mine} == {2025}
    assert [t.article for t in mine] == ["（二）", "（三）"]
    for t in mine:
        r = theirs[t.article]
        assert (t.claims, t.requested, t.suggested, t.approved, t.undecided) == (
            r.claims, to_cents(r.requested), to_cents(r.suggested), to_cents(r.approved), r.undecided)


def test_long_lists_are_put_in_order_by_the_database_on_either_engine(ws):
    """The id lists of a long application list and of a large claim window's search (a
    sub-query in FROM, which PostgreSQL 15 refuses without a name) give the order that a
    plain query gives."""
    from workbench.core.store.claim_search import ClaimSearch
    from workbench.core.store.claim_window import ClaimWindow

    names = {a.id: a.name for a in listing.application_lines(ws, "2025-1")}
    assert listing.application_ids_by_name(ws, "2025-1") == sorted(names, key=lambda i: (names[i], i))
    plain = ClaimWindow(ws, "2025-1")
    plain.set_order("project", descending=True)
    expected = plain.ids(0, 100)
    assert len(expected) == sum(len(listing.claim_lines(ws, i)) for i in names)
    for walk in (False, True):
        w = ClaimWindow(ws, "2025-1")
        if walk:      # the index walked a few rows at a time instead of the ids sorted
            w.SORT_MAX, w.SORT_ROW, w.KEY_ROW, w.WALK, w.WALK_MAX = 0, 10**9, 10**9, 2, 4
        w.set_order("project", descending=True)
        w.use_search(ClaimSearch.build(ws, "2025-1"))
        assert w.ids(0, 100) == expected
