"""Sheet attacks checked by `verify`: a stripped countersignature, one person in both roles,
signatures out of order, a signature in another role's field."""
from __future__ import annotations

import io
from datetime import UTC

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
from tests.core.review_support import FIRST, SECOND
from tests.core.store.test_trust_anchor import PW, anchored_file, pki  # noqa: F401 - fixtures
from workbench.core.signing import identities as I
from workbench.core.signing import sheet_rules
from workbench.core.signing import sheet_verify as V
from workbench.core.signing import signer as S
from workbench.core.store.database import Store

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font")


@pytest.fixture(scope="module")
def sheets(pki, anchored_file, tmp_path_factory):  # noqa: F811
    from workbench.core.reports.export import export_application

    tmp = tmp_path_factory.mktemp("sheets")
    with Store.open(anchored_file) as s:
        sheet = export_application(s, 1, tmp / "out", actor=FIRST)
        unsigned = sheet.read_bytes()
        I.sign_recorded(s, sheet, pki["ids"][FIRST], "handler")
        half = sheet.read_bytes()
        I.sign_recorded(s, sheet, pki["ids"][SECOND], "reviewer")
        full = sheet.read_bytes()
    k = pki["keys"]
    both = k.load(k.issue(FIRST, None, PW, root_passphrase="Gm-root-2026!"), PW)
    return {"unsigned": unsigned, "half": half, "full": full, "both": both,
            "roots": [k.root()], "ids": pki["ids"]}


def verify(data, sheets):
    return V.verify_sheet(data, sheets["roots"])


def test_a_fully_signed_finalized_sheet_verifies(sheets):
    report = verify(sheets["full"], sheets)
    assert report.ok, report.lines()
    reasons = [v.reason for v in report.signatures]
    assert all("阶段：已审定" in r and "审计链第" in r for r in reasons), reasons


def test_a_stripped_countersignature_is_named(sheets):
    # The file cut back to the revision before the 复核人 signed: a valid PDF, one signature.
    report = verify(sheets["half"], sheets)
    assert not report.ok
    assert any("缺少复核人签名" in p for p in report.problems), report.lines()


def test_one_person_cannot_sign_as_both(sheets, monkeypatch):
    with pytest.raises(S.SigningError, match="经办人与复核人须为两人"):
        S.sign_sheet(sheets["half"], None, sheets["both"], "reviewer")
    # A tool that does not ask: verify still refuses the sheet.
    monkeypatch.setattr(S, "check_before_signing", lambda *a: None)
    out = io.BytesIO()
    S.sign_sheet(sheets["half"], out, sheets["both"], "reviewer")
    report = verify(out.getvalue(), sheets)
    assert not report.ok and any("同一人" in p for p in report.problems), report.lines()


def test_the_reviewer_cannot_sign_first(sheets, monkeypatch):
    with pytest.raises(S.SigningError, match="经办人尚未签署"):
        S.sign_sheet(sheets["unsigned"], None, sheets["ids"][SECOND], "reviewer")
    monkeypatch.setattr(S, "check_before_signing", lambda *a: None)
    first, second = io.BytesIO(), io.BytesIO()
    S.sign_sheet(sheets["unsigned"], first, sheets["ids"][SECOND], "reviewer",
                 stage="finalized")
    S.sign_sheet(first.getvalue(), second, sheets["ids"][FIRST], "handler", stage="finalized")
    report = verify(second.getvalue(), sheets)
    assert not report.ok and any("复核人先于经办人签署" in p for p in report.problems), report.lines()


def test_a_sheet_before_second_review_may_carry_one_signature(sheets):
    out = io.BytesIO()
    S.sign_sheet(sheets["unsigned"], out, sheets["ids"][FIRST], "handler", stage="first_done")
    report = verify(out.getvalue(), sheets)
    assert report.ok and report.unsigned_fields == ["sig_reviewer"], report.lines()


def test_stage_text_round_trips():
    for stage in sheet_rules.STAGE_ORDER:
        reason = "；".join(["经办人审核签署", sheet_rules.stage_text(stage), "审计链第 3 条 " + "a" * 64])
        assert sheet_rules.stage_of_reason(reason) == stage


def test_an_archived_sheet_verifies_after_its_certificate_expires(sheets, pki):  # noqa: F811
    import dataclasses
    from datetime import datetime, timedelta

    k = pki["keys"]
    short = k.load(k.issue(FIRST, "handler", PW, root_passphrase="Gm-root-2026!", valid_days=2), PW)
    assert short.timestamper is not None
    stamped, bare = io.BytesIO(), io.BytesIO()
    S.sign_sheet(sheets["unsigned"], stamped, short, "handler", stage="first_done")
    S.sign_sheet(sheets["unsigned"], bare, dataclasses.replace(short, timestamper=None),
                 "handler", stage="first_done")
    later = datetime.now(UTC) + timedelta(days=400)
    now_report = verify(stamped.getvalue(), sheets)
    assert now_report.ok and now_report.signatures[0].timestamped_at is not None
    report = V.verify_sheet(stamped.getvalue(), sheets["roots"], at=later)
    assert report.ok, report.lines()
    assert "时间戳" in report.lines()[0]
    old = V.verify_sheet(bare.getvalue(), sheets["roots"], at=later)
    assert not old.ok and any("不能追溯" in p for p in old.signatures[0].problems)


PDFSIG = __import__("shutil").which("pdfsig")


@pytest.mark.skipif(not PDFSIG, reason="poppler's pdfsig not installed")
def test_pdfsig_reads_the_time_stamped_sheet(sheets, tmp_path):
    import subprocess

    path = tmp_path / "full.pdf"
    path.write_bytes(sheets["full"])
    out = subprocess.run([PDFSIG, str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid.") == 2, out
    assert "sig_handler" in out and "sig_reviewer" in out
    path.write_bytes(sheets["half"])
    out = subprocess.run([PDFSIG, str(path)], capture_output=True, text=True).stdout
    # pdfsig sees one valid signature: the missing countersignature is verify's to report.
    assert out.count("Signature is Valid.") == 1, out


def test_verify_asks_the_store_for_the_stage_now(sheets, pki, anchored_file, tmp_path,  # noqa: F811
                                                 capsys):
    """A sheet signed by the 经办人 at 初审完成 and never countersigned fails once the
    application is at 复核完成 or later (the store that exported it says so)."""
    import shutil as sh

    from workbench.cli import main
    from workbench.core.reports.export import export_application
    from workbench.core.review import decisions as review

    db = tmp_path / "store.sqlite"
    sh.copy(anchored_file, db)
    with Store.open(db) as s:
        art2 = [c.claim_id for c in review.claims(s, 2)][2]
        review.decide(s, FIRST, art2, "reject", None, "不符合")
        review.complete_first_review(s, FIRST, 2)
        sheet = export_application(s, 2, tmp_path / "out", actor=FIRST)
        I.sign_recorded(s, sheet, pki["ids"][FIRST], "handler")
    root = str(pki["keys"].root_cert_path)
    assert main(["--db", str(db), "verify", str(sheet), "--root", root]) == 0
    with Store.open(db) as s:
        review.confirm_second_review(s, SECOND, 2)
    capsys.readouterr()
    assert main(["--db", str(db), "verify", str(sheet), "--root", root]) == 4
    assert "缺少复核人签名" in capsys.readouterr().out

pytestmark = [*(pytestmark if isinstance(pytestmark, list) else [pytestmark]), pytest.mark.slow]
