"""The bureau-local time-stamp token, written as DER by hand, is byte for byte the token
asn1crypto builds from the same values, and pyHanko accepts it on a signed sheet."""
from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from asn1crypto import algos, cms, core, tsp, x509
from cryptography.hazmat.primitives import hashes

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.signing import sheet_verify as V
from workbench.core.signing import signer as S
from workbench.core.signing.timestamping import _der_int, issue_tsa, load_timestamper, tsa_path


class _FixedKey:
    """Signs with a fixed value, so that two tokens can be compared byte for byte."""

    def sign(self, data, algorithm):
        self.signed = data
        return bytes(range(70))


def _reference(st, req, now, serial, signature) -> bytes:
    """The token as asn1crypto builds it from the same values (the earlier implementation)."""
    from pyhanko.sign.general import simple_cms_attribute

    imprint = req["message_imprint"]
    md = imprint["hash_algorithm"]["algorithm"].native
    info = {"version": "v1", "policy": st.policy, "message_imprint": imprint,
            "serial_number": serial, "gen_time": now,
            "tsa": x509.GeneralName(name="directory_name", value=st.tsa_cert.subject)}
    if req["nonce"].native is not None:
        info["nonce"] = req["nonce"]
    tst = tsp.TSTInfo(info).dump()
    h = hashes.Hash(getattr(hashes, md.upper())())
    h.update(tst)
    attrs = cms.CMSAttributes([
        simple_cms_attribute("content_type", "tst_info"),
        simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(now)})),
        simple_cms_attribute("signing_certificate_v2", tsp.SigningCertificateV2.load(st._cert_ref)),
        simple_cms_attribute("message_digest", h.finalize()),
    ])
    digest_alg = algos.DigestAlgorithm({"algorithm": md})
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
            {"issuer": st.tsa_cert.issuer, "serial_number": st.tsa_cert.serial_number})}),
        "digest_algorithm": digest_alg,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": f"{md}_ecdsa"}),
        "signed_attrs": attrs, "signature": signature})
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": cms.DigestAlgorithms((digest_alg,)),
        "encap_content_info": cms.EncapsulatedContentInfo({
            "content_type": cms.ContentType("tst_info"),
            "content": cms.ParsableOctetString(tst)}),
        "certificates": cms.CertificateSet([st.tsa_cert, *st.certs_to_embed]),
        "signer_infos": [signer]})
    token = cms.ContentInfo({"content_type": cms.ContentType("signed_data"), "content": signed})
    return token.dump(), attrs.dump()


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    d = tmp_path_factory.mktemp("tsa")
    root = S.create_bureau_root(d / "root", passphrase="Gm-root-2026!")
    S.issue_identity(root, "王经办", "handler", "Gm-handler-2026!", d / "h.p12")
    issue_tsa(root, "王经办", b"Gm-handler-2026!", tsa_path(d / "h.p12"))
    return {"root": root, "p12": d / "h.p12",
            "stamper": load_timestamper(tsa_path(d / "h.p12"), b"Gm-handler-2026!")}


def test_der_integers_are_minimal_and_positive():
    for n in (0, 1, 127, 128, 255, 256, 32767, 32768, 2**63, 2**64 - 1):
        assert _der_int(n) == core.Integer(n).dump(), n


@pytest.mark.parametrize("nonce", [True, False])
@pytest.mark.parametrize("serial", [1, 2**63 + 5, 2**64 - 1])
def test_token_is_what_asn1crypto_builds(tsa, nonce, serial):
    st = tsa["stamper"]
    st.include_nonce = nonce
    try:
        req = st.request_cms(hashlib.sha256(b"sheet").digest(), "sha256")
        req = req[1] if isinstance(req, tuple) else req      # (nonce, request)
    finally:
        st.include_nonce = True
    key, st._key = st._key, _FixedKey()
    try:
        now = datetime(2025, 6, 1, 1, 30, 5, tzinfo=UTC)
        ours = st._token(req, now=now, serial=serial)
        signed_attrs = st._key.signed
    finally:
        st._key = key
    token, attrs = _reference(st, req, now, serial, bytes(range(70)))
    assert ours.dump() == token
    assert signed_attrs == attrs          # what the key signed: the SET of attributes
    assert ours["content"]["encap_content_info"]["content"].parsed["serial_number"].native == serial


@pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")
def test_signed_sheet_carries_a_trusted_timestamp(tsa):
    from workbench.core.pdf.sheet_pdf import render_sheet

    identity = S.load_identity(tsa["p12"], "Gm-handler-2026!")
    assert identity.timestamper is not None
    out = io.BytesIO()
    S.sign_sheet(render_sheet(sample_sheet()), out, identity)
    report = V.verify_sheet(out.getvalue(), tsa["root"])
    assert report.ok, report.lines()
    assert report.signatures[0].timestamped_at is not None
