"""A TLS certificate for the office's PostgreSQL server, issued by the bureau root.

Office mode's clients connect with `sslmode=verify-full` and the bureau root as `sslrootcert`,
so a machine pretending to be the server (or a certificate for another name) is refused before
a password or a decision crosses the network. The bureau root is already the trust anchor of
the review sheets' signatures; issuing the server's certificate from it spares the section a
second CA. The key is written unencrypted, 0600, because the server reads it at start without
a person there (PostgreSQL refuses a key file others can read).
"""
from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from workbench.core.signing import clock
from workbench.core.signing.bureau_root import BureauRoot
from workbench.core.signing.keyfiles import SigningError, private_folder, write_private, write_public

__all__ = ["issue_server_cert", "SERVER_CERT_FILE", "SERVER_KEY_FILE"]

SERVER_CERT_FILE = "server.crt"
SERVER_KEY_FILE = "server.key"


def _alt_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def issue_server_cert(root: BureauRoot, names: list[str], folder: str | os.PathLike, *,
                      valid_days: int = 2 * 365) -> tuple[Path, Path]:
    """server.crt (the server's certificate, then the root's) and server.key into `folder`,
    for the host names and addresses in `names` (the names clients put in the address)."""
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise SigningError("请给出服务器的主机名或 IP 地址（客户端地址中写的那个）")
    if root.key is None:
        raise SigningError("签发服务器证书需要根证书私钥")
    folder = private_folder(folder)
    cert_path, key_path = folder / SERVER_CERT_FILE, folder / SERVER_KEY_FILE
    if cert_path.exists() or key_path.exists():
        raise SigningError(f"目录中已有服务器证书，未覆盖：{cert_path}")
    key = ec.generate_private_key(ec.SECP256R1())
    now = clock.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(root.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=True, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName([_alt_name(n) for n in names]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root.cert.public_key()), critical=False)  # type: ignore[arg-type]
        .sign(root.key, hashes.SHA256())
    )
    write_private(key_path, key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    write_public(cert_path, cert.public_bytes(serialization.Encoding.PEM)
                 + root.cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path
