"""The ways a claim window puts the claims passing a filter in order — SQL alone, ids sorted by
the database, the order's index walked and the page picked out, a walk giving way to the sort
when it has read what the sort would cost, the search's own ids and lines — give the same pages
and places, whether the claims passing are spread along the order or clustered at one end."""
from __future__ import annotations

import pytest

from tests.core.review_support import bulk_import
from workbench.core.store import audit
from workbench.core.store.claim_search import ClaimSearch
from workbench.core.store.claim_window import INDEX_WALKS, ClaimWindow

BATCH = "2025-1"
# Applications 10…49, three claims each (lines 1, 2, 3), stored 30…49 first: names
# 深圳光明传感10号… sort as their numbers, not as their ids. “传感4” passes the last ten applications' claims, a quarter of the batch clustered at
# one end of the enterprise order; “封测线开放” passes every application's line 2, spread.
CLUSTERED, SPREAD = "传感4", "封测线开放"


@pytest.fixture
def batch(store):
    bulk_import(store, BATCH, [*range(30, 50), *range(10, 30)], with_art2=True)
    bulk_import(store, "other", [60, 61], with_art2=True)   # not in the batch: a condition on it
    return store


def _window(store, order, desc, text, search, **consts) -> ClaimWindow:
    w = ClaimWindow(store, BATCH)
    for k, v in consts.items():
        setattr(w, k, v)
    w.set_order(order, desc)
    w.set_filter(text)
    if search is not None:
        w.use_search(search)
    return w


def _pages(w: ClaimWindow, size: int = 3) -> list[int]:
    out: list[int] = []
    while True:
        page = w.ids(len(out), size)
        out += page
        if len(page) < size:
            return out


@pytest.mark.parametrize("text", [CLUSTERED, SPREAD, "ht-", "传感49"])
@pytest.mark.parametrize("order", [*sorted(INDEX_WALKS), "line", None, "voucher"])
def test_every_way_gives_the_pages_and_places_sql_gives(batch, order, text):
    search = ClaimSearch.build(batch, BATCH)
    for desc in (False, True):
        expected = _pages(_window(batch, order, desc, text, None))   # SQL, no search
        assert len(expected) == {CLUSTERED: 30, SPREAD: 40, "ht-": 80, "传感49": 3}[text]
        ways = {
            "sort": dict(SORT_ROW=0, KEY_ROW=0, SORT_MAX=10**9),
            "walk": dict(SORT_ROW=10**9, KEY_ROW=10**9, SORT_MAX=0, WALK=2, WALK_MAX=4),
            "budget": dict(SORT_ROW=1, KEY_ROW=1, SORT_MAX=0, PAGE=3, WALK=4, WALK_MAX=64),
        }
        for way, consts in ways.items():
            w = _window(batch, order, desc, text, search, **consts)
            assert w.count() == len(expected)
            assert _pages(w) == expected, (way, desc)
            # A page further down read first (the walk starts without marks), then places.
            w = _window(batch, order, desc, text, search, **consts)
            assert w.ids(20, 5) == expected[20:25], (way, desc)   # none for 3 claims
            for at in sorted({0, min(7, len(expected) - 1), len(expected) - 1}):
                assert w.position(expected[at]) == at, (way, desc, at)


def test_a_walk_gives_way_to_the_sort_when_the_claims_lie_at_the_far_end(batch):
    """With a page of 3 and a sort costing one index row an id, a walk is expected to fill the
    page within 3 × 120 / 30 = 12 rows (clustered) or 9 (spread). The clustered claims start at
    the 91st row ascending: the walk stops when it would have read more than 30 rows (steps of
    4, 8, 16, each stepping over the rows before it again) and the ids are sorted; descending
    they come first and the walk fills the page. The spread ones fill it within 12 rows."""
    search = ClaimSearch.build(batch, BATCH)
    consts = dict(SORT_ROW=1, KEY_ROW=1, PAGE=3, WALK=4, WALK_MAX=64)
    for text, desc, way in ((CLUSTERED, False, "list"), (CLUSTERED, True, "walk"), (SPREAD, False, "walk")):
        w = _window(batch, "enterprise", desc, text, search, **consts)
        assert w._mode == "walk"
        first = w.ids(0, 3)
        assert w._mode == way, (text, desc)
        assert first == _window(batch, "enterprise", desc, text, None).ids(0, 3)
        if way == "walk":
            assert w._spent <= w._budget
    # Too few claims passing for a walk to pay: sorted from the start.
    w = _window(batch, "enterprise", False, "传感49", search, **consts)
    assert w.count() == 3 and w._mode == "list"


def test_line_order_from_the_search_follows_the_lines_not_the_ids(batch):
    """序号 orders by application, then line (blank first), then id; the search sorts the claims
    passing itself. Lines put against the id order and a blank line must come out as SQL has them."""
    conn = audit.connection_of(batch)
    app = conn.execute("SELECT MIN(application_id) FROM claims").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM claims WHERE application_id = ? ORDER BY id", (app,))]
    conn.execute("UPDATE claims SET line = 9 WHERE id = ?", (ids[0],))
    conn.execute("UPDATE claims SET line = NULL WHERE id = ?", (ids[2],))
    conn.commit()
    search = ClaimSearch.build(batch, BATCH)
    for text in ("", "ht-", "传感1"):
        for desc in (False, True):
            expected = _pages(_window(batch, "line", desc, text, None))
            if (text, desc) == ("", False):   # blank, line 2, line 9: not their ids' order
                assert expected[:3] == [ids[2], ids[1], ids[0]]
            w = _window(batch, "line", desc, text, search)
            assert _pages(w) == expected, (text, desc)
