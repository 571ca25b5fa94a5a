"""One writer at a time on both engines: a write transaction holds the store's write lock from
its BEGIN, so a second workbench waits (and, past its busy timeout, gets StoreBusy)."""
from __future__ import annotations

import pytest

from tests.core.review_support import FIRST, add_reviewers
from workbench.core.store import audit, txn
from workbench.core.store.database import Store


def test_a_second_writer_waits_for_the_first(store, store_at):
    add_reviewers(store)
    with Store.open(store_at) as other:
        txn.set_busy_timeout(other, 0.3)
        with store.transaction():
            audit.record(store, FIRST, "export", "file:a.pdf", {})
            with pytest.raises(txn.StoreBusy, match="数据库正忙"), other.transaction():
                audit.record(other, FIRST, "export", "file:b.pdf", {})
        # Once the first has committed, the second goes through.
        with other.transaction():
            audit.record(other, FIRST, "export", "file:b.pdf", {})
    assert [e.subject for e in audit.entries(store, action="export")] == ["file:a.pdf", "file:b.pdf"]
    assert audit.verify_store(store).ok


def test_begin_immediate_takes_the_servers_advisory_lock(store, engine):
    if engine != "postgresql":
        pytest.skip("SQLite 的写锁由 SQLite 自己管理")
    from workbench.core.store.pg.connection import WRITE_LOCK

    conn = store.db.conn
    held = ("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
            f"AND granted AND classid = 0 AND objid = {WRITE_LOCK}")
    conn.execute("BEGIN")
    assert conn.execute(held).fetchone()[0] == 0          # a plain BEGIN only reads
    conn.execute("ROLLBACK")
    conn.execute("BEGIN IMMEDIATE")
    assert conn.execute(held).fetchone()[0] == 1
    conn.execute("ROLLBACK")
    assert conn.execute(held).fetchone()[0] == 0          # released with the transaction


def test_table_info_names_primary_key_columns_by_position_on_both_engines(store):
    """The PRAGMA the store (and the engine copy) reads: pk is the 1-based position in the
    primary key, 0 for other columns, on PostgreSQL as on SQLite."""
    def pk(table):
        return [(r[1], r[5]) for r in store.db.conn.execute(f"PRAGMA table_info({table})") if r[5]]

    assert pk("claims") == [("id", 1)]
    assert pk("decisions") == [("claim_id", 1)]
    assert pk("budgets") == [("batch", 1), ("article", 2)]


def test_verify_sees_one_snapshot_while_another_reviewer_writes(store, store_at, tmp_path):
    """A decision committed between verify-store's reading of the log and of the tables is
    either wholly seen or not at all: never a row that no entry vouches for."""
    from tests.core.review_support import write_app
    from workbench.core.review import batches
    from workbench.core.review import decisions as review

    add_reviewers(store)
    batches.import_files(store, "B", [write_app(tmp_path / "in", 1)], FIRST)
    claims = [c.claim_id for c in review.claims(store, 1)]
    with Store.open(store_at) as other:
        def meanwhile(done, total, label):
            if done in (1, 2, 3):   # after the log was read: the ledger, decisions, rows next
                review.decide(other, FIRST, claims[done - 1], "reject", None, f"第{done}次并发决定")

        report = audit.verify_store(store, full=True, progress=meanwhile)
    assert report.ok, [str(p) for p in report.problems]
    assert len(audit.entries(store, action="decide")) == 3
    assert audit.verify_store(store, full=True).ok
