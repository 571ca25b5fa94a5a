"""The detail panel's data from stored, typed findings: caps by name, problems worded by the core."""
from __future__ import annotations

from decimal import Decimal as D

from tests.core.review_support import FIRST, add_reviewers
from tests.core.store.test_facts import _no_previous_column
from workbench.core.review import batches
from workbench.core.store import listing
from workbench.core.store.database import Store
from workbench.ui.models.detail import detail_from_stored


def test_detail_from_the_store_has_caps_and_worded_problems(tmp_path):
    with Store.open(tmp_path / "store.sqlite") as s:
        add_reviewers(s)
        batches.import_files(s, "b", [_no_previous_column(tmp_path / "in")], FIRST)
        rows = {r["line"]: r for r in s.claims_of(1)}
        typed = detail_from_stored(vars(listing.claim_detail(s, rows[1]["id"])))
        from_dicts = detail_from_stored(rows[1])
        # 3.1 on 12,345,678.00 at 40% = 4,938,271.20, under the 10,000,000.00 project cap
        [cap] = typed.caps
        assert (cap.limit, cap.before, cap.after, cap.bit) == (
            D("10000000.00"), D("4938271.20"), D("4938271.20"), False)
        assert from_dicts.caps == typed.caps and from_dicts.explanation == typed.explanation
        seven = detail_from_stored(vars(listing.claim_detail(s, rows[7]["id"])))
        assert (f"申报事项!{rows[7]['row']}", "缺少“上年度基数（元）”列，本条款需要填写该项") in seven.problems
        assert seven.problems == detail_from_stored(rows[7]).problems
