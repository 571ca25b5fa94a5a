"""How private keys are kept on disk: passphrase policy, the PKCS#12 encryption, file modes.

Every private key the workbench writes (the bureau root's and the reviewers') is a PKCS#12
file encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) at KDF_ROUNDS iterations, with an
HMAC-SHA256 integrity MAC at the same count. OpenSSL's default of 2,048 rounds lets a PC try
about 5,000 passphrases a second; at 600,000 it is ~300 times slower, so guessing even a
modest passphrase costs days instead of minutes. The price is paid once per load (about half a
second here), so an identity is loaded once per batch of signatures, never per sheet.

Files are created 0600 and folders 0700 whatever the process umask (the mode is set after
creation, so a umask of 000 does not widen them). On Windows the modes are ignored and the
folder's ACLs (the user's profile) apply.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization.pkcs12 import PBES

__all__ = ["KDF_ROUNDS", "MIN_LENGTH", "SigningError", "WeakPassphrase", "check_passphrase", "p12_encryption", "serialize_p12",
           "write_private", "write_public", "private_folder"]

KDF_ROUNDS = 600_000
MIN_LENGTH = 10

# Guesses an attacker tries first; compared after lower-casing and dropping separators.
_OBVIOUS = {
    "password", "passw0rd", "p@ssw0rd", "qwertyuiop", "qwerty", "asdfghjkl", "zxcvbnm",
    "1qaz2wsx", "abc123", "admin", "administrator", "letmein", "welcome", "iloveyou",
    "guangming", "gmsensor", "shenzhen", "workbench", "changeme", "default", "secret",
    "woaini", "gongxinju", "guangmingqu",
}
_SEQUENCES = ("0123456789012345678901234567890", "abcdefghijklmnopqrstuvwxyzabcdefghij",
              "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn")


class SigningError(RuntimeError):
    """A signing, key or certificate problem; the message is Chinese and user-facing."""


class WeakPassphrase(SigningError, ValueError):
    """The passphrase does not meet the policy (message in Chinese, says what to change)."""


def _classes(text: str) -> int:
    return sum(bool(re.search(p, text)) for p in (r"[0-9]", r"[a-z]", r"[A-Z]", r"[^0-9A-Za-z]"))


def _longest_run(core: str) -> int:
    """The longest piece of `core` that is a keyboard or counting run, either direction."""
    runs = _SEQUENCES + tuple(seq[::-1] for seq in _SEQUENCES)
    best = 0
    for i in range(len(core)):
        for j in range(len(core), i + best, -1):
            if any(core[i:j] in seq for seq in runs):
                best = j - i
                break
    return best


def check_passphrase(passphrase: str | None, *, names: tuple[str, ...] = ()) -> str:
    """The passphrase if it is acceptable, else WeakPassphrase saying why.

    At least MIN_LENGTH characters; not of one kind of character only (all digits, all
    lower-case letters…); not one character repeated, a keyboard or counting run, a common
    password, or the holder's name with a few digits.
    """
    if passphrase is None or passphrase == "":
        raise WeakPassphrase("必须设置口令（私钥不会以明文保存）")
    text = str(passphrase)
    if len(text) < MIN_LENGTH:
        raise WeakPassphrase(f"口令太短：至少需要 {MIN_LENGTH} 个字符（现为 {len(text)} 个）")
    if len(set(text)) <= 2:
        raise WeakPassphrase("口令不能由同一两个字符重复组成")
    if _classes(text) < 2 and not re.search(r"[^\x00-\x7f]", text):
        raise WeakPassphrase("口令不能只由一类字符组成（如全是数字或全是小写字母），"
                             "请混合数字、字母和符号")
    core = re.sub(r"[\s._\-!@#$%^&*]+", "", text.lower())
    stripped = re.sub(r"\d+$", "", core)
    if len(core) - _longest_run(core) < 4:
        raise WeakPassphrase("口令主要是键盘或数字的连续序列，容易被猜中")
    if core in _OBVIOUS or stripped in _OBVIOUS or re.sub(r"^\d+", "", core) in _OBVIOUS:
        raise WeakPassphrase("口令是常见口令，容易被猜中，请另选")
    for name in names:
        n = re.sub(r"\s+", "", (name or "").lower())
        # The name repeated or wrapped in a few characters is guessed as easily as the name.
        if n and (core == n or stripped == n or core.startswith(n) and core[len(n):].isdigit()
                  or n in core and len(core.replace(n, "")) < 4):
            raise WeakPassphrase("口令不能是姓名（或姓名加数字），容易被猜中")
    return text


def p12_encryption(passphrase: bytes) -> serialization.KeySerializationEncryption:
    """PBES2 SHA-256 / AES-256-CBC, KDF_ROUNDS iterations, HMAC-SHA256 MAC."""
    return (serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(KDF_ROUNDS)
            .key_cert_algorithm(PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(passphrase))


def serialize_p12(name: bytes | None, key, cert, cas, passphrase: bytes) -> bytes:
    """A PKCS#12 file of key and certificates under p12_encryption, with its MAC also at
    KDF_ROUNDS iterations.

    cryptography (OpenSSL) writes the integrity MAC with 2,048 iterations whatever the
    encryption's count, and a guess can be tested against the MAC alone, which would undo
    the 600,000 rounds of the encryption. So the MAC is computed again here (RFC 7292: HMAC
    over the authenticated safe, key from the PKCS#12 KDF, ID 3) with KDF_ROUNDS iterations
    and a fresh salt; OpenSSL reads the count from the file.
    """
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = pkcs12.serialize_key_and_certificates(name, key, cert, cas, p12_encryption(passphrase))
    pfx = asn1_pkcs12.Pfx.load(data)
    content = pfx["auth_safe"]["content"].native          # the DER the MAC covers
    salt = os.urandom(16)
    mac_key = _pkcs12_kdf_sha256(passphrase.decode("utf-8"), salt, KDF_ROUNDS)
    digest = hmac.new(mac_key, content, hashlib.sha256).digest()
    pfx["mac_data"] = asn1_pkcs12.MacData({
        "mac": {"digest_algorithm": {"algorithm": "sha256"}, "digest": digest},
        "mac_salt": salt, "iterations": KDF_ROUNDS})
    return pfx.dump(force=True)


def _pkcs12_kdf_sha256(password: str, salt: bytes, iterations: int) -> bytes:
    """RFC 7292 appendix B.2, ID 3 (MAC key), SHA-256: 32 bytes, so one block A_1."""
    v = 64
    pw = password.encode("utf-16-be") + b"\0\0"           # BMPString with its terminator
    stretch = lambda b: (b * (-(-len(b) // v) * v // len(b) + 1))[: -(-len(b) // v) * v] if b else b""  # noqa: E731
    a = hashlib.sha256(bytes([3]) * v + stretch(salt) + stretch(pw)).digest()
    for _ in range(iterations - 1):
        a = hashlib.sha256(a).digest()
    return a


def private_folder(folder: str | os.PathLike) -> Path:
    """Make `folder` (and missing parents, each 0700) and set it to 0700."""
    folder = Path(folder)
    missing = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):     # each folder made here is 0700, not just the last
        d.mkdir(exist_ok=True)
        _chmod(d, 0o700)
    _chmod(folder, 0o700)
    return folder


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except (OSError, NotImplementedError):  # pragma: no cover - Windows: ACLs apply
        pass


def _write(path: Path, data: bytes, mode: int, *, exclusive: bool) -> Path:
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, mode)
    try:
        # The mode given to open() is masked by the umask; set it outright, before any
        # byte of the key is written.
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        if fd >= 0:
            os.close(fd)
    _chmod(path, mode)
    return path


def write_private(path: str | os.PathLike, data: bytes) -> Path:
    """A new key file, 0600 (refuses to overwrite an existing file)."""
    return _write(Path(path), data, 0o600, exclusive=True)


def write_public(path: str | os.PathLike, data: bytes) -> Path:
    """A certificate file: readable, writable only by its owner (0644), never 0666."""
    return _write(Path(path), data, 0o644, exclusive=False)
