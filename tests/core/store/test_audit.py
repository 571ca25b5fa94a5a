"""The audit chain and verify-store: any edit, deletion or reordering is found and named."""
from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from tests.core.review.test_review import DOC, through_second
from tests.core.review_support import FIRST, HEAD, add_reviewers, write_app
from workbench.core.review import awards, batches
from workbench.core.store import audit


@pytest.fixture
def done(store, tmp_path):
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1)], FIRST)
    through_second(store)
    awards.finalize(store, HEAD, DOC, batch="2025-1")
    audit.record(store, HEAD, "export", "batch:2025-1", {"file": "汇总表.xlsx", "sha256": "ab" * 32})
    assert audit.verify_store(store).ok
    return store


def first(store):
    report = audit.verify_store(store)
    assert not report.ok
    return report.first


def test_canonical_json_is_stable_and_refuses_floats():
    assert audit.canonical({"b": 1, "a": "中"}) == '{"a":"中","b":1}'.encode()
    with pytest.raises(TypeError):
        audit.canonical({"x": 1.5})
    h1 = audit.entry_hash(audit.GENESIS, 1, "t", "张三", "x", "s", {"a": 1, "b": [1, 2]})
    h2 = audit.entry_hash(audit.GENESIS, 1, "t", "张三", "x", "s", {"b": [1, 2], "a": 1})
    assert h1 == h2 and len(h1) == 64


def test_record_is_chained_and_joins_an_open_transaction(done):
    es = audit.entries(done)
    assert es[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(es, es[1:], strict=False))
    assert es[-1].action == "export" and es[-1].label == "导出"
    conn = done.db.conn
    conn.execute("BEGIN IMMEDIATE")
    audit.record(done, HEAD, "sign", "file:审核表.pdf", {"field": "sig_head"})
    conn.execute("ROLLBACK")
    assert audit.entries(done)[-1].action == "export"


def test_an_edited_entry_is_named(done):
    conn = done.db.conn
    row = conn.execute("SELECT details FROM audit_log WHERE seq = 5").fetchone()
    d = json.loads(row[0])
    d["claims"] = 99
    conn.execute("UPDATE audit_log SET details = ? WHERE seq = 5", [audit.canonical(d).decode()])
    conn.commit()
    p = first(done)
    assert p.seq == 5 and "审计日志第 5 条" in str(p) and "被改动" in p.message


def test_an_edited_actor_is_named(done):
    done.db.conn.execute("UPDATE audit_log SET actor = '赵六' WHERE seq = 8")
    done.db.conn.commit()
    assert first(done).seq == 8


def test_a_deleted_entry_is_named(done):
    done.db.conn.execute("DELETE FROM audit_log WHERE seq = 6")
    done.db.conn.commit()
    p = first(done)
    assert p.seq == 7 and "缺失" in p.message


def test_reordered_entries_are_named(done):
    conn = done.db.conn
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 6")
    conn.execute("UPDATE audit_log SET seq = 6 WHERE seq = 7")
    conn.execute("UPDATE audit_log SET seq = 7 WHERE seq = -1")
    conn.commit()
    assert first(done).seq == 6


def test_a_rehashed_chain_is_still_caught_by_the_tables(done):
    # Someone edits a decision and rewrites the whole chain from there: the decision row and
    # the entries still disagree with the rows written by finalize.
    conn = done.db.conn
    conn.execute("UPDATE decisions SET approved_cents = 1 WHERE kind = 'amount'")
    conn.commit()
    p = first(done)
    assert "审核决定" in p.where and "决定被改动" in p.message


def test_a_cut_off_tail_is_caught(done):
    conn = done.db.conn
    last_finalize = audit.entries(done, action="finalize")[0].seq
    conn.execute("DELETE FROM audit_log WHERE seq >= ?", [last_finalize])
    conn.commit()
    report = audit.verify_store(done)
    assert not report.ok
    assert any("台账" in p.where for p in report.problems)


def test_a_tampered_ledger_row_is_named(done):
    conn = done.db.conn
    rid = conn.execute("SELECT id FROM ledger WHERE code = '3.2'").fetchone()[0]
    conn.execute("UPDATE ledger SET amount_cents = amount_cents * 10 WHERE id = ?", [rid])
    conn.commit()
    p = first(done)
    assert p.where == f"台账第 {rid} 行" and "被改动" in p.message


def test_a_ledger_row_rehashed_after_editing_is_caught_by_its_entry(done):
    conn = done.db.conn
    cols = audit.LEDGER_HASH_COLUMNS
    r = dict(zip(cols, conn.execute(f"SELECT {', '.join(cols)} FROM ledger WHERE id = 2").fetchone(), strict=False))
    r["amount_cents"] = 1
    conn.execute("UPDATE ledger SET amount_cents = 1, row_hash = ? WHERE id = 2",
                 [audit.ledger_row_hash(r)])
    conn.commit()
    p = first(done)
    seq = audit.entries(done, action="finalize")[0].seq
    assert p.seq == seq and "摘要不符" in p.message


def test_a_deleted_or_slipped_in_ledger_row_is_caught(done, award):
    conn = done.db.conn
    conn.execute("DELETE FROM ledger WHERE id = 3")
    conn.commit()
    p = first(done)
    assert "台账第 3 行已不存在" in p.message
    conn.execute("INSERT INTO ledger (credit_code, name, year, code, amount_cents, row_key, "
                 "imported_at) VALUES ('x', 'y', 2025, '3.1', 100, 'k', 't')")
    conn.commit()
    assert any("没有审计记录" in p.message for p in audit.verify_store(done).problems)


def test_a_deleted_decision_is_caught(done):
    done.db.conn.execute("DELETE FROM decisions WHERE kind = 'amount'")
    done.db.conn.commit()
    assert "决定被删除" in first(done).message


def test_an_edited_stage_is_caught(done, tmp_path):
    batches.import_files(done, "2025-2", [write_app(tmp_path / "b", 2)], FIRST)
    done.db.conn.execute("UPDATE applications SET stage = 'second_done' WHERE id = 2")
    done.db.conn.commit()
    assert "阶段被改动" in first(done).message


def test_ledger_import_is_audited_and_sealing_covers_old_rows(done, tmp_path, award):
    from workbench.core.review.ledger import write_ledger

    path = write_ledger(tmp_path / "ledger.xlsx", [award(voucher=f"V-{i}", amount=D(1000 + i))
                                                   for i in range(5)])
    report, _ = awards.import_ledger(done, path, HEAD)
    assert (report.added, report.skipped) == (5, 0)
    assert audit.entries(done)[-1].action == "ledger_import"
    assert audit.verify_store(done).ok
    report, _ = awards.import_ledger(done, path, HEAD)
    assert (report.added, report.skipped) == (0, 5)
    # Rows written by the plain store path carry no hash until a reviewer seals them.
    done.add_ledger_rows([{**dict(zip(("credit_code",), ("91440300000000009X",), strict=False)),
                           "name": "n", "year": 2024, "code": "3.1", "project": "p",
                           "project_key": "p", "product": "", "product_key": "", "voucher": "",
                           "voucher_key": "", "installment": None, "amount_cents": 5,
                           "doc_no": "", "source": "old", "source_row": 2, "row_key": "old-1",
                           "imported_at": "t"}])
    assert "没有审计记录" in first(done).message
    assert awards.seal_ledger(done, HEAD, "核对无误的历史台账") == 1
    assert audit.verify_store(done).ok
