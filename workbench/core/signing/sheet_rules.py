"""What a complete review sheet needs beyond valid signatures: the right people, in order.

A sheet signed at 复核完成 or later (the stage is written into each signature's reason by
`identities.sign_recorded`, next to the chain head) must carry both the 经办人's and the
复核人's signatures, each in its own role's field, by two different people, the 经办人's
first. Signing enforces the same order and the two-person rule before it writes anything
(`check_before_signing`); `check_report` adds what is missing or wrong to a verify report,
naming it.
"""
from __future__ import annotations

import re

from workbench.core.domain.vocabulary import STAGE_LABELS, STAGES
from workbench.core.pdf.sheet_data import ROLE_LABELS, ROLES, role_of_field

__all__ = ["STAGE_ORDER", "REQUIRED_FROM", "stage_text", "stage_of_reason",
           "check_before_signing", "check_report"]

STAGE_ORDER = STAGES
_STAGE_LABELS = STAGE_LABELS
REQUIRED_FROM = "second_done"
TWO_PERSON = ("handler", "reviewer")
_STAGE_RE = re.compile(r"阶段：(\S+?)(?:；|$)")


def stage_text(stage: str | None) -> str:
    return f"阶段：{_STAGE_LABELS[stage]}" if stage in _STAGE_LABELS else ""


def stage_of_reason(reason: str) -> str | None:
    m = _STAGE_RE.search(reason or "")
    if not m:
        return None
    return next((k for k, v in _STAGE_LABELS.items() if v == m.group(1)), None)


def check_before_signing(role: str, signer: str, signed: dict[str, str], present: set[str]) -> str | None:
    """Why `signer` may not sign in `role` now (None: may sign). `signed`: field role ->
    signer name of the signatures already on the sheet; `present`: roles with a field."""
    label = ROLE_LABELS[role]
    for earlier in ROLES[: ROLES.index(role)]:
        if earlier in present and earlier not in signed:
            return f"{ROLE_LABELS[earlier]}尚未签署，{label}不能先签（须按经办人、复核人的顺序签署）"
    if role in TWO_PERSON:
        other = TWO_PERSON[1 - TWO_PERSON.index(role)]
        if signed.get(other) == signer:
            return (f"{signer}已作为{ROLE_LABELS[other]}签署，不能再作为{label}签署"
                    "（经办人与复核人须为两人）")
    return None


def check_report(report, stage_hint: str | None = None) -> None:
    """Add to a signing.VerifyReport's problems what a complete sheet lacks. `stage_hint`:
    the application's stage now, when the store that exported the sheet is at hand."""
    sigs = report.signatures
    stages = [stage_of_reason(getattr(v, "reason", "")) for v in sigs] + [stage_hint]
    known = [s for s in stages if s in STAGE_ORDER]
    stage = max(known, key=STAGE_ORDER.index) if known else None
    by_role: dict[str, list] = {}
    for i, v in enumerate(sigs):
        if v.role:
            by_role.setdefault(v.role, []).append((i, v))
    # Order: a role's signature never comes before an earlier role's.
    for i, v in enumerate(sigs):
        if not v.role:
            continue
        for w in sigs[i + 1:]:
            if w.role and ROLES.index(w.role) < ROLES.index(v.role):
                report.problems.append(f"{ROLE_LABELS[v.role]}先于{ROLE_LABELS[w.role]}签署"
                                       "（须先经办人、后复核人）")
    h, r = by_role.get("handler"), by_role.get("reviewer")
    if h and r:
        hv, rv = h[0][1], r[0][1]
        if hv.signer == rv.signer or (getattr(hv, "key_id", None) and
                                      getattr(hv, "key_id", None) == getattr(rv, "key_id", None)):
            report.problems.append(f"经办人与复核人是同一人（{hv.signer}）：须由两人分别签署")
    if stage and STAGE_ORDER.index(stage) >= STAGE_ORDER.index(REQUIRED_FROM):
        fields = {role_of_field(f) for f in report.unsigned_fields} | set(by_role)
        for role in TWO_PERSON:
            if role not in by_role:
                where = "（签名栏空着）" if role in fields else "（审核表上没有此签名栏）"
                # The stage labels may start with 已 themselves (已审定).
                done = _STAGE_LABELS[stage].removeprefix("已")
                report.problems.append(f"缺少{ROLE_LABELS[role]}签名{where}：该申报已"
                                       f"{done}，审核表须有经办人和复核人两人的签名")
