"""Sheets, summary and notice rows from the store; batch export with progress, cancel, audit."""
from __future__ import annotations

import hashlib
import os
from decimal import Decimal as D

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
from tests.core.review_support import FIRST, SECOND, add_reviewers, bulk_import, bulk_to_second
from workbench.core.domain.workflow import Refused
from workbench.core.reports import export as X
from workbench.core.reports.from_store import notice_rows, sheet_data_for, summary_rows
from workbench.core.review import decisions as review
from workbench.core.review.awards import finalize
from workbench.core.store import audit
from workbench.core.store.database import Store

needs_font = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font")


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store.sqlite")
    add_reviewers(s)
    yield s
    s.close()


@pytest.fixture
def reviewed(store):
    """Batch 'b' with three applications; #1's first claim overridden, all finalized."""
    ids = bulk_import(store, "b", [1, 2, 3], basis31="30000000.00")
    c1 = review.claims(store, ids[0])[0]
    review.decide(store, FIRST, c1.claim_id, "amount", D("9000000.00"), reason="按专家评审意见核减")
    c2 = review.claims(store, ids[1])[1]
    review.decide(store, FIRST, c2.claim_id, "amount", D("60000.00"), reason="追加",
                  override_reason="局务会决定")
    bulk_to_second(store, ids)
    finalize(store, SECOND, "深光工信〔2025〕7号", batch="b")
    return ids


def test_sheet_data_carries_figures_caps_and_decisions(store, reviewed):
    data = sheet_data_for(store, reviewed[0])
    assert data.batch == "b" and data.doc_no == "深光工信〔2025〕7号"
    assert data.applicant_name == "深圳光明传感1号有限公司" and data.year == 2025
    assert data.rule_set and data.roles == ("handler", "reviewer")
    first, second = data.claims
    assert first.article == "（三）" and first.rule_title
    assert ("计算基数（元）", "30,000,000.00") in first.inputs
    assert ("凭证编号", "HT-1-1") in first.inputs
    assert first.computed == D("12000000.00") and first.suggested == D("10000000.00")
    assert first.approved == D("9000000.00")
    assert first.overridden and first.reason == "按专家评审意见核减"
    assert first.decision.startswith("调整金额")
    [cap] = first.caps
    assert cap.limit == D("10000000.00") and cap.used == 0 and cap.left == D("10000000.00")
    assert cap.bit
    assert any("× 40%" in line for line in first.explanation)
    assert not second.overridden and second.approved == second.suggested
    assert "初审：张三" in data.remarks and "复核：李四" in data.remarks


def test_override_reason_and_mark(store, reviewed):
    c = sheet_data_for(store, reviewed[1]).claims[1]
    assert c.overridden and "超额核定" in c.decision
    assert c.reason == "追加；超额理由：局务会决定"


def test_undecided_application_and_doc_no(store):
    [app] = bulk_import(store, "open", [9])
    data = sheet_data_for(store, app, roles=("handler", "reviewer", "head"))
    assert data.doc_no.startswith("（未审定") and data.undecided == 2
    assert all(c.approved is None and c.decision == "" for c in data.claims)
    assert sheet_data_for(store, app, doc_no="草稿").doc_no == "草稿"
    with pytest.raises(Refused, match="找不到申报"):
        sheet_data_for(store, 999)


def test_summary_and_notice_rows(store, reviewed):
    rows = summary_rows(store, "b")
    assert len(rows) == 6 and {r.doc_no for r in rows} == {"深光工信〔2025〕7号"}
    assert rows[0].basis == D("30000000.00") and rows[0].approved == D("9000000.00")
    assert rows[0].overridden and rows[0].decision.startswith("调整金额")
    notice = notice_rows(store, "b")
    assert len(notice) == 6 and notice[0].article == "第（三）条"
    assert sum(r.amount for r in notice) == sum(r.approved for r in rows)
    with pytest.raises(Refused, match="找不到批次"):
        summary_rows(store, "nope")


def test_notice_leaves_out_applications_before_second_review(store):
    bulk_import(store, "early", [4])
    assert notice_rows(store, "early") == []


@pytest.mark.parametrize("name", ["a/b\\c:d*?\"<>|", "..", "   ", "很长" * 100, "a\x00b\nc"])
def test_file_names_are_safe(name):
    f = X.sheet_filename(name, 7, name)
    assert "/" not in f and "\\" not in f and "\x00" not in f and "\n" not in f
    assert f.startswith("审核表-") and f.endswith(".pdf") and "-7-" in f
    assert len(f) < 120


@needs_font
def test_export_batch_progress_audit_and_hashes(store, reviewed, tmp_path):
    seen = []
    r = X.export_batch(store, "b", tmp_path / "out", actor=FIRST,
                       progress=lambda done, total, label: seen.append((done, total, label)))
    assert [s[:2] for s in seen] == [(i, 5, ) for i in range(1, 6)]
    assert len(r.sheets) == 3 and len(r.paths) == 5 and not r.cancelled
    for f in r.files:
        assert f.sha256 == hashlib.sha256(f.path.read_bytes()).hexdigest()
        assert os.stat(f.path).st_mode & 0o044          # readable by colleagues, as usual
    [e] = audit.entries(store, action="export")
    assert e.seq == r.audit_seq and e.actor == FIRST and e.subject == "batch:b"
    assert [f["sha256"] for f in e.details["files"]] == [f.sha256 for f in r.files]
    assert [f.get("application") for f in e.details["files"]][:3] == reviewed
    assert r.notice["count"] == 6
    assert audit.verify_store(store).ok


@needs_font
def test_export_batch_cancel_records_what_was_written(store, reviewed, tmp_path):
    calls = {"n": 0}

    def cancelled():
        calls["n"] += 1
        return calls["n"] > 2

    out = tmp_path / "out"
    r = X.export_batch(store, "b", out, kinds=("sheets",), actor=FIRST, cancelled=cancelled)
    assert r.cancelled and len(r.files) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in r.paths)
    [e] = audit.entries(store, action="export")
    assert e.details["cancelled"] is True and len(e.details["files"]) == 2


@needs_font
def test_cancel_before_anything_records_nothing(store, reviewed, tmp_path):
    r = X.export_batch(store, "b", tmp_path, actor=FIRST, cancelled=lambda: True)
    assert r.cancelled and r.files == [] and r.audit_seq is None
    assert audit.entries(store, action="export") == []


def test_export_needs_a_known_reviewer_and_known_kinds(store, reviewed, tmp_path):
    with pytest.raises(Refused, match="未知的审核人员"):
        X.export_batch(store, "b", tmp_path, actor="路人")
    with pytest.raises(Refused, match="未知的导出类型"):
        X.export_batch(store, "b", tmp_path, kinds=("pdf",), actor=FIRST)
    with pytest.raises(Refused, match="找不到批次"):
        X.export_batch(store, "zz", tmp_path, actor=FIRST)


@needs_font
def test_export_application_and_no_overwrite_of_a_signed_sheet(store, reviewed, tmp_path):
    path = X.export_application(store, reviewed[0], tmp_path, actor=SECOND)
    assert path.name == "审核表-b-1-深圳光明传感1号有限公司.pdf"
    [e] = audit.entries(store, action="export")
    assert e.subject == f"application:{reviewed[0]}"
    assert e.details["files"][0]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    again = X.export_application(store, reviewed[0], tmp_path, actor=SECOND)   # unsigned: fine
    assert again == path
    path.write_bytes(path.read_bytes() + b"\n/ByteRange [0 1 2 3]\n")            # as if signed
    with pytest.raises(Refused, match="已签署"):
        X.export_application(store, reviewed[0], tmp_path, actor=SECOND)
    with pytest.raises(Refused, match="已签署"):
        X.export_batch(store, "b", tmp_path, actor=SECOND)
    assert len(audit.entries(store, action="export")) == 2


@needs_font
def test_a_failed_write_leaves_no_half_file(store, reviewed, tmp_path, monkeypatch):
    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(X, "write_summary", boom)
    with pytest.raises(OSError):
        X.export_batch(store, "b", tmp_path / "out", kinds=("summary",), actor=FIRST)
    assert list((tmp_path / "out").iterdir()) == []
    assert audit.entries(store, action="export") == []
