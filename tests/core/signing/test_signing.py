"""Signing review sheets: identities, sign and countersign, verification and tampering."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf.sheet_pdf import render_sheet
from workbench.core.signing import sheet_stamp as ST
from workbench.core.signing import sheet_verify as V
from workbench.core.signing import signer as S

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    root = S.create_bureau_root(d / "root", passphrase="Gm-root-2026!")
    S.issue_identity(root, "王经办", "handler", "Gm-handler-2026!", d / "handler.p12")
    S.issue_identity(root, "李复核", "复核人", "Gm-review-2026!", d / "reviewer.p12")
    S.issue_identity(root, "赵任意", None, "Gm-anyrole-2026!", d / "any.p12")
    other = S.create_bureau_root(d / "other", passphrase="Gm-other-root-2026!")               # same kind of name, other key
    S.issue_identity(other, "冒名者", "handler", "Gm-stranger-2026!", d / "foreign.p12")
    return {
        "dir": d, "root": root,
        "handler": S.load_identity(d / "handler.p12", "Gm-handler-2026!"),
        "reviewer": S.load_identity(d / "reviewer.p12", "Gm-review-2026!"),
        "any": S.load_identity(d / "any.p12", "Gm-anyrole-2026!"),
        "foreign": S.load_identity(d / "foreign.p12", "Gm-stranger-2026!"),
    }


@pytest.fixture(scope="module")
def sheet_pdf():
    return render_sheet(sample_sheet(claims=2))


@pytest.fixture(scope="module")
def signed_twice(pki, sheet_pdf):
    once = io.BytesIO()
    first = S.sign_sheet(sheet_pdf, once, pki["handler"])
    twice = io.BytesIO()
    second = S.sign_sheet(once.getvalue(), twice, pki["reviewer"])
    return {"once": once.getvalue(), "twice": twice.getvalue(), "first": first,
            "second": second}


def test_identity_names_and_roles(pki):
    assert pki["handler"].name == "王经办" and pki["handler"].role == "handler"
    assert pki["reviewer"].role == "reviewer"          # issued with the Chinese label
    assert pki["any"].role is None
    assert pki["handler"].issuer == pki["root"].name


def test_wrong_passphrase_is_a_clear_error(pki):
    with pytest.raises(S.WrongPassphrase, match="口令不正确"):
        S.load_identity(pki["dir"] / "handler.p12", "wrong")


def test_damaged_identity_file_is_not_called_a_wrong_passphrase(tmp_path):
    bad = tmp_path / "bad.p12"
    bad.write_bytes(b"not a pkcs12 file")
    with pytest.raises(S.SigningError, match="不是有效的签名证书") as exc:
        S.load_identity(bad, "x")
    assert not isinstance(exc.value, S.WrongPassphrase)


def test_root_key_needs_its_passphrase(pki):
    root = pki["root"]
    with pytest.raises(S.WrongPassphrase):
        S.load_bureau_root(root.cert_path, root.key_path, "wrong")
    again = S.load_bureau_root(root.cert_path, root.key_path, "Gm-root-2026!")
    assert again.key is not None


def test_identity_needs_a_passphrase(pki, tmp_path):
    with pytest.raises(S.SigningError, match="口令"):
        S.issue_identity(pki["root"], "某人", "handler", "", tmp_path / "x.p12")


def test_import_root_and_identity(pki, tmp_path):
    root = S.import_bureau_root(pki["root"].cert_path, tmp_path / "trust")
    assert root.cert == pki["root"].cert and root.key is None
    dest = S.import_identity(pki["dir"] / "handler.p12", "Gm-handler-2026!", tmp_path / "ids", root)
    # The same identity, re-encrypted under this PC's key-file policy (same passphrase).
    assert S.load_identity(dest, "Gm-handler-2026!").cert.dump() == pki["handler"].cert.dump()
    with pytest.raises(S.SigningError, match="不是由根证书"):
        S.import_identity(pki["dir"] / "foreign.p12", "Gm-stranger-2026!", tmp_path / "ids2", root)
    with pytest.raises(S.WrongPassphrase):
        S.import_identity(pki["dir"] / "handler.p12", "nope", tmp_path / "ids3", root)
    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(pki["handler"].cert.dump())
    with pytest.raises(S.SigningError, match="不是根证书|不是有效的证书"):
        S.import_bureau_root(leaf, tmp_path / "trust2")


def test_sign_then_countersign_both_valid_and_trusted(pki, signed_twice):
    report = V.verify_sheet(signed_twice["twice"], pki["root"])
    assert report.ok, report.lines()
    assert [v.role for v in report.signatures] == ["handler", "reviewer"]
    first, second = report.signatures
    assert first.signer == "王经办" and second.signer == "李复核"
    for v in report.signatures:
        assert v.intact and v.valid and v.trusted and v.signed_at is not None
    assert not first.covers_whole_file and first.changes_after == "仅有后续签名"
    assert second.covers_whole_file
    assert report.unsigned_fields == []
    assert report.sha256 == signed_twice["second"].sha256
    assert "结论：全部签名有效" in report.lines()[-1]


def test_half_signed_sheet_is_valid_and_lists_the_empty_field(pki, signed_twice):
    report = V.verify_sheet(signed_twice["once"], pki["root"])
    assert report.ok
    assert report.unsigned_fields == ["sig_reviewer"]
    assert any("复核人签名栏尚未签署" in line for line in report.lines())


def test_unsigned_sheet_does_not_pass(pki, sheet_pdf):
    report = V.verify_sheet(sheet_pdf, pki["root"])
    assert not report.ok and "文件中没有数字签名" in report.problems


def test_changed_byte_in_signed_content_fails(pki, signed_twice):
    data = bytearray(signed_twice["twice"])
    at = data.index(b"stream", 2000) + 40        # inside the first page's content stream
    data[at] ^= 0x01
    report = V.verify_sheet(bytes(data), pki["root"])
    assert not report.ok
    assert all(not v.intact for v in report.signatures)
    assert "篡改" in report.lines()[0]


def _forge(signed: bytes) -> bytes:
    """An appended incremental update that paints over the first page."""
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    paint = generic.StreamObject(stream_data=b"q 1 1 1 rg 60 300 480 200 re f Q")
    w.add_stream_to_page(0, w.add_object(paint))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_appended_update_after_last_signature_fails_and_is_named(pki, signed_twice):
    forged = _forge(signed_twice["twice"])
    report = V.verify_sheet(forged, pki["root"])
    assert not report.ok
    last = report.signatures[-1]
    assert last.intact and last.valid and last.trusted       # the bytes it signed are intact
    assert not last.covers_whole_file
    assert any("签名之后追加的增量更新" in p for p in last.problems)
    assert "无效" in last.describe()


def test_harmless_looking_appended_update_still_fails(pki, signed_twice):
    """Even an update pyHanko rates as form filling is a change after the last signature."""
    w = IncrementalPdfFileWriter(io.BytesIO(signed_twice["once"]))
    w.root["/Lang"] = generic.TextStringObject("zh-CN")
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    report = V.verify_sheet(out.getvalue(), pki["root"])
    assert not report.ok
    assert report.signatures[-1].problems


def test_identity_from_another_root_is_untrusted(pki, sheet_pdf):
    out = io.BytesIO()
    S.sign_sheet(sheet_pdf, out, pki["foreign"])
    report = V.verify_sheet(out.getvalue(), pki["root"])
    assert not report.ok
    v = report.signatures[0]
    assert v.intact and v.valid and not v.trusted
    assert any("受信任的根证书" in p for p in v.problems)


def test_signing_rules(pki, sheet_pdf, signed_twice):
    with pytest.raises(S.SigningError, match="不能在“复核人”签名栏签署"):
        S.sign_sheet(sheet_pdf, None, pki["handler"], "reviewer")
    with pytest.raises(S.SigningError, match="已经签署过"):
        S.sign_sheet(signed_twice["once"], None, pki["handler"])
    with pytest.raises(S.SigningError, match="没有“负责人”签名栏"):
        S.sign_sheet(sheet_pdf, None, pki["any"], "负责人")
    with pytest.raises(S.SigningError, match="请指定签署角色"):
        S.sign_sheet(sheet_pdf, None, pki["any"])
    with pytest.raises(S.SigningError, match="经办人尚未签署，复核人不能先签"):
        S.sign_sheet(sheet_pdf, None, pki["any"], "复核人")
    result = S.sign_sheet(signed_twice["once"], None, pki["any"], "复核人")  # any role when unbound
    assert result.field == "sig_reviewer"


def test_three_roles_sign_in_turn(pki, tmp_path):
    pdf = render_sheet(sample_sheet(roles=("handler", "reviewer", "head")))
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    S.sign_sheet(path, path, pki["handler"])                    # in place, via a temp file
    S.sign_sheet(path, path, pki["reviewer"])
    S.sign_sheet(path, path, pki["any"], "head")
    report = V.verify_sheet(path, [pki["root"].cert_path])
    assert report.ok and [v.role for v in report.signatures] == ["handler", "reviewer", "head"]
    assert not list(tmp_path.glob("*.part"))


def test_one_identity_signs_many_sheets_quickly(pki, sheet_pdf):
    import time

    start = time.perf_counter()
    for _ in range(5):
        S.sign_sheet(sheet_pdf, None, pki["handler"])
    per = (time.perf_counter() - start) / 5
    assert per < 1.0, f"{per:.3f} s a signature"


PDFSIG = shutil.which("pdfsig")
CERTUTIL = shutil.which("certutil")


@pytest.mark.skipif(not PDFSIG, reason="poppler's pdfsig not installed")
def test_pdfsig_agrees(pki, signed_twice, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed_twice["twice"])
    args = [PDFSIG]
    if CERTUTIL:          # a throw-away NSS database that trusts the bureau root
        nss = tmp_path / "nss"
        nss.mkdir()
        subprocess.run([CERTUTIL, "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
        subprocess.run([CERTUTIL, "-A", "-d", f"sql:{nss}", "-n", "bureau", "-t", "C,C,C",
                        "-a", "-i", str(pki["root"].cert_path)], check=True)
        args += ["-nssdir", f"sql:{nss}"]
    out = subprocess.run([*args, str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid.") == 2, out
    assert "sig_handler" in out and "sig_reviewer" in out
    assert "Total document signed" in out
    if CERTUTIL:
        assert out.count("Certificate is Trusted.") == 2, out


def test_cached_certificate_attribute_signs_what_pyhanko_would(pki):
    """The signed attributes are byte for byte those of pyHanko's own PAdES spec."""
    import asyncio

    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    signer = pki["handler"].signer
    digest = bytes(range(32))

    def attrs() -> bytes:
        return asyncio.run(signer.signed_attrs(
            digest, "sha256", attr_settings=PdfCMSSignedAttributes(), use_pades=True)).dump()

    cached = attrs(), attrs()
    spec, signer.signed_attr_prov_spec = signer.signed_attr_prov_spec, None
    try:
        default = attrs()
    finally:
        signer.signed_attr_prov_spec = spec
    assert cached[0] == cached[1] == default


@pytest.mark.parametrize("ts", ["2025-06-01 09:30:05（UTC+08:00）", "2025-01-01 00:00:00（UTC+00:00）",
                                "2031-12-31 23:59:59（UTC-05:00）"])
@pytest.mark.parametrize("width", [154.0, 240.0])
def test_stamp_from_template_is_what_reportlab_draws(ts, width):
    """The stamp drawn once per signer with a placeholder time, the real time written in,
    is byte for byte the stamp drawn for that time; a time of another width is drawn afresh."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from workbench.core.pdf.fonts import find_cjk_font

    font = find_cjk_font()
    style = ST._SheetStampStyle(signer_name="王经办", role_label="经办人",
                               issuer="光明区智能传感器扶持资金审核根证书", font=font)
    lines = style._lines(width, ST._PLACEHOLDER_TS)
    template = ST._stamp_template(width, 86.0, font, tuple(lines))
    assert template is not None and template.usable
    line = f"签署时间：{ts}"
    got = template.content_for(line)
    assert template.content_for("签署时间：2025-06-01 09:30:05") is None     # other shape
    if abs(stringWidth(line, font.name, 8) - stringWidth(lines[1][0], font.name, 8)) > 1e-6:
        assert got is None            # e.g. '-' narrower than '+' in the offset
        return
    lines[1] = (line, lines[1][1])
    fresh = ST._stamp_pdf(width, 86.0, font, lines)
    page = PdfFileReader(io.BytesIO(fresh)).root["/Pages"]["/Kids"][0].get_object()
    assert got == page["/Contents"].get_object().data

pytestmark = [*(pytestmark if isinstance(pytestmark, list) else [pytestmark]), pytest.mark.slow]
