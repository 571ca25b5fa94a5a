"""A full verify-store runs its independent scans side by side on more read connections
(snapshot_readers): they read the very snapshot the verification's own connection reads, or
none is used; the split scans find exactly what one scan finds; the mark is left only when
nothing was committed from the snapshot to the end."""
from __future__ import annotations

import shutil
import sqlite3
import threading

import pytest

from tests.core.store.test_trust_fast_verify import ATTACKS, ROWS, big_file  # noqa: F401 - fixture
from workbench.core.store import audit, coverage_verify, snapshot_readers, verified
from workbench.core.store.audit_tables import verify_ledger
from workbench.core.store.database import Store


def _ro(db) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)


def _count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]


def _add_row(db) -> None:
    """A ledger row committed by another connection (what another workbench would write)."""
    w = sqlite3.connect(db, timeout=10)
    w.execute("INSERT INTO ledger (credit_code, name, year, code, amount_cents, row_key, imported_at) "
              "SELECT credit_code, name, year, code, 1, row_key || 'new', imported_at FROM ledger "
              "WHERE id = 1")
    w.commit()
    w.close()


@pytest.fixture
def copy(big_file, tmp_path):  # noqa: F811
    db = tmp_path / "s.sqlite"
    shutil.copy(big_file, db)
    return db


def test_readers_keep_the_main_connections_snapshot(copy):
    conn = _ro(copy)
    readers = snapshot_readers.begin(conn, copy.resolve(), 2)
    try:
        assert len(readers) == 2 and conn.in_transaction
        _add_row(copy)
        seen = [readers.start(_count, "t").result() for _ in range(2)]
        assert seen == [ROWS, ROWS] and _count(conn) == ROWS
    finally:
        readers.close()
        conn.execute("ROLLBACK")
    assert _count(conn) == ROWS + 1       # the commit was there: the snapshot kept it out
    conn.close()


def test_a_commit_between_the_readers_and_the_main_connection_drops_the_readers(copy, monkeypatch):
    real = snapshot_readers._open

    def open_then_commit(path):
        side = real(path)
        _add_row(copy)                   # the reader's snapshot is now older than main's will be
        return side

    monkeypatch.setattr(snapshot_readers, "_open", open_then_commit)
    conn = _ro(copy)
    readers = snapshot_readers.begin(conn, copy.resolve(), 1)
    try:
        assert len(readers) == 0 and readers.start(_count, "t") is None
        assert conn.in_transaction and _count(conn) == ROWS + 1
    finally:
        readers.close()
        conn.execute("ROLLBACK")
        conn.close()


def test_no_readers_in_memory():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    readers = snapshot_readers.begin(conn, None, 2)
    assert len(readers) == 0 and conn.in_transaction
    conn.execute("ROLLBACK")


def test_a_job_that_sqlite_refused_is_run_in_line_and_a_bug_is_raised(copy):
    conn = _ro(copy)
    readers = snapshot_readers.begin(conn, copy.resolve(), 2)
    try:
        refused = readers.start(lambda c: c.execute("SELECT nope FROM ledger").fetchall(), "t")
        assert refused is not None and refused.ran is False
        bug = readers.start(lambda c: 1 / 0, "t")
        with pytest.raises(ZeroDivisionError):
            bug.result()
    finally:
        readers.close()
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_split_ledger_scan_finds_what_one_scan_finds(copy, name):
    c = sqlite3.connect(copy)
    c.executescript(ATTACKS[name])
    c.close()

    def run(count):
        conn = _ro(copy)
        readers = snapshot_readers.begin(conn, copy.resolve(), count)
        try:
            assert len(readers) == count
            _, broken, good = audit.verify_chain(conn.execute(
                "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq"))
            report = audit.VerifyReport()
            proven = verify_ledger(conn, good, report, chain_ok=broken is None, readers=readers)
            return report.problems, report.ledger_rows, proven
        finally:
            readers.close()
            conn.execute("ROLLBACK")
            conn.close()

    split, single = run(1), run(0)
    assert split == single
    assert split[1] >= ROWS - 1


def test_quick_entry_digests_are_the_exact_ones(copy):
    conn = _ro(copy)
    quick = coverage_verify.entry_digests(conn)
    assert len(quick) >= 3
    assert quick == {seq: coverage_verify._exact_digest(conn, seq) for seq in quick}
    conn.close()


def test_a_quick_digest_joined_in_another_order_is_worked_out_again_exactly(copy, monkeypatch):
    """SQLite does not promise group_concat's order: a quick digest that does not match is
    never reported before the exact one is worked out."""
    real = coverage_verify.entry_digests
    monkeypatch.setattr(coverage_verify, "entry_digests",
                        lambda conn: {seq: (n, "0" * 64) for seq, (n, _) in real(conn).items()})
    with Store.open_readonly(copy) as s:
        report = audit.verify_store(s, full=True)
    assert report.ok, report.problems
    c = sqlite3.connect(copy)
    c.executescript(ATTACKS["coverage line edited"])
    c.close()
    with Store.open_readonly(copy) as s:
        report = audit.verify_store(s, full=True)
    assert any("行哈希记录被改动" in p.message for p in report.problems), report.problems


def test_a_full_verification_runs_its_scans_on_readers(copy, monkeypatch):
    names = []
    real = snapshot_readers.Job.__init__

    def spy(self, conn, fn, name):
        names.append(name)
        real(self, conn, fn, name)

    monkeypatch.setattr(snapshot_readers.Job, "__init__", spy)
    with Store.open_readonly(copy) as s:
        assert audit.verify_store(s, full=True).ok
    assert sorted(names) == ["verify-coverage-digests", "verify-ledger-first-half"]


def test_a_commit_while_verifying_leaves_no_mark_even_when_the_first_hash_saw_it(copy, tmp_path,
                                                                                 monkeypatch):
    """The file's first hash runs beside the checks: a commit after the snapshot that the
    first hash already includes makes both hashes equal; data_version still tells."""
    monkeypatch.setenv(verified.ENV, str(tmp_path / "marks"))
    committed = threading.Event()
    real_fp, real_cov = verified.fingerprint, coverage_verify.verify
    calls = []

    def late_fingerprint(path):
        if not calls:
            calls.append(1)
            assert committed.wait(60)     # hashed only after the commit: it sees it
        return real_fp(path)

    def cov_then_commit(*a, **kw):
        out = real_cov(*a, **kw)
        if not committed.is_set():
            _add_row(copy)                # after the snapshot began
            committed.set()
        return out

    monkeypatch.setattr(verified, "fingerprint", late_fingerprint)
    monkeypatch.setattr(coverage_verify, "verify", cov_then_commit)
    with Store.open_readonly(copy) as s:
        report = audit.verify_store(s, full=True)
    assert report.ok and report.ledger_rows == ROWS      # the snapshot: without the new row
    assert verified.load(copy.resolve()) is None
    monkeypatch.setattr(coverage_verify, "verify", real_cov)
    with Store.open_readonly(copy) as s:
        again = audit.verify_store(s)
    assert again.incremental is None and not again.ok   # the row slipped in, read in full


def test_a_quiet_full_verification_leaves_its_mark(copy, tmp_path, monkeypatch):
    monkeypatch.setenv(verified.ENV, str(tmp_path / "marks"))
    with Store.open_readonly(copy) as s:
        assert audit.verify_store(s, full=True).ok
        again = audit.verify_store(s)
    assert again.ok and again.incremental
