"""Where this PC keeps the bureau root and the reviewers' signing identities, and signing
that is recorded in the audit trail.

The keys folder (by default `keys/` beside the store; `WORKBENCH_KEYS` or an explicit path
moves it):

    keys/bureau-root.pem          the root every sheet's signatures must chain to (trusted)
    keys/bureau-root-key.p12      the root's key, only on the PC that issues identities
                                  (PKCS#12, 600,000 KDF rounds; an earlier version's
                                  bureau-root-key.pem is still read)
    keys/identities/NAME-ROLE.p12 reviewers' identities (ECDSA P-256, passphrase-protected)
    keys/identities/NAME-ROLE.pem the identity's certificate alone, so that the list can show
                                  who and which role without asking for every passphrase

The certificates themselves are made and checked in `signing`; this module only decides
where files go and records signatures in the audit log. The folder and its sub-folders are
0700, key files 0600 (keyfiles), whatever the umask.
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from workbench.core.domain.files import safe_name, temp_beside
from workbench.core.pdf.fonts import CJKFont
from workbench.core.pdf.sheet_data import ROLE_LABELS
from workbench.core.signing.keyfiles import check_passphrase, private_folder, write_public
from workbench.core.signing.signer import (
    BureauRoot,
    Identity,
    SigningError,
    SignResult,
    create_bureau_root,
    import_bureau_root,
    issue_identity_cert,
    load_bureau_root,
    load_identity,
    sha256_of,
    sign_sheet,
)
from workbench.core.signing.signer import import_identity as _import_identity
from workbench.core.store import audit, review_repo, sheets
from workbench.core.store.database import Store

__all__ = ["Keys", "IdentityInfo", "keys_folder", "normalize_role", "sign_recorded",
           "application_of_hash", "ROOT_CERT", "ROOT_KEY", "LEGACY_ROOT_KEY", "IDENTITIES"]

ROOT_CERT = "bureau-root.pem"
ROOT_KEY = "bureau-root-key.p12"
LEGACY_ROOT_KEY = "bureau-root-key.pem"
IDENTITIES = "identities"
_ALIASES = {"leader": "head", "经办": "handler", "复核": "reviewer", "负责": "head",
            **{label: role for role, label in ROLE_LABELS.items()}}


def normalize_role(role: str | None) -> str | None:
    """'handler' / 'reviewer' / 'head' (also 'leader' and the Chinese labels) -> role key."""
    if role is None or role == "":
        return None
    key = _ALIASES.get(role.strip(), role.strip().lower())
    if key not in ROLE_LABELS:
        raise SigningError(f"未知的签署角色：{role}（应为 handler 经办人、reviewer 复核人或 head 负责人）")
    return key


def keys_folder(store_path: str | os.PathLike | None = None,
                configured: str | os.PathLike | None = None) -> Path:
    """The keys folder: `configured`, else $WORKBENCH_KEYS, else keys/ beside the store."""
    if configured:
        return Path(configured)
    env = os.environ.get("WORKBENCH_KEYS")
    if env:
        return Path(env)
    if store_path is None:
        raise SigningError("未指定密钥文件夹")
    return Path(store_path).resolve().parent / "keys"


@dataclass(frozen=True)
class IdentityInfo:
    """An identity file in the keys folder, as far as it can be read without its passphrase."""

    path: Path
    name: str
    role: str | None
    issuer: str
    not_after: datetime | None
    fingerprint: str          # sha256 of the certificate, as the audit entries record it

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role or "", "任意角色")

    def as_dict(self) -> dict:
        return {"file": str(self.path), "name": self.name, "role": self.role,
                "role_label": self.role_label, "issuer": self.issuer,
                "not_after": self.not_after.isoformat() if self.not_after else None,
                "fingerprint": self.fingerprint}


def _cn(name: x509.Name) -> str:
    attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else ""


def _title_role(name: x509.Name) -> str | None:
    attrs = name.get_attributes_for_oid(NameOID.TITLE)
    label = str(attrs[0].value) if attrs else ""
    return next((r for r, lab in ROLE_LABELS.items() if lab == label), None)


def _file_part(text: str) -> str:
    return safe_name(text, 40)


class Keys:
    """The keys folder of this PC."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    @classmethod
    def beside(cls, store_path, configured=None) -> Keys:
        return cls(keys_folder(store_path, configured))

    @property
    def root_cert_path(self) -> Path:
        return self.folder / ROOT_CERT

    @property
    def root_key_path(self) -> Path:
        legacy = self.folder / LEGACY_ROOT_KEY
        return legacy if legacy.is_file() and not (self.folder / ROOT_KEY).exists() \
            else self.folder / ROOT_KEY

    @property
    def identities_dir(self) -> Path:
        return self.folder / IDENTITIES

    def has_root(self) -> bool:
        return self.root_cert_path.is_file()

    def can_issue(self) -> bool:
        return self.has_root() and self.root_key_path.is_file()

    # ---- the root ------------------------------------------------------------------------

    def init_root(self, passphrase: str | None, *, name: str = "光明区智能传感器扶持资金审核根证书",
                  organization: str = "深圳市光明区", valid_years: int = 20) -> BureauRoot:
        """Create the bureau root on this PC (refuses when the folder already has one)."""
        if self.has_root():
            raise SigningError(f"密钥文件夹中已有根证书，未覆盖：{self.root_cert_path}")
        return create_bureau_root(self.folder, name, passphrase, organization=organization,
                                  valid_years=valid_years)

    def import_root(self, pem: str | os.PathLike) -> BureauRoot:
        """Trust the root the bureau's IT hands out (.pem or .cer)."""
        return import_bureau_root(pem, self.folder)

    def root(self, passphrase: str | None = None, *, with_key: bool = False) -> BureauRoot:
        if not self.has_root():
            raise SigningError(f"尚未设置根证书（{self.root_cert_path}）：请先运行 identity init-root "
                               "创建，或 identity import 导入信息部门提供的根证书")
        if with_key:
            if not self.root_key_path.is_file():
                raise SigningError("本机没有根证书私钥，不能签发签名证书；请由持有根证书私钥的电脑签发，"
                                   "或导入信息部门签发的 .p12")
            return load_bureau_root(self.root_cert_path, self.root_key_path, passphrase)
        return load_bureau_root(self.root_cert_path)

    def trust_roots(self) -> list[BureauRoot]:
        return [self.root()]

    # ---- identities ----------------------------------------------------------------------

    def _write_cert(self, p12: Path, cert_der: bytes) -> None:
        cert = x509.load_der_x509_certificate(cert_der)
        write_public(p12.with_suffix(".pem"), cert.public_bytes(serialization.Encoding.PEM))

    def issue(self, reviewer: str, role: str | None, passphrase: str, *,
              root_passphrase: str | None = None, valid_days: int = 3 * 365) -> Path:
        """Issue `reviewer` an identity for `role` (None: any role) into identities/."""
        role = normalize_role(role)
        check_passphrase(passphrase, names=(reviewer,))   # before the root key is decrypted
        root = self.root(root_passphrase, with_key=True)
        folder = private_folder(self.identities_dir)
        stem = f"{_file_part(reviewer)}-{role or 'any'}"
        dest, n = folder / f"{stem}.p12", 1
        while dest.exists():               # a re-issued identity keeps the old file
            n += 1
            dest = folder / f"{stem}-{n}.p12"
        _, cert = issue_identity_cert(root, reviewer, role, passphrase, dest,
                                      valid_days=valid_days)
        from workbench.core.signing.timestamping import issue_tsa, tsa_path

        issue_tsa(root, reviewer, passphrase.encode("utf-8"), tsa_path(dest))
        self._write_cert(dest, cert.public_bytes(serialization.Encoding.DER))
        return dest

    def import_identity(self, p12: str | os.PathLike, passphrase: str) -> Path:
        """Take in an identity (.p12) issued by the trusted root; the passphrase is checked."""
        root = self.root()
        dest = _import_identity(p12, passphrase, self.identities_dir, root)
        self._write_cert(dest, load_identity(dest, passphrase).cert.dump())
        return dest

    def identities(self) -> list[IdentityInfo]:
        out = []
        if not self.identities_dir.is_dir():
            return out
        for p12 in sorted(self.identities_dir.glob("*.p12")):
            pem = p12.with_suffix(".pem")
            try:
                cert = x509.load_pem_x509_certificate(pem.read_bytes())
            except (OSError, ValueError):
                out.append(IdentityInfo(p12, p12.stem, None, "", None, ""))
                continue
            der = cert.public_bytes(serialization.Encoding.DER)
            out.append(IdentityInfo(p12, _cn(cert.subject), _title_role(cert.subject),
                                    _cn(cert.issuer), cert.not_valid_after_utc,
                                    hashlib.sha256(der).hexdigest()))
        return out

    def find(self, what: str | os.PathLike) -> Path:
        """A .p12 by path, or by file name / signer name in identities/."""
        path = Path(what)
        if path.is_file():
            return path
        text = str(what)
        hits = [i.path for i in self.identities()
                if text in (i.path.name, i.path.stem, i.name)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise SigningError(f"“{text}”对应多个签名证书，请给出文件路径："
                               + "、".join(h.name for h in hits))
        raise SigningError(f"找不到签名证书：{text}")

    def load(self, what: str | os.PathLike, passphrase: str) -> Identity:
        return load_identity(self.find(what), passphrase)


# ---- signing, recorded ----------------------------------------------------------------------

def application_of_hash(store: Store, sha256: str) -> int | None:
    """The application whose sheet had this sha256 when it was exported or last signed."""
    return sheets.application_of_hash(store, sha256)


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def sign_recorded(store: Store, pdf: str | os.PathLike, identity: Identity, role: str | None = None, *,
                  actor: str | None = None, out: str | os.PathLike | None = None,
                  location: str = "深圳市光明区", font: CJKFont | None = None) -> SignResult:
    """Sign a sheet file (in place, or into `out`) and record the signature in the audit trail.

    The signed file is written in full to a temporary file first; under the store's write
    lock it is renamed over the target and the audit entry (file, role, signer, certificate,
    sha256 before and after) is written. If the entry cannot be written the target is put
    back, so a signature on disk is always a recorded one and a failure leaves no half file.
    """
    src = Path(pdf)
    dest = Path(out) if out is not None else src
    if dest.is_dir():
        dest = dest / src.name
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise SigningError(f"无法读取文件：{src}（{exc.strerror}）") from exc
    before = sha256_of(data)
    buf = io.BytesIO()
    from workbench.core.store.anchor import head_of

    app_id = application_of_hash(store, before)
    stage = None
    if app_id is not None:
        row = review_repo.app_state(store, app_id)
        stage = row["stage"] if row else None
    result = sign_sheet(data, buf, identity, normalize_role(role), location=location, font=font,
                        chain_head=head_of(store), stage=stage)
    signed = buf.getvalue()
    dest.parent.mkdir(parents=True, exist_ok=True)
    previous = dest.read_bytes() if dest.exists() else None
    fd, tmp = temp_beside(dest)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        _fsync_write(tmp_path, signed)
        details = {
            "file": dest.name, "role": result.role, "field": result.field,
            "signer": result.signer, "issuer": identity.issuer,
            "certificate": hashlib.sha256(identity.cert.dump()).hexdigest(),
            "sha256_before": before, "sha256": result.sha256, "size": result.size,
            "application": app_id,
        }
        subject = f"application:{app_id}" if app_id is not None else f"file:{dest.name}"
        replaced = False
        try:
            with store.transaction():
                os.replace(tmp_path, dest)
                replaced = True
                e = audit.record(store, actor or identity.name, "sign", subject, details)
                if app_id is not None:
                    sheets.record(store, e, "sign", [sheets.SheetFile(
                        result.sha256, app_id, dest.name, result.role)])
        except BaseException:
            # Not recorded (the store was busy, the disk full…): the signature is taken back.
            if replaced:
                if previous is None:
                    dest.unlink(missing_ok=True)
                else:
                    _fsync_write(tmp_path, previous)
                    os.replace(tmp_path, dest)
            raise
    finally:
        tmp_path.unlink(missing_ok=True)
    return result
