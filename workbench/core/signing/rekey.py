"""Changing the passphrase of a key file this PC keeps: a reviewer's identity (and the
time-stamping key issued beside it) or the bureau root's key.

The key and certificates are read under the old passphrase and written again under the new
one with the same encryption as a new key (keyfiles.serialize_p12), to a new file first and
then renamed over the old one, so a failure leaves the old file as it was. The new passphrase
meets the same policy as at issue (keyfiles.check_passphrase, with the holder's name).
"""
from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from workbench.core.signing.keyfiles import check_passphrase, serialize_p12, write_private
from workbench.core.signing.signer import SigningError, WrongPassphrase

__all__ = ["change_passphrase"]


def _holder(cert) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME) if cert is not None else []
    return str(attrs[0].value) if attrs else ""


def _open(path: Path, old: str):
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(path.read_bytes(), old.encode("utf-8"))
    except OSError as exc:
        raise SigningError(f"无法读取密钥文件：{path}（{exc.strerror}）") from exc
    except (TypeError, ValueError) as exc:
        raise WrongPassphrase(f"原口令不正确：{path.name}") from exc
    if key is None:
        raise SigningError(f"密钥文件中没有私钥：{path}")
    return key, cert, extra


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".new")
    tmp.unlink(missing_ok=True)
    write_private(tmp, data)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def change_passphrase(p12: str | os.PathLike, old: str, new: str) -> list[Path]:
    """Re-encrypt `p12` (and its time-stamping key, when that is under the same passphrase)
    from `old` to `new`. Returns the files rewritten. WrongPassphrase when `old` does not
    open `p12`; WeakPassphrase when `new` is refused; nothing is written then."""
    path = Path(p12)
    key, cert, extra = _open(path, old)
    check_passphrase(new, names=(_holder(cert),) if _holder(cert) else ())
    friendly = _holder(cert).encode("utf-8") or None
    writes = [(path, serialize_p12(friendly, key, cert, extra or None, new.encode("utf-8")))]
    from workbench.core.signing.timestamping import tsa_path

    tsa = tsa_path(path)
    if tsa.is_file():
        try:
            tkey, tcert, textra = _open(tsa, old)
        except WrongPassphrase:
            tkey = None          # kept under another passphrase: left as it is
        if tkey is not None:
            writes.append((tsa, serialize_p12(b"tsa", tkey, tcert, textra or None, new.encode("utf-8"))))
    for target, data in writes:
        _replace(target, data)
    return [t for t, _ in writes]
