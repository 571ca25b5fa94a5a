"""A blank requested amount stands for the computed one (measures.md step 4), in every total."""
from decimal import Decimal

from workbench.core.intake.template import write_application
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.store import listing
from workbench.core.store.database import Store
from workbench.core.store.reviewers import add_reviewer


def test_blank_request_counts_as_computed_in_totals(tmp_path, credit_code):
    path = write_application(tmp_path / "a.xlsx", {"name": "某公司", "credit_code": credit_code(1), "year": 2025,
                                                   "in_district": True}, [
        {"line": 1, "code": "3.2", "project": "封测服务", "basis": Decimal("1000000"), "voucher": "HT-1"},
        {"line": 2, "code": "6.1", "project": "流片", "basis": Decimal("1000000"), "voucher": "HT-2",
         "requested": Decimal("250000")},
    ])
    with Store.open(tmp_path / "s.sqlite") as store:
        add_reviewer(store, "张经办", "经办人")
        batches.import_files(store, "第一批", [path], "张经办")
        # 3.2: blank, computed 100,000.00; 6.1: requested 250,000.00 (computed 300,000.00).
        want = Decimal("350000.00")
        (app,) = review.applications(store, batch="第一批")
        assert app.requested == want
        *_, total = review.article_totals(store, batch="第一批")
        assert total.requested == want
        (line,) = listing.application_lines(store, "第一批")
        assert line.requested == int(want * 100)
        assert sum(t.requested for t in listing.article_year_totals(store, "第一批")) == int(want * 100)
