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

from datetime import UTC, timedelta
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
    from workbench.core.signing import clock
    from workbench.core.signing.keyfiles import private_folder, serialize_p12, write_private

    key = ec.generate_private_key(ec.SECP256R1())
    now = clock.now()
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


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(body)) + body


def _der_int(n: int) -> bytes:
    """A non-negative INTEGER (a leading zero byte where the top bit would read as a sign)."""
    return _tlv(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def _bureau_stamper_class():
    import os
    from datetime import datetime

    from asn1crypto import algos, cms, core, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.general import as_signing_certificate_v2
    from pyhanko.sign.timestamps import TimeStamper

    oid = lambda dotted: core.ObjectIdentifier(dotted).dump()  # noqa: E731
    OID_CONTENT_TYPE, OID_MESSAGE_DIGEST = oid("1.2.840.113549.1.9.3"), oid("1.2.840.113549.1.9.4")
    OID_SIGNING_TIME = oid("1.2.840.113549.1.9.5")
    OID_SIGNING_CERT_V2 = oid("1.2.840.113549.1.9.16.2.47")
    OID_TST_INFO, OID_SIGNED_DATA = oid("1.2.840.113549.1.9.16.1.4"), oid("1.2.840.113549.1.7.2")

    def attribute(type_oid: bytes, value: bytes) -> bytes:
        return _tlv(0x30, type_oid + _tlv(0x31, value))

    class BureauTimeStamper(TimeStamper):
        """RFC 3161 tokens signed on this PC with the bureau-issued TSA key (ECDSA).

        The token is written as DER directly from parts encoded once (the TSA's name,
        certificates, signer identifier, algorithm identifiers): asn1crypto built and
        re-encoded every part of a fresh token, 2-3 ms a signature. A test compares the
        bytes with the token asn1crypto builds from the same values.
        """

        policy = "1.3.6.1.4.1.59999.1.1"     # the workbench's local time-stamping policy

        def __init__(self, key, cert, chain):
            super().__init__(include_nonce=True)
            self._key = key
            der = lambda c: c.public_bytes(serialization.Encoding.DER)  # noqa: E731
            self.tsa_cert = asn1_x509.Certificate.load(der(cert))
            self.certs_to_embed = [asn1_x509.Certificate.load(der(c)) for c in chain]
            self._cert_ref = as_signing_certificate_v2(self.tsa_cert).dump()
            # The parts that never change, encoded once.
            self._sid = cms.SignerIdentifier({
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {"issuer": self.tsa_cert.issuer,
                     "serial_number": self.tsa_cert.serial_number})}).dump()
            self._tsa_name = asn1_x509.GeneralName(
                name="directory_name", value=self.tsa_cert.subject).dump()
            certs = cms.CertificateSet([self.tsa_cert, *self.certs_to_embed]).dump()
            self._certs = cms.CertificateSet.load(certs).contents    # SET OF, sorted
            self._policy = oid(self.policy)
            self._algos: dict[str, tuple[bytes, bytes]] = {}

        def _algorithms(self, md: str) -> tuple[bytes, bytes]:
            found = self._algos.get(md)
            if found is None:
                found = self._algos[md] = (
                    algos.DigestAlgorithm({"algorithm": md}).dump(),
                    algos.SignedDigestAlgorithm({"algorithm": f"{md}_ecdsa"}).dump())
            return found

        def _token(self, req: tsp.TimeStampReq, now: datetime | None = None,
                   serial: int | None = None) -> cms.ContentInfo:
            imprint = req["message_imprint"]
            md = imprint["hash_algorithm"]["algorithm"].native
            hash_cls = getattr(hashes, md.upper())
            now = now or datetime.now(UTC).replace(microsecond=0)
            serial = int.from_bytes(os.urandom(8), "big") if serial is None else serial
            nonce = req["nonce"]
            tst = _tlv(0x30, b"".join((
                _der_int(1), self._policy, imprint.dump(), _der_int(serial),
                _tlv(0x18, now.strftime("%Y%m%d%H%M%SZ").encode("ascii")),
                nonce.dump() if nonce.native is not None else b"",
                _tlv(0xA0, self._tsa_name))))
            h = hashes.Hash(hash_cls())
            h.update(tst)
            # RFC 5652: UTCTime for 1950-2049, GeneralizedTime after.
            when = (_tlv(0x17, now.strftime("%y%m%d%H%M%SZ").encode("ascii")) if now.year < 2050
                    else _tlv(0x18, now.strftime("%Y%m%d%H%M%SZ").encode("ascii")))
            attrs = b"".join(sorted((                        # DER: a SET OF sorted
                attribute(OID_CONTENT_TYPE, OID_TST_INFO),
                attribute(OID_SIGNING_TIME, when),
                attribute(OID_SIGNING_CERT_V2, self._cert_ref),
                attribute(OID_MESSAGE_DIGEST, _tlv(0x04, h.finalize())),
            )))
            sig = self._key.sign(_tlv(0x31, attrs), ec.ECDSA(hash_cls()))
            digest_alg, sig_alg = self._algorithms(md)
            signer = _tlv(0x30, _der_int(1) + self._sid + digest_alg + _tlv(0xA0, attrs)
                          + sig_alg + _tlv(0x04, sig))
            signed = _tlv(0x30, b"".join((
                _der_int(3), _tlv(0x31, digest_alg),
                _tlv(0x30, OID_TST_INFO + _tlv(0xA0, _tlv(0x04, tst))),
                _tlv(0xA0, self._certs), _tlv(0x31, signer))))
            return cms.ContentInfo.load(_tlv(0x30, OID_SIGNED_DATA + _tlv(0xA0, signed)))

        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            return tsp.TimeStampResp({"status": tsp.PKIStatusInfo({"status": tsp.PKIStatus("granted")}),
                                      "time_stamp_token": self._token(req)})

    return BureauTimeStamper
