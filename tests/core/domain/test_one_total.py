"""One batch, every place a total is shown: the same figures everywhere (totals.py).

Two enterprises. Enterprise 1: 3.1 blank (computed 400,000.00), 3.2 blank (50,000.00), （二）
requested 300,000.00 decided 200,000.00, 6.1 requested 250,000.00 (computed 300,000.00).
Enterprise 2: the same without 6.1. Worked out by hand:
  requested 1,000,000.00 + 750,000.00 = 1,750,000.00 (4 blank requests 按测算)
  suggested   700,000.00 + 450,000.00 = 1,150,000.00
  approved    900,000.00 + 650,000.00 = 1,550,000.00 → 155.00 万元 on the 拟资助名单
"""
from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
from tests.core.review_support import write_app
from workbench.cli import main
from workbench.core.reports.from_store import sheet_data_for
from workbench.core.review import decisions as review
from workbench.core.store import listing
from workbench.core.store.database import Store

REQ, SUG, APPR = Decimal("1750000.00"), Decimal("1150000.00"), Decimal("1550000.00")
PER_APP_REQ = {1: Decimal("1000000.00"), 2: Decimal("750000.00")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("totals")
    db = base / "s.sqlite"

    def run(*argv):
        code = main(["--db", str(db), *map(str, argv)])
        assert code == 0, argv
    run("reviewer", "add", "张三", "--role", "经办人")
    run("reviewer", "add", "李四", "--role", "复核人", "--as", "张三")
    tape = [{"line": 4, "code": "6.1", "project": "流片", "basis": Decimal("1000000.00"),
             "voucher": "LP-1", "requested": Decimal("250000.00")}]
    write_app(base / "in", 1, extra=tape)
    write_app(base / "in", 2)
    run("batch", "import", "B", base / "in", "--as", "张三")
    with Store.open(db) as s:
        art2 = [c.claim_id for a in (1, 2) for c in review.claims(s, a) if c.code == "2"]
    for cid in art2:
        run("decide", cid, "--amount", "200000", "--reason", "按投入核定", "--as", "张三")
    run("review", "first", 1, 2, "--as", "张三")
    run("review", "second", 1, 2, "--as", "李四")
    run("export", "batch", "B", "--out", base / "out", "--kind", "summary", "--kind", "notice",
        "--as", "张三")
    return db, base


def _cli_json(db, capsys, *argv):
    capsys.readouterr()
    assert main(["--db", str(db), *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_total_agrees(batch, capsys):
    db, base = batch
    with Store.open(db) as s:
        apps = review.applications(s, batch="B")
        assert {a.id: a.requested for a in apps} == PER_APP_REQ
        assert sum(a.suggested for a in apps) == SUG and sum(a.approved for a in apps) == APPR
        total = review.article_totals(s, batch="B")[-1]
        assert (total.requested, total.suggested, total.approved, total.as_computed) == (REQ, SUG, APPR, 4)
        lines = listing.application_lines(s, "B")              # the window's application list
        assert sum(x.requested for x in lines) == int(REQ * 100)
        assert sum(x.decided for x in lines) == int(APPR * 100)
        years = listing.article_year_totals(s, "B")             # the budget view
        assert sum(t.requested for t in years) == int(REQ * 100)
        assert sum(t.suggested for t in years) == int(SUG * 100)
        for app_id, want in PER_APP_REQ.items():                # the review sheet
            assert sheet_data_for(s, app_id).total_requested == want
    shown = _cli_json(db, capsys, "batch", "show", "B", "--json")["totals"][-1]
    assert (shown["requested"], shown["suggested"], shown["approved"]) == ("1750000.00", "1150000.00", "1550000.00")
    shown = _cli_json(db, capsys, "budget", "show", "B", "--json")["totals"][-1]
    assert (shown["requested"], shown["approved"]) == ("1750000.00", "1550000.00")
    claims = _cli_json(db, capsys, "claims", "1", "--json")["claims"]
    assert claims[0]["requested"] is None and claims[0]["requested_counted"] == "400000.00"
    assert claims[0]["as_computed"] is True

    summary = load_workbook(next((base / "out").glob("*汇总*.xlsx")))
    per = summary["按条款汇总"]
    grand = [c.value for c in list(per.iter_rows())[-1]]
    assert grand[0] == "合计" and Decimal(str(grand[3])) == REQ and Decimal(str(grand[6])) == APPR
    detail = summary["审核明细"]
    heads = [c.value for c in detail[1]]
    col = heads.index("申请金额（元）")
    cells = [row[col] for row in detail.iter_rows(min_row=2)]
    assert sum(Decimal(str(c.value)) for c in cells) == REQ
    assert sum("按测算" in c.number_format for c in cells) == 4
    notice = load_workbook(next((base / "out").glob("*名单*.xlsx"))).active
    total_row = [r for r in notice.iter_rows() if r[0].value == "合计"][0]
    assert Decimal(str(total_row[4].value)) == APPR / 10000


@pytest.mark.skipif(not HAVE_FONT or not shutil.which("pdftotext"), reason="needs a CJK font and pdftotext")
def test_the_signed_sheet_prints_the_same_requested_total(batch, capsys):
    db, base = batch
    out = base / "sheet"
    assert main(["--db", str(db), "export", "sheet", "1", "--out", str(out), "--as", "张三"]) == 0
    pdf = next(out.glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "1,000,000.00（含按测算 2 项）" in text
    assert "400,000.00（按测算）" in text


def test_an_open_batch_summary_counts_approved_as_batch_show_does(tmp_path, capsys):
    # Before first review a claim the rules decide is worth its suggestion (totals.py); the
    # summary workbook's 核定 column and totals say the same as `batch show`.
    db = tmp_path / "s.sqlite"

    def run(*argv):
        assert main(["--db", str(db), *map(str, argv)]) == 0, argv
    run("reviewer", "add", "张三", "--role", "经办人")
    write_app(tmp_path / "in", 1)
    run("batch", "import", "B", tmp_path / "in", "--as", "张三")
    run("export", "batch", "B", "--out", tmp_path / "out", "--kind", "summary", "--as", "张三")
    shown = _cli_json(db, capsys, "batch", "show", "B", "--json")["totals"][-1]
    summary = load_workbook(next((tmp_path / "out").glob("*汇总*.xlsx")))
    grand = [c.value for c in list(summary["按条款汇总"].iter_rows())[-1]]
    assert grand[0] == "合计" and Decimal(str(grand[6])).quantize(Decimal("0.01")) == Decimal(shown["approved"])
    detail = summary["审核明细"]
    heads = [c.value for c in detail[1]]
    col, dcol = heads.index("核定金额（元）"), heads.index("审核决定")
    rows = list(detail.iter_rows(min_row=2))
    # Undecided claims the rules settle carry their suggestion; the one a person must decide (（二）) is blank.
    assert any(r[dcol].value == "按建议（未单独决定）" and r[col].value for r in rows)
    assert all(r[col].value is None for r in rows if r[dcol].value == "待决定")
    assert Decimal(shown["approved"]) > 0
