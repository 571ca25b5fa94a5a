"""The full verify-store's shortcuts find exactly what the long way finds.

A ledger row whose own hash and entry digest pass is not hashed a second time by row coverage
(coverage_verify.verify's `proven`); rows and their lines are merged in one pass. For every attack on
a store holding a few thousand ledger rows in several entries, the problems are the same as
when coverage hashes every row, and the attacked row is named."""
from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal

import pytest

from tests.conftest import make_credit_code
from tests.core.review_support import FIRST, add_reviewers
from workbench.core.domain.model import LedgerAward
from workbench.core.review import awards, ledger
from workbench.core.store import audit, coverage_verify
from workbench.core.store.audit_tables import verify_ledger
from workbench.core.store.database import Store

ROWS = 3000          # in three ledger imports of 1,000 rows


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fastverify")
    db = tmp / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
        for part in range(3):
            rows = [LedgerAward(credit_code=make_credit_code(i % 97), name=f"企业{i % 97}", year=2024,
                                code="3.1", project=f"项目{i}", product="", voucher=f"V{i}",
                                installment=None, amount=Decimal(1000 + i), doc_no="深光工信〔2024〕1号")
                    for i in range(part * 1000, part * 1000 + 1000)]
            path = ledger.write_ledger(tmp / f"台账{part}.xlsx", rows)
            rep, _ = awards.import_ledger(s, path, FIRST)
            assert rep.ok and rep.added == 1000, rep.errors[:3]
        assert s.count("ledger") == ROWS
        report = audit.verify_store(s, full=True)
        assert report.ok, report.problems
    return db


def _both_ways(db) -> tuple[list, list, audit.VerifyReport]:
    """coverage_verify.verify with the proven ledger rows skipped and without, and verify_store."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute("BEGIN")
        _, broken, good = audit.verify_chain(conn.execute(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq"))
        proven = verify_ledger(conn, good, audit.VerifyReport(), chain_ok=broken is None)
        fast = coverage_verify.verify(conn, good, broken is None, audit.Broken, {"ledger": proven})
        slow = coverage_verify.verify(conn, good, broken is None, audit.Broken)
    finally:
        conn.close()
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s, full=True)
    return fast, slow, report


LAST = "(SELECT MAX(id) FROM ledger)"
ATTACKS = {
    # one byte of the last row's name
    "one byte of the last row": f"UPDATE ledger SET name = substr(name, 1, length(name) - 1) || 'X' WHERE id = {LAST}",
    "amount of a middle row": "UPDATE ledger SET amount_cents = amount_cents + 1 WHERE id = 1500",
    "row deleted": "DELETE FROM ledger WHERE id = 2999",
    "row slipped in": "INSERT INTO ledger (credit_code, name, year, code, project, amount_cents, row_key, "
                      "imported_at, audit_seq, row_hash) SELECT credit_code, name, year, code, project, "
                      "amount_cents * 10, row_key || 'x', imported_at, audit_seq, row_hash FROM ledger WHERE id = 7",
    "row's seq moved": f"UPDATE ledger SET audit_seq = audit_seq - 1 WHERE id = {LAST}",
    "coverage line edited": "UPDATE row_hashes SET hash = substr(hash, 2) || '0' WHERE tbl = 'ledger' AND rid = 2000",
    "coverage line deleted": "DELETE FROM row_hashes WHERE tbl = 'ledger' AND rid = 2998",
    "a later line says deleted": "INSERT INTO row_hashes (tbl, rid, seq, hash) SELECT 'ledger', 42, MAX(seq), NULL "
                                 "FROM audit_log",
    "row and its line gone": "DELETE FROM ledger WHERE id = 5; DELETE FROM row_hashes WHERE tbl = 'ledger' AND rid = 5",
    "a line for a row never written": "INSERT INTO row_hashes (tbl, rid, seq, hash) SELECT 'ledger', 99999, "
                                      "MAX(seq), 'ab' FROM row_hashes",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_shortcut_finds_what_the_long_way_finds(big_file, tmp_path, name):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(big_file, db)
    c = sqlite3.connect(db)
    c.executescript(ATTACKS[name])
    c.close()
    fast, slow, report = _both_ways(db)
    assert fast == slow
    assert not report.ok


def test_one_changed_byte_in_the_last_row_is_named(big_file, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(big_file, db)
    c = sqlite3.connect(db)
    c.execute(f"UPDATE ledger SET project = '项目299X' WHERE id = {ROWS}")
    c.commit()
    c.close()
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s, full=True)
    assert not report.ok
    assert any(p.where == f"台账第 {ROWS} 行" for p in report.problems), report.problems


def test_one_changed_byte_with_the_row_hash_recomputed_is_caught_by_the_entry(big_file, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(big_file, db)
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    row = dict(c.execute(f"SELECT * FROM ledger WHERE id = {ROWS}").fetchone())
    row["amount_cents"] += 100
    c.execute(f"UPDATE ledger SET amount_cents = ?, row_hash = ? WHERE id = {ROWS}",
              [row["amount_cents"], audit.ledger_row_hash(row)])
    c.commit()
    c.close()
    fast, slow, report = _both_ways(db)
    assert fast == slow
    assert not report.ok
    assert any("摘要不符" in p.message for p in report.problems), report.problems


def test_a_ledger_with_a_column_outside_its_row_hash_is_hashed_in_full(big_file, tmp_path):
    """A column added to the ledger (with a value) is covered only by row coverage: the
    shortcut is not taken, and the change is found."""
    db = tmp_path / "attacked.sqlite"
    shutil.copy(big_file, db)
    c = sqlite3.connect(db)
    c.executescript("ALTER TABLE ledger ADD COLUMN note TEXT; UPDATE ledger SET note = 'x' WHERE id = 2500")
    c.close()
    with Store.open_readonly(db) as s:
        report = audit.verify_store(s, full=True)
    assert [p.where for p in report.problems] == ["台账第 2500 行"], report.problems


def test_the_store_is_read_mapped_and_the_setting_put_back(big_file, tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite"
    shutil.copy(big_file, db)
    seen = []
    real = coverage_verify.verify

    def spy(conn, *a, **k):
        seen.append(conn.execute("PRAGMA mmap_size").fetchone()[0])
        return real(conn, *a, **k)

    monkeypatch.setattr(coverage_verify, "verify", spy)
    with Store.open_readonly(db) as s:
        before = s.db.conn.execute("PRAGMA mmap_size").fetchone()[0]
        assert audit.verify_store(s, full=True).ok
        assert seen and seen[0] >= db.stat().st_size
        assert s.db.conn.execute("PRAGMA mmap_size").fetchone()[0] == before


def test_progress_names_every_step_and_raising_from_it_leaves_nothing_open(big_file, tmp_path):
    db = tmp_path / "s.sqlite"
    shutil.copy(big_file, db)
    calls = []
    with Store.open_readonly(db) as s:
        assert audit.verify_store(s, full=True, progress=lambda *a: calls.append(a)).ok
        assert [c[0] for c in calls] == list(range(len(audit.STEPS)))
        assert all(c[1] == len(audit.STEPS) for c in calls)

        class Stop(Exception):
            pass

        def stop_at_ledger(done, total, label):
            if done == 1:
                raise Stop

        with pytest.raises(Stop):
            audit.verify_store(s, full=True, progress=stop_at_ledger)
        conn = s.db.conn
        assert not conn.in_transaction
        assert conn.execute("PRAGMA mmap_size").fetchone()[0] == 0
        assert audit.verify_store(s, full=True).ok
