"""The whole path on the command line: a batch is reviewed and finalized, its sheets, summary
and notice list exported, signed by the 经办人, countersigned by the 复核人 and verified;
tampered copies fail verification; every page prints on A4 with nothing cut off."""
from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
from workbench.cli import main
from workbench.core.app import demo
from workbench.core.intake.template import write_application
from workbench.core.review.ledger import write_ledger

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm", "pdfinfo"))
pytestmark = [pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font"),
              pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")]

DOC_NO = "深光工信〔2025〕12号"
BATCH = "2025年第一批"


class Runner:
    def __init__(self, db: Path):
        self.db = db

    def __call__(self, *argv, env: dict | None = None) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            with pytest.MonkeyPatch.context() as mp:
                for k, v in (env or {}).items():
                    mp.setenv(k, v)
                code = main(["--db", str(self.db), *[str(a) for a in argv]])
        return code, out.getvalue(), err.getvalue()

    def ok(self, *argv, **kw) -> str:
        code, out, err = self(*argv, **kw)
        assert code == 0, (argv, out, err)
        return out


def _claim_ids(run, app_id: int) -> dict[str, dict]:
    claims = json.loads(run.ok("claims", app_id, "--json"))["claims"]
    return {f"{app_id}:{c['line']}": c for c in claims}


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """A demo-like batch taken through review, export, signing and countersigning."""
    base = tmp_path_factory.mktemp("sheets")
    run = Runner(base / "store.sqlite")
    files = base / "in"
    files.mkdir()
    write_ledger(base / "ledger.xlsx", demo.ledger_awards())
    for name, applicant, claims in demo.applications():
        write_application(files / name, applicant, claims)
    (base / "pw-handler").write_text("Gm-handler-2026!\n", encoding="utf-8")
    (base / "pw-reviewer").write_text("Gm-review-2026!\n", encoding="utf-8")
    (base / "pw-root").write_text("Gm-root-2026!\n", encoding="utf-8")

    run.ok("reviewer", "add", "张三", "--role", "经办人")
    run.ok("reviewer", "add", "李四", "--role", "复核人", "--as", "张三")
    run.ok("ledger", "import", base / "ledger.xlsx", "--as", "张三")
    code, out, _ = run("batch", "import", BATCH, files, "--as", "张三", "--quiet")
    assert code == 1 and "导入 6" in out            # the demo's refused file stays out
    ids = {}
    for app_id in range(1, 7):
        ids.update(_claim_ids(run, app_id))
    art2 = ids["3:3"]                                # article （二）: decided case by case
    assert art2["code"] == "2"
    run.ok("decide", art2["claim"], "--amount", "1500000", "--reason", "经局务会研究按一半支持",
           "--as", "张三")
    run.ok("decide", ids["1:1"]["claim"], "--amount", "1800000", "--reason", "按审计报告核减",
           "--as", "张三")
    for key in ("4:1", "6:1"):
        run.ok("decide", ids[key]["claim"], "--accept", "--reason", "已人工核实", "--as", "张三")
    run.ok("decide", ids["5:1"]["claim"], "--reject", "--reason", "区外企业不予支持", "--as", "张三")
    # Refused for an input problem: a reviewer confirms it, it is never settled unseen.
    run.ok("decide", ids["4:3"]["claim"], "--accept", "--as", "张三")
    run.ok("review", "first", *range(1, 7), "--as", "张三")
    run.ok("review", "second", *range(1, 7), "--as", "李四")
    run.ok("finalize", "--batch", BATCH, "--doc-no", DOC_NO, "--as", "李四")

    out_dir = base / "out"
    exported = json.loads(run.ok("export", "batch", BATCH, "--out", out_dir, "--as", "张三",
                                 "--json"))
    unsigned = {Path(f["path"]).name: (out_dir / Path(f["path"]).name).read_bytes()
                for f in exported["files"] if f["kind"] == "sheet"}

    run.ok("identity", "init-root", "--root-passphrase-file", base / "pw-root")
    for name, role, pw in (("张三", "handler", "pw-handler"), ("李四", "reviewer", "pw-reviewer")):
        run.ok("identity", "issue", name, "--role", role, "--passphrase-file", base / pw,
               "--root-passphrase-file", base / "pw-root")
    sheets = sorted(out_dir.glob("审核表-*.pdf"))
    once = run.ok("sign", *sheets, "--p12", "张三", "--role", "handler",
                  "--passphrase-file", base / "pw-handler")
    half_signed = {p.name: p.read_bytes() for p in sheets}
    twice = run.ok("sign", *sheets, "--p12", base / "keys" / "identities" / "李四-reviewer.p12",
                   "--role", "reviewer", "--passphrase-file", base / "pw-reviewer")
    return {"run": run, "base": base, "out": out_dir, "sheets": sheets, "exported": exported,
            "unsigned": unsigned, "half_signed": half_signed, "sign_out": once + twice}


def _text(path: Path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_export_wrote_sheets_summary_and_notice(flow):
    names = sorted(p.name for p in flow["out"].iterdir())
    assert len(flow["sheets"]) == 6
    assert "汇总表-2025年第一批.xlsx" in names and "拟资助名单-2025年第一批.xlsx" in names
    assert not [n for n in names if n.startswith(".part-")]
    assert flow["sheets"][0].name == "审核表-2025年第一批-1-深圳市光明微感科技有限公司.pdf"
    assert flow["exported"]["notice"]["total_wan"] == "582.00"

    ws = load_workbook(flow["out"] / "拟资助名单-2025年第一批.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    total = next(r for r in rows if r[0] == "合计")
    assert total[4] == pytest.approx(582.00)
    assert ["深圳市光明微感科技有限公司", "MEMS先进封测服务平台", "第（三）条"] == rows[0][1:4]
    assert rows[0][4] == pytest.approx(180.00)

    wb = load_workbook(flow["out"] / "汇总表-2025年第一批.xlsx")
    detail = wb["审核明细"]
    assert detail.freeze_panes == "A2" and detail.auto_filter.ref
    assert detail.max_row == 1 + 15                          # one row per claim
    heads = [c.value for c in detail[1]]
    flagged = [r for r in detail.iter_rows(min_row=2, values_only=True)
               if r[heads.index("人工调整")] == "是"]
    assert {r[heads.index("理由")] for r in flagged} >= {"按审计报告核减", "经局务会研究按一半支持"}


def test_signing_output_and_both_signatures_verify(flow):
    assert flow["sign_out"].count("已签署（经办人）") == 6
    assert flow["sign_out"].count("已签署（复核人）") == 6
    code, out, err = flow["run"]("verify", *flow["sheets"])
    assert code == 0, out + err
    assert out.count("经办人 张三") == 6 and out.count("复核人 李四") == 6
    assert out.count("结论：全部签名有效，签署后未被改动。") == 6
    assert "共 6 份：通过 6 份" in out
    # The root given explicitly works the same as the keys folder's.
    code, out, _ = flow["run"]("verify", flow["sheets"][0], "--root",
                               flow["base"] / "keys" / "bureau-root.pem", "--json")
    result = json.loads(out)[0]
    assert code == 0 and result["ok"]
    assert [s["role"] for s in result["signatures"]] == ["handler", "reviewer"]
    assert result["signatures"][0]["changes_after"] == "仅有后续签名"


def test_half_signed_finalized_sheet_fails_and_says_what_is_missing(flow, tmp_path):
    # The sheets were signed after finalize: a 复核完成-or-later sheet needs both signatures.
    name, data = next(iter(flow["half_signed"].items()))
    copy = tmp_path / name
    copy.write_bytes(data)
    code, out, _ = flow["run"]("verify", copy)
    assert code == 4 and "复核人签名栏尚未签署" in out and "缺少复核人签名" in out
    assert "该申报已审定，审核表须有经办人和复核人两人的签名" in out and "已已" not in out


def _flip_content_byte(data: bytes) -> bytes:
    out = bytearray(data)
    at = out.index(b"stream", 2000) + 40          # inside the first page's content stream
    out[at] ^= 0x01
    return bytes(out)


def _append_update(data: bytes) -> bytes:
    """An incremental update appended after the last signature that paints over page 1."""
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    paint = generic.StreamObject(stream_data=b"q 1 1 1 rg 60 300 480 200 re f Q")
    w.add_stream_to_page(0, w.add_object(paint))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.parametrize("tamper, expect", [
    (_flip_content_byte, "签名所覆盖的内容已被篡改"),
    (_append_update, "追加"),
])
def test_tampered_copies_fail_verification_naming_the_problem(flow, tmp_path, tamper, expect):
    src = flow["sheets"][0]
    bad = tmp_path / src.name
    bad.write_bytes(tamper(src.read_bytes()))
    code, out, err = flow["run"]("verify", src, bad)
    assert code == 4, out + err
    assert expect in out and "结论：验证未通过。" in out
    assert "共 2 份：通过 1 份，未通过 1 份" in out


def test_unsigned_sheet_and_foreign_root_fail(flow, tmp_path):
    name, data = next(iter(flow["unsigned"].items()))
    plain = tmp_path / name
    plain.write_bytes(data)
    code, out, _ = flow["run"]("verify", plain)
    assert code == 4 and "文件中没有数字签名" in out
    other = tmp_path / "other"
    flow["run"].ok("identity", "init-root", "--keys", other,
                   env={"WORKBENCH_ROOT_PASSPHRASE": "Gm-other-root-2026!"})
    code, out, _ = flow["run"]("verify", flow["sheets"][0], "--keys", other)
    assert code == 4 and "不能追溯到受信任的根证书" in out


def test_wrong_passphrase_has_its_own_exit_status_and_signs_nothing(flow, tmp_path):
    src = flow["out"] / "汇总表-2025年第一批.xlsx"
    before = {p.name: p.read_bytes() for p in flow["sheets"]}
    code, out, err = flow["run"]("sign", *flow["sheets"], "--p12", "张三", "--role", "handler",
                                 env={"WORKBENCH_PASSPHRASE": "不对"})
    assert code == 6 and "口令" in err and "不正确" in err
    assert {p.name: p.read_bytes() for p in flow["sheets"]} == before
    assert src.exists()


def test_signing_again_or_in_another_role_is_refused(flow, tmp_path):
    copy = tmp_path / flow["sheets"][0].name
    copy.write_bytes(flow["sheets"][0].read_bytes())
    code, _, err = flow["run"]("sign", copy, "--p12", "张三", "--role", "handler",
                               "--passphrase-file", flow["base"] / "pw-handler")
    assert code == 1 and "已经签署过" in err
    code, _, err = flow["run"]("sign", copy, "--p12", "张三", "--role", "leader",
                               "--passphrase-file", flow["base"] / "pw-handler")
    assert code == 1 and "负责人" in err


def test_decisions_and_override_marks_are_on_the_sheet(flow):
    first = _squash(_text(flow["sheets"][0]))
    assert "调整金额★人工调整" in first and "按审计报告核减" in first
    assert DOC_NO in first and "GM-SENSOR-2023.1" in first
    assert "项目累计上限" in first and "已触及，核减至剩余额" in first
    assert "人民币贰佰伍拾贰万元整" in first                  # 1,800,000 + 600,000 + 0 + 120,000
    assert "初审：张三" in first and "复核：李四" in first
    third = _squash(_text(flow["sheets"][2]))
    assert "经局务会研究按一半支持" in third and "由审核人员确定" in third
    fifth = _squash(_text(flow["sheets"][4]))
    assert "区外企业不予支持" in fifth and "不予支持★人工调整" in fifth
    for sheet in flow["sheets"]:
        text = _squash(_text(sheet))
        assert "经办人：张三" in text and "复核人：李四" in text          # the visible stamps


def test_every_page_prints_on_a4_with_nothing_cut_off(flow, tmp_path):
    from PIL import Image

    dpi = 30
    for n, sheet in enumerate(flow["sheets"]):
        info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True).stdout
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
        prefix = tmp_path / f"s{n}"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(sheet), str(prefix)], check=True)
        pages = sorted(tmp_path.glob(f"s{n}-*.png"))
        assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info).group(1))
        for page in pages:
            img = Image.open(page).convert("L")
            w, h = img.size
            assert abs(w - 210 / 25.4 * dpi) <= 1 and abs(h - 297 / 25.4 * dpi) <= 1
            mm = w / 210
            # Every side keeps a blank margin wider than any printer's unprintable edge.
            for name, box in (("right", (int(w - 16 * mm), 0, w, h)),
                              ("left", (0, 0, int(16 * mm), h)),
                              ("bottom", (0, int(h - 9 * mm), w, h)),
                              ("top", (0, 0, w, int(8 * mm)))):
                assert img.crop(box).getextrema()[0] > 240, f"ink in the {name} margin of {page.name}"
            assert img.getextrema()[0] < 100             # and the page is not blank


def test_audit_log_has_exports_and_signatures_with_hashes(flow):
    run = flow["run"]
    log = json.loads(run.ok("log", "--json"))
    exports = [e for e in log if e["action"] == "export"]
    signs = [e for e in log if e["action"] == "sign"]
    assert len(exports) == 1 and exports[0]["subject"] == f"batch:{BATCH}"
    exported = {f["file"]: f for f in exports[0]["details"]["files"]}
    assert len(exported) == 8
    for name, data in flow["unsigned"].items():
        import hashlib

        assert exported[name]["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(signs) == 12
    for sheet in flow["sheets"]:
        import hashlib

        mine = [e for e in signs if e["details"]["file"] == sheet.name]
        handler, reviewer = mine
        assert handler["details"]["role"] == "handler" and handler["actor"] == "张三"
        assert reviewer["details"]["role"] == "reviewer" and reviewer["actor"] == "李四"
        assert handler["details"]["sha256_before"] == exported[sheet.name]["sha256"]
        assert reviewer["details"]["sha256_before"] == handler["details"]["sha256"]
        assert reviewer["details"]["sha256"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
        app_id = exported[sheet.name]["application"]
        assert handler["subject"] == reviewer["subject"] == f"application:{app_id}"
    code, out, _ = run("verify-store")
    assert code == 0 and "完好" in out


def test_reexport_refuses_to_overwrite_signed_sheets(flow):
    before = {p.name: p.read_bytes() for p in flow["sheets"]}
    code, _, err = flow["run"]("export", "batch", BATCH, "--out", flow["out"], "--as", "张三")
    assert code == 1 and "已签署" in err
    assert {p.name: p.read_bytes() for p in flow["sheets"]} == before


def test_export_one_sheet_with_three_signature_blocks(flow, tmp_path):
    run = flow["run"]
    out = run.ok("export", "sheet", 3, "--out", tmp_path, "--roles", "经办人,复核人,leader",
                 "--as", "李四")
    path = Path(out.split("：", 1)[1].strip())
    assert path.parent == tmp_path and path.name.startswith("审核表-2025年第一批-3-")
    text = _squash(_text(path))
    assert "负责人（数字签名）" in text
    code, _, err = run("export", "sheet", 99, "--out", tmp_path, "--as", "李四")
    assert code == 1 and "找不到申报 #99" in err
    code, _, err = run("export", "sheet", 3, "--out", tmp_path, "--as", "无名氏")
    assert code == 1 and "未知的审核人员" in err
    code, _, err = run("export", "sheet", 3, "--out", tmp_path, "--roles", "boss", "--as", "李四")
    assert code == 2 and "未知的签署角色" in err


def test_issue_refuses_a_validity_of_less_than_a_day(flow):
    base = flow["base"]
    before = sorted(p.name for p in (base / "keys" / "identities").iterdir())
    for days in ("0", "-5"):
        code, out, err = flow["run"]("identity", "issue", "王五", "--role", "head", "--days", days,
                                     "--passphrase-file", base / "pw-handler",
                                     "--root-passphrase-file", base / "pw-root")
        assert code == 2 and "Traceback" not in err and "有效天数" in err, err
    assert sorted(p.name for p in (base / "keys" / "identities").iterdir()) == before

pytestmark = [*(pytestmark if isinstance(pytestmark, list) else [pytestmark]), pytest.mark.slow]
