"""Reviewer identities, PAdES signing of review sheets and their verification (offline).

Identities are ECDSA P-256 keys in passphrase-protected PKCS#12 files, issued by a bureau
root certificate that the workbench can create on a PC, or that the bureau's IT hands out
(.pem root, .p12 identities). Nothing here goes on the network: there is no timestamp
authority and no revocation service, so the signing time is the signer's clock and trust
means "chains to a bureau root that this workbench was told to trust".

A sheet carries one empty signature field per role (made by the sheet builder); each
signature fills its own field in an incremental update, so a countersignature leaves the
earlier signature valid. Verification checks every signature, its chain, and that nothing
but later signatures was added after it; anything appended after the last signature fails.
"""
from __future__ import annotations

import asyncio
import atexit
import hashlib
import io
import logging
import os
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import attributes, fields, signers
from pyhanko.sign.general import as_signing_certificate_v2

from workbench.core.pdf.fonts import CJKFont, find_cjk_font
from workbench.core.pdf.sheet_data import ROLE_LABELS, role_field, role_of_field
from workbench.core.signing import clock
from workbench.core.signing.bureau_root import (  # noqa: F401 - re-exported: the root's names
    LEGACY_ROOT_KEY_FILE,
    ROOT_CERT_FILE,
    ROOT_KEY_FILE,
    BureauRoot,
    WrongPassphrase,
    _cn,
    _pass_bytes,
    _read_root_cert,
    _title,
    create_bureau_root,
    import_bureau_root,
    load_bureau_root,
)
from workbench.core.signing.keyfiles import (
    SigningError,
    WeakPassphrase,
    check_passphrase,
    private_folder,
    serialize_p12,
    write_private,
)
from workbench.core.signing.sheet_rules import check_before_signing, stage_text
from workbench.core.signing.sheet_stamp import _SheetStampStyle  # noqa: F401

__all__ = [
    "SigningError", "WrongPassphrase", "WeakPassphrase", "BureauRoot", "Identity", "SignResult",
    
    "create_bureau_root", "load_bureau_root", "import_bureau_root",
    "issue_identity", "load_identity", "import_identity",
    "sign_sheet", "sha256_of",
]

_ROLE_BY_LABEL = {label: role for role, label in ROLE_LABELS.items()}

# pyHanko logs every failed check with a traceback; the verdicts below already say what
# failed, so without an application logging set-up those tracebacks should not reach the
# terminal. An application that configures logging still receives them.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


# --------------------------------------------------------------------------- identities

def issue_identity(root: BureauRoot, reviewer: str, role: str | None, passphrase: str,
                   out_p12: str | os.PathLike, *, valid_days: int = 3 * 365) -> Path:
    """Issue a reviewer's signing identity (ECDSA P-256) as a passphrase-protected .p12
    (see issue_identity_cert, which also returns the certificate)."""
    return issue_identity_cert(root, reviewer, role, passphrase, out_p12,
                               valid_days=valid_days)[0]


def issue_identity_cert(root: BureauRoot, reviewer: str, role: str | None, passphrase: str,
                        out_p12: str | os.PathLike, *, valid_days: int = 3 * 365
                        ) -> tuple[Path, x509.Certificate]:
    """Issue a reviewer's signing identity (ECDSA P-256) as a passphrase-protected .p12.

    `role` ('handler', 'reviewer', 'head' or its Chinese label) is written into the
    certificate's title, and signing refuses to put this identity into another role's field;
    None issues an identity that may sign in any role.
    """
    if root.key is None:
        raise SigningError("未加载根证书私钥，无法签发签名证书")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise SigningError("签署人姓名不能为空")
    check_passphrase(passphrase, names=(reviewer,))
    if role is not None:
        role = _ROLE_BY_LABEL.get(role, role)
        role_field(role)
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    org = root.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, str(org[0].value)))
    if role is not None:
        attrs.append(x509.NameAttribute(NameOID.TITLE, ROLE_LABELS[role]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, reviewer))
    now = clock.now()
    not_after = min(now + timedelta(days=valid_days), root.cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attrs)).issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root.cert.public_key()), critical=False)
        .sign(root.key, hashes.SHA256())
    )
    data = serialize_p12(reviewer.encode("utf-8"), key, cert, [root.cert], _pass_bytes(passphrase))
    out = Path(out_p12)
    private_folder(out.parent)
    if out.exists():
        raise SigningError(f"已有同名签名证书文件，未覆盖：{out}")
    write_private(out, data)
    return out, cert


@dataclass
class Identity:
    """A loaded signing identity: load once, sign many sheets."""

    signer: signers.SimpleSigner
    name: str
    role: str | None          # the role the certificate was issued for, if any
    cert: asn1_x509.Certificate
    path: Path | None = None
    timestamper: object | None = None   # the bureau-local TSA (timestamping.py), if issued

    @property
    def issuer(self) -> str:
        return self.cert.issuer.native.get("common_name", "")


def load_identity(p12: str | os.PathLike | bytes, passphrase: str) -> Identity:
    """Open a .p12 identity; WrongPassphrase (Chinese message) when the passphrase is wrong."""
    path = None
    if isinstance(p12, bytes):
        data = p12
    else:
        path = Path(p12)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SigningError(f"无法读取签名证书文件：{path}（{exc.strerror}）") from exc
    where = f"：{path}" if path else ""
    try:
        asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parse fully to tell damage apart
    except Exception as exc:
        raise SigningError(f"不是有效的签名证书文件（PKCS#12 / .p12）{where}") from exc
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=_pass_bytes(passphrase))
    except ValueError as exc:
        raise WrongPassphrase(f"签名证书口令不正确{where}") from exc
    cert = signer.signing_cert
    signer.signed_attr_prov_spec = _PadesSignedAttributes(cert)
    subject = cert.subject.native
    title = subject.get("title", "")
    timestamper = None
    if path is not None:
        from workbench.core.signing.timestamping import load_timestamper, tsa_path

        try:
            timestamper = load_timestamper(tsa_path(path), _pass_bytes(passphrase))
        except ValueError:        # a TSA file under another passphrase: sign without it
            timestamper = None
    return Identity(signer=signer, name=subject.get("common_name", ""),
                    role=_ROLE_BY_LABEL.get(title), cert=cert, path=path,
                    timestamper=timestamper)


class _SigningCertificateV2(attributes.CMSAttributeProvider):
    """The signing-certificate-v2 attribute, encoded once per identity.

    pyHanko builds this value afresh for every signature; asn1crypto then re-encodes the
    freshly built (hence "mutated") issuer name each time the signed attributes are dumped,
    which was most of the cost of a signature. A value parsed from its own DER encoding is
    not mutated, so dumping it only copies bytes. The attribute is the same bytes as before.
    """

    attribute_type = "signing_certificate_v2"

    def __init__(self, cert: asn1_x509.Certificate):
        self._der = as_signing_certificate_v2(cert).dump()

    async def build_attr_value(self, dry_run=False):
        return tsp.SigningCertificateV2.load(self._der)


class _PadesSignedAttributes(attributes.SignedAttributeProviderSpec):
    """What pyHanko's PAdES spec signs for us (content type and message digest are always
    added by pyHanko; PAdES forbids the signing-time attribute), with the certificate
    reference cached."""

    def __init__(self, cert: asn1_x509.Certificate):
        self._cert_ref = _SigningCertificateV2(cert)

    def signed_attr_providers(self, data_digest, digest_algorithm):
        yield self._cert_ref


def import_identity(p12_path: str | os.PathLike, passphrase: str,
                    directory: str | os.PathLike, root: BureauRoot | None = None) -> Path:
    """Take in an identity handed out by the bureau's IT: the passphrase is checked, and
    with `root` that the identity was issued by it; then the file is copied to `directory`."""
    identity = load_identity(p12_path, passphrase)
    if root is not None and not _issued_by(identity.cert, root):
        raise SigningError(f"该签名证书不是由根证书“{root.name}”签发的")
    folder = private_folder(directory)
    dest = folder / Path(p12_path).name
    if dest.resolve() != Path(p12_path).resolve():
        if dest.exists():
            raise SigningError(f"目录中已有同名签名证书，未覆盖：{dest}")
        write_private(dest, _reencrypted(Path(p12_path).read_bytes(), passphrase))
    return dest


def _reencrypted(data: bytes, passphrase: str) -> bytes:
    """An identity from elsewhere, kept under this PC's encryption (keyfiles), same passphrase:
    a .p12 made with OpenSSL's 2,048 rounds would otherwise stay that cheap to guess."""
    key, cert, extra = pkcs12.load_key_and_certificates(data, _pass_bytes(passphrase))
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    friendly = str(name[0].value).encode("utf-8") if name else None
    return serialize_p12(friendly, key, cert, extra or None, _pass_bytes(passphrase))


def _issued_by(cert: asn1_x509.Certificate, root: BureauRoot) -> bool:
    c = x509.load_der_x509_certificate(cert.dump())
    try:
        c.verify_directly_issued_by(root.cert)
        return True
    except (ValueError, TypeError, Exception):
        return False


# --------------------------------------------------------------------------- signing

@dataclass(frozen=True)
class SignResult:
    field: str
    role: str
    signer: str
    sha256: str             # of the signed file, for the audit trail
    size: int


def sha256_of(data: bytes | str | os.PathLike) -> str:
    if not isinstance(data, bytes):
        data = Path(data).read_bytes()
    return hashlib.sha256(data).hexdigest()


def _read(src: str | os.PathLike | bytes | BinaryIO) -> bytes:
    if isinstance(src, bytes):
        return src
    if hasattr(src, "read"):
        return src.read()
    return Path(src).read_bytes()


def _reserve(identity: Identity) -> int:
    """Room for the signature container: the certificates it carries plus a generous margin
    for the ECDSA value and the signed attributes. Without it pyHanko signs a dummy container
    first to measure it, which costs as much as the signature itself."""
    certs = [identity.signer.signing_cert, *identity.signer.cert_registry]
    need = sum(len(c.dump()) for c in certs) + 4096
    if identity.timestamper is not None:     # the token: TSA certificates, TSTInfo, signature
        ts = identity.timestamper
        need += len(ts.tsa_cert.dump()) + sum(len(c.dump()) for c in ts.certs_to_embed) + 2048
    return -(-need // 512) * 512          # pyHanko wants an even number; round up generously


def _signers_by_role(reader) -> dict[str, str]:
    out = {}
    for sig in reader.embedded_regular_signatures:
        role = role_of_field(sig.field_name)
        if role:
            out[role] = sig.signer_cert.subject.native.get("common_name", "")
    return out


def _check_validity(identity: Identity) -> None:
    """A certificate outside its validity period signs nothing (the signature would not
    verify, or would claim a time the certificate does not cover)."""
    now = clock.now()
    before, after = identity.cert.not_valid_before, identity.cert.not_valid_after
    fmt = "%Y-%m-%d %H:%M UTC"
    if now < before:
        raise SigningError(f"{identity.name} 的签名证书尚未生效（自 {before:{fmt}} 起有效），未签署")
    if now > after:
        raise SigningError(f"{identity.name} 的签名证书已于 {after:{fmt}} 过期，未签署；"
                           "请重新签发签名证书")


_runner: asyncio.Runner | None = None
_runner_lock = threading.Lock()


def _run(coro):
    """Run pyHanko's signing coroutine on one event loop kept for the process
    (PdfSigner.sign_pdf makes and closes a loop per signature: ~0.3 ms). Signatures from
    several threads take turns; they are CPU-bound Python and would anyway."""
    global _runner
    with _runner_lock:
        if _runner is None:
            _runner = asyncio.Runner()
            atexit.register(_runner.close)
        return _runner.run(coro)


def sign_sheet(pdf_in: str | os.PathLike | bytes | BinaryIO,
               pdf_out: str | os.PathLike | BinaryIO | None, identity: Identity,
               role: str | None = None, *, location: str = "深圳市光明区",
               font: CJKFont | None = None, chain_head: str | None = None,
               stage: str | None = None) -> SignResult:
    """Sign a review sheet as PAdES into the role's pre-made field, as an incremental update.

    `role` defaults to the role the identity was issued for. Refuses a sheet without that
    field, a field already signed, and a role other than the identity's own.
    """
    role = _ROLE_BY_LABEL.get(role, role) if role else identity.role
    if role is None:
        raise SigningError("请指定签署角色（经办人、复核人或负责人）")
    field_name = role_field(role)
    label = ROLE_LABELS[role]
    if identity.role is not None and identity.role != role:
        raise SigningError(f"该签名证书签发给“{ROLE_LABELS[identity.role]}”，"
                           f"不能在“{label}”签名栏签署")
    _check_validity(identity)
    data = _read(pdf_in)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise SigningError(f"无法读取待签署的审核表 PDF（{exc}）") from exc
    state = {name: filled for name, filled, _ in fields.enumerate_sig_fields(writer.prev)}
    if field_name not in state:
        raise SigningError(f"此审核表没有“{label}”签名栏")
    if state[field_name] is not None:
        raise SigningError(f"“{label}”签名栏已经签署过")
    # Earlier signers are read only where a field is filled (a first signature has none).
    signed = _signers_by_role(writer.prev) if any(v is not None for v in state.values()) else {}
    why = check_before_signing(role, identity.name, signed,
                               {role_of_field(f) for f in state} - {None})
    if why:
        raise SigningError(why)
    font = font or find_cjk_font()
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.name, location=location,
        # The audit chain's head at signing (anchor.head_of): the sheet anchors the log.
        reason="；".join(x for x in (f"{label}审核签署", stage_text(stage), chain_head or "") if x),
        signer_key_usage={"non_repudiation"},
    )
    stamp = _SheetStampStyle(signer_name=identity.name, role_label=label,
                             issuer=identity.issuer, font=font)
    pdf_signer = signers.PdfSigner(meta, signer=identity.signer, stamp_style=stamp,
                                   timestamper=identity.timestamper)
    out = io.BytesIO()
    try:
        _run(pdf_signer.async_sign_pdf(writer, existing_fields_only=True, output=out,
                                       bytes_reserved=_reserve(identity)))
    except Exception as exc:
        raise SigningError(f"签署失败：{exc}") from exc
    signed = out.getvalue()
    if pdf_out is not None:
        if hasattr(pdf_out, "write"):
            pdf_out.write(signed)
        else:
            tmp = Path(f"{os.fspath(pdf_out)}.part")
            tmp.write_bytes(signed)
            os.replace(tmp, pdf_out)
    return SignResult(field=field_name, role=role, signer=identity.name,
                      sha256=hashlib.sha256(signed).hexdigest(), size=len(signed))


# --------------------------------------------------------------------------- verification
