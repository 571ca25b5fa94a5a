"""The documents' plain data, read from the store: review sheets, summary rows, notice rows.

The builders in this package are pure functions of dataclasses; this module is the one place
that knows how a stored application, its settled claims (inputs, findings) and the review
workflow's decisions become those dataclasses. Nothing is recomputed here: the amounts and
caps are the ones the engine and the reviewers stored; the explanation is the stored
findings in the current wording (the signed PDF itself keeps the words it was signed with).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from workbench.core.domain.findings import named
from workbench.core.domain.model import Finding
from workbench.core.domain.money import fmt
from workbench.core.domain.vocabulary import FIELD_LABELS
from workbench.core.domain.workflow import STAGE_LABELS, Refused
from workbench.core.pdf.sheet_data import DEFAULT_ROLES, CapLine, SheetClaim, SheetData
from workbench.core.reports.notice_xlsx import NoticeRow
from workbench.core.reports.summary_xlsx import SummaryRow
from workbench.core.review.decisions import AppView, ClaimView, application, applications, claims
from workbench.core.rules.ruleset import RuleSet, available_rulesets, default_ruleset
from workbench.core.store import applications_repo
from workbench.core.store.database import Store

__all__ = ["ISSUER", "NOTICE_STAGES", "sheet_data_for", "sheet_claim", "cap_lines",
           "summary_rows", "notice_rows", "ruleset_for", "doc_no_of", "batch_applications"]

ISSUER = "深圳市光明区工业和信息化局"
# Only applications two people have reviewed go on the public-notice list.
NOTICE_STAGES = ("second_done", "finalized")

# Inputs shown in a claim's block, in template order. Line, code, project and the requested
# amount have their own places on the sheet.
_SHEET_INPUTS = ("basis", "previous", "area", "months", "rent", "installment", "level",
                 "product", "voucher", "remark")
_MONEY_INPUTS = ("basis", "previous", "rent")


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _int(value) -> int | None:
    d = _dec(value)
    return int(d) if d is not None and d == d.to_integral_value() else None


def _shown(name: str, value) -> str:
    if name in _MONEY_INPUTS:
        d = _dec(value)
        return fmt(d) if d is not None else str(value)
    if name == "area":
        d = _dec(value)
        return f"{d.normalize():f}" if d is not None else str(value)
    return str(value)


def ruleset_for(version: str) -> RuleSet | None:
    """The shipped rule set of that version (for the rules' titles), else the newest one."""
    for path in available_rulesets():
        try:
            rules = default_ruleset(path)
        except Exception:  # noqa: BLE001 - a damaged file elsewhere must not stop the sheet
            continue
        if rules.version == version:
            return rules
    try:
        return default_ruleset()
    except Exception:  # noqa: BLE001
        return None


def cap_lines(findings: list[Finding]) -> list[CapLine]:
    """The caps the engine applied, from the claim's 'cap' findings, by their named figures."""
    out = []
    for f in findings or ():
        if f.rule != "cap":
            continue
        n = named(f)
        figures = [n.get(k) for k in ("limit", "granted", "earlier", "left", "before", "after")]
        if not all(isinstance(x, Decimal) for x in figures):
            continue
        out.append(CapLine(label=str(n["label"]), limit=n["limit"], used=n["granted"] + n["earlier"],
                           left=n["left"], bit=n["after"] < n["before"]))
    return out


def _reason(c: ClaimView) -> str:
    parts = [c.reason] if c.reason else []
    if c.override_reason:
        parts.append(f"超额理由：{c.override_reason}")
    return "；".join(parts)


def sheet_claim(c: ClaimView, rules: RuleSet | None) -> SheetClaim:
    """One claim as the sheet shows it: the engine's figures and the reviewers' decision."""
    rule = rules.rules.get(c.code) if rules and c.code else None
    inputs = [(FIELD_LABELS.get(n, n), _shown(n, c.inputs[n]))
              for n in _SHEET_INPUTS if c.inputs.get(n) not in (None, "")]
    return SheetClaim(
        line=c.line, code=c.code, article=c.article or (rule.article if rule else ""),
        rule_title=rule.name if rule else "", project=c.project, inputs=inputs,
        requested=c.requested, computed=c.computed, suggested=c.suggested,
        approved=c.approved if c.decision is not None else None,
        status=c.status, decision=c.decision_label if c.decision is not None else "",
        reason=_reason(c),
        # A person's decision that departs from the suggestion is marked on paper; the
        # suggestion taken as it is at first review is not a departure.
        overridden=c.decision is not None and (c.differs or c.override),
        caps=cap_lines(c.findings), explanation=c.explanation,
    )


def _applicant(store: Store, app_id: int) -> dict:
    return applications_repo.applicant(store, app_id)


def _amendment_doc_nos(store: Store, app_id: int) -> list[str]:
    return applications_repo.amendment_doc_nos(store, app_id)


def doc_no_of(store: Store, app: AppView) -> str:
    """The approval document number (文号) printed on the sheet, with any correction's."""
    if not app.doc_no:
        return f"（未审定，{app.stage_label}）"
    amended = [d for d in _amendment_doc_nos(store, app.id) if d != app.doc_no]
    return app.doc_no + (f"；更正 {'、'.join(amended)}" if amended else "")


def _remarks(app: AppView) -> str:
    parts = [f"申报编号 {app.id}", f"审核阶段：{STAGE_LABELS.get(app.stage, app.stage)}"]
    if app.first_reviewer:
        parts.append(f"初审：{app.first_reviewer}")
    if app.second_reviewer:
        parts.append(f"复核：{app.second_reviewer}")
    if app.finalized_by:
        when = (app.finalized_at or "")[:10]
        parts.append(f"审定：{app.finalized_by}" + (f"（{when}）" if when else ""))
    if app.source:
        parts.append(f"申报文件：{Path(app.source).name}")
    return "；".join(parts)


def sheet_data_for(store: Store, application_id: int, *, roles=DEFAULT_ROLES, doc_no: str | None = None,
                   issuer: str = ISSUER, sheet_date: date | None = None) -> SheetData:
    """The review sheet of one stored application, as it stands in the review workflow.

    Refused when there is no such application. `doc_no` replaces the stored approval number
    (e.g. a draft printed before finalizing); `roles` are the signature blocks printed.
    """
    app = application(store, application_id)
    rules = ruleset_for(app.rule_set)
    a = _applicant(store, app.id)
    return SheetData(
        batch=app.batch or "（未分批次）",
        doc_no=doc_no if doc_no is not None else doc_no_of(store, app),
        applicant_name=app.name, credit_code=app.credit_code, year=app.year,
        rule_set=app.rule_set or (rules.version if rules else ""),
        sheet_date=sheet_date or date.today(),
        claims=[sheet_claim(c, rules) for c in claims(store, app.id)],
        contact=str(a.get("contact") or ""), phone=str(a.get("phone") or ""),
        address=str(a.get("address") or ""), roles=tuple(roles), issuer=issuer,
        remarks=_remarks(app),
    )


def batch_applications(store: Store, batch: str) -> list[AppView]:
    if not applications_repo.batch_known(store, batch):
        raise Refused(f"找不到批次“{batch}”")
    return applications(store, batch=batch)


def summary_rows(store: Store, batch: str) -> list[SummaryRow]:
    """One row per claim of every application in the batch, with every input and figure."""
    out = []
    for app in batch_applications(store, batch):
        doc = app.doc_no or ""
        for c in claims(store, app.id):
            i = c.inputs
            out.append(SummaryRow(
                batch=batch, doc_no=doc, applicant_name=app.name, credit_code=app.credit_code,
                year=app.year, line=c.line, code=c.code, article=c.article, project=c.project,
                product=c.product or None, voucher=c.voucher, basis=_dec(i.get("basis")),
                previous=_dec(i.get("previous")), area=_dec(i.get("area")),
                months=_int(i.get("months")), rent=_dec(i.get("rent")),
                installment=_int(i.get("installment")), level=i.get("level") or None,
                requested=c.requested, computed=c.computed, suggested=c.suggested,
                # What the claim is worth now, as every other total counts it (totals.py):
                # a claim the rules decide counts its suggestion before first review too.
                approved=c.effective, status=c.status,
                decision=c.decision_label, overridden=c.decision is not None and (c.differs or c.override),
                reason=_reason(c), rule_set=app.rule_set,
            ))
    return out


def notice_rows(store: Store, batch: str) -> list[NoticeRow]:
    """The claims proposed for support: applications that passed second review (or were
    finalized), each claim with its approved amount; the list leaves out zero amounts."""
    out = []
    for app in batch_applications(store, batch):
        if app.stage not in NOTICE_STAGES:
            continue
        for c in claims(store, app.id):
            if c.approved is None:
                continue
            article = f"第{c.article}条" if c.article else (c.code or "")
            out.append(NoticeRow(enterprise=app.name, project=c.project, article=article,
                                 amount=c.approved))
    return out
