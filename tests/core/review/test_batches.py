"""Batches: folders, progress, the same file twice, a resubmission replaced only on purpose."""
from __future__ import annotations

import pytest

from tests.core.review.test_review import through_second
from tests.core.review_support import FIRST, SECOND, add_reviewers, snapshot, write_app
from workbench.core.domain.workflow import Refused
from workbench.core.review import awards, batches
from workbench.core.review import decisions as review
from workbench.core.store import audit


@pytest.fixture
def ws(store):
    add_reviewers(store)
    return store


def test_folder_import_reports_progress_and_skips_lock_files(ws, tmp_path):
    for i in (1, 2, 3):
        write_app(tmp_path / "in" / "sub", i)
    (tmp_path / "in" / "~$app1.xlsx").write_bytes(b"lock")
    bad = tmp_path / "in" / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    seen = []
    report = batches.import_files(ws, "2025-1", [tmp_path / "in"], FIRST,
                                  progress=lambda n, total, item: seen.append((n, total, item.status)))
    assert [s for _, _, s in seen] == ["refused", "imported", "imported", "imported"]
    assert seen[-1][:2] == (4, 4)
    assert report.count("imported") == 3 and report.exit_code == 1
    b = batches.get_batch(ws, "2025-1")
    assert b.applications == 3 and b.created_by == FIRST
    assert audit.verify_store(ws).ok


def test_the_same_file_again_is_recognised(ws, tmp_path):
    path = write_app(tmp_path, 1)
    batches.import_files(ws, "2025-1", [path], FIRST)
    before = snapshot(ws)
    report = batches.import_files(ws, "2025-2", [path], FIRST)
    item = report.items[0]
    assert item.status == "duplicate" and item.application_id == 1 and "2025-1" in item.message
    after = snapshot(ws)
    assert after["applications"] == before["applications"] and after["claims"] == before["claims"]


def test_a_resubmission_is_not_imported_without_an_explicit_replacement(ws, tmp_path):
    batches.import_files(ws, "2025-1", [write_app(tmp_path, 1)], FIRST)
    review.decide(ws, FIRST, review.claims(ws, 1)[2].claim_id, "reject", None, "材料不全")
    corrected = write_app(tmp_path, 1, tag="-v2", basis31="2000000")
    report = batches.import_files(ws, "2025-1", [corrected], FIRST)
    assert report.items[0].status == "conflict" and "--replace" in report.items[0].message
    assert [a.id for a in review.applications(ws)] == [1]
    before = snapshot(ws)
    with pytest.raises(Refused, match="理由"):
        batches.replace_application(ws, 1, corrected, FIRST, "")
    assert snapshot(ws) == before
    item = batches.replace_application(ws, 1, corrected, FIRST, "企业更正投资额")
    assert item.status == "replaced" and item.replaced == 1
    apps = review.applications(ws, batch="2025-1")
    assert [a.id for a in apps] == [2]
    # Its vouchers are the same as the replaced file's: not flagged as duplicates.
    assert [c.status for c in review.claims(ws, 2)] == ["approve", "approve", "manual"]
    e = audit.entries(ws)[-1]
    assert e.action == "replace" and e.details["replaced"] == 1 and e.details["reason"] == "企业更正投资额"
    row = ws.db.conn.execute("SELECT old_application, new_application, reason FROM replacements").fetchone()
    assert row == (1, 2, "企业更正投资额")
    assert audit.verify_store(ws).ok


def test_replacing_through_import_with_replace(ws, tmp_path):
    batches.import_files(ws, "2025-1", [write_app(tmp_path, 1)], FIRST)
    report = batches.import_files(ws, "2025-1", [write_app(tmp_path, 1, tag="-v2", basis31="5")],
                                  FIRST, replace=True, reason="更正")
    assert report.items[0].status == "replaced"


def test_a_finalized_application_cannot_be_replaced(ws, tmp_path):
    batches.import_files(ws, "2025-1", [write_app(tmp_path, 1)], FIRST)
    through_second(ws)
    awards.finalize(ws, "王五", "文号1", batch="2025-1")
    before = snapshot(ws)
    with pytest.raises(Refused, match="已审定"):
        batches.replace_application(ws, 1, write_app(tmp_path, 1, tag="-v2", basis31="7"), FIRST, "更正")
    assert snapshot(ws) == before


def test_import_by_an_unknown_reviewer_is_refused(ws, tmp_path):
    before = snapshot(ws)
    with pytest.raises(Refused, match="未知的审核人员"):
        batches.import_files(ws, "2025-1", [write_app(tmp_path, 1)], "路人甲")
    assert snapshot(ws) == before


def test_batch_names_and_listing(ws, tmp_path):
    with pytest.raises(Refused):
        batches.create_batch(ws, "  ", FIRST)
    batches.create_batch(ws, "2025 第一批", FIRST, note="上半年")
    with pytest.raises(Refused, match="已存在"):
        batches.create_batch(ws, "2025 第一批", SECOND)
    assert [b.name for b in batches.list_batches(ws)] == ["2025 第一批"]


def _tapeout(folder, name: str, project: str, voucher: str):
    from decimal import Decimal

    from tests.core.review_support import applicant
    from tests.core.workbooks import application_bytes

    path = folder / f"{name}.xlsx"
    path.write_bytes(application_bytes(applicant(7), [
        {"line": 1, "code": "6.1", "project": project, "basis": Decimal("6000000.00"),
         "voucher": voucher}]))
    return path


def test_a_second_application_of_the_enterprise_with_other_projects_is_not_a_resubmission(ws, tmp_path):
    # Two tape-outs of one enterprise in one year, filed as two workbooks: each 30 % × 6,000,000
    # = 1,800,000 under the 3,000,000 enterprise-year cap of 6.1, so together they breach it.
    first = _tapeout(tmp_path, "a", "芯片甲首轮流片", "LP-A")
    second = _tapeout(tmp_path, "b", "芯片乙首轮流片", "LP-B")
    report = batches.import_files(ws, "2025-1", [first, second], FIRST)
    assert [i.status for i in report.items] == ["imported", "imported"]
    apps = review.applications(ws, batch="2025-1")
    assert len(apps) == 2
    later = review.claims(ws, apps[1].id)[0]
    assert "共用" in "".join(later.explanation)
    # The same project again is a corrected resubmission: refused without --replace.
    again = _tapeout(tmp_path, "a2", "芯片甲首轮流片", "LP-A2")
    item = batches.import_files(ws, "2025-1", [again], FIRST).items[0]
    assert item.status == "conflict" and item.application_id == apps[0].id
