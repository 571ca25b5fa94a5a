"""Verification of signed review sheets (offline): every signature, its chain to a bureau
root at its time-stamp's time, what was appended after it, and the sheet rules (both
signatures, two people, in order: sheet_rules). Imported through `signing` as before."""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from workbench.core.pdf.sheet_data import ROLE_LABELS, role_of_field
from workbench.core.signing.sheet_rules import check_report
from workbench.core.signing.signer import (
    _ROLE_BY_LABEL,
    BureauRoot,
    _read,
    load_bureau_root,
    sha256_of,
)

__all__ = ["SignatureVerdict", "VerifyReport", "verify_sheet"]


@dataclass
class SignatureVerdict:
    field: str
    role: str | None
    signer: str
    signed_at: datetime | None
    intact: bool                     # the signed bytes are unchanged
    valid: bool                      # the signature value checks out with the certificate
    trusted: bool                    # the certificate chains to a trusted bureau root
    covers_whole_file: bool          # nothing at all was appended after this signature
    changes_after: str               # '无', '仅后续签名', or what else was changed
    problems: list[str] = field(default_factory=list)
    reason: str = ""                 # the signature's reason: role, stage, chain head
    timestamped_at: datetime | None = None   # the RFC 3161 time-stamp's time, if any
    key_id: str = ""                 # sha256 of the signer's public key (one person, one key)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role or "", self.field)

    def describe(self) -> str:
        when = self.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") \
            if self.signed_at else "时间不明"
        head = f"{self.role_label} {self.signer}（{when}）"
        stamp = (f"时间戳 {self.timestamped_at.astimezone().strftime('%Y-%m-%d %H:%M:%S %z')}"
                 if self.timestamped_at else "无时间戳（证书过期后将无法验证）")
        if self.ok:
            return f"{head}：有效。签名完整，证书链可信，{stamp}，其后{self.changes_after}。"
        return f"{head}：无效。" + "；".join(self.problems) + "。"


@dataclass
class VerifyReport:
    signatures: list[SignatureVerdict]
    unsigned_fields: list[str]
    sha256: str
    problems: list[str] = field(default_factory=list)   # document-level

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def lines(self) -> list[str]:
        out = [s.describe() for s in self.signatures]
        out += [f"{ROLE_LABELS.get(role_of_field(f) or '', f)}签名栏尚未签署" for f in
                self.unsigned_fields]
        out += self.problems
        out.append("结论：全部签名有效，签署后未被改动。" if self.ok else "结论：验证未通过。")
        return out


def _changes(status) -> tuple[str, str | None]:
    """(description, problem or None) for what was added after a signature."""
    diff = status.diff_result
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "无改动", None
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "不明", "签名未覆盖其所在的完整文件版本"
    # ENTIRE_REVISION: something was appended after this signature as an incremental update.
    if isinstance(diff, SuspiciousModification):
        detail = str(diff).strip().splitlines()[0][:200] if str(diff).strip() else ""
        return "有改动", f"签名之后追加的增量更新改动了文件内容（{detail}）"
    level = status.modification_level
    if level is None:
        return "不明", "无法分析签名之后追加的修改"
    if level <= ModificationLevel.FORM_FILLING:
        return "仅有后续签名", None
    return "有改动", f"签名之后追加的增量更新改动了文件内容（改动级别：{level.name}）"


def _validate(sig, anchors, at: datetime | None):
    """pyHanko's status of one signature. With a trusted time-stamp token the signer's
    certificate is checked at the time-stamp's time (PAdES B-T), so a sheet signed while the
    certificate was valid stays valid after it expires; the token itself is checked now."""
    now_vc = ValidationContext(trust_roots=anchors, allow_fetching=False, moment=at)
    status = validate_pdf_signature(sig, now_vc, ts_validation_context=now_vc)
    ts = status.timestamp_validity
    if status.trusted or ts is None or not (ts.intact and ts.valid and ts.trusted):
        return status
    then_vc = ValidationContext(trust_roots=anchors, allow_fetching=False, moment=ts.timestamp)
    return validate_pdf_signature(sig, then_vc, ts_validation_context=now_vc)


def verify_sheet(pdf: str | os.PathLike | bytes | BinaryIO,
                 trust_roots: BureauRoot | str | os.PathLike | list, *,
                 at: datetime | None = None, stage: str | None = None) -> VerifyReport:
    """Check every signature, its chain to a bureau root, and that nothing but later
    signatures was added after it; anything appended after the last signature fails.
    `at`: the time to validate at (default now; a test of the years to come). `stage`: the
    application's stage now, if known (a sheet at 复核完成 or later needs both signatures)."""
    data = _read(pdf)
    roots = trust_roots if isinstance(trust_roots, list) else [trust_roots]
    anchors = [(r if isinstance(r, BureauRoot) else load_bureau_root(r)).asn1 for r in roots]
    report = VerifyReport(signatures=[], unsigned_fields=[], sha256=sha256_of(data))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_regular_signatures)
        report.unsigned_fields = [name for name, value, _ in fields.enumerate_sig_fields(reader)
                                  if value is None]
    except Exception as exc:
        report.problems.append(f"无法读取 PDF 文件：{exc}")
        return report
    if not sigs:
        report.problems.append("文件中没有数字签名")
        return report
    for idx, sig in enumerate(sigs):
        name = sig.field_name
        verdict = SignatureVerdict(field=name, role=role_of_field(name), signer="?",
                                   signed_at=None, intact=False, valid=False, trusted=False,
                                   covers_whole_file=False, changes_after="不明")
        report.signatures.append(verdict)
        try:
            status = _validate(sig, anchors, at)
        except Exception as exc:
            verdict.problems.append(f"签名无法验证（{exc}）")
            continue
        cert = status.signing_cert
        subject = cert.subject.native
        verdict.reason = str(sig.sig_object.get("/Reason", "") or "")
        verdict.key_id = hashlib.sha256(cert.public_key.dump()).hexdigest()
        verdict.signer = subject.get("common_name", "?")
        verdict.signed_at = status.signer_reported_dt
        ts = status.timestamp_validity
        if ts is not None:
            verdict.timestamped_at = ts.timestamp
            if not (ts.intact and ts.valid):
                verdict.problems.append("时间戳无效（被改动或签名不符）")
            elif not ts.trusted:
                verdict.problems.append("时间戳不是由受信任的局根证书下的时间戳服务签发的")
        verdict.intact, verdict.valid = status.intact, status.valid
        verdict.trusted = status.trusted
        verdict.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if not status.intact:
            verdict.problems.append("签名所覆盖的内容已被篡改")
        elif not status.valid:
            verdict.problems.append("签名值与证书不符")
        if status.intact and status.valid and not status.trusted:
            issuer = cert.issuer.native.get("common_name", "?")
            verdict.problems.append(f"证书（签发者：{issuer}）不能追溯到受信任的根证书")
        changes, problem = _changes(status)
        verdict.changes_after = changes
        if problem:
            verdict.problems.append(problem)
        last = idx == len(sigs) - 1
        if last and not verdict.covers_whole_file and not problem:
            verdict.problems.append("最后一个签名之后文件又被追加了修改（增量更新）")
        title = subject.get("title", "")
        cert_role = _ROLE_BY_LABEL.get(title)
        if cert_role and verdict.role and cert_role != verdict.role:
            verdict.problems.append(f"证书签发给“{title}”，却签在“{verdict.role_label}”签名栏")
    check_report(report, stage)
    return report
