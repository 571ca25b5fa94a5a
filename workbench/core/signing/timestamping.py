"""A bureau-local RFC 3161 time-stamping identity, so signed sheets verify for years.

Without a time-stamp a PAdES signature stops validating once the signer's certificate expires
(three years): every archived sheet would then read "不能追溯到受信任的根证书". With a
time-stamp token from a TSA under the bureau root (PAdES B-T), verification checks the
signer's certificate at the time-stamp's time instead.

The bureau works offline, so there is no outside TSA: when an identity is issued, a
time-stamping certificate (ECDSA P-256; extended key usage timeStamping, critical; valid as
long as the root) is issued with it, and its key is kept beside the identity in `identities/tsa/`, in a
PKCS#12 under the same passphrase and policy (keyfiles). Loading the identity loads it too,
and BureauTimeStamper signs the tokens with it: like pyHanko's DummyTimeStamper it "acts as
its own TSA", through pyHanko's public TimeStamper interface, but with an ECDSA key loaded
once (DummyTimeStamper is RSA-only and parses its key again for every token, ~70 ms).
An identity without such a file (issued by an earlier version, or by the IT department)
signs without a time-stamp; `verify` then says the signature carries none.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = ["tsa_path", "issue_tsa", "load_timestamper"]


def tsa_path(identity_p12: Path) -> Path:
    return identity_p12.parent / "tsa" / identity_p12.name


def issue_tsa(root, holder: str, passphrase: bytes, dest: Path) -> Path:
    """A time-stamping identity issued by `root` (BureauRoot with key) into `dest`."""
    from workbench.core.signing.keyfiles import private_folder, serialize_p12, write_private
    from workbench.core.signing.signer import _now

    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    org = root.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(org[0].value)))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, f"审核工作台时间戳服务（{holder}）"))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attrs)).issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(root.cert.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root.cert.public_key()), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    private_folder(dest.parent)
    write_private(dest, serialize_p12(b"tsa", key, cert, [root.cert], passphrase))
    return dest


def load_timestamper(p12: Path, passphrase: bytes | None):
    """The offline time-stamper for the TSA identity in `p12`, or None if absent."""
    if not p12.is_file():
        return None
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, cert, extra = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase)
    return _bureau_stamper_class()(key, cert, list(extra or ()))


def _bureau_stamper_class():
    from datetime import datetime, timezone

    from asn1crypto import algos, cms, core, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
    from pyhanko.sign.timestamps import TimeStamper

    class BureauTimeStamper(TimeStamper):
        """RFC 3161 tokens signed on this PC with the bureau-issued TSA key (ECDSA)."""

        policy = "1.3.6.1.4.1.59999.1.1"     # the workbench's local time-stamping policy

        def __init__(self, key, cert, chain):
            super().__init__(include_nonce=True)
            self._key = key
            der = lambda c: c.public_bytes(serialization.Encoding.DER)  # noqa: E731
            self.tsa_cert = asn1_x509.Certificate.load(der(cert))
            self.certs_to_embed = [asn1_x509.Certificate.load(der(c)) for c in chain]
            self._cert_ref = as_signing_certificate_v2(self.tsa_cert).dump()
            # The parts that never change, encoded once and parsed back (cheap to dump).
            self._sid = cms.SignerIdentifier.load(cms.SignerIdentifier({
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": self.tsa_cert.issuer,
                     "serial_number": self.tsa_cert.serial_number})}).dump())
            self._tsa_name = asn1_x509.GeneralName.load(asn1_x509.GeneralName(
                name="directory_name", value=self.tsa_cert.subject).dump())
            self._certs = cms.CertificateSet.load(cms.CertificateSet(
                [self.tsa_cert, *self.certs_to_embed]).dump())

        def _token(self, req: tsp.TimeStampReq) -> cms.ContentInfo:
            imprint = req["message_imprint"]
            md = imprint["hash_algorithm"]["algorithm"].native
            now = datetime.now(timezone.utc).replace(microsecond=0)
            info = {"version": "v1", "policy": self.policy, "message_imprint": imprint,
                    "serial_number": int.from_bytes(__import__("os").urandom(8), "big"),
                    "gen_time": now, "tsa": self._tsa_name}
            if req["nonce"].native is not None:
                info["nonce"] = req["nonce"]
            tst = tsp.TSTInfo(info).dump()
            h = hashes.Hash(getattr(hashes, md.upper())())
            h.update(tst)
            attrs = cms.CMSAttributes([
                simple_cms_attribute("content_type", "tst_info"),
                simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(now)})),
                simple_cms_attribute("signing_certificate_v2",
                                     tsp.SigningCertificateV2.load(self._cert_ref)),
                simple_cms_attribute("message_digest", h.finalize()),
            ])
            sig = self._key.sign(attrs.dump(), ec.ECDSA(getattr(hashes, md.upper())()))
            digest_alg = algos.DigestAlgorithm({"algorithm": md})
            signer = cms.SignerInfo({
                "version": "v1",
                "sid": self._sid,
                "digest_algorithm": digest_alg,
                "signature_algorithm": algos.SignedDigestAlgorithm(
                    {"algorithm": f"{md}_ecdsa"}),
                "signed_attrs": attrs, "signature": sig})
            signed = cms.SignedData({
                "version": "v3", "digest_algorithms": cms.DigestAlgorithms((digest_alg,)),
                "encap_content_info": cms.EncapsulatedContentInfo({
                    "content_type": cms.ContentType("tst_info"),
                    "content": cms.ParsableOctetString(tst)}),
                "certificates": self._certs,
                "signer_infos": [signer]})
            token = cms.ContentInfo({"content_type": cms.ContentType("signed_data"),
                                     "content": signed})
            # Parsed back from its own encoding: pyHanko dumps the token again when it embeds
            # it, and a freshly built ("mutated") asn1crypto value re-encodes every part each
            # time, a parsed one only copies bytes.
            return cms.ContentInfo.load(token.dump())

        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            return tsp.TimeStampResp({"status": tsp.PKIStatusInfo({"status": tsp.PKIStatus("granted")}),
                                      "time_stamp_token": self._token(req)})

    return BureauTimeStamper
