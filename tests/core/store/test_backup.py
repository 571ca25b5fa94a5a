"""Backup (online API), restore, and the integrity check of a copy."""
from __future__ import annotations

import sqlite3

import pytest

from tests.core.review_support import FIRST, add_reviewers, write_app
from workbench.core.domain.workflow import Refused
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.store import audit, backup
from workbench.core.store.database import Store


@pytest.fixture
def ws(store, tmp_path):
    add_reviewers(store)
    batches.import_files(store, "B", [write_app(tmp_path / "in", 1)], FIRST)
    return store


def test_backup_is_a_checked_copy_that_records_itself(ws, tmp_path):
    seen = []
    r = backup.backup(ws, tmp_path / "bk", actor=FIRST, progress=lambda done, total: seen.append(total))
    assert r.path.parent == tmp_path / "bk" and r.verify.ok and seen
    copy = sqlite3.connect(r.path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert copy.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0] == "backup"
    copy.close()


@pytest.mark.sqlite_only   # restoring replaces a file; on a server see test_office_mode
def test_restore_brings_back_the_copy_and_saves_the_current_store(ws, tmp_path):
    r = backup.backup(ws, tmp_path / "bk.sqlite", actor=FIRST)
    review.decide(ws, FIRST, review.claims(ws, 1)[2].claim_id, "reject", None, "不符合")
    path = ws.path
    ws.close()
    saved, report = backup.restore(r.path, path, FIRST)
    assert report.ok and saved.exists()
    with Store.open(path) as s:
        assert review.claims(s, 1)[2].decision is None
        assert audit.entries(s)[-1].action == "restore"
    with Store.open(saved) as old:
        assert review.claims(old, 1)[2].decision == "reject"


@pytest.mark.sqlite_only
def test_a_tampered_backup_is_not_restored(ws, tmp_path):
    r = backup.backup(ws, tmp_path / "bk.sqlite")
    c = sqlite3.connect(r.path)
    c.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1")
    c.commit()
    c.close()
    assert not backup.check_file(r.path).ok
    path = ws.path
    ws.close()
    with pytest.raises(Refused, match="未通过检查"):
        backup.restore(r.path, path, FIRST)


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    p = tmp_path / "x.sqlite"
    p.write_bytes(b"hello")
    with pytest.raises(Refused):
        backup.check_file(p)
