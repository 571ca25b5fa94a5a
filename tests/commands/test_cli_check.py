"""The command line of formats.md §3: check's JSON and exit codes, import, ledger import, template."""
import hashlib
import json
import re
from decimal import Decimal

import pytest

from workbench.cli import main
from workbench.core.intake.template import write_application
from workbench.core.review.ledger import write_ledger

CLAIM_KEYS = ["line", "code", "project", "requested", "computed", "suggested", "status", "explanation"]
AMOUNT = re.compile(r"^-?\d+\.\d\d$")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store" / "s.sqlite"


def _applicant(cc, **kw):
    return {"name": "深圳光明传感科技有限公司", "credit_code": cc, "year": 2025, "in_district": True, **kw}


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr().out
    return code, out


def _check(capsys, db, path):
    code, out = _run(capsys, "--db", db, "check", path, "--json")
    return code, json.loads(out)


def test_clean_application_exit_0_and_json_shape(tmp_path, db, capsys, credit_code):
    path = write_application(tmp_path / "a.xlsx", _applicant(credit_code(1)), [
        {"line": 1, "code": "3.1", "project": "封测平台", "basis": Decimal("12345678.00"), "voucher": "HT-1"},
        {"line": 2, "code": "2", "project": "中试线", "voucher": "HT-2", "requested": Decimal("3000000")},
        {"line": 3, "code": "6.1", "project": "流片", "basis": Decimal("1000000"), "voucher": "HT-3",
         "requested": Decimal("200000.5")},
    ])
    code, data = _check(capsys, db, path)
    assert code == 0
    assert list(data) == ["applicant", "rule_set", "errors", "claims"]
    assert data["applicant"] == {"name": "深圳光明传感科技有限公司", "credit_code": credit_code(1), "year": 2025}
    assert data["rule_set"] and data["errors"] == []
    c1, c2, c3 = data["claims"]
    assert all(list(c) == CLAIM_KEYS for c in data["claims"])
    assert (c1["line"], c1["code"], c1["requested"], c1["computed"], c1["suggested"], c1["status"]) == \
        (1, "3.1", None, "4938271.20", "4938271.20", "approve")
    assert (c2["computed"], c2["suggested"], c2["status"], c2["requested"]) == (None, None, "manual", "3000000.00")
    assert (c3["requested"], c3["suggested"], c3["status"]) == ("200000.50", "200000.50", "approve")
    for c in data["claims"]:
        assert c["explanation"] and all(isinstance(t, str) for t in c["explanation"])
        for k in ("requested", "computed", "suggested"):
            assert c[k] is None or AMOUNT.match(c[k])
    assert not db.exists()   # checking never creates the store


def test_input_problem_exit_1_other_claims_settled(tmp_path, db, capsys, credit_code):
    path = write_application(tmp_path / "a.xlsx", _applicant(credit_code(1)), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": "一百万", "voucher": "HT-1"},
        {"line": 2, "code": "6.1", "project": "流片二", "basis": Decimal("1000000"), "voucher": "HT-2"},
    ])
    code, data = _check(capsys, db, path)
    assert code == 1
    assert [e["where"] for e in data["errors"]] == ["申报事项!D2"]
    bad, good = data["claims"]
    assert (bad["status"], bad["computed"], bad["suggested"]) == ("reject", None, "0.00")
    assert (good["status"], good["suggested"]) == ("approve", "300000.00")


def test_refused_file_exit_2_claims_empty(tmp_path, db, capsys, credit_code):
    path = write_application(tmp_path / "a.xlsx", _applicant("91440300ABC"), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": Decimal("1000000"), "voucher": "HT-1"}])
    code, data = _check(capsys, db, path)
    assert code == 2 and data["claims"] == [] and data["errors"]
    assert data["errors"][0]["where"].startswith("申报信息!")
    csv = tmp_path / "b.xlsx"
    csv.write_text("企业名称,统一社会信用代码\n", encoding="utf-8")
    code, data = _check(capsys, db, csv)
    assert code == 2 and data["claims"] == [] and data["errors"][0]["where"] == "文件"


def test_check_uses_ledger_and_imported_applications_without_changing_the_store(
        tmp_path, db, capsys, credit_code, award):
    me = credit_code(1)
    ledger = write_ledger(tmp_path / "l.xlsx", [award(credit_code=me, code="3.1", project="封测平台",
                                                      amount=9000000, voucher="OLD-1")])
    assert _run(capsys, "--db", db, "ledger", "import", ledger)[0] == 0
    other = write_application(tmp_path / "other.xlsx", _applicant(credit_code(2), name="甲公司"), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": Decimal("100000"), "voucher": "DUP-7"}])
    code, out = _run(capsys, "--db", db, "import", other)
    assert code == 0 and "已导入" in out

    path = write_application(tmp_path / "a.xlsx", _applicant(me), [
        {"line": 1, "code": "3.1", "project": " 封测平台", "basis": Decimal("5000000"), "voucher": "HT-1"},
        {"line": 2, "code": "6.1", "project": "流片", "basis": Decimal("100000"), "voucher": "dup-7"},
    ])
    before = (db.read_bytes(), db.stat().st_mtime_ns)
    code, data = _check(capsys, db, path)
    assert code == 0
    capped, dup = data["claims"]
    assert (capped["computed"], capped["suggested"], capped["status"]) == ("2000000.00", "1000000.00", "reduce")
    assert dup["status"] == "manual" and any("甲公司" in t for t in dup["explanation"])
    code, out = _run(capsys, "--db", db, "check", path)       # the table, too, writes nothing
    assert code == 0 and "核减" in out and "人工审核" in out
    # A blank request shows the amount it counts for, marked (README, totals.py).
    assert "2,000,000.00（按测算）" in out and "30,000.00（按测算）" in out
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before

    # The imported file checked again is not its own duplicate.
    code, data = _check(capsys, db, other)
    assert data["claims"][0]["status"] == "approve"


def test_import_recognises_the_same_file(tmp_path, db, capsys, credit_code):
    path = write_application(tmp_path / "a.xlsx", _applicant(credit_code(1)), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": Decimal("100000"), "voucher": "HT-1"}])
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(path.read_bytes())
    code, out = _run(capsys, "--db", db, "import", path)
    assert code == 0 and "已导入" in out
    code, out = _run(capsys, "--db", db, "import", copy)
    assert code == 0 and "未重复保存" in out

    from workbench.core.store.database import Store
    with Store.open(db) as s:
        (app,) = s.applications()
        assert app["file_hash"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert s.count("claims") == 1


def test_import_refused_file_exit_2_others_stored(tmp_path, db, capsys, credit_code):
    good = write_application(tmp_path / "good.xlsx", _applicant(credit_code(1)), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": Decimal("100000"), "voucher": "HT-1"}])
    bad = write_application(tmp_path / "bad.xlsx", _applicant("123"), [
        {"line": 1, "code": "6.1", "project": "流片", "basis": Decimal("100000"), "voucher": "HT-2"}])
    code, out = _run(capsys, "--db", db, "import", bad, good)
    assert code == 2
    assert "申报信息!B" in out and "被拒收" in out
    from workbench.core.store.database import Store
    with Store.open(db) as s:
        assert [a["source"] for a in s.applications()] == ["good.xlsx"]


def test_ledger_import_errors_exit_2_and_nothing_written(tmp_path, db, capsys, award):
    path = write_ledger(tmp_path / "l.xlsx", [award(), award(credit_code="BAD")])
    code, out = _run(capsys, "--db", db, "ledger", "import", path)
    assert code == 2 and "资助台账!A3" in out
    code, out = _run(capsys, "--db", db, "ledger", "import", write_ledger(tmp_path / "ok.xlsx", [award()]))
    assert code == 0 and "新增 1 条" in out
    code, out = _run(capsys, "--db", db, "ledger", "import", tmp_path / "ok.xlsx")
    assert code == 0 and "新增 0 条" in out and "跳过 1 条" in out


def test_template_command_writes_a_readable_template(tmp_path, db, capsys):
    out_path = tmp_path / "out" / "模板.xlsx"
    code, _ = _run(capsys, "--db", db, "template", out_path)
    assert code == 0 and out_path.stat().st_size > 0
    import openpyxl
    assert {"申报信息", "申报事项"} <= set(openpyxl.load_workbook(out_path).sheetnames)
