"""Bad arguments: a clear message, the documented exit code, nothing changed, no partial
file, no audit entry for an action that failed."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.core.review_support import FIRST, add_reviewers, write_app
from workbench.core.review import batches
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

ROOT = Path(__file__).resolve().parents[3]


def cli(db, *args, env=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=e)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.sqlite"
    with Store.open(path) as s:
        add_reviewers(s)
        batches.import_files(s, "B", [write_app(tmp_path / "in", 1)], FIRST)
    return path


def entries(db) -> int:
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    finally:
        c.close()


def test_a_renamed_column_gives_a_message_not_a_traceback(db):
    c = sqlite3.connect(db)
    c.execute("ALTER TABLE reviewers RENAME COLUMN role TO role2")
    c.commit()
    c.close()
    before = db.read_bytes()
    r = cli(db, "batch", "create", "C", "--as", FIRST)
    assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
    assert "结构与本程序不符" in r.stderr and "未做任何修改" in r.stderr
    assert db.read_bytes() == before


def test_a_writing_command_on_another_programs_database_changes_nothing(tmp_path):
    other = tmp_path / "crm.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE customers (name TEXT)")
    c.execute("INSERT INTO customers VALUES ('甲')")
    c.commit()
    c.close()
    before = other.read_bytes()
    r = cli(other, "reviewer", "add", FIRST, "--role", "经办人")
    assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
    assert "其他程序的 SQLite 数据库" in r.stderr and "不会在其中写入" in r.stderr
    assert other.read_bytes() == before
    text = tmp_path / "notes.sqlite"
    text.write_text("hello")
    r = cli(text, "reviewer", "add", FIRST, "--role", "经办人")
    assert r.returncode == 3 and "不是 SQLite 文件" in r.stderr and text.read_text() == "hello"
    r = cli(tmp_path, "reviewer", "add", FIRST, "--role", "经办人")       # a folder
    assert r.returncode == 3 and "是文件夹" in r.stderr and "Traceback" not in r.stderr
    # An empty file is a new store.
    empty = tmp_path / "new.sqlite"
    empty.touch()
    assert cli(empty, "reviewer", "add", FIRST, "--role", "经办人").returncode == 0


def test_a_store_written_by_a_newer_workbench_is_not_written(db):
    # A migration this workbench does not know: its code may not match the schema.
    c = sqlite3.connect(db)
    c.execute("INSERT INTO migrations (migration_set, name, applied_at) "
              "VALUES ('workbench', 'm999_from_the_future', '2030-01-01')")
    c.commit()
    c.close()
    before, n = db.read_bytes(), entries(db)
    for args in (("batch", "create", "C", "--as", FIRST), ("reviewer", "add", "赵六", "--role", "经办人",
                                                          "--as", FIRST)):
        r = cli(db, *args)
        assert r.returncode == 7 and "Traceback" not in r.stderr, r.stderr
        assert "m999_from_the_future" in r.stderr and "较新版本" in r.stderr and "未写入" in r.stderr
    assert db.read_bytes() == before and entries(db) == n


@pytest.mark.skipif(not shutil.which("chattr") or os.geteuid() != 0,
                    reason="needs chattr as root to make a file immutable")
def test_an_immutable_store_gives_a_message_and_stays_as_it_was(db):
    before = db.read_bytes()
    if subprocess.run(["chattr", "+i", str(db)]).returncode != 0:
        pytest.skip("this file system has no immutable attribute")
    try:
        r = cli(db, "batch", "create", "C", "--as", FIRST)
        assert r.returncode == 3 and "Traceback" not in r.stderr, r.stderr
        assert "只读或不可修改" in r.stderr
        assert cli(db, "verify-store").returncode == 0
    finally:
        subprocess.run(["chattr", "-i", str(db)])
    assert db.read_bytes() == before


def test_backup_to_an_unwritable_place_is_refused_with_no_audit_entry(db, tmp_path):
    n = entries(db)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for dest in (blocker / "b.sqlite", Path("/proc/nope/b.sqlite")):
        r = cli(db, "backup", dest, "--as", FIRST)
        assert r.returncode == 1 and "未备份" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert entries(db) == n


def test_backup_never_overwrites_a_file_that_is_not_a_workbench_store(db, tmp_path):
    n = entries(db)
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK\x03\x04 a report")
    other = tmp_path / "other.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    other_bytes = other.read_bytes()
    for dest in (doc, other):
        r = cli(db, "backup", dest, "--as", FIRST)
        assert r.returncode == 1 and "不会覆盖" in r.stderr, r.stderr
    assert doc.read_bytes() == b"PK\x03\x04 a report" and other.read_bytes() == other_bytes
    assert entries(db) == n
    ok = tmp_path / "bk.sqlite"
    assert cli(db, "backup", ok, "--as", FIRST).returncode == 0
    assert cli(db, "backup", ok, "--as", FIRST).returncode == 0      # a backup may be replaced


def test_verify_with_a_root_that_is_not_a_certificate(db, tmp_path):
    junk = tmp_path / "root.pem"
    junk.write_text("not a certificate")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    r = cli(db, "verify", pdf, "--root", junk)
    assert r.returncode == 2 and "不是有效的证书文件" in r.stderr and "Traceback" not in r.stderr


def test_a_busy_export_leaves_no_file_behind(db, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sqlite3, sys
        c = sqlite3.connect({str(db)!r})
        c.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        c.rollback()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        n = entries(db)
        r = cli(db, "export", "batch", "B", "--out", out, "--as", FIRST,
                env={"WORKBENCH_BUSY_TIMEOUT": "0.5"})
        assert r.returncode == 5 and "数据库正忙" in r.stderr, r.stderr
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert not out.exists() or list(out.iterdir()) == [], list(out.iterdir())
    assert entries(db) == n


def test_check_backup_of_a_file_that_is_not_a_store(db, tmp_path):
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK\x03\x04 a report")
    r = cli(db, "check-backup", doc)
    assert r.returncode == 3 and "不是工作台的数据库" in r.stderr
    assert doc.read_bytes() == b"PK\x03\x04 a report"


def test_output_cut_off_by_the_reader_gives_no_traceback(db):
    # `verify-store | head -1`: the pipe closes before everything is written.
    cmd = f"{sys.executable} -m workbench --db '{db}' log | head -c 1 >/dev/null"
    r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr
