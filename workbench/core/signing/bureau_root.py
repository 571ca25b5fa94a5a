"""The bureau root certificate: create, load (with its key, where this PC issues identities),
import one handed out by the bureau's IT.

Split from `signer` (identities and PAdES signing), which imports these names and re-exports
them; the root is plain `cryptography` work and needs nothing of pyHanko.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from workbench.core.signing import clock
from workbench.core.signing.keyfiles import (
    SigningError,
    check_passphrase,
    private_folder,
    serialize_p12,
    write_private,
    write_public,
)


class WrongPassphrase(SigningError):
    pass



@dataclass
class BureauRoot:
    """The bureau's root certificate; `key` only where this PC issues identities."""

    cert: x509.Certificate
    cert_path: Path | None = None
    key: ec.EllipticCurvePrivateKey | None = None
    key_path: Path | None = None

    @property
    def name(self) -> str:
        return _cn(self.cert.subject)

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))


def _cn(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else name.rfc4514_string()


def _title(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(NameOID.TITLE)
    return str(attrs[0].value) if attrs else ""


def _pass_bytes(passphrase: str | bytes | None) -> bytes | None:
    if passphrase is None or passphrase == "" or passphrase == b"":
        return None
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase


ROOT_CERT_FILE = "bureau-root.pem"
ROOT_KEY_FILE = "bureau-root-key.p12"
LEGACY_ROOT_KEY_FILE = "bureau-root-key.pem"


def create_bureau_root(directory: str | os.PathLike, name: str = "光明区智能传感器扶持资金审核根证书",
                       passphrase: str | None = None, *, organization: str = "深圳市光明区",
                       valid_years: int = 20) -> BureauRoot:
    """Make a bureau root (ECDSA P-256): writes bureau-root.pem and bureau-root-key.p12.

    The key is always encrypted (keyfiles: PBES2/AES-256, 600,000 rounds); a missing or weak
    passphrase is refused (WeakPassphrase) before anything is written. Keep the key file off
    shared drives.
    """
    check_passphrase(passphrase, names=(name, organization))
    folder = Path(directory)
    cert_path, key_path = folder / ROOT_CERT_FILE, folder / ROOT_KEY_FILE
    if cert_path.exists() or key_path.exists() or (folder / LEGACY_ROOT_KEY_FILE).exists():
        raise SigningError(f"目录中已有根证书，未覆盖：{cert_path}")
    private_folder(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ])
    now = clock.now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * valid_years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    data = serialize_p12(name.encode("utf-8"), key, cert, None, _pass_bytes(passphrase))
    write_private(key_path, data)
    write_public(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return BureauRoot(cert, cert_path, key, key_path)


def _read_root_cert(path: Path) -> x509.Certificate:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"无法读取根证书文件：{path}（{exc.strerror}）") from exc
    try:
        cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                else x509.load_der_x509_certificate(data))
    except ValueError as exc:
        raise SigningError(f"不是有效的证书文件（应为 PEM 或 DER 格式）：{path}") from exc
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        bc = None
    if not (bc and bc.ca):
        raise SigningError(f"该证书不是根证书（不能签发证书）：{path}")
    return cert


def load_bureau_root(cert_path: str | os.PathLike, key_path: str | os.PathLike | None = None,
                     passphrase: str | None = None) -> BureauRoot:
    """Load a root certificate, and its key if this PC issues identities."""
    cert_path = Path(cert_path)
    cert = _read_root_cert(cert_path)
    key = None
    if key_path is not None:
        key_path = Path(key_path)
        try:
            data = key_path.read_bytes()
        except OSError as exc:
            raise SigningError(f"无法读取根证书私钥文件：{key_path}（{exc.strerror}）") from exc
        try:
            if b"-----BEGIN" in data:      # a key written by an earlier version
                key = serialization.load_pem_private_key(data, _pass_bytes(passphrase))
            else:
                key = pkcs12.load_key_and_certificates(data, _pass_bytes(passphrase))[0]
        except (TypeError, ValueError) as exc:
            raise WrongPassphrase(f"根证书私钥口令不正确或文件已损坏：{key_path}") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise SigningError(f"根证书私钥文件中没有可用的私钥：{key_path}")
        if key.public_key().public_numbers() != cert.public_key().public_numbers():
            raise SigningError("根证书私钥与根证书不匹配")
    return BureauRoot(cert, cert_path, key, Path(key_path) if key_path else None)


def import_bureau_root(pem_path: str | os.PathLike, directory: str | os.PathLike) -> BureauRoot:
    """Trust a root handed out by the bureau's IT: checked, then copied to `directory`."""
    src = Path(pem_path)
    cert = _read_root_cert(src)
    folder = private_folder(directory)
    dest = folder / ROOT_CERT_FILE
    if dest.exists() and dest.read_bytes() != cert.public_bytes(serialization.Encoding.PEM):
        raise SigningError(f"目录中已有另一根证书，未覆盖：{dest}")
    write_public(dest, cert.public_bytes(serialization.Encoding.PEM))
    return BureauRoot(cert, dest)
