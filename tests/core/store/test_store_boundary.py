"""One store boundary: SQL and the SQLite driver only inside `workbench/core/store/`, and one
transaction that nests (so a step joins its caller's transaction instead of opening its own)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.core.store.database import Store, StoreError

ROOT = Path(__file__).resolve().parents[3] / "workbench"
STORE = ROOT / "core" / "store"

# What only the store may say: running SQL, SQL statements, sqlite-utils tables, the drivers,
# and the ways to the connection under a Store (above the store, a Store is the one handle).
SQL_MARKS = re.compile(
    r"\.execute(many|script)?\(|\bSELECT\s|\bINSERT\s|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bdb\[|\.query\(|\bsqlite3\b|\bsqlite_utils\b|\bjson_each\b|\bCOALESCE\(|\bCASE\s+WHEN\b"
    r"|\bconnection_of\(|\.db\.conn\b|\bstore\.db\b|\btxn\.write\b|store\.txn import write\b")


def _sql_lines(path: Path) -> list[str]:
    return [f"{path.relative_to(ROOT.parent)}:{n}: {line.strip()}"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if SQL_MARKS.search(line)]


def _above_store() -> dict[str, list[str]]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        if STORE in path.parents:
            continue
        lines = _sql_lines(path)
        if lines:
            found[path.relative_to(ROOT.parent).as_posix()] = lines
    return found


def test_no_sql_above_the_store():
    found = _above_store()
    assert not found, "SQL or the SQLite driver outside workbench/core/store:\n" + "\n".join(
        line for lines in found.values() for line in lines)


def test_the_scan_sees_sql(tmp_path):
    # The scan must recognise what it forbids (else the test above passes vacuously).
    probe = tmp_path / "probe.py"
    probe.write_text('import sqlite3\nconn.execute("SELECT 1")\nx = db["ledger"]\n'
                     'c.execute("UPDATE ledger SET a = 1")\nprint("DELETE FROM x")\n'
                     'ok = "更新 UPDATE 说明"\nc = audit.connection_of(store)\n'
                     'n = store.db.conn\nfrom workbench.core.store.txn import write\n'
                     'with store.transaction():\n'
                     'f"CASE WHEN {a}.status = \'reject\' THEN 0 END"\n', encoding="utf-8")
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in _sql_lines_any(probe)] == \
        ["1", "2", "3", "4", "5", "7", "8", "9", "11"]


def _sql_lines_any(path: Path) -> list[str]:
    return [f"{path}:{n}: {line}" for n, line in
            enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SQL_MARKS.search(line)]


def _batches(store: Store) -> list[str]:
    return [b for (b,) in store.db.conn.execute("SELECT name FROM batches ORDER BY name")]


def _add(store: Store, name: str) -> None:
    store.db.conn.execute("INSERT INTO batches (name, note, created_at, created_by) "
                          "VALUES (?, '', 'now', 'x')", [name])


def test_a_nested_transaction_is_undone_alone_and_the_outer_one_commits():
    store = Store.memory()
    with store.transaction() as outer:
        assert outer is store
        _add(store, "a")
        with pytest.raises(ValueError):
            with store.transaction():
                _add(store, "b")
                raise ValueError("the inner step failed")
        with store.transaction():
            _add(store, "c")
        assert store.db.conn.in_transaction
    assert not store.db.conn.in_transaction
    assert _batches(store) == ["a", "c"]


def test_a_failing_outer_transaction_undoes_its_nested_ones():
    store = Store.memory()
    with pytest.raises(RuntimeError):
        with store.transaction():
            with store.transaction():
                _add(store, "a")
            raise RuntimeError("the whole failed")
    assert _batches(store) == []
    with store.transaction():       # the store is usable again at depth 0
        _add(store, "b")
    assert _batches(store) == ["b"]


def test_a_transaction_begun_outside_the_store_is_not_joined():
    store = Store.memory()
    store.db.conn.execute("BEGIN")
    try:
        with pytest.raises(StoreError):
            with store.transaction():
                pass
    finally:
        store.db.conn.execute("ROLLBACK")
