"""Text that XML allows but nothing downstream should carry: read, stored and exported safely.

Escapes such as _xD800_ decode to lone surrogates (no UTF-8 form: SQLite and every writer fail
on them), _x0000_ to NUL; U+202E and the other bidi controls reorder what a reviewer sees.
Identity fields refuse the cell; 备注 keeps the text with U+FFFD in place and says so.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal as D

import pytest

from tests.core.handmade import hand_application
from tests.core.review_support import FIRST, add_reviewers, applicant, claims
from workbench.core.intake.submission import REPLACED_NOTE, read_application
from workbench.core.pdf.safe_text import clean, para
from workbench.core.reports import export as X
from workbench.core.review import batches
from workbench.core.store import audit
from workbench.core.store.database import Store

HOSTILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                     "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RLO = "\u202e"


def claim(**fields) -> dict:
    base = {"line": 1, "code": "3.1", "project": "封测平台", "voucher": "HT-1", "basis": D("1000000.00")}
    base.update(fields)
    return base


def all_text(app) -> list[str]:
    out = [app.source] + [p.message + p.where for p in app.errors]
    if app.applicant:
        out += [str(v) for v in dataclasses.asdict(app.applicant).values()]
    for c in app.claims:
        out += [str(v) for k, v in dataclasses.asdict(c).items() if k != "problems"]
        out += [p.message + p.where for p in c.problems]
    return out


@pytest.mark.parametrize("field, cell", [("project", "C2"), ("voucher", "L2"), ("product", "K2"),
                                         ("level", "J2"), ("code", "B2")])
@pytest.mark.parametrize("bad", ["_xD800_", "_x0000_", RLO, "\ufdd0", "_xFFFE_", "\u2066"])
def test_identifying_claim_text_is_refused_by_cell(field, cell, bad):
    app = read_application(hand_application([claim(**{field: f"甲{bad}乙" if field != "code" else f"3.1{bad}"})]))
    assert not app.errors
    problems = [p for p in app.claims[0].problems if p.where == f"申报事项!{cell}"]
    assert len(problems) == 1 and "不可显示的控制字符" in problems[0].message
    assert re.search(r"U\+[0-9A-F]{4}", problems[0].message)
    assert not any(HOSTILE.search(t) for t in all_text(app))


def test_remark_is_kept_with_the_code_points_replaced_and_says_so():
    app = read_application(hand_application([claim(remark=f"第二届_xD800_会议{RLO}_x0000_")]))
    c = app.claims[0]
    assert c.problems == []
    assert c.remark == "第二届\ufffd会议\ufffd\ufffd" + REPLACED_NOTE


@pytest.mark.parametrize("label, cell", [("企业名称", "B3"), ("注册地址", "B5"), ("联系人", "B7"),
                                         ("统一社会信用代码", "B4"), ("申报年度", "B9")])
def test_any_applicant_field_with_hostile_text_refuses_the_file_at_its_cell(label, cell):
    app = read_application(hand_application([claim()], **{label: f"深圳{RLO}公司_xDFFF_"}))
    assert app.applicant is None
    found = {p.where: p.message for p in app.errors}
    assert cell.join(["申报信息!", ""]) in found
    assert "U+202E" in found["申报信息!" + cell] and "U+DFFF" in found["申报信息!" + cell]
    assert not any(HOSTILE.search(t) for t in all_text(app))


def test_messages_quoting_a_value_show_code_points_not_live():
    app = read_application(hand_application([claim(line=f"1{RLO}", basis=f"12{RLO}3")]))
    messages = " ".join(p.message for p in app.claims[0].problems)
    assert RLO not in messages and messages.count("U+202E") == 2


def test_a_file_name_with_surrogates_or_bidi_is_recorded_without_them():
    data = hand_application([claim()])
    assert not HOSTILE.search(read_application(data, name="申报\udcff表.xlsx").source)
    assert read_application(data, name=f"申报{RLO}xslx.exe").source == "申报\ufffdxslx.exe"


def test_one_hostile_file_in_a_batch_is_refused_alone(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    a1, a2, a3 = applicant(1), applicant(2), applicant(3)
    (folder / "1.xlsx").write_bytes(hand_application(claims(1), **a1))
    (folder / "2.xlsx").write_bytes(hand_application(claims(2), **{**a2, "企业名称": f"光明{RLO}_xD800_传感"}))
    remark = claims(3)
    remark[0]["remark"] = "备注_x0000__xDBFF_"
    remark[1]["project"] = "开放_xD800_"
    (folder / f"3{RLO}.xlsx").write_bytes(hand_application(remark, **a3))
    store = Store.open(tmp_path / "s.sqlite")
    try:
        add_reviewers(store)
        report = batches.import_files(store, "b", [folder], FIRST, workers=0)
        status = {i.path.name: i.status for i in report.items}
        assert status == {"1.xlsx": "imported", "2.xlsx": "refused", f"3{RLO}.xlsx": "imported"}
        refused = next(i for i in report.items if i.status == "refused")
        assert refused.errors[0].where == "申报信息!B3" and RLO not in refused.message
        rows = store.db.conn.execute("SELECT source, name FROM applications ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [("1.xlsx", a1["企业名称"]), ("3\ufffd.xlsx", a3["企业名称"])]
        texts = [str(v) for row in store.db.conn.execute("SELECT * FROM claims") for v in tuple(row)]
        assert not any(HOSTILE.search(t) for t in texts)
        assert audit.verify_store(store).ok
    finally:
        store.close()


def test_export_file_names_and_text_carry_no_controls(tmp_path):
    assert X.safe_name(f"甲{RLO}乙\x00丙\u2067丁\ud800") == "甲_乙_丙_丁_"
    name = X.sheet_filename(f"批次{RLO}1", 7, f"企业{RLO}fdp.exe")
    assert not HOSTILE.search(name)
    assert not HOSTILE.search(clean(f"a{RLO}b\u200fc\ufdd0d\U0001fffe"))
    assert para(f"<b>{RLO}") == "&lt;b&gt;"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_exports_of_a_store_holding_hostile_text_show_none_of_it(tmp_path):
    from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
    if not HAVE_FONT:
        pytest.skip("no Chinese TrueType font")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1.xlsx").write_bytes(hand_application(claims(1), **applicant(1)))
    store = Store.open(tmp_path / "s.sqlite")
    try:
        add_reviewers(store)
        batches.import_files(store, "b", [folder], FIRST, workers=0)
        # a store written before this reader (or edited by hand) may already hold such text
        with store.db.conn:
            store.db.conn.execute("UPDATE applications SET name = ?", (f"深圳{RLO}光明\u2066公司\x07",))
            store.db.conn.execute("UPDATE claims SET project = ?", (f"平台\x00{RLO}",))
        result = X.export_batch(store, "b", tmp_path / "out", actor=FIRST)
        files = sorted((tmp_path / "out").iterdir())
        assert files and all(not HOSTILE.search(p.name) for p in files)
        for path in files:
            if path.suffix == ".pdf":
                text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
                assert "光明" in text and not HOSTILE.search(text.replace("\x0c", ""))
            else:
                with zipfile.ZipFile(path) as zf:
                    xml = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))
                assert "光明" in xml and RLO not in xml and "\u2066" not in xml
        assert result is not None
    finally:
        store.close()


def test_every_hostile_code_point_is_not_printable():
    # has_hostile/any_hostile skip the regex for printable text: that is only sound if no
    # hostile code point counts as printable in this Python's Unicode tables
    from workbench.core.domain.text_safety import HOSTILE as H
    from workbench.core.domain.text_safety import any_hostile, has_hostile
    hostile = [chr(c) for c in range(0x110000) if H.match(chr(c))]
    assert len(hostile) > 2048 + 60
    assert not [ch for ch in hostile if ch.isprintable()]
    assert all(has_hostile(f"甲{ch}乙") for ch in hostile)
    assert any_hostile(["甲", "乙\n", f"丙{RLO}"]) and not any_hostile(["甲\n", "\u3000乙", "丙"])


def test_command_line_import_names_hostile_files_without_live_controls(tmp_path, capsys, monkeypatch):
    from workbench.cli import main

    monkeypatch.delenv("WORKBENCH_REVIEWER", raising=False)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"1{RLO}fdp.xlsx").write_bytes(hand_application(claims(1), **applicant(1)))
    (folder / "2.xlsx").write_bytes(hand_application(claims(2), **{**applicant(2), "联系人": "李_x0000_"}))
    code = main(["--db", str(tmp_path / "s.sqlite"), "import", str(folder)])
    out = capsys.readouterr().out
    assert code == 2
    assert "1[U+202E]fdp.xlsx：已导入" in out and "申报信息!B7" in out and "U+0000" in out
    assert not HOSTILE.search(out)


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\U000e0041", "\u2028"])
def test_invisible_format_characters_cannot_make_a_voucher_look_new(invisible):
    # "HT-1" and "HT-1\u200b" look the same to a reviewer but would not match as duplicates
    app = read_application(hand_application([claim(voucher=f"HT-1{invisible}")]))
    (problem,) = app.claims[0].problems
    assert problem.where == "申报事项!L2" and f"U+{ord(invisible):04X}" in problem.message
    assert X.safe_name(f"甲{invisible}乙") == "甲_乙"
