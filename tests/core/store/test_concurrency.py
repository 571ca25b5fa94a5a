"""Two processes writing to one store: nothing is lost, and a long wait fails clearly."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.core.review_support import FIRST, SECOND, add_reviewers, snapshot, write_app
from workbench.core.review import batches
from workbench.core.store import audit
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

ROOT = Path(__file__).resolve().parents[3]


def test_two_processes_importing_and_deciding_at_once_lose_nothing(tmp_path):
    db = tmp_path / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
    folders = []
    for k in range(2):
        folder = tmp_path / f"in{k}"
        for i in range(1 + 30 * k, 31 + 30 * k):
            write_app(folder, i)
        folders.append(folder)
    code = textwrap.dedent("""
        import sys
        from workbench.core.store.database import Store
        from workbench.core.review import batches, decisions as review
        s = Store.open(sys.argv[1])
        report = batches.import_files(s, sys.argv[2], [sys.argv[3]], sys.argv[4])
        assert report.count("imported") == 30, [(i.status, i.message) for i in report.items]
        for item in report.items:
            art2 = review.claims(s, item.application_id)[2].claim_id
            review.decide(s, sys.argv[4], art2, "reject", None, "不符合中试线认定")
        print("ok")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), f"B{k}", str(folders[k]), who],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k, who in enumerate((FIRST, SECOND))]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and out.strip() == "ok", err
    with Store.open(db) as s:
        conn = s.db.conn
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 60
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 180
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 60
        report = audit.verify_store(s)
        assert report.ok and report.entries == 3 + 2 + 60 + 60


def test_a_writer_that_waits_too_long_gets_a_clear_error_and_changes_nothing(tmp_path):
    db = tmp_path / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
        batches.import_files(s, "B", [write_app(tmp_path / "in", 1)], FIRST)
        before = snapshot(s)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, sys, time
        c = sqlite3.connect({str(db)!r})
        c.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        c.rollback()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = dict(os.environ, WORKBENCH_BUSY_TIMEOUT="0.5")
        r = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "decide", "3",
                            "--reject", "--reason", "不符合", "--as", FIRST],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 5, r.stderr
        assert "数据库正忙" in r.stderr and "未做任何修改" in r.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with Store.open(db) as s:
        assert snapshot(s) == before
