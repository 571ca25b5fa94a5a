"""The verified mark (core/verified.py): a store unchanged since its last full verification is
checked in a moment, and any edit made after that verification is still found."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.core.store.test_trust_coverage import ATTACKS, done_file, sql  # noqa: F401 - fixture
from workbench.core.store import audit, verified
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing


def _verify(db, **kw):
    with Store.open_readonly(db) as s:
        return audit.verify_store(s, **kw)


@pytest.fixture
def marked(done_file, tmp_path):  # noqa: F811
    """A copy of the store that a full verification found intact (so it has a mark)."""
    db = tmp_path / "marked.sqlite"
    shutil.copy(done_file, db)
    first = _verify(db)
    assert first.ok and first.incremental is None, first.problems
    return db


def test_an_unchanged_store_is_verified_from_its_mark(marked):
    again = _verify(marked)
    assert again.ok and again.incremental
    full = _verify(marked)
    assert full.ledger_rows == again.ledger_rows > 0
    assert full.decisions == again.decisions > 0
    forced = _verify(marked, full=True)
    assert forced.ok and forced.incremental is None


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_edit_after_the_last_verification_is_found(marked, name):
    assert _verify(marked).incremental            # the fast path is armed
    sql(marked, ATTACKS[name])
    report = _verify(marked)
    assert not report.ok, name
    assert report.incremental is None


def test_an_edit_with_row_hashes_recomputed_after_the_mark_is_found(marked):
    sql(marked, "UPDATE ledger SET amount_cents = amount_cents * 10, row_hash = '"
                + "0" * 64 + "' WHERE id = (SELECT MIN(id) FROM ledger)")
    report = _verify(marked)
    assert not report.ok and report.incremental is None


def test_a_forged_mark_is_ignored(marked):
    sql(marked, ATTACKS["budget raised"])
    # the attacker writes a mark naming the edited file's bytes, without this PC's mark key
    [mark_file] = [p for p in verified.folder().glob("*.json")
                   if json.loads(p.read_text(encoding="utf-8"))["path"] == str(marked.resolve())]
    mark = json.loads(mark_file.read_text(encoding="utf-8"))
    mark["files"] = verified.fingerprint(marked.resolve())
    mark_file.write_text(json.dumps(mark), encoding="utf-8")
    report = _verify(marked)
    assert not report.ok and report.incremental is None


def test_a_mark_is_left_only_by_a_full_verification_that_passed(done_file, tmp_path):  # noqa: F811
    db = tmp_path / "bad.sqlite"
    shutil.copy(done_file, db)
    sql(db, ATTACKS["budget raised"])
    assert not _verify(db).ok
    assert verified.load(db.resolve()) is None
    assert not _verify(db).ok                        # and again: still the full check


def test_the_anchors_are_still_checked_on_the_fast_path(marked):
    assert _verify(marked).incremental
    report = _verify(marked, require_checkpoints=True)   # finalize and amend had no checkpoint
    assert report.incremental and not report.ok
    assert any("检查点" in p.message for p in report.problems)


def test_the_mark_is_kept_outside_the_store(marked):
    files = list(verified.folder().iterdir())
    assert {p.suffix for p in files} == {".json", ".key"}
    assert all(marked.parent not in p.parents for p in files)
    assert (verified.folder() / "mark.key").stat().st_mode & 0o077 == 0


def _cli(db, *args):
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "verify-store", *args],
                          capture_output=True, text=True)


def test_cli_says_when_it_took_the_mark_and_full_reads_everything(marked):
    r = _cli(marked)
    assert r.returncode == 0, r.stderr
    assert "未有任何改动" in r.stdout
    r = _cli(marked, "--full")
    assert r.returncode == 0 and "未有任何改动" not in r.stdout
    sql(marked, ATTACKS["amendment edited"])
    r = _cli(marked)
    assert r.returncode == 4 and "未有任何改动" not in r.stdout


# ---- the full check builds the hashed text in SQLite: values it writes otherwise -----------

def test_rows_sqlite_encodes_otherwise_verify_and_their_edits_are_found(done_file, tmp_path):  # noqa: F811
    from workbench.core.store.txn import write

    db = tmp_path / "odd.sqlite"
    shutil.copy(done_file, db)
    with Store.open(db) as s:
        with write(s) as conn:       # the workbench's own connection: the changes are vouched for
            conn.execute("UPDATE reviewers SET created_at = ? WHERE rowid = 1", ["2025\t\x01\n"])
            conn.execute("UPDATE reviewers SET created_at = 1.5 WHERE rowid = 2")
            conn.execute("UPDATE ledger SET doc_no = doc_no || char(9, 2) WHERE id = 1")
            led = conn.execute("SELECT * FROM ledger WHERE id = 1")
            row = dict(zip([d[0] for d in led.description], led.fetchone(), strict=False))
            conn.execute("UPDATE ledger SET row_hash = ? WHERE id = 1", [audit.ledger_row_hash(row)])
            audit.record(conn, "张三", "reviewer_add", "store", {})
        assert not _verify(db, full=True).ok   # the ledger row no longer matches its entry's digest
    # without the ledger edit, every odd value verifies
    db2 = tmp_path / "odd2.sqlite"
    shutil.copy(done_file, db2)
    with Store.open(db2) as s:
        with write(s) as conn:
            conn.execute("UPDATE reviewers SET created_at = ? WHERE rowid = 1", ["2025\t\x01\n\"\\"])
            conn.execute("UPDATE reviewers SET created_at = 1.5 WHERE rowid = 2")
            audit.record(conn, "张三", "reviewer_add", "store", {})
    report = _verify(db2, full=True)
    assert report.ok, report.problems
    sql(db2, "UPDATE reviewers SET created_at = 1.25 WHERE rowid = 2")
    assert "审核人员表第 2 行" in {p.where for p in _verify(db2).problems}
    sql(db2, "UPDATE reviewers SET created_at = x'00' WHERE rowid = 2")     # a blob: SQLite refuses JSON
    assert "审核人员表第 2 行" in {p.where for p in _verify(db2).problems}
    sql(db2, "UPDATE ledger SET doc_no = x'00' WHERE id = 2")
    wheres = {p.where for p in _verify(db2).problems}
    assert {"审核人员表第 2 行", "台账第 2 行"} <= wheres


def test_an_index_edited_after_the_mark_fails_the_integrity_check(marked):
    """An index that no longer matches its table (a ledger row hidden from the look-ups that
    count caps) is found by SQLite's integrity check, which the fast path never skips
    unless the file is byte for byte the one that passed it."""
    assert _verify(marked).incremental
    sql(marked, "DELETE FROM ledger WHERE 0; PRAGMA writable_schema = ON; "
                "UPDATE sqlite_master SET sql = replace(sql, 'ledger(credit_code,', 'ledger(name,') "
                "WHERE name = 'idx_ledger_usage'")
    report = _verify(marked)
    assert not report.ok and report.incremental is None
    assert report.first.where == "数据库文件" and report.integrity != "ok"


def test_sheet_heads_are_checked_on_the_fast_path(marked):
    with Store.open_readonly(marked) as s:
        e = audit.entries(s)[2]
    good = _verify(marked, sheet_heads=[("审核表.pdf", "经办人", e.seq, e.hash)])
    assert good.ok and good.incremental
    bad = _verify(marked, sheet_heads=[("审核表.pdf", "经办人", e.seq, "0" * 64)])
    assert bad.incremental and not bad.ok
    assert bad.first.where.startswith("审核表.pdf")
    gone = _verify(marked, sheet_heads=[("审核表.pdf", "经办人", 10_000, "0" * 64)])
    assert gone.incremental and not gone.ok
