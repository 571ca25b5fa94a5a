"""Safe upgrades: a newer version's store is read, never written; a store is copied before
it is migrated; one data folder, the local (not roaming) one; one place for the version."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import tomllib
from pathlib import Path

import pytest
from sqlite_utils import Database

from workbench import __version__
from workbench.cli import main
from workbench.core.app import paths
from workbench.core.store.database import Store, StoreTooNew, known_migrations
from workbench.core.store.migrations import MIGRATIONS_TABLE, migrations

ROOT = Path(__file__).resolve().parents[3]
FUTURE = "m999_from_a_newer_version"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def run(cli):
    return cli


def _from_the_future(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
                 "VALUES ('workbench', ?, '2030-01-01 00:00:00+00:00')", (FUTURE,))
    conn.commit()
    conn.close()


@pytest.mark.sqlite_only   # edits the SQLite file; on a server: test_office_mode
def test_a_newer_versions_store_is_read_but_not_a_byte_is_written(run):
    assert run("reviewer", "add", "张三", "--role", "经办人")[0] == 0
    _from_the_future(run.db)
    before = _digest(run.db)

    code, _, err = run("reviewer", "add", "李四", "--role", "复核人", "--as", "张三")
    assert code == 7
    assert "较新版本" in err and FUTURE in err and __version__ in err
    code, _, err = run("batch", "create", "2025-1", "--as", "张三")
    assert code == 7 and "未写入" in err
    code, out, err = run("log", "--json")          # reading still works, with the reason
    assert code == 0 and "较新版本" in err
    assert [e["action"] for e in json.loads(out)] == ["reviewer_add"]
    assert _digest(run.db) == before

    with pytest.raises(StoreTooNew):
        Store.open(run.db)
    with Store.open_readonly(run.db) as store:
        assert store.unknown_migrations == [FUTURE]
        with pytest.raises(StoreTooNew):
            with store.transaction():
                pass
    assert _digest(run.db) == before
    assert not (run.db.parent / "backups").exists()


def _old_store(path: Path) -> None:
    """A store as the first release left it: only the first migration, one ledger row."""
    db = Database(path)
    migrations.apply(db, stop_before=known_migrations()[1])
    db.execute("INSERT INTO ledger (credit_code, name, year, code, amount_cents, row_key, imported_at)"
               " VALUES ('91440300X', '甲公司', 2024, '3.1', 12345, 'k1', '2024-01-01')")
    db.conn.commit()
    db.close()


def test_a_store_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "store.sqlite"
    _old_store(path)
    with Store.open(path) as store:
        copy = store.migration_backup
        assert store.applied_migrations() == known_migrations()
    assert copy is not None and copy.parent == tmp_path / "backups"
    assert known_migrations()[1] in copy.name
    assert _digest(copy) != _digest(path)
    old = sqlite3.connect(copy)
    assert [r[0] for r in old.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")] == known_migrations()[:1]
    assert old.execute("SELECT amount_cents FROM ledger").fetchall() == [(12345,)]
    assert old.execute("PRAGMA journal_mode").fetchone()[0] == "delete"   # one self-contained file
    old.close()
    # Up to date now: opening again copies nothing more.
    with Store.open(path) as store:
        assert store.migration_backup is None
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_new_store_is_not_backed_up(tmp_path):
    with Store.open(tmp_path / "new.sqlite") as store:
        assert store.migration_backup is None
    assert not (tmp_path / "backups").exists()


def test_data_folder_is_local_not_roaming(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBENCH_HOME", raising=False)
    asked = []

    def folder(csidl):
        asked.append(csidl)
        return {"CSIDL_LOCAL_APPDATA": r"C:\Users\u\AppData\Local",
                "CSIDL_APPDATA": r"C:\Users\u\AppData\Roaming"}[csidl]
    import platformdirs.windows

    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folder)
    assert "Local" in str(paths.data_dir("win32")) and "Roaming" not in str(paths.data_dir("win32"))
    assert asked == ["CSIDL_LOCAL_APPDATA"] * 2
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir("linux") == tmp_path / "xdg" / "guangming-workbench"
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    assert paths.default_store_path() == tmp_path / "home" / "store.sqlite"
    assert paths.settings_file().parent == paths.default_store_path().parent


def test_an_older_roaming_data_folder_is_moved_once(tmp_path):
    old, new = tmp_path / "Roaming" / "gw", tmp_path / "Local" / "gw"
    (old / "keys").mkdir(parents=True)
    (old / "store.sqlite").write_bytes(b"store")
    (old / "keys" / "root.p12").write_bytes(b"key")
    assert paths.adopt_roaming_data(old, new) == old
    assert (new / "store.sqlite").read_bytes() == b"store"
    assert (new / "keys" / "root.p12").read_bytes() == b"key"
    assert not (old / "keys").exists()          # the private key does not stay in the roaming profile
    (old / "store.sqlite").write_bytes(b"older")
    assert paths.adopt_roaming_data(old, new) is None      # a store is there: nothing moves
    assert (new / "store.sqlite").read_bytes() == b"store"
    assert paths.adopt_roaming_data(None, new) is None


def test_the_version_is_written_in_one_place(capsys):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "workbench/__init__.py"
    assert "platformdirs>=4" in project["project"]["dependencies"]
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip().endswith(__version__)
