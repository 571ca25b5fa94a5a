"""A store on a network drive is refused before SQLite touches it."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.store import network_fs
from workbench.core.store.database import Store, StoreError
from workbench.core.store.network_fs import mount_of, network_reason


def _mountinfo(point: str, fstype: str) -> str:
    return ("22 27 0:21 / /proc rw,relatime - proc proc rw\n"
            "27 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
            f"90 27 0:50 / {point.replace(' ', chr(92) + '040')} rw,relatime - {fstype} //fs/共享 rw\n")


def test_the_mount_holding_a_path_is_the_longest_mount_point_above_it():
    info = _mountinfo("/mnt/科室 共享", "cifs")
    assert mount_of(Path("/mnt/科室 共享/审核/store.sqlite"), info) == ("/mnt/科室 共享", "cifs")
    assert mount_of(Path("/mnt/科室 共享2/store.sqlite"), info) == ("/", "ext4")


@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs"])
def test_network_file_systems_on_linux_are_named(fstype):
    reason = network_reason("/srv/share/store.sqlite", mountinfo=_mountinfo("/srv/share", fstype),
                            platform="linux")
    assert reason and fstype in reason and "/srv/share" in reason


def test_a_local_disk_is_not_a_network_drive(tmp_path):
    assert network_reason("/home/a/store.sqlite", mountinfo=_mountinfo("/srv/share", "nfs"),
                          platform="linux") is None
    assert network_reason(tmp_path / "store.sqlite") is None      # this machine's own disk


@pytest.mark.parametrize("path,drive_type,network", [
    (r"\\fileserver\审核\store.sqlite", 3, True),
    ("//fileserver/审核/store.sqlite", 3, True),
    (r"\\?\UNC\fileserver\审核\store.sqlite", 3, True),
    (r"Z:\审核\store.sqlite", 4, True),           # mapped network drive
    (r"C:\审核\store.sqlite", 3, False),          # fixed disk
    (r"\\?\C:\审核\store.sqlite", 3, False),
])
def test_windows_unc_paths_and_mapped_drives(path, drive_type, network):
    reason = network_reason(path, platform="win32", drive_type=drive_type)
    assert bool(reason) is network


@pytest.fixture
def on_a_share(tmp_path, monkeypatch):
    """tmp_path as if it were a CIFS mount."""
    info = _mountinfo(str(tmp_path), "cifs")
    monkeypatch.setattr(network_fs, "network_reason",
                        functools.partial(network_reason, mountinfo=info))
    return tmp_path


def test_opening_a_store_on_a_share_is_refused_and_nothing_is_created(on_a_share):
    db = on_a_share / "审核" / "store.sqlite"
    with pytest.raises(StoreError, match="网络文件系统 cifs") as e:
        Store.open(db)
    assert "本机磁盘" in str(e.value) and str(db) in str(e.value)
    assert not db.parent.exists()


def test_an_existing_store_copied_to_a_share_is_refused_for_looking_too(tmp_path, monkeypatch, capsys):
    db = tmp_path / "store.sqlite"
    Store.open(db).close()
    before = db.read_bytes()
    monkeypatch.setattr(network_fs, "network_reason",
                        functools.partial(network_reason, mountinfo=_mountinfo(str(tmp_path), "smb3")))
    for argv in (["verify-store"], ["log"], ["reviewer", "add", "张三", "--role", "经办人"]):
        code = main(["--db", str(db), *argv])
        err = capsys.readouterr().err
        assert code == 3 and "网络文件系统 smb3" in err, argv
    assert db.read_bytes() == before
