"""The SQLite store: migrations, WAL, transactions, usage_for and stored applications."""
import hashlib
import sqlite3
from decimal import Decimal

import pytest

from workbench.core.domain.model import Applicant, Application, Claim, Finding, Problem
from workbench.core.rules.result import ClaimResult
from workbench.core.rules.usage import scope_key
from workbench.core.store import review_repo
from workbench.core.store.database import Store, StoreError
from workbench.core.store.migrations import migrations


def _ledger_rows(awards):
    from workbench.core.domain.model import fold, voucher_key
    from workbench.core.domain.money import to_cents
    from workbench.core.review.ledger import row_key

    rows = []
    for i, a in enumerate(awards, start=2):
        cents = to_cents(a.amount)
        rows.append({
            "credit_code": a.credit_code, "name": a.name, "year": a.year, "code": a.code,
            "project": a.project, "project_key": fold(a.project), "product": a.product,
            "product_key": fold(a.product), "voucher": a.voucher, "voucher_key": voucher_key(a.voucher),
            "installment": a.installment, "amount_cents": cents, "doc_no": a.doc_no,
            "source": "test.xlsx", "source_row": i,
            "row_key": row_key(a.credit_code, a.name, a.year, a.code, a.project, a.product,
                               a.voucher, a.installment, cents, a.doc_no),
            "imported_at": "2026-01-01T00:00:00+00:00"})
    return rows


def _app(cc, claims, *, name="申报企业", year=2025, file_hash="h1", source="申报.xlsx"):
    return Application(applicant=Applicant(name=name, credit_code=cc, year=year, in_district=True,
                                           fiscal_contribution=Decimal("8000000.00")),
                       claims=claims, source=source, file_hash=file_hash)


def _claim(row, code="3.1", project="MEMS封测平台", voucher="", **kw):
    return Claim(row=row, line=row - 1, code=code, raw_code=code, project=project, voucher=voucher,
                 basis=kw.pop("basis", Decimal("1000.00")), **kw)


def _result(claim, status="approve", suggested=Decimal("400.00")):
    return ClaimResult(claim.line, claim.row, claim.code, claim.project, None, Decimal("400.00"),
                       suggested, status, [Finding("suggestion", status, (None, Decimal("400.00"), suggested, suggested))],
                       "（三）", "GM-SENSOR-2023.1")


def test_migrations_recorded_and_reopen_is_idempotent(tmp_path):
    path = tmp_path / "sub" / "dir" / "store.sqlite"
    with Store.open(path) as s:
        names = s.applied_migrations()
        assert names == [m.name for m in migrations._migrations]
        rows = s.db.conn.execute("SELECT name, applied_at FROM migrations").fetchall()
        assert [r[0] for r in rows] == names and all(r[1] for r in rows)
    with Store.open(path) as s:
        assert s.db.conn.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(names)
        assert {"ledger", "applications", "claims"} <= set(s.db.table_names())


@pytest.mark.sqlite_only
def test_wal_foreign_keys_and_indexes(store):
    assert store.journal_mode() == "wal"
    assert store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    indexed = {tuple(i.columns) for t in ("ledger", "claims") for i in store.db[t].indexes}
    assert ("voucher_key",) in indexed
    # the ledger by enterprise: the usage index (m006) starts with the credit code
    assert any(cols[0] == "credit_code" for cols in indexed)
    types = {c.name: c.type for c in store.db["ledger"].columns}
    assert types["amount_cents"] == "INTEGER"


def test_failed_write_leaves_nothing(store, award):
    rows = _ledger_rows([award(), award(voucher="V2")])
    rows[1]["year"] = None  # NOT NULL: the second insert fails
    with pytest.raises(sqlite3.IntegrityError):
        store.add_ledger_rows(rows)
    assert store.count("ledger") == 0
    assert not store.db.conn.in_transaction


def test_readonly_missing_file_is_not_created(tmp_path):
    path = tmp_path / "none.sqlite"
    with Store.open_readonly(path) as s:
        assert s.count("ledger") == 0
        with pytest.raises(StoreError):
            s.add_ledger_rows([])
    assert not path.exists()


def test_readonly_existing_store_cannot_write(tmp_path, award):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as s:
        s.add_ledger_rows(_ledger_rows([award()]))
    before = path.read_bytes()
    with Store.open_readonly(path) as s:
        assert s.count("ledger") == 1
        with pytest.raises(sqlite3.OperationalError):
            s.db.conn.execute("DELETE FROM ledger")
    assert path.read_bytes() == before


def test_usage_aggregates_caps_across_years_and_projects(store, award, rules, credit_code):
    me, other = credit_code(1), credit_code(2)
    store.add_ledger_rows(_ledger_rows([
        award(credit_code=me, year=2023, code="3.1", project="MEMS封测平台", amount=3000000),
        award(credit_code=me, year=2024, code="3.1", project=" MEMS封测平台 ", amount=5000000, voucher="X"),
        award(credit_code=me, year=2024, code="3.1", project="MEMS封测平台", amount=-1000000, voucher="冲"),
        award(credit_code=me, year=2024, code="3.1", project="另一平台", amount=700000, voucher="Y"),
        award(credit_code=me, year=2025, code="6.1", project="流片", amount=1000000, voucher="Z"),
        award(credit_code=me, year=2024, code="9", project="线A", amount=4000000, voucher="9A"),
        award(credit_code=me, year=2025, code="9", project="线B", amount=2500000, voucher="9B"),
        award(credit_code=other, year=2024, code="3.1", project="MEMS封测平台", amount=9000000, voucher="O"),
    ]))
    app = _app(me, [_claim(2)])
    usage = store.usage_for(app, rules)
    key = lambda scope, **kw: scope_key(scope, **{"credit_code": me, "year": None, "project_key": "",  # noqa: E731
                                                  "product_key": "", "installment": None, "voucher_key": "",
                                                  **kw})
    assert usage.used("3.1", ("enterprise", "project"), key(("enterprise", "project"), project_key="MEMS封测平台")) \
        == Decimal("7000000.00")
    assert usage.used("3.1", ("enterprise", "project"), key(("enterprise", "project"), project_key="另一平台")) \
        == Decimal("700000.00")
    assert usage.used("9", ("enterprise",), key(("enterprise",))) == Decimal("6500000.00")
    assert usage.used("6.1", ("enterprise", "year"), key(("enterprise", "year"), year=2025)) == Decimal("1000000.00")
    assert usage.year_total(me, 2025) == Decimal("3500000.00")
    assert usage.year_total(other, 2024) == Decimal("0.00")   # not the applicant, no shared voucher


def test_standard_number_counts_across_enterprises(store, award, rules, credit_code):
    me, other = credit_code(1), credit_code(2)
    store.add_ledger_rows(_ledger_rows([
        award(credit_code=other, name="别家公司", year=2024, code="13", project="标准",
              voucher="GB/T 1234-2024", amount=500000, doc_no="文号9"),
    ]))
    app = _app(me, [_claim(2, code="13", voucher=" gb/t 1234-2024 ", level="国家")])
    usage = store.usage_for(app, rules)
    k = ("13", ("standard",), ("gb/t 1234-2024",))
    assert usage.totals[k] == Decimal("500000.00")
    (place,) = usage.vouchers["gb/t 1234-2024"]
    assert place.kind == "ledger" and "别家公司" in place.label and "文号9" in place.label


def test_voucher_places_from_other_applications_exclude_same_file(store, rules, credit_code):
    me, other = credit_code(1), credit_code(2)
    c_other = _claim(5, voucher="HT-9")
    stored = store.add_application(_app(other, [c_other], name="甲公司", file_hash="aaa", source="/x/甲.xlsx"),
                                   [_result(c_other)])
    assert stored.created
    mine = _claim(3, voucher="ht-9")
    store.add_application(_app(me, [mine], file_hash="mine"), [_result(mine)])

    usage = store.usage_for(_app(me, [mine], file_hash="mine"), rules)
    labels = [p.label for p in usage.vouchers["ht-9"]]
    assert labels == ["已导入申报 甲公司 甲.xlsx 第5行"]
    assert [p.kind for p in usage.vouchers["ht-9"]] == ["application"]

    # A different file of the same enterprise is another application: both places named.
    usage = store.usage_for(_app(me, [mine], file_hash="new"), rules)
    assert len(usage.vouchers["ht-9"]) == 2


def test_only_the_later_of_two_stored_claims_of_one_voucher_is_flagged(store, rules, credit_code):
    first, second = credit_code(1), credit_code(2)
    c1, c2 = _claim(2, voucher="HT-7"), _claim(2, voucher="ht-7")
    store.add_application(_app(first, [c1], name="先导入", file_hash="f1"), [_result(c1)])
    store.add_application(_app(second, [c2], name="后导入", file_hash="f2"), [_result(c2)])

    # Checked again, the application stored first does not see the one stored after it.
    assert "ht-7" not in store.usage_for(_app(first, [c1], file_hash="f1"), rules).vouchers
    later = store.usage_for(_app(second, [c2], file_hash="f2"), rules).vouchers["ht-7"]
    assert [p.label for p in later] == ["已导入申报 先导入 申报.xlsx 第2行"]


def test_add_application_whole_and_once_per_file(store, credit_code):
    late = Problem("申报事项!D3", "“认定级别”填写了无法识别的内容")
    claims = [_claim(2, voucher="A"),
              _claim(3, code="13", voucher="B", level="国家", basis=None, problems=[late])]
    results = [_result(claims[0]), _result(claims[1], status="reject", suggested=Decimal("0"))]
    app = _app(credit_code(1), claims, file_hash=hashlib.sha256(b"x").hexdigest())
    first = store.add_application(app, results)
    again = store.add_application(app, results)
    assert first.created and not again.created and again.id == first.id
    assert store.count("applications") == 1 and store.count("claims") == 2
    rows = review_repo.claims(store, first.id)
    assert [r.status for r in rows] == ["approve", "reject"]
    assert rows[0].suggested == Decimal("400.00") and rows[1].suggested == Decimal("0.00")
    assert rows[0].inputs["basis"] == "1000.00" and rows[1].inputs["level"] == "国家"
    assert rows[0].findings[0].rule == "suggestion"
    assert rows[0].problems == [] and rows[1].problems == [late]   # the reading's, as stored
    (a,) = store.applications()
    assert a["fiscal_contribution_cents"] == 800000000 and a["rule_set"] == "GM-SENSOR-2023.1"


def test_refused_application_not_stored(store):
    app = Application(applicant=None, errors=[Problem("文件", "不是 xlsx 工作簿")])
    with pytest.raises(ValueError):
        store.add_application(app, [])
    assert store.count("applications") == 0


def test_readonly_open_of_an_older_store_migrates_in_memory_only(tmp_path, award):
    import sqlite3

    from sqlite_utils import Database

    path = tmp_path / "old.sqlite"
    first = migrations._migrations[0].name
    later = [m.name for m in migrations._migrations[1:]]
    db = Database(sqlite3.connect(str(path)))
    if later:
        migrations.apply(db, stop_before=later[0])
    else:
        migrations.apply(db)
    db.close()
    before = path.read_bytes()
    with Store.open_readonly(path) as s:
        assert s.applied_migrations()[0] == first
        assert len(s.applied_migrations()) == len(migrations._migrations)
        assert s.count("ledger") == 0
    assert path.read_bytes() == before


def test_busy_store_waits_then_reports(tmp_path, monkeypatch, award):
    from workbench.core.store import txn

    path = tmp_path / "s.sqlite"
    with Store.open(path) as holder, Store.open(path) as other:
        txn.set_busy_timeout(other.db.conn, 0.05)
        holder.db.conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(txn.StoreBusy):
                other.add_ledger_rows(_ledger_rows([award()]))
        finally:
            holder.db.conn.execute("ROLLBACK")
        assert other.add_ledger_rows(_ledger_rows([award()])) == (1, 0)


@pytest.mark.sqlite_only
def test_import_durability_relaxes_sync_only_inside_and_checkpoints(store):
    conn = store.db.conn
    full = conn.execute("PRAGMA synchronous").fetchone()[0]
    assert full == 2                              # FULL: every other write is synced
    with store.import_durability():
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1   # NORMAL
        with store.transaction():
            conn.execute("INSERT INTO batches (name, note, created_at, created_by) "
                         "VALUES ('b', '', 'now', 'x')")
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == full
    # the checkpoint at the end copied the batch's commits out of the WAL
    busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and log == done
    with pytest.raises(RuntimeError):
        with store.import_durability():
            raise RuntimeError("the import failed")
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == full


def test_import_durability_leaves_a_store_not_in_wal_alone():
    mem = Store.memory()
    before = mem.db.conn.execute("PRAGMA synchronous").fetchone()[0]
    with mem.import_durability():
        assert mem.db.conn.execute("PRAGMA synchronous").fetchone()[0] == before


@pytest.mark.sqlite_only
def test_usage_reads_the_applicants_ledger_from_one_index_range(store, award, rules, credit_code):
    """usage_for's read of the applicant's ledger rows is a search of the covering index
    (m006): no look-up of each row in the table, no temporary B-tree to group them."""
    me = credit_code(1)
    store.add_ledger_rows(_ledger_rows([award(credit_code=me, code="3.1", amount=1000000, voucher="V1")]))
    conn = store.db.conn
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        store.usage_for(_app(me, [_claim(2, voucher="A-1")]), rules)
    finally:
        conn.set_trace_callback(None)
    (applicant_read,) = [s for s in seen if "FROM ledger WHERE credit_code =" in s]
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + applicant_read)]
    assert plan == ["SEARCH ledger USING COVERING INDEX idx_ledger_usage (credit_code=?)"], plan
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'ledger' "
                                          "AND type = 'index'")}
    assert "idx_ledger_usage" in indexes and "idx_ledger_credit_code" not in indexes


@pytest.mark.sqlite_only
def test_a_store_made_before_the_usage_index_gets_it_and_counts_the_same(tmp_path, award, rules, credit_code):
    me, other = credit_code(1), credit_code(2)
    from sqlite_utils import Database

    path = tmp_path / "old.sqlite"
    db = Database(path)     # a store as the release before m006 left it, with three ledger rows
    migrations.apply(db, stop_before="m006_ledger_usage_index")
    db["ledger"].insert_all(_ledger_rows([
        award(credit_code=me, year=2024, code="3.1", project="平台", amount=5000000, voucher="X"),
        award(credit_code=me, year=2024, code="3.1", project="平台", amount=-1000000, voucher="冲"),
        award(credit_code=other, year=2024, code="13", project="标准", amount=500000, voucher="GB 1"),
    ]))
    db.conn.commit()
    db.close()
    app = _app(me, [_claim(2, project="平台"), _claim(3, code="13", voucher="gb 1", level="国家")])

    def ledger_indexes():
        with sqlite3.connect(path) as c:
            return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'ledger' "
                                            "AND type = 'index' AND sql IS NOT NULL")}

    assert ledger_indexes() == {"idx_ledger_credit_code", "idx_ledger_voucher_key", "idx_ledger_claim"}
    with Store.open(path) as s:
        assert "m006_ledger_usage_index" in s.applied_migrations()
        usage = s.usage_for(app, rules)
    assert ledger_indexes() == {"idx_ledger_usage", "idx_ledger_voucher_key", "idx_ledger_claim"}
    k = ("3.1", ("enterprise", "project"), (me, "平台"))
    assert usage.totals[k] == Decimal("4000000.00") and usage.reversed[k] == Decimal("1000000.00")
    assert usage.totals[("13", ("standard",), ("gb 1",))] == Decimal("500000.00")
    assert usage.year_total(me, 2024) == Decimal("4000000.00")
