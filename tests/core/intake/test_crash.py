"""Killing the process in the middle of a batch import or a finalize (SIGKILL): after restart
the store passes its integrity check, and every application and every finalize is whole or
absent."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.core.review_support import add_reviewers, bulk_import, bulk_to_second, write_app
from workbench.core.store import audit
from workbench.core.store.database import Store

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def _child(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _check_whole(db: Path) -> Store:
    store = Store.open(db)
    conn = store.db.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    report = audit.verify_store(store)
    assert report.ok, report.problems[:3]
    # Every stored application has all its claims and its import entry, and no import entry
    # lacks its application.
    entries = {int(e.subject.split(":")[1]): e for e in audit.entries(store, action="import")}
    apps = dict(conn.execute("SELECT a.id, COUNT(c.id) FROM applications a "
                             "LEFT JOIN claims c ON c.application_id = a.id GROUP BY a.id"))
    assert set(entries) == set(apps)
    for app_id, n in apps.items():
        assert entries[app_id].details["claims"] == n
    return store


def test_kill_during_batch_import(tmp_path):
    db = tmp_path / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
    folder = tmp_path / "in"
    for i in range(1, 61):
        write_app(folder, i)
    child = _child(f"""
        from workbench.core.store.database import Store
        from workbench.core.store import grouped
        from workbench.core.review import batches
        grouped.MAX_ITEMS = 4   # several commits in 60 files however fast this machine is
        s = Store.open({str(db)!r})
        batches.import_files(s, "B", [{str(folder)!r}], "张三")
    """)
    deadline = time.time() + 60
    probe = Store.open_readonly(db)
    try:
        while time.time() < deadline:
            n = probe.db.conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
            if n >= 5:
                break
            time.sleep(0.01)
    finally:
        probe.close()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = _check_whole(db)
    n = store.db.conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
    assert 5 <= n < 60, "the kill should land in the middle of the import"
    store.close()


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3])
def test_kill_during_finalize(tmp_path, delay):
    db = tmp_path / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
        ids = bulk_import(s, "F", range(1, 201))
        bulk_to_second(s, ids)
        # Open applications of the same enterprises, to be recomputed in the same transaction.
        bulk_import(s, "O", range(1, 201), basis31="30000000", tag="-o")
        before = s.db.conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    child = _child(f"""
        import sys
        from workbench.core.store.database import Store
        from workbench.core.review import awards
        s = Store.open({str(db)!r})
        print("go", flush=True)
        awards.finalize(s, "王五", "深光工信〔2025〕8号", batch="F")
        print("done", flush=True)
    """)
    assert child.stdout.readline().strip() == "go"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = _check_whole(db)
    conn = store.db.conn
    finalized = conn.execute("SELECT COUNT(*) FROM applications WHERE stage = 'finalized'").fetchone()[0]
    rows = conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0] - before
    entries = audit.entries(store, action="finalize")
    # Importing "O" already refreshed "F" (a cap shared with an open application is stated);
    # the recompute that finalize causes is the one named after it.
    after_finalize = [e for e in audit.entries(store, action="recompute")
                      if e.details["cause"].startswith("审定")]
    if finalized:
        assert (finalized, rows, len(entries)) == (200, 400, 1)
        # The recompute belongs to the same transaction.
        assert after_finalize
    else:
        assert (rows, entries) == (0, [])
        assert after_finalize == []
    store.close()

pytestmark = [*(pytestmark if isinstance(pytestmark, list) else [pytestmark]), pytest.mark.slow]
