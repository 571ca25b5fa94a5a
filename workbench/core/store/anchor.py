"""Anchoring the audit chain outside the store file: signed checkpoints and sheets' heads.

The chain (audit.py) and the row hashes (coverage.py) have no key: someone who can write the
store file can rewrite rows, hashes and every later entry consistently. Two things they cannot
forge without a reviewer's passphrase or the paper trail:

* **Checkpoints.** A checkpoint entry carries an ECDSA signature, made with a reviewer's
  signing identity (issued by the bureau root), over the hash of the entry before it. That
  hash commits to the whole log up to there, and through the logged row digests to every
  covered row. A workbench that has a signer registered (`signing_as`) appends a checkpoint
  right after each stage change, finalize and amendment, in the same transaction; the
  `checkpoint` command signs the current end of the log at any time. `verify` checks each
  signature, that the certificate was issued by a trusted bureau root (its SHA-256
  fingerprint is shown so that people can compare it with the one on file), that the signer
  is the entry's actor, and that the signed hash is still the hash of that entry. Rewriting
  anything before a checkpoint is found; with `require=True` an anchored action without its
  checkpoint is a problem too (so deleting checkpoints and recomputing the chain is found).
* **Sheets and exports.** Every signature on a review sheet names the chain head it was made
  at (`head_of`, written into the signature's reason), and every exported workbook carries it
  in its document properties (keywords); `signing.heads` reads them back, and
  `verify-store --sheets FILE…` checks that the store still has that entry with that hash.

What it does not resist: changes after the last checkpoint and after the last signed sheet
(until the next one), a reviewer who signs a checkpoint over a store someone else already
altered, and an attacker who holds a reviewer's passphrase.
"""
from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.core.store.target import Target

if TYPE_CHECKING:
    from workbench.core.store.chain import Entry

__all__ = ["ANCHORED", "signing_as", "signer_of", "checkpoint", "after_commit_entry",
           "AnchorReport", "verify", "head_of", "HEAD_PATTERN", "check_heads",
           "fingerprint"]

ANCHORED = frozenset({"first_review", "second_review", "return", "finalize", "amend"})
HEAD_PATTERN = re.compile(r"审计链第 (\d+) 条 ([0-9a-f]{64})")

class _Der(Protocol):
    def dump(self) -> bytes: ...


class _Signer(Protocol):
    @property
    def signing_key(self) -> _Der: ...


class AnchorIdentity(Protocol):
    """What a checkpoint is signed with: a loaded signing identity (signing.identities), as
    far as the store uses it (the store may not import the signing layer)."""

    @property
    def name(self) -> str: ...

    @property
    def cert(self) -> _Der: ...

    @property
    def signer(self) -> _Signer: ...


_signers: dict[int, AnchorIdentity] = {}
_lock = threading.Lock()


def _conn(target: Target) -> sqlite3.Connection:
    from workbench.core.store.chain import connection_of

    return connection_of(target)


@contextmanager
def signing_as(target: Target, identity: AnchorIdentity) -> Iterator[None]:
    """While inside, every anchored action on this store's connection gets a checkpoint
    signed with `identity` (a loaded signing identity: the passphrase was asked once)."""
    conn = _conn(target)
    with _lock:
        _signers[id(conn)] = identity
    try:
        yield
    finally:
        with _lock:
            _signers.pop(id(conn), None)


def signer_of(conn: sqlite3.Connection) -> AnchorIdentity | None:
    return _signers.get(id(conn))


def _private_key(identity: AnchorIdentity) -> ec.EllipticCurvePrivateKey:
    key = getattr(identity, "_anchor_key", None)
    if key is None:
        key = serialization.load_der_private_key(identity.signer.signing_key.dump(), None)
        object.__setattr__(identity, "_anchor_key", key)
    # The workbench's signing keys are EC keys (signing.identities makes and imports no other).
    return cast(ec.EllipticCurvePrivateKey, key)


def _message(seq: int, head: str) -> bytes:
    return f"guangming-workbench-checkpoint\n{seq}\n{head}".encode("ascii")


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _checkpoint_details(identity: AnchorIdentity, seq: int, head: str) -> dict[str, Any]:
    sig = _private_key(identity).sign(_message(seq, head), ec.ECDSA(hashes.SHA256()))
    der = identity.cert.dump()
    return {"head_seq": seq, "head_hash": head, "signer": identity.name,
            "certificate": base64.b64encode(der).decode("ascii"),
            "signature": base64.b64encode(sig).decode("ascii")}


def checkpoint(conn: Target, identity: AnchorIdentity) -> Entry | None:
    """Append a checkpoint signing the current end of the log (inside the caller's
    transaction). Returns the entry, or None on an empty log."""
    from workbench.core.store import chain as audit

    db = _conn(conn)   # a Store, from above the store
    seq, head = audit.last_entry(db)
    if seq == 0:
        return None
    return audit.append_unvouched(db, identity.name, "checkpoint", f"chain:{seq}",
                                  _checkpoint_details(identity, seq, head))


def after_commit_entry(conn: sqlite3.Connection) -> None:
    """Called before COMMIT once the transaction's last entry is final: a checkpoint after
    an anchored action, when a signer is registered on this connection."""
    identity = signer_of(conn)
    if identity is None:
        return
    row = conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row and row[0] in ANCHORED:
        checkpoint(conn, identity)


# ---- verifying ------------------------------------------------------------------------------

@dataclass
class AnchorReport:
    checkpoints: int = 0
    last_anchored: int = 0               # the last entry a valid checkpoint signs
    unanchored_actions: list[int] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)   # fingerprints of the trusted roots
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)


def verify(entries: dict[int, Any], roots: list[x509.Certificate] | None, *,
           require: bool = False) -> AnchorReport:
    """Check every checkpoint among the verified `entries` (seq -> Entry) against `roots`
    (None: signatures and heads only, the certificates' issuer is not checked)."""
    rep = AnchorReport(roots=[fingerprint(r) for r in roots or ()])
    signed_after: set[tuple[int, str]] = set()     # (signed entry, signer)
    for seq in sorted(entries):
        e = entries[seq]
        if e.action != "checkpoint":
            continue
        rep.checkpoints += 1
        where = f"审计日志第 {seq} 条（签名检查点）"
        d = e.details
        try:
            head_seq, head = int(d["head_seq"]), str(d["head_hash"])
            cert = x509.load_der_x509_certificate(base64.b64decode(d["certificate"]))
            sig = base64.b64decode(d["signature"])
        except (KeyError, ValueError, TypeError):
            rep.problems.append((where, "检查点内容不完整或无法解析", seq))
            continue
        target = entries.get(head_seq)
        if target is None or target.hash != head:
            rep.problems.append((where, f"所签的审计第 {head_seq} 条已不是签名时的内容（历史被改写）", seq))
            continue
        try:
            pub = cert.public_key()
            if not isinstance(pub, ec.EllipticCurvePublicKey):
                raise InvalidSignature
            pub.verify(sig, _message(head_seq, head), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            rep.problems.append((where, "签名值与证书不符（检查点被伪造）", seq))
            continue
        if roots is not None and not any(_issued_by(cert, r) for r in roots):
            rep.problems.append((where, "签名证书不是由受信任的局根证书签发的", seq))
            continue
        cn = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
        if not cn or str(cn[0].value) != e.actor:
            rep.problems.append((where, f"签名证书属于“{str(cn[0].value) if cn else '?'}”，与操作人“{e.actor}”不符", seq))
            continue
        rep.last_anchored = max(rep.last_anchored, head_seq)
        signed_after.add((head_seq, e.actor))
    for seq in sorted(entries):
        e = entries[seq]
        if e.action in ANCHORED and (seq, e.actor) not in signed_after:
            rep.unanchored_actions.append(seq)
            if require:
                rep.problems.append((f"审计日志第 {seq} 条", f"{e.label}没有经办人员签名的检查点", seq))
    return rep


def _issued_by(cert: x509.Certificate, root: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


# ---- sheets ---------------------------------------------------------------------------------

def head_of(target: Target) -> str:
    """The text a signature's reason carries: the chain head it was made at."""
    from workbench.core.store.chain import last_entry

    seq, head = last_entry(_conn(target))
    return f"审计链第 {seq} 条 {head}"


def check_heads(entries: dict[int, Any], heads: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int]]:
    """Problems for (file, field, seq, hash) heads read from sheets that the log contradicts."""
    problems = []
    for name, fld, seq, head in heads:
        e = entries.get(seq)
        if e is None:
            problems.append((f"{name}（{fld}）", f"签署时的审计第 {seq} 条在数据库中已不存在（日志被截断或改写）", seq))
        elif e.hash != head:
            problems.append((f"{name}（{fld}）", f"签署时的审计第 {seq} 条与数据库中的不同（历史被改写）", seq))
    return problems
