"""Reading many workbooks in worker processes: order, a crash or a hang contained, cancel."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.core.workbooks import application_bytes
from workbench.core.intake import reading
from workbench.core.intake.reading import read_many
from workbench.core.intake.submission import read_application

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing


# Readers a spawned worker imports by name: they misbehave on files named for it.

def misbehaving_reader(path: str):
    name = Path(path).name
    if name.startswith("crash"):
        os.abort()                   # what calamine does on a crafted file: no exception, no cleanup
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("exit"):
        os._exit(3)
    return read_application(path)


def pid_reader(path: str):
    app = read_application(path)
    app.source = f"{app.source}@{os.getpid()}"
    return app


def _apps(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = application_bytes()
    out = []
    for i, name in enumerate(names):
        p = folder / name
        # different bytes for each file (a trailing comment in the zip changes the hash)
        p.write_bytes(data[:-2] + len(str(i)).to_bytes(2, "little") + str(i).encode())
        out.append(p)
    return out


def test_results_come_back_in_the_order_given(tmp_path):
    paths = _apps(tmp_path, [f"app{i:02d}.xlsx" for i in range(12)])
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    paths.insert(5, tmp_path / "junk.xlsx")
    paths.append(tmp_path / "missing.xlsx")
    seen = []
    got = list(read_many(paths, workers=2, progress=lambda n, total, p: seen.append((n, total, p))))
    assert [p for p, _ in got] == paths
    assert [n for n, _, _ in seen] == list(range(1, len(paths) + 1))
    refused = [p.name for p, app in got if app.refused]
    assert refused == ["junk.xlsx", "missing.xlsx"]
    ok = [app for p, app in got if not app.refused]
    assert all(app.applicant.name and app.claims for app in ok)
    assert len({app.file_hash for app in ok}) == 12
    # the same values as reading here
    here = dict(read_many(paths, workers=0))
    assert {p: a for p, a in got} == here


def test_a_worker_is_really_another_process(tmp_path):
    paths = _apps(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    pids = {app.source.split("@")[1] for _, app in read_many(paths, workers=2, reader=pid_reader)}
    assert str(os.getpid()) not in pids


def test_one_file_is_read_here_without_a_worker(tmp_path):
    paths = _apps(tmp_path, ["only.xlsx"])
    [(path, app)] = read_many(paths, workers=4, reader=pid_reader)
    assert path == paths[0] and app.source == f"only.xlsx@{os.getpid()}"
    # workers=0: no pool whatever the number of files
    got = list(read_many(_apps(tmp_path, ["x.xlsx", "y.xlsx"]), workers=0, reader=pid_reader))
    assert all(app.source.endswith(f"@{os.getpid()}") for _, app in got)


def test_a_crashing_file_is_refused_and_the_next_files_are_read(tmp_path):
    paths = _apps(tmp_path, ["a.xlsx", "crash.xlsx", "b.xlsx", "exit.xlsx", "c.xlsx", "d.xlsx", "e.xlsx"])
    got = list(read_many(paths, workers=2, reader=misbehaving_reader))
    assert [p for p, _ in got] == paths
    verdict = {p.name: app for p, app in got}
    for name in ("crash.xlsx", "exit.xlsx"):
        app = verdict[name]
        assert app.refused and app.applicant is None and app.source == name
        assert app.errors[0].where == "文件" and "意外终止" in app.errors[0].message
    assert all(not verdict[n].refused for n in ("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx"))


def test_a_hanging_file_is_refused_after_the_time_limit(tmp_path):
    paths = _apps(tmp_path, ["a.xlsx", "hang.xlsx", "b.xlsx", "c.xlsx", "d.xlsx"])
    t = time.monotonic()
    got = list(read_many(paths, workers=2, timeout=1.5, reader=misbehaving_reader))
    elapsed = time.monotonic() - t
    assert [p for p, _ in got] == paths
    hang = dict(got)[paths[1]]
    assert hang.refused and hang.errors[0].where == "文件"
    assert "超过 1.5 秒" in hang.errors[0].message
    assert all(not app.refused for p, app in got if p != paths[1])
    assert 1.5 <= elapsed < 15


def test_every_worker_crashing_still_ends(tmp_path):
    paths = _apps(tmp_path, [f"crash{i}.xlsx" for i in range(5)] + ["ok.xlsx"])
    got = list(read_many(paths, workers=2, reader=misbehaving_reader))
    assert [app.refused for _, app in got] == [True] * 5 + [False]


def test_cancel_stops_before_the_next_file_and_stops_the_workers(tmp_path):
    paths = _apps(tmp_path, [f"app{i}.xlsx" for i in range(10)] + ["hang.xlsx"] * 1)
    got = []
    for path, _app in read_many(paths, workers=2, reader=misbehaving_reader,
                               cancelled=lambda: len(got) >= 3):
        got.append(path)
    assert got == paths[:3]


def test_closing_early_kills_a_busy_worker(tmp_path):
    paths = _apps(tmp_path, ["a.xlsx", "hang.xlsx", "b.xlsx"])
    t = time.monotonic()
    it = read_many(paths, workers=2, timeout=60, reader=misbehaving_reader)
    first = next(it)
    assert first[0] == paths[0]
    it.close()                       # would wait 60 s for the hanging read if it did not kill it
    assert time.monotonic() - t < 20


def test_worker_count_from_the_environment(monkeypatch):
    monkeypatch.setenv(reading.WORKERS_ENV, "0")
    assert reading.default_workers() == 0
    monkeypatch.setenv(reading.WORKERS_ENV, "3")
    assert reading.default_workers() == 3
    monkeypatch.setenv(reading.WORKERS_ENV, "lots")
    assert 1 <= reading.default_workers() <= 4


def test_the_worker_entry_is_importable_by_name():
    # spawn (Windows, the frozen app) pickles the target and the reader by module and name
    import pickle

    assert pickle.loads(pickle.dumps(reading._work)) is reading._work
    assert pickle.loads(pickle.dumps(read_application)) is read_application
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(lambda p: p)
