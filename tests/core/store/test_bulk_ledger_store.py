"""Storing a large ledger import: rows noted for coverage in one statement (not by the insert
trigger per row), a larger page cache for the transaction only; the guarantees stay."""
from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from tests.conftest import make_credit_code
from tests.core.review_support import FIRST, add_reviewers
from workbench.core.domain.model import LedgerAward
from workbench.core.review import awards, ledger
from workbench.core.store import audit, coverage, page_cache
from workbench.core.store.txn import write

# About the SQLite file's own machinery (trace callbacks, TEMP triggers, page cache).
pytestmark = pytest.mark.sqlite_only


def _awards(n: int, start: int = 0) -> list[LedgerAward]:
    return [LedgerAward(credit_code=make_credit_code(i % 31), name=f"企业{i % 31}", year=2024, code="3.1",
                        project=f"项目{i}", product="", voucher=f"V{i}", installment=None,
                        amount=Decimal(500 + i), doc_no="深光工信〔2024〕2号")
            for i in range(start, start + n)]


def _triggers(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'")}


def test_an_import_vouches_for_every_row_it_wrote_and_puts_the_trigger_back(store, tmp_path):
    add_reviewers(store)
    conn = store.db.conn
    triggers = _triggers(conn)
    assert "_cov_ledger_insert" in triggers
    rep, _ = awards.import_ledger(store, ledger.write_ledger(tmp_path / "a.xlsx", _awards(1200)), FIRST)
    assert rep.added == 1200
    assert _triggers(conn) == triggers
    seq = audit.last_entry(conn)[0]
    lines = conn.execute("SELECT rid FROM row_hashes WHERE tbl = 'ledger' AND seq = ? ORDER BY rid",
                         [seq]).fetchall()
    assert [r[0] for r in lines] == list(range(1, 1201))
    # each line is the row's hash as coverage computes it, one row at a time
    cur = conn.execute("SELECT * FROM ledger WHERE id = 1200")
    row = cur.fetchone()
    want = coverage.row_hash("ledger", 1200, [d[0] for d in cur.description], row)
    assert conn.execute("SELECT hash FROM row_hashes WHERE tbl = 'ledger' AND rid = 1200").fetchone()[0] == want
    # a second import next to the first, and an ordinary insert afterwards is noted by the trigger again
    awards.import_ledger(store, ledger.write_ledger(tmp_path / "b.xlsx", _awards(300, 5000)), FIRST)
    with write(store) as c:
        c.execute("UPDATE reviewers SET role = role WHERE name = ?", [FIRST])
        audit.record(c, FIRST, "export", "file:x", {})
    assert audit.verify_store(store, full=True).ok
    assert conn.execute("PRAGMA main.cache_size").fetchone()[0] == -2000


def test_rows_below_the_old_end_are_refused_and_nothing_is_written(store):
    add_reviewers(store)
    conn = store.db.conn
    awards_before = conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    rows = [dict(credit_code=make_credit_code(1), name="甲", year=2024, code="3.1", project="p",
                 project_key="p", product="", product_key="", voucher="", voucher_key="",
                 installment=None, amount_cents=100, doc_no="", source="t", source_row=2,
                 row_key="k1", imported_at="2025-01-01T00:00:00+00:00")]
    with pytest.raises(RuntimeError):
        with write(store) as c:
            seq = audit.last_entry(c)[0] + 1
            awards._insert_rows(c, rows, seq)
            # the same block once more with a row that claims an id below the end
            with coverage.noted_in_bulk(c, "ledger", 1):
                c.execute("INSERT INTO ledger (id, credit_code, name, year, code, row_key, imported_at, "
                          "amount_cents) VALUES (0, 'x', 'x', 2024, '3.1', 'k2', 'now', 1)")
    assert conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0] == awards_before
    assert "_cov_ledger_insert" in _triggers(conn)


def test_the_page_cache_is_larger_only_inside_the_block(store):
    conn = store.db.conn
    before = (conn.execute("PRAGMA main.cache_size").fetchone()[0],
              conn.execute("PRAGMA temp.cache_size").fetchone()[0])
    with page_cache.roomy(conn, 64):
        assert conn.execute("PRAGMA main.cache_size").fetchone()[0] == -64 * 1024
        assert conn.execute("PRAGMA temp.cache_size").fetchone()[0] == -64 * 1024
    assert (conn.execute("PRAGMA main.cache_size").fetchone()[0],
            conn.execute("PRAGMA temp.cache_size").fetchone()[0]) == before


def test_an_edit_to_a_bulk_written_row_is_found(store, tmp_path):
    add_reviewers(store)
    awards.import_ledger(store, ledger.write_ledger(tmp_path / "a.xlsx", _awards(500)), FIRST)
    path = store.path
    store.close()
    c = sqlite3.connect(path)
    c.execute("UPDATE ledger SET voucher = 'V4990' WHERE id = 500")
    c.commit()
    c.close()
    from workbench.core.store.database import Store

    with Store.open_readonly(path) as s:
        report = audit.verify_store(s, full=True)
    assert not report.ok and report.problems[0].where == "台账第 500 行"
