"""An import stores many applications per transaction (grouped.py), each in its own savepoint:
still whole or absent one by one, each vouched for by its own audit entry, all committed when
the import returns or fails."""
from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import date
from decimal import Decimal

import pytest

from tests.core.review_support import FIRST, add_reviewers, write_app
from workbench.core.domain.model import Applicant, Finding
from workbench.core.domain.workflow import Refused
from workbench.core.review import batches
from workbench.core.store import audit, grouped
from workbench.core.store.database import _dumps, _fields_of, _findings_json, _plain

# About the SQLite file's own machinery (trace callbacks, TEMP triggers, page cache).
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def ws(store):
    add_reviewers(store)
    return store


def _files(tmp_path, n):
    return [write_app(tmp_path / "in", i) for i in range(1, n + 1)]


def _commits(store) -> list[str]:
    seen: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: seen.append(sql) if sql.strip().upper() == "COMMIT" else None)
    return seen


def _other(store) -> sqlite3.Connection:
    """A second connection: sees only what is committed."""
    return sqlite3.connect(store.path)


def _stored(conn) -> dict[str, int]:
    return dict(conn.execute("SELECT a.source, COUNT(c.id) FROM applications a "
                             "LEFT JOIN claims c ON c.application_id = a.id GROUP BY a.id"))


def test_a_batch_is_committed_in_one_transaction_and_visible_when_import_returns(ws, tmp_path):
    files = _files(tmp_path, 5)
    commits = _commits(ws)
    report = batches.import_files(ws, "B", files, FIRST, workers=0)
    ws.db.conn.set_trace_callback(None)
    assert report.count("imported") == 5
    # one for creating the batch, one for the five applications (written per application before)
    assert len(commits) == 2
    other = _other(ws)
    assert _stored(other) == {f"app{i}.xlsx": 3 for i in range(1, 6)}
    other.close()
    assert audit.verify_store(ws).ok


def test_each_import_entry_vouches_for_its_own_application_only(ws, tmp_path):
    batches.import_files(ws, "B", _files(tmp_path, 4), FIRST, workers=0)
    entries = audit.entries(ws, action="import")
    assert len(entries) == 4
    for e in entries:
        # the application row (inserted, then its stage_seq set) and its 3 claims
        assert e.details["covered"]["n"] == 1 + 3
        app_id = int(e.subject.split(":")[1])
        tables = ws.db.conn.execute("SELECT tbl, rid FROM row_hashes WHERE seq = ? ORDER BY tbl, rid",
                                    [e.seq]).fetchall()
        claim_ids = [r[0] for r in ws.db.conn.execute(
            "SELECT id FROM claims WHERE application_id = ? ORDER BY id", [app_id])]
        assert tables == [("applications", app_id)] + [("claims", c) for c in claim_ids]


def test_an_application_that_fails_half_way_is_absent_and_the_others_are_stored(ws, tmp_path, monkeypatch):
    files = _files(tmp_path, 5)
    real = audit.record
    calls = []

    def failing(conn, actor, action, subject, details=None):
        calls.append(action)
        if action == "import" and details.get("source") == "app3.xlsx":
            # after its application and claims rows were inserted
            raise Refused("模拟的存储失败")
        return real(conn, actor, action, subject, details)

    monkeypatch.setattr(batches.audit, "record", failing)
    report = batches.import_files(ws, "B", files, FIRST, workers=0)
    monkeypatch.setattr(batches.audit, "record", real)
    assert [i.status for i in report.items] == ["imported", "imported", "failed", "imported", "imported"]
    other = _other(ws)
    assert _stored(other) == {f"app{i}.xlsx": 3 for i in (1, 2, 4, 5)}
    assert other.execute("SELECT COUNT(*) FROM claims WHERE application_id NOT IN "
                         "(SELECT id FROM applications)").fetchone()[0] == 0
    other.close()
    assert len(audit.entries(ws, action="import")) == 4
    assert audit.verify_store(ws).ok


def test_an_error_that_stops_the_import_keeps_the_applications_before_it(ws, tmp_path, monkeypatch):
    files = _files(tmp_path, 4)
    real = batches.settle_application
    n = []

    def boom(app, rules, usage):
        n.append(1)
        if len(n) == 3:
            raise RuntimeError("disk gone")
        return real(app, rules, usage)

    monkeypatch.setattr(batches, "settle_application", boom)
    with pytest.raises(RuntimeError, match="disk gone"):
        batches.import_files(ws, "B", files, FIRST, workers=0)
    assert not ws.db.conn.in_transaction
    other = _other(ws)
    assert _stored(other) == {"app1.xlsx": 3, "app2.xlsx": 3}
    other.close()
    assert audit.verify_store(ws).ok
    # the rest imports normally afterwards, the first two recognised as already stored
    monkeypatch.setattr(batches, "settle_application", real)
    report = batches.import_files(ws, None, files, FIRST, workers=0)
    assert [i.status for i in report.items] == ["duplicate", "duplicate", "imported", "imported"]


def test_a_group_is_committed_after_its_time_or_size_limit(ws, tmp_path, monkeypatch):
    files = _files(tmp_path, 5)
    monkeypatch.setattr(grouped, "MAX_ITEMS", 2)
    commits = _commits(ws)
    batches.import_files(ws, "B", files, FIRST, workers=0)
    assert len(commits) == 1 + 3            # the batch; then 2 + 2 + 1 applications
    commits.clear()
    monkeypatch.setattr(grouped, "MAX_ITEMS", 100)
    monkeypatch.setattr(grouped, "MAX_SECONDS", 0.0)
    batches.import_files(ws, "C", _files(tmp_path / "c", 3), FIRST, workers=0)
    ws.db.conn.set_trace_callback(None)
    assert len(commits) == 1 + 3            # a group past its time commits at once


def test_a_cancelled_import_commits_what_it_stored(ws, tmp_path):
    files = _files(tmp_path, 4)
    done = []
    report = batches.import_files(ws, "B", files, FIRST, workers=0,
                                  progress=lambda n, total, item: done.append(n),
                                  cancelled=lambda: len(done) >= 2)
    assert report.cancelled and report.count("imported") == 2
    other = _other(ws)
    assert _stored(other) == {"app1.xlsx": 3, "app2.xlsx": 3}
    other.close()


def test_stored_json_is_the_same_text_as_before():
    """The findings and applicant JSON are compared by `recompute`: the faster encoding must
    give the bytes the generic one gave."""
    findings = [Finding("formula_rate", "approve", (Decimal("1000000.00"), Decimal("0.1"), "条款3.1")),
                Finding("cap", "reduce", (Decimal("5E+6"), None, 3, (Decimal("1.50"), 2))),
                Finding("duplicate", "reject", ("X-1", date(2025, 3, 1), {"k": Decimal("-0.00")})),
                Finding("input", None, ())]
    generic = _dumps([{"rule": f.rule, "status": f.status, "args": list(f.args)} for f in findings])
    assert _findings_json(findings) == generic
    assert '"5000000"' in generic and '"1.50"' in generic and '"2025-03-01"' in generic
    a = Applicant("深圳光明传感1号有限公司", "91440300MA5XXXXXXX", 2025, True, applied_on=date(2025, 3, 1),
                  fiscal_contribution=Decimal("12345.60"))
    assert _dumps(_fields_of(a)) == _dumps(asdict(a))


@pytest.mark.parametrize("text", ["0", "-0.00", "1.50", "1234567.58", "5E+6", "1E-7", "0.000001", "0.0000001",
                                  "-12.3E+2", "123456789012345.67", "NaN", "-Infinity", "1.000E+3"])
def test_a_decimal_is_written_as_the_generic_encoding_writes_it(text):
    value = Decimal(text)
    assert _plain(value) == f"{value:f}"
