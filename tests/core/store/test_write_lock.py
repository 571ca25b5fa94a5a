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
