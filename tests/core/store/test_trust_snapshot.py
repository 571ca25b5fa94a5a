"""verify-store reads one snapshot: honest writes committed meanwhile are never tampering."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.core.review_support import FIRST, add_reviewers, write_app
from workbench.core.store import audit
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

ROOT = Path(__file__).resolve().parents[3]

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from workbench.core.store.database import Store
    from workbench.core.review import batches, decisions as review
    s = Store.open(sys.argv[1])
    print("started", flush=True)
    for f in sorted(Path(sys.argv[2]).glob("*.xlsx")):
        report = batches.import_files(s, "B", [f], sys.argv[3])
        for item in report.items:
            for c in review.claims(s, item.application_id):
                review.decide(s, sys.argv[3], c.claim_id, "reject", None, "不符合")
    print("done", flush=True)
""")


def test_verify_store_never_cries_wolf_while_another_process_imports_and_decides(tmp_path):
    db = tmp_path / "store.sqlite"
    with Store.open(db) as s:
        add_reviewers(s)
    folder = tmp_path / "in"
    for i in range(1, 41):
        write_app(folder, i)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(folder), FIRST],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "started"
        runs, bad = 0, []
        while writer.poll() is None:
            with Store.open_readonly(db) as s:
                report = audit.verify_store(s, integrity=False)
            runs += 1
            if not report.ok:
                bad.append(str(report.first))
        cli = subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "verify-store"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert runs >= 5, runs
    assert bad == [], bad[:3]
    assert cli.returncode == 0, cli.stderr
    with Store.open_readonly(db) as s:
        assert s.db.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 120
        assert audit.verify_store(s).ok


def _cli(db, *args):
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_verify_store_and_log_leave_a_foreign_database_byte_identical(tmp_path):
    import sqlite3

    db = tmp_path / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('别人的数据')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (("verify-store",), ("log",), ("verify-store", "--json")):
        r = _cli(db, *args)
        assert r.returncode == 3, (args, r.stderr)
        assert "不是工作台的数据库" in r.stderr and "Traceback" not in r.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]
    text = tmp_path / "report.docx"
    text.write_bytes(b"PK\x03\x04 not a database")
    r = _cli(text, "verify-store")
    assert r.returncode == 3 and "不是工作台的数据库" in r.stderr
    assert text.read_bytes() == b"PK\x03\x04 not a database"


def test_log_on_a_missing_path_creates_nothing(tmp_path):
    db = tmp_path / "sub" / "none.sqlite"
    r = _cli(db, "log")
    assert r.returncode == 2 and "找不到数据库文件" in r.stderr
    assert not (tmp_path / "sub").exists()
