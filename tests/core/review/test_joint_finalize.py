"""Caps and once-only rules across applications at finalize (measures.md "At finalize")."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.core.review_support import snapshot, write_app
from workbench.core.store.database import Store


@pytest.fixture
def run(cli):
    go = cli
    assert go("reviewer", "add", "张三", "--role", "经办人")[0] == 0
    assert go("reviewer", "add", "李四", "--role", "复核人", "--as", "张三")[0] == 0
    assert go("reviewer", "add", "王五", "--role", "负责人", "--as", "张三")[0] == 0
    return go


def _tapeout(tag: str, basis: str = "6000000.00", extra=()) -> list[dict]:
    return [{"line": 3, "code": "6.1", "project": f"首轮流片{tag}", "basis": Decimal(basis),
             "voucher": f"LP-{tag}"}, *extra]


def _two_apps(run, tmp_path, extra=(), basis="6000000.00"):
    a = write_app(tmp_path / "in", 1, tag="a", vtag="a", with_art2=False,
                  extra=_tapeout("a", basis, extra=extra))
    b = write_app(tmp_path / "in", 1, tag="b", vtag="b", with_art2=False,
                  extra=_tapeout("b", basis, extra=[{**e, "voucher": e["voucher"] + "b"} for e in extra]))
    assert run("import", str(a), "--as", "张三")[0] == 0
    assert run("import", str(b), "--as", "张三")[0] == 0
    assert run("review", "first", "1", "2", "--as", "张三")[0] == 0
    code, out, _ = run("review", "second", "1", "2", "--as", "李四")
    assert code == 0
    if basis == "6000000.00":
        assert "审定预检" in out and "超出 600,000.00" in out


def test_a_shared_cap_is_a_finding_from_import_on(run, tmp_path):
    a = write_app(tmp_path / "in", 1, tag="a", vtag="a", with_art2=False, extra=_tapeout("a"))
    b = write_app(tmp_path / "in", 1, tag="b", vtag="b", with_art2=False, extra=_tapeout("b"))
    assert run("import", str(a), "--as", "张三")[0] == 0
    code, out, _ = run("check", str(b), "--json")
    claim = json.loads(out)["claims"][2]
    assert code == 0 and claim["suggested"] == "1800000.00"      # settling alone: it fits
    assert any("共用" in line and "申报 #1" in line for line in claim["explanation"])
    assert run("import", str(b), "--as", "张三")[0] == 0
    # The earlier application says so too, once the later one is in the store.
    code, out, _ = run("claims", "1", "--json")
    first = json.loads(out)["claims"][2]
    assert any("共用" in line and "申报 #2" in line and "后导入" in line for line in first["explanation"])
    # 3.1 is capped per project: the projects differ (封测平台1 in both → shared; see below).
    code, out, _ = run("claims", "2")
    assert "先导入" in out
    # The window's explanation panel and the review sheet read the same stored lines.
    from workbench.core.reports.from_store import sheet_data_for
    from workbench.core.review.decisions import claim
    with Store.open(run.db) as s:
        claim_id = json.loads(run("claims", "2", "--json")[1])["claims"][2]["claim"]
        assert any("共用" in x for x in claim(s, claim_id).explanation)
        assert any("共用" in x and "申报 #1" in x for x in sheet_data_for(s, 2).claims[2].explanation)


def test_joint_finalize_refuses_with_the_figures_and_leaves_the_store(run, tmp_path):
    _two_apps(run, tmp_path)
    with Store.open(run.db) as s:
        before = snapshot(s)
    code, out, _ = run("finalize", "--app", "1", "2", "--dry-run")
    assert code == 1 and "超出 600,000.00" in out
    code, _, err = run("finalize", "--app", "2", "1", "--doc-no", "光工信〔2025〕12号", "--as", "王五")
    assert code == 1
    # Import order: #1 first (1,800,000 fits), #2 meets 1,200,000 left under 3,000,000.
    assert "申报 #2（" in err and "企业年度上限 3,000,000.00" in err
    assert "本次审定在先 1,800,000.00" in err and "剩余 1,200,000.00" in err
    assert "核定 1,800,000.00" in err and "超出 600,000.00" in err
    assert "申报 #1（深圳光明传感1号有限公司）第3项" not in err
    with Store.open(run.db) as s:
        assert snapshot(s) == before


def test_joint_finalize_with_an_override_reason_records_it(run, tmp_path):
    _two_apps(run, tmp_path)
    code, out, _ = run("finalize", "--app", "1", "2", "--doc-no", "光工信〔2025〕12号", "--as", "王五",
                       "--override-reason", "区政府常务会议特批", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["overrides"] == 1 and r["breaches"][0]["left"] == "1200000.00"
    with Store.open(run.db) as s:
        rows = s.db.conn.execute("SELECT code, amount_cents, override FROM ledger WHERE code = '6.1' "
                                 "ORDER BY id").fetchall()
        assert rows == [("6.1", 180000000, 0), ("6.1", 180000000, 1)]
        reason = s.db.conn.execute("SELECT reason FROM stage_history WHERE application_id = 2 "
                                   "AND action = 'finalize'").fetchone()[0]
        assert "区政府常务会议特批" in reason
    code, out, _ = run("log", "--json")
    entry = [e for e in json.loads(out) if e["action"] == "finalize"][-1]
    assert "区政府常务会议特批" in json.dumps(entry, ensure_ascii=False)


def test_once_only_across_applications(run, tmp_path):
    once = [{"line": 4, "code": "4.2", "project": "协同平台服务", "basis": Decimal("100000.00"),
             "voucher": "XT-1"}]
    _two_apps(run, tmp_path, extra=once)
    code, out, _ = run("finalize", "--app", "1", "2", "--dry-run", "--json")
    found = json.loads(out)["breaches"]
    assert code == 1
    assert {(b["application"], b["code"], b["kind"]) for b in found} == {(2, "4.2", "once"), (2, "6.1", "cap")}  # 4.2 cap 200,000 holds 2 × 50,000
    msg = next(b["message"] for b in found if b["kind"] == "once")
    assert "不得重复支持" in msg and "50,000.00" in msg


def test_finalizing_one_then_the_other_follows_the_ledger(run, tmp_path):
    _two_apps(run, tmp_path)
    code, out, _ = run("finalize", "--app", "1", "--dry-run")
    assert code == 0 and "均未超出" in out
    assert run("finalize", "--app", "1", "--doc-no", "D1", "--as", "王五")[0] == 0
    # #2 was re-settled against the ledger: 1,200,000 left, back to first review.
    code, out, _ = run("claims", "2", "--json")
    tape = json.loads(out)["claims"][2]
    assert tape["suggested"] == "1200000.00" and tape["status"] == "reduce"
    assert not any("共用" in line for line in tape["explanation"])


def test_a_standard_number_is_once_only_across_enterprises_at_finalize(run, tmp_path):
    std = lambda n: [{"line": 3, "code": "13", "project": f"标准{n}", "level": "团体",  # noqa: E731
                      "voucher": "T/GMS 009-2025"}]
    for n in (1, 2):
        write_app(tmp_path / "in", n, with_art2=False, extra=std(n))
        assert run("import", str(tmp_path / "in" / f"app{n}.xlsx"), "--as", "张三")[0] == 0
    # The later one is flagged as a duplicate voucher (人工审核): a reviewer accepts it with a reason.
    code, out, _ = run("claims", "2", "--json")
    dup = json.loads(out)["claims"][2]
    assert dup["status"] == "manual"
    assert run("decide", dup["claim"], "--accept", "--reason", "两家共同主导", "--as", "张三")[0] == 0
    assert run("review", "first", "1", "2", "--as", "张三")[0] == 0
    assert run("review", "second", "1", "2", "--as", "李四")[0] == 0
    code, _, err = run("finalize", "--app", "1", "2", "--doc-no", "D", "--as", "王五")
    assert code == 1 and "申报 #2（深圳光明传感2号有限公司）第3项（条款13）每个标准号一次性" in err
    # The amount is said once, with its place (not "… 100,000.00已核定 100,000.00").
    assert "本次审定在先已核定（申报 #1 第3项 100,000.00），不得重复支持" in err


def test_an_amendment_that_reverses_frees_the_slot_for_the_next_finalize(run, tmp_path):
    once = [{"line": 4, "code": "4.2", "project": "协同平台服务", "basis": Decimal("100000.00"),
             "voucher": "XT-1"}]
    _two_apps(run, tmp_path, extra=once)
    assert run("finalize", "--app", "1", "--doc-no", "D1", "--as", "王五")[0] == 0
    code, out, _ = run("claims", "2", "--json")
    tied = json.loads(out)["claims"][3]
    assert tied["status"] == "reject" and any("不得重复支持" in x for x in tied["explanation"])
    code, out, _ = run("claims", "1", "--json")
    first = json.loads(out)["claims"][3]["claim"]
    assert run("amend", first, "--amount", "0", "--reason", "撤销", "--doc-no", "更正1", "--as", "王五")[0] == 0
    code, out, _ = run("claims", "2", "--json")
    freed = json.loads(out)["claims"][3]
    assert freed["status"] == "approve" and freed["suggested"] == "50000.00"
    assert any("冲销后一次性名额已释放" in x for x in freed["explanation"])


def test_exactly_at_the_cap_across_applications_is_fine(run, tmp_path):
    _two_apps(run, tmp_path, basis="5000000.00")          # 2 × 1,500,000.00 = 3,000,000.00
    code, out, _ = run("finalize", "--app", "1", "2", "--doc-no", "D", "--as", "王五", "--json")
    assert code == 0 and json.loads(out)["breaches"] == [] and json.loads(out)["overrides"] == 0
