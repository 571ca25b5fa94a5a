"""A session the server dropped (a restart, the network, an administrator): the store opens a new
one for the next read or the next write, set up as before (lock wait, read-only, the row-coverage
tables); a transaction cut in the middle is said in Chinese and leaves nothing half-written."""
from __future__ import annotations

import os

import psycopg
import pytest

from tests.conftest import pg_schema_url
from workbench.core.store import audit
from workbench.core.store.database import Store

pytestmark = pytest.mark.skipif(not os.environ.get("WORKBENCH_TEST_PG"),
                                reason="需要测试用的 PostgreSQL 服务器（scripts/test.sh 会启动）")


@pytest.fixture
def url(request):
    u = pg_schema_url(request.node.name)
    with Store.open(u) as store:
        audit.record(store, "张三", "export", "batch:第一批", {"files": 1})
    return u


def _backend(store: Store) -> int:
    return store.db.conn.raw.info.backend_pid


def _drop(store: Store) -> int:
    """The server ends this store's session, as a restart or a broken network does."""
    pid = _backend(store)
    with psycopg.connect(os.environ["WORKBENCH_TEST_PG"], autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True
    return pid


def test_the_next_read_and_write_go_through_a_new_session(url):
    with Store.open(url) as store:
        before = _drop(store)
        assert [e.action for e in audit.entries(store)][-1] == "export"
        assert _backend(store) != before
        _drop(store)
        e = audit.record(store, "李四", "export", "batch:第二批", {"files": 2})
        assert audit.entries(store)[-1].seq == e.seq
        # The write was noted for row coverage on the new session: the whole store verifies.
        report = audit.verify_store(store)
        assert report.ok, [str(p) for p in report.problems]


def test_a_transaction_cut_in_the_middle_is_said_and_leaves_nothing(url):
    with Store.open(url) as store:
        conn = store.db.conn
        n = len(audit.entries(store))
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE reviewers SET active = active")
        _drop(store)
        with pytest.raises(Exception) as caught:
            conn.execute("INSERT INTO batches (name, created_at, created_by) VALUES ('半截', 'x', '张三')")
        assert "连接已中断" in str(caught.value) and "没有保存" in str(caught.value)
        assert not conn.in_transaction
        conn.rollback()                  # what the store's error path does: nothing to undo
        with pytest.raises(Exception, match="连接已中断"):
            conn.execute("UPDATE reviewers SET active = active")   # a write is never sent alone
        assert len(audit.entries(store)) == n
        assert conn.execute("SELECT COUNT(*) FROM batches WHERE name = '半截'").fetchone()[0] == 0
        audit.record(store, "张三", "export", "batch:之后", {"files": 3})
        assert audit.verify_store(store).ok


def test_a_read_only_store_stays_read_only_on_its_new_session(url):
    with Store.open_readonly(url) as store:
        _drop(store)
        assert audit.entries(store)[-1].action == "export"
        with pytest.raises(Exception, match="readonly|read-only|只读"):
            store.db.conn.execute("BEGIN IMMEDIATE")
            store.db.conn.execute("DELETE FROM batches")


def test_a_server_still_down_is_named_in_chinese(url, tmp_path):
    with Store.open(url) as store:
        store.db.conn.url = f"postgresql://workbench@/workbench_test?host={tmp_path}/nowhere"
        _drop(store)
        with pytest.raises(Exception) as caught:
            audit.entries(store)
        text = str(caught.value)
        assert "连接已中断，重新连接未成功" in text and "服务器未运行或网络不通" in text
        store.db.conn.url = url            # the server is back: the next read works
        assert audit.entries(store)[-1].action == "export"
