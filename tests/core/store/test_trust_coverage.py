"""Every row that moves money or the review is covered: edits made to the SQLite file with the
sqlite3 program (no hash recomputed, or the row hashes recomputed too) are found."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from decimal import Decimal as D

import pytest

from tests.core.review.test_review import DOC, claim_ids, through_second
from tests.core.review_support import FIRST, HEAD, add_reviewers, write_app
from workbench.core.review import awards, batches, budget
from workbench.core.review import decisions as review
from workbench.core.store import audit, coverage
from workbench.core.store.database import Store

HAVE_CLI = shutil.which("sqlite3") is not None


@pytest.fixture(scope="module")
def done_file(tmp_path_factory):
    """A store file: app 1 finalized and amended, app 2 at first review with a decision that
    was changed once, app 3 just imported, a budget."""
    tmp = tmp_path_factory.mktemp("cov")
    db = tmp / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
        batches.import_files(s, "2025-1", [write_app(tmp / "in", i) for i in (1, 2, 3)], FIRST)
        through_second(s, 1)
        awards.finalize(s, HEAD, DOC, batch="2025-1")
        awards.amend(s, HEAD, claim_ids(s, 1)[0], D("350000"), "投资额审计核减", "深光工信〔2025〕9号")
        art2 = claim_ids(s, 2)[2]
        review.decide(s, FIRST, art2, "amount", D("100000"), "第一次核定")
        review.decide(s, FIRST, art2, "amount", D("90000"), "第二次核定")
        review.complete_first_review(s, FIRST, 2)
        budget.set_budget(s, HEAD, "2025-1", D("3000000"))
        report = audit.verify_store(s)
        assert report.ok, report.problems
    return db


def sql(db, statement: str) -> None:
    if HAVE_CLI:
        r = subprocess.run(["sqlite3", str(db), statement], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
    else:  # pragma: no cover
        c = sqlite3.connect(db)
        c.executescript(statement)
        c.close()


def attacked(done_file, tmp_path, statement: str):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(done_file, db)
    sql(db, statement)
    with Store.open_readonly(db) as s:
        return audit.verify_store(s)


ART2_OF_2 = "(SELECT id FROM claims WHERE application_id = 2 AND code = '2')"

ATTACKS = {
    "suggested amount x10": "UPDATE claims SET suggested_cents = suggested_cents * 10 "
                            "WHERE application_id = 3 AND code = '3.1'",
    "computed amount": "UPDATE claims SET computed_cents = 1 WHERE id = 1",
    "rule-set version": "UPDATE applications SET rule_set = 'gm-sensor-2099' WHERE id = 3",
    "finalized with no review": "UPDATE applications SET stage = 'finalized', stage_seq = NULL "
                                "WHERE id = 3",
    "stage with its seq": "UPDATE applications SET stage = 'second_done' WHERE id = 2",
    "decision deleted": f"DELETE FROM decisions WHERE claim_id = {ART2_OF_2}",
    "decision slipped in": "INSERT INTO decisions (claim_id, application_id, kind, approved_cents, "
                           "actor, at, audit_seq) SELECT id, 3, 'accept', 99999999, '张三', 'x', 5 "
                           "FROM claims WHERE application_id = 3 AND code = '3.2'",
    "amendment edited": "UPDATE amendments SET new_cents = 45000000",
    "amendment deleted": "DELETE FROM amendments",
    "reviewer role": "UPDATE reviewers SET role = '负责人' WHERE name = '张三'",
    "reviewer slipped in": "INSERT INTO reviewers (name, role, created_at) VALUES ('赵六', '负责人', 'x')",
    "budget raised": "UPDATE budgets SET amount_cents = amount_cents * 10",
    "stage history deleted": "DELETE FROM stage_history WHERE id = (SELECT MAX(id) FROM stage_history)",
    "stage history edited": "UPDATE stage_history SET actor = '王五' WHERE id = 1",
    "application deleted": "DELETE FROM claims WHERE application_id = 3; DELETE FROM applications WHERE id = 3",
    "ledger amount": "UPDATE ledger SET amount_cents = amount_cents * 10 WHERE id = 1",
    "ledger row deleted": "DELETE FROM ledger WHERE id = (SELECT MAX(id) FROM ledger)",
    "batch renamed": "UPDATE batches SET note = '改过'",
    "end of the log cut off": "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)",
    "last entry cut off": "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)",
    "log head removed": "DELETE FROM log_head",
    "row hashes deleted": "DELETE FROM row_hashes WHERE seq = (SELECT MAX(seq) FROM row_hashes)",
    "row hash table dropped": "DROP TABLE row_hashes",
    "all row hashes deleted": "DELETE FROM row_hashes",
    "latest row hash of a decision dropped, decision rolled back":
        f"DELETE FROM row_hashes WHERE tbl = 'decisions' AND rid = {ART2_OF_2} AND seq = "
        f"(SELECT MAX(seq) FROM row_hashes WHERE tbl = 'decisions' AND rid = {ART2_OF_2})",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_edit_in_the_file_is_found(done_file, tmp_path, name):
    report = attacked(done_file, tmp_path, ATTACKS[name])
    assert not report.ok, name
    assert report.first.where and report.first.message


def test_a_row_edited_with_its_row_hash_recomputed_is_caught_by_the_entry(done_file, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(done_file, db)
    conn = sqlite3.connect(db)
    cid = conn.execute("SELECT id FROM claims WHERE application_id = 3 AND code = '3.1'").fetchone()[0]
    conn.execute("UPDATE claims SET suggested_cents = suggested_cents * 10 WHERE id = ?", [cid])
    cur = conn.execute("SELECT * FROM claims WHERE id = ?", [cid])
    h = coverage.row_hash("claims", cid, [d[0] for d in cur.description], cur.fetchone())
    conn.execute("UPDATE row_hashes SET hash = ? WHERE tbl = 'claims' AND rid = ?", [h, cid])
    conn.commit()
    conn.close()
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s)
    assert not report.ok and "行哈希记录被改动" in report.first.message


def test_honest_work_after_an_edit_does_not_launder_it(done_file, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(done_file, db)
    sql(db, "UPDATE claims SET suggested_cents = suggested_cents * 10 "
            "WHERE application_id = 3 AND code = '3.1'")
    with Store.open(db) as s:
        review.decide(s, FIRST, claim_ids(s, 3)[2], "reject", None, "不符合")
        report = audit.verify_store(s)
    assert not report.ok and report.first.where.startswith("申报事项表")


def test_honest_work_keeps_the_store_whole(done_file, tmp_path):
    db = tmp_path / "honest.sqlite"
    shutil.copy(done_file, db)
    with Store.open(db) as s:
        review.decide(s, FIRST, claim_ids(s, 3)[2], "reject", None, "不符合")
        review.undo(s, FIRST, claim_ids(s, 3)[2])
        budget.set_budget(s, HEAD, "2025-1", D("2500000"))
        assert audit.verify_store(s).ok
        last = audit.entries(s)[-1]
        assert last.details["covered"]["n"] >= 1


def test_a_decision_set_back_to_its_earlier_audited_value_is_found(done_file, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(done_file, db)
    conn = sqlite3.connect(db)
    cid = conn.execute(ART2_OF_2.strip("()")).fetchone()[0]
    first = next(e for e in audit.entries(conn, action="decide")
                 if (e.details.get("decisions") or {}).get(str(cid), [None, None])[1] == 10000000)
    conn.execute("UPDATE decisions SET approved_cents = 10000000, reason = '第一次核定', "
                 "audit_seq = ? WHERE claim_id = ?", [first.seq, cid])
    conn.commit()
    conn.close()
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s)
    assert not report.ok and report.first.where == f"审核决定表第 {cid} 行", report.problems


def _as_before_coverage(db) -> None:
    """The store as an earlier version left it: no row_hashes, entries without digests."""
    from tests.core.store.test_trust_anchor import rewrite_chain

    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE row_hashes")
    conn.execute("DROP TABLE log_head")
    conn.execute("DELETE FROM migrations WHERE name = 'm003_row_coverage'")
    for seq, details in conn.execute("SELECT seq, details FROM audit_log").fetchall():
        d = __import__("json").loads(details)
        d.pop("covered", None)
        conn.execute("UPDATE audit_log SET details = ? WHERE seq = ?",
                     [audit.canonical(d).decode(), seq])
    rewrite_chain(conn, 1)
    conn.commit()
    conn.close()


def test_a_store_from_an_earlier_version_is_sealed_once_on_upgrade(done_file, tmp_path):
    db = tmp_path / "old.sqlite"
    shutil.copy(done_file, db)
    _as_before_coverage(db)
    with Store.open_readonly(db) as s:            # looking does not upgrade the file…
        assert audit.verify_store(s).ok
    assert "row_hashes" not in {r[0] for r in sqlite3.connect(db).execute(
        "SELECT name FROM sqlite_master")}
    with Store.open(db) as s:                     # …opening to work does, once
        last = audit.entries(s)[-1]
        assert last.action == "coverage_seal" and last.details["covered"]["n"] > 10
        assert audit.verify_store(s).ok
    sql(db, "UPDATE claims SET suggested_cents = 1 WHERE id = 1")
    with Store.open(db) as s:
        assert audit.entries(s)[-1].action == "coverage_seal"      # not sealed again
        assert not audit.verify_store(s).ok


def test_cutting_off_entries_that_vouch_for_no_rows_is_found(done_file, tmp_path):
    db = tmp_path / "store.sqlite"
    shutil.copy(done_file, db)
    with Store.open(db) as s:
        for i in range(3):
            audit.record(s, FIRST, "export", "batch:2025-1", {"file": f"汇总表{i}.xlsx"})
        assert audit.verify_store(s).ok
    sql(db, "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) - 2 FROM audit_log)")
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s)
    assert not report.ok and "日志被截断" in report.first.message, report.problems
