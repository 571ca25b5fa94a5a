"""Office mode: an imported application's writes go to the server in a few pipelines
(pg/connection.py run_together, held-back SAVEPOINT / RELEASE, vouch_pg). What must hold:
a statement refused among the pipelined ones raises its own error, as the sqlite3 class,
naming its constraint; the application is absent (its savepoint rolled back), the ones
before it stay, and the chain verifies; and the number of waits for the server per
application stays small."""
from __future__ import annotations

import os
import sqlite3

import psycopg
import pytest

from tests.conftest import pg_schema_url
from tests.core.review_support import FIRST, add_reviewers, write_app
from workbench.core.review import batches
from workbench.core.store import audit
from workbench.core.store.database import Store

pytestmark = pytest.mark.skipif(not os.environ.get("WORKBENCH_TEST_PG"),
                                reason="需要测试用的 PostgreSQL 服务器（scripts/test.sh 会启动）")


@pytest.fixture
def url(request):
    return pg_schema_url(request.node.name)


@pytest.fixture
def ws(url):
    s = Store.open(url)
    add_reviewers(s)
    batches.create_batch(s, "B", FIRST)
    yield s
    s.close()


def _server(url: str, sql: str) -> list:
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if cur.description else []


def _files(tmp_path, n):
    return [write_app(tmp_path / "in", i) for i in range(1, n + 1)]


# Each refuses one write of the third application (id 3), in a different pipeline: the
# entry itself, the head, the vouching (the entry written again), the row hashes.
REFUSALS = {
    "entry": "ALTER TABLE audit_log ADD CONSTRAINT wb_refuse CHECK (subject <> 'application:3')",
    "head": "ALTER TABLE log_head ADD CONSTRAINT wb_refuse CHECK (seq <> {seq})",
    "vouching": "ALTER TABLE audit_log ADD CONSTRAINT wb_refuse CHECK "
                "(subject <> 'application:3' OR details NOT LIKE '%\"covered\"%')",
    "row hashes": "ALTER TABLE row_hashes ADD CONSTRAINT wb_refuse CHECK "
                  "(NOT (tbl = 'applications' AND rid = 3))",
}


@pytest.mark.parametrize("where", list(REFUSALS))
def test_a_refused_pipelined_write_raises_its_error_and_leaves_the_application_absent(ws, url, tmp_path, where):
    files = _files(tmp_path, 4)
    before = audit.last_entry(ws.db.conn)[0]
    # the third application's import entry: after the two before it
    _server(url, REFUSALS[where].format(seq=before + 3))
    with pytest.raises(sqlite3.IntegrityError, match="wb_refuse"):
        batches.import_files(ws, "B", files, FIRST, workers=0)
    assert not ws.db.conn.in_transaction
    # the two before it are committed, whole; nothing of the third is anywhere
    assert _server(url, "SELECT id, source FROM applications ORDER BY id") == [(1, "app1.xlsx"), (2, "app2.xlsx")]
    assert _server(url, "SELECT DISTINCT application_id FROM claims ORDER BY 1") == [(1,), (2,)]
    assert [e.subject for e in audit.entries(ws, action="import")] == ["application:1", "application:2"]
    assert _server(url, "SELECT COUNT(*) FROM row_hashes WHERE seq > %s" % (before + 2)) == [(0,)]
    assert _server(url, "SELECT seq FROM log_head") == [(before + 2,)]
    assert audit.verify_store(ws).ok
    # the refusal lifted, the rest is imported and the chain still verifies
    _server(url, f"ALTER TABLE {REFUSALS[where].split()[2]} DROP CONSTRAINT wb_refuse")
    report = batches.import_files(ws, "B", files, FIRST, workers=0)
    assert [i.status for i in report.items] == ["duplicate", "duplicate", "imported", "imported"]
    assert audit.verify_store(ws).ok


def test_a_held_back_savepoint_reaches_the_server_before_a_direct_statement(ws, url):
    """SAVEPOINT / RELEASE wait for the next statement; what goes to psycopg directly
    (`raw`) is sent after them, so a rollback to the savepoint undoes it."""
    conn = ws.db.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("SAVEPOINT s")
    conn.raw.execute("UPDATE reviewers SET role = role || '' WHERE name = %s", [FIRST])
    conn.raw.execute("CREATE TEMP TABLE wb_probe (x int)")
    conn.execute("ROLLBACK TO s")
    conn.execute("RELEASE s")
    assert conn.raw.execute("SELECT to_regclass('pg_temp.wb_probe')").fetchone()[0] is None
    conn.execute("ROLLBACK")


def test_a_savepoint_never_set_is_refused_at_the_next_statement(ws):
    """The one error a held-back RELEASE can meet (a mistake in the store's code) still
    comes as a sqlite3 error, from the statement sent with it."""
    conn = ws.db.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("RELEASE nowhere")
    with pytest.raises(sqlite3.DatabaseError, match="nowhere"):
        conn.execute("SELECT 1")
    conn.execute("ROLLBACK")
    assert not conn.in_transaction


def test_an_imported_application_costs_few_waits_for_the_server(ws, tmp_path, monkeypatch):
    """Each statement sent alone is a wait for the server, each pipeline one wait. Storing
    an application took 33 waits before its writes were pipelined (application, claims,
    audit entry, coverage, row hashes, vouching: each statement alone); now about 10."""
    waits = []
    real_execute, real_many = psycopg.Cursor.execute, psycopg.Cursor.executemany
    real_pipeline = psycopg.Connection.pipeline

    def execute(self, *a, **kw):
        if self._conn._pipeline is None:
            waits.append(str(a[0])[:40])
        return real_execute(self, *a, **kw)

    def many(self, *a, **kw):
        if self._conn._pipeline is None:
            waits.append(str(a[0])[:40])
        return real_many(self, *a, **kw)

    def pipeline(self):
        waits.append("pipeline")
        return real_pipeline(self)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    monkeypatch.setattr(psycopg.Cursor, "executemany", many)
    monkeypatch.setattr(psycopg.Connection, "pipeline", pipeline)
    n = 8
    report = batches.import_files(ws, "B", _files(tmp_path, n), FIRST, workers=0)
    monkeypatch.undo()
    assert report.count("imported") == n
    assert len(waits) / n <= 12, (len(waits) / n, waits)
    assert audit.verify_store(ws).ok


def test_the_logs_end_known_to_the_connection_is_forgotten_when_a_savepoint_is_rolled_back(ws):
    """The next entry follows the last one the log holds, not the one a rolled-back part of
    the transaction wrote (PgConnection.chain_head)."""
    conn = ws.db.conn
    n = audit.last_entry(conn)[0]
    conn.execute("BEGIN IMMEDIATE")
    audit.record(ws, FIRST, "export", "file:a.xlsx")
    conn.execute("SAVEPOINT s")
    audit.record(ws, FIRST, "export", "file:b.xlsx")
    conn.execute("ROLLBACK TO s")
    conn.execute("RELEASE s")
    e = audit.record(ws, FIRST, "export", "file:c.xlsx")
    audit.finish_transaction(conn)
    conn.execute("COMMIT")
    assert e.seq == n + 2
    assert [x.subject for x in audit.entries(ws, action="export")] == ["file:a.xlsx", "file:c.xlsx"]
    assert audit.verify_store(ws).ok
