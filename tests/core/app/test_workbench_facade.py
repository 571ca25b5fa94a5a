"""The front door the window and the command line share (core/app/workbench.py)."""
from __future__ import annotations

import hashlib

import pytest

from tests.core.store.test_upgrades import _from_the_future
from workbench.core.app.workbench import Workbench
from workbench.core.store.database import StoreError, StoreTooNew


def test_open_creates_a_store_to_write_and_loads_the_rules_when_asked(tmp_path):
    db = tmp_path / "新建" / "store.sqlite"
    with Workbench.open(db) as wb:
        assert db.exists() and wb.path == db and not wb.read_only and wb.notices == []
        assert wb.chosen_rules is None
        assert wb.rules.version and wb.chosen_rules is wb.rules


def test_look_never_creates_nor_changes(tmp_path):
    with pytest.raises(StoreError):
        Workbench.open(tmp_path / "没有.sqlite", look=True)
    assert not (tmp_path / "没有.sqlite").exists()
    db = tmp_path / "store.sqlite"
    Workbench.open(db).close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with Workbench.open(db, look=True) as wb:
        assert wb.store.path == db
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_newer_versions_store_opens_read_only_with_a_notice_or_is_refused(tmp_path):
    db = tmp_path / "store.sqlite"
    Workbench.open(db).close()
    _from_the_future(db)
    with Workbench.open(db) as wb:
        assert wb.read_only and "m999" in wb.notices[0] and wb.notices[0].startswith("注意")
    with pytest.raises(StoreTooNew):
        Workbench.open(db, newer_read_only=False)
