"""Facts stored as facts: findings typed by name, explanations worded when shown (rewording a
message needs no data migration), recompute comparing values, and the `sheets` table linking a
sheet file to its application; an older store is upgraded once and stays verified."""
from __future__ import annotations

import inspect
import json
import sqlite3
from decimal import Decimal as D

import pytest

from tests.core.review_support import FIRST, add_reviewers, write_app
from tests.core.workbooks import APPLICANT, CLAIMS, application_bytes
from workbench.core.domain.findings import INPUT_KINDS, KINDS, dumps, fields_of, loads, named, same
from workbench.core.domain.model import Finding, Problem
from workbench.core.intake.submission import CLAIM_HEADERS
from workbench.core.reports.from_store import cap_lines, sheet_data_for
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.review.recompute import rebuild_application
from workbench.core.rules import explain
from workbench.core.rules.settle import settle_application
from workbench.core.signing.identities import application_of_hash
from workbench.core.store import audit
from workbench.core.store.database import Store

NO_PREVIOUS = [h for h in CLAIM_HEADERS if h != "上年度基数（元）"]


def _no_previous_column(folder):
    """A workbook without the 上年度基数 column: claim 7 (12.1) needs it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "no_previous.xlsx"
    path.write_bytes(application_bytes(APPLICANT, CLAIMS, headers=NO_PREVIOUS))
    return path


@pytest.fixture
def stored(tmp_path):
    s = Store.open(tmp_path / "store.sqlite")
    add_reviewers(s)
    batches.import_files(s, "2025-1", [_no_previous_column(tmp_path / "in"),
                                       write_app(tmp_path / "in", 1)], FIRST)
    yield s
    s.close()


def _claims_rows(s) -> list:
    return s.db.conn.execute("SELECT * FROM claims ORDER BY id").fetchall()


# ---- typed findings ------------------------------------------------------------------------

def test_every_kind_names_the_arguments_its_wording_takes():
    for kind, fn in explain._TEMPLATES.items():
        if kind in INPUT_KINDS:
            continue
        assert tuple(inspect.signature(fn).parameters) == fields_of(kind), kind
    for kind, fn in explain._PROBLEMS.items():
        assert ("where", *inspect.signature(fn).parameters) == fields_of(kind), kind
    assert set(KINDS) == set(explain._TEMPLATES) | set(explain._PROBLEMS)


def test_a_cap_finding_is_read_by_name():
    f = Finding("cap", None, ("每个项目上限", D("10000000"), D("2000000"), D("500000"),
                              D("7500000"), D("8000000"), D("7500000")))
    n = named(f)
    assert (n["limit"], n["granted"], n["earlier"], n["left"]) == (
        D("10000000"), D("2000000"), D("500000"), D("7500000"))
    [line] = cap_lines([f])
    # used = ledger + earlier claims; it bit because 8,000,000 came down to 7,500,000
    assert line.used == D("2500000") and line.left == D("7500000") and line.bit


def test_stored_findings_come_back_as_the_same_typed_values(stored):
    for app_id in (1, 2):
        app = rebuild_application(stored.db.conn, app_id)
        results = settle_application(app, _rules(), stored.usage_for(app, _rules()))
        text = dumps([f for r in results for f in r.findings])
        back = loads(text)
        assert same(back, [f for r in results for f in r.findings])
        for f in back:
            for name, kind in KINDS[f.rule]:
                value = named(f)[name]
                assert value is None or {"d": D, "i": int, "s": str, "b": bool,
                                         "I": tuple, "S": tuple}[kind] is type(value), (f, name)


def _rules():
    from workbench.core.rules.ruleset import default_ruleset

    return default_ruleset()


# ---- words made when shown -------------------------------------------------------------------

def test_a_reworded_message_reads_new_on_stored_claims_without_a_migration(stored, monkeypatch):
    before_rows = _claims_rows(stored)
    migrations = stored.applied_migrations()
    c = review.claims(stored, 2)[0]                           # 3.1: rate × basis
    assert any("× 40%" in line for line in c.explanation)

    monkeypatch.setitem(explain._TEMPLATES, "formula_rate",
                        lambda label, basis, rate, amount: f"新的措辞：{label}乘以比例得 {amount:f}")
    monkeypatch.setitem(explain._PROBLEMS, "missing_column",
                        lambda field: f"表中没有“{field}”这一列")

    c = review.claims(stored, 2)[0]
    assert "新的措辞：项目实际投资乘以比例得 400000.00" in c.explanation
    assert not any("× 40%" in line for line in c.explanation)
    assert "新的措辞：项目实际投资乘以比例得 400000.00" in review.claim(stored, c.claim_id).explanation
    assert "新的措辞：项目实际投资乘以比例得 400000.00" in sheet_data_for(stored, 2).claims[0].explanation
    line7 = [x for x in review.claims(stored, 1) if x.line == 7][0]
    assert f"申报事项!{line7.row}：表中没有“previous”这一列" in line7.explanation
    assert Problem(f"申报事项!{line7.row}", "表中没有“previous”这一列") in line7.problems
    # Nothing was written: the store holds facts, and the words are made as they are shown.
    assert _claims_rows(stored) == before_rows and stored.applied_migrations() == migrations
    assert "explanation" not in {r[1] for r in stored.db.conn.execute("PRAGMA table_info(claims)")}


def test_shared_caps_come_from_the_shared_cap_findings():
    from workbench.core.review.decisions import ClaimView

    f = Finding("shared_cap", None, ("每个项目上限", "申报 #1"))
    view = ClaimView(1, 1, 2, 1, "3.1", "（三）", "p", "", "", None, None, None, "approve",
                     dumps([f]), {})
    assert view.shared_caps == [explain.render(f)] and explain.SHARED_MARK in view.shared_caps[0]


# ---- recompute compares values ----------------------------------------------------------------

def test_an_absent_column_is_rebuilt_from_the_typed_finding_not_from_words(stored, monkeypatch):
    monkeypatch.setitem(explain._PROBLEMS, "missing_column", lambda field: "（措辞已改）")
    app = rebuild_application(stored.db.conn, 1)
    claim7 = [c for c in app.claims if c.line == 7][0]
    assert "previous" not in claim7.cells and "basis" in claim7.cells
    results = settle_application(app, _rules(), stored.usage_for(app, _rules()))
    r7 = [r for r in results if r.line == 7][0]
    assert r7.status == "reject"
    assert any(f.rule == "missing_column" and named(f)["field"] == "previous" for f in r7.findings)
    stored_findings = {row: loads(f) for row, f in stored.db.conn.execute(
        "SELECT row, findings FROM claims WHERE application_id = 1")}
    assert all(same(stored_findings[r.row], r.findings) for r in results)


def test_findings_equal_as_values_though_written_otherwise():
    a = [Finding("cap", None, ("x", D("10.0"), D("0"), D("0"), D("10"), D("5.00"), D("5")))]
    b = loads(json.dumps([{"rule": "cap", "status": None,
                           "args": ["x", "10.00", "0.00", "0", "10.00", "5", "5.0"]}]))
    assert same(a, b)
    assert not same(a, loads(json.dumps([{"rule": "cap", "status": None,
                                          "args": ["x", "10", "0", "0", "10", "5", "4"]}])))


# ---- sheets table ----------------------------------------------------------------------------

def test_recording_a_sheet_links_its_hash_to_the_application(stored):
    from workbench.core.store import sheets

    with stored.transaction() as s:
        e = audit.record(s, FIRST, "export", "application:2", {"files": []})
        sheets.record(s, e, "export", [sheets.SheetFile("ab" * 32, 2, "审核表.pdf")])
    row = stored.db.conn.execute("SELECT application_id, batch, stage, action, file, actor, "
                                 "audit_seq FROM sheets").fetchone()
    assert row == (2, "2025-1", "imported", "export", "审核表.pdf", FIRST, e.seq)
    assert application_of_hash(stored, "ab" * 32) == 2
    assert application_of_hash(stored, "cd" * 32) is None
    assert audit.verify_store(stored).ok
    stored.db.conn.execute("UPDATE sheets SET application_id = 1")
    stored.db.conn.commit()
    report = audit.verify_store(stored)
    assert not report.ok and any(p.where == "审核表登记表第 1 行" for p in report.problems)


# ---- an older store ----------------------------------------------------------------------------

SHA_EXPORTED, SHA_SIGNED = "1" * 64, "2" * 64


def _as_before_facts(db) -> list[list[str]]:
    """The store as the previous version left it: explanation lines stored, the rules' input
    problems as sentences, no sheets table; an export and a signature in the log. Returns the
    stored explanation of every claim."""
    conn = sqlite3.connect(db)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DROP TABLE sheets")
    conn.execute("ALTER TABLE claims ADD COLUMN explanation TEXT NOT NULL DEFAULT '[]'")
    lines = []
    for rid, text in conn.execute("SELECT id, findings FROM claims ORDER BY id").fetchall():
        found = loads(text)
        old = [{"rule": "input", "status": f.status, "args": [p.where, p.message]}
               if (p := explain.problem(f)) else json.loads(dumps([f]))[0] for f in found]
        words = [explain.render(f) for f in found]
        lines.append(words)
        conn.execute("UPDATE claims SET findings = ?, explanation = ? WHERE id = ?",
                     [json.dumps(old, ensure_ascii=False), json.dumps(words, ensure_ascii=False), rid])
    conn.execute("DELETE FROM migrations WHERE name = 'm004_facts_as_facts'")
    audit.record(conn, FIRST, "export", "batch:2025-1", {"files": [
        {"file": "审核表.pdf", "kind": "sheet", "sha256": SHA_EXPORTED, "application": 2},
        {"file": "汇总.xlsx", "kind": "summary", "sha256": "3" * 64}]})
    audit.record(conn, FIRST, "sign", "application:2", {
        "file": "审核表.pdf", "role": "handler", "sha256_before": SHA_EXPORTED,
        "sha256": SHA_SIGNED, "application": 2})
    audit.seal_rows(conn, "旧版", "测试：旧版本的库")
    conn.commit()
    conn.close()
    return lines


def test_an_older_store_is_upgraded_once_and_stays_verified(stored, tmp_path):
    path = stored.path
    stored.close()
    old_lines = _as_before_facts(path)
    legacy = sqlite3.connect(path)
    assert '"rule": "input"' in legacy.execute(
        "SELECT findings FROM claims WHERE application_id = 1 AND line = 7").fetchone()[0]
    legacy.close()

    with Store.open(path) as s:
        assert s.migration_backup is not None and "m004_facts_as_facts" in s.migration_backup.name
        assert "m004_facts_as_facts" in s.applied_migrations()
        cols = {r[1] for r in s.db.conn.execute("PRAGMA table_info(claims)")}
        assert "explanation" not in cols
        # The words read as they did, now made from typed findings.
        views = [c for a in (1, 2) for c in review.claims(s, a)]
        assert [c.explanation for c in sorted(views, key=lambda c: c.claim_id)] == old_lines
        c7 = [c for c in review.claims(s, 1) if c.line == 7][0]
        assert [named(f)["field"] for f in c7.findings if f.rule == "missing_column"] == ["previous"]
        assert application_of_hash(s, SHA_EXPORTED) == 2 and application_of_hash(s, SHA_SIGNED) == 2
        assert application_of_hash(s, "3" * 64) is None          # a summary is not a sheet
        assert s.db.conn.execute("SELECT action, role, batch FROM sheets ORDER BY id").fetchall() == [
            ("export", None, "2025-1"), ("sign", "handler", "2025-1")]
        assert audit.entries(s)[-1].action == "coverage_seal"
        report = audit.verify_store(s)
        assert report.ok, report.problems
        n = len(audit.entries(s))
    with Store.open(path) as s:                                 # once
        assert s.migration_backup is None and len(audit.entries(s)) == n
        s.db.conn.execute("UPDATE sheets SET sha256 = ? WHERE action = 'sign'", ["4" * 64])
        s.db.conn.execute("UPDATE claims SET findings = replace(findings, '\"previous\"', '\"basis\"')"
                          " WHERE application_id = 1 AND line = 7")
        s.db.conn.commit()
        wheres = {p.where for p in audit.verify_store(s).problems}
        assert "审核表登记表第 2 行" in wheres and f"申报事项表第 {c7.claim_id} 行" in wheres


def test_a_row_changed_before_the_upgrade_is_still_reported_after_it(stored):
    path = stored.path
    stored.close()
    _as_before_facts(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE claims SET suggested_cents = 1 WHERE id = 1")
    conn.commit()
    conn.close()
    with Store.open(path) as s:
        report = audit.verify_store(s)
        assert [p.where for p in report.problems] == ["申报事项表第 1 行"]


@pytest.fixture(scope="module")
def signing_keys(tmp_path_factory):
    from workbench.core.signing import identities as I

    k = I.Keys(tmp_path_factory.mktemp("pc") / "keys")
    k.init_root("Gm-root-2026!")
    k.issue("王经办", "handler", "Gm-handler-2026!", root_passphrase="Gm-root-2026!")
    return k


def test_export_and_signature_write_their_sheet_rows(stored, signing_keys, tmp_path):
    from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
    from workbench.core.reports.export import export_application
    from workbench.core.signing import identities as I
    from workbench.core.signing.signer import sha256_of

    if not HAVE_FONT:
        pytest.skip("no Chinese TrueType font")
    pdf = export_application(stored, 2, tmp_path / "out", actor=FIRST)
    exported = sha256_of(pdf.read_bytes())
    export_seq = audit.entries(stored)[-1].seq
    r = I.sign_recorded(stored, pdf, signing_keys.load("王经办", "Gm-handler-2026!"), "handler")
    sign_seq = audit.entries(stored)[-1].seq
    rows = stored.db.conn.execute("SELECT sha256, application_id, batch, stage, action, file, role, "
                                  "actor, audit_seq FROM sheets ORDER BY id").fetchall()
    assert rows == [
        (exported, 2, "2025-1", "imported", "export", pdf.name, None, FIRST, export_seq),
        (r.sha256, 2, "2025-1", "imported", "sign", pdf.name, "handler", "王经办", sign_seq)]
    assert application_of_hash(stored, r.sha256) == 2 == application_of_hash(stored, exported)
    assert audit.verify_store(stored).ok


def test_recompute_refreshes_a_claim_only_when_its_findings_differ_as_values():
    from workbench.core.review.recompute import diff_results
    from workbench.core.rules.result import ClaimResult

    f = Finding("formula_rate", None, ("项目实际投资", D("1000000.00"), D("0.4"), D("400000.00")))
    r = ClaimResult(1, 2, "3.1", "p", None, D("400000.00"), D("400000.00"), "approve", [f])
    row = {"id": 7, "row": 2, "line": 1, "code": "3.1", "status": "approve",
           "computed_cents": 40000000, "suggested_cents": 40000000}
    same_values = json.dumps([{"rule": "formula_rate", "status": None,
                               "args": ["项目实际投资", "1000000", "0.40", "400000.0"]}], ensure_ascii=False)
    assert diff_results(1, [{**row, "findings": same_values}], [r]) == ([], [])
    other = same_values.replace("0.40", "0.30")
    changes, updates = diff_results(1, [{**row, "findings": other}], [r])
    assert changes == [] and [u[0] for u in updates] == [7]
    assert same(loads(updates[0][2]), [f])
