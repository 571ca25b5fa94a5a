"""Writing the award ledger (资助台账): finalizing (审定), amendments (更正), audited ledger import.

Every write of ledger rows happens in one transaction together with the audit entry that
vouches for them: the rows carry that entry's seq and their own `row_hash`, and the entry
lists their ids and a digest of their hashes (see `audit`). Ledger rows are never updated or
deleted: a mistake after finalizing is corrected by an amendment, which writes a reversing
row (the old amount, negative) and a correcting row (the new amount), both under the
amendment's document number.

After the ledger changed, the open applications that can see the new rows (same enterprise,
or a shared voucher number) are settled again in the same transaction (`recompute`), so the
caps of every later decision count the new awards, and the report says what changed.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from workbench.core.domain.model import fold, voucher_key
from workbench.core.domain.money import CENT, fmt, from_cents, to_cents
from workbench.core.domain.workflow import Refused, allowed_amount, check_amend, check_finalize
from workbench.core.review.decisions import app_label
from workbench.core.review.decisions import claims as claim_views
from workbench.core.review.joint import breach_report, joint_breaches
from workbench.core.review.ledger import LedgerReport, read_ledger, row_key
from workbench.core.review.recompute import RecomputeReport, affected_open_applications, recompute
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store import audit, ledger_repo, page_cache, review_repo
from workbench.core.store.database import Store
from workbench.core.store.reviewers import require

__all__ = ["FinalizeReport", "AmendReport", "finalize", "amend", "import_ledger", "seal_ledger",
           "uncovered_ledger_rows"]

_APP = ("id", "name", "stage", "credit_code", "year", "batch")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _insert_rows(store: Store, rows: list[dict], seq: int) -> dict:
    """Give rows ids, the entry's seq and their hash; insert; return the entry's 'ledger'."""
    next_id = ledger_repo.next_id(store)
    for i, r in enumerate(rows):
        r["id"] = next_id + i
        r["audit_seq"] = seq
        r.setdefault("entry", "import")
        r.setdefault("claim_id", None)
        r.setdefault("batch", None)
        r.setdefault("override", 0)
        r["row_hash"] = audit.ledger_row_hash(r)
    ledger_repo.insert_rows(store, rows)
    return {"ids": audit.id_ranges(r["id"] for r in rows),
            "digest": audit.digest(r["row_hash"] for r in rows), "rows": len(rows)}


def _unique_keys(store: Store, rows: list[dict]) -> None:
    """Awards written here keep the ledger's ten-column row key (so an exported ledger
    imported back is recognised); two identical awards get a salted key instead."""
    keys = [r["row_key"] for r in rows]
    taken = ledger_repo.taken_row_keys(store, keys)
    for r in rows:
        k = r["row_key"]
        n = 0
        while k in taken:
            n += 1
            k = hashlib.sha256(f"{r['row_key']}|{r.get('claim_id')}|{r['entry']}|{n}".encode()).hexdigest()
        r["row_key"] = k
        taken.add(k)


def _next_seq(store: Store) -> int:
    return ledger_repo.next_entry_seq(store)


def _award_row(app: dict, c, *, cents: int, entry: str, doc_no: str, source: str, at: str,
               override: bool) -> dict:
    installment = c.inputs.get("installment")
    r = {
        "credit_code": app["credit_code"], "name": app["name"], "year": app["year"],
        "code": c.code, "project": c.project, "project_key": fold(c.project),
        "product": c.product, "product_key": fold(c.product), "voucher": c.voucher,
        "voucher_key": voucher_key(c.voucher),
        "installment": None if installment in (None, "") else int(installment),
        "amount_cents": cents, "doc_no": doc_no, "source": source, "source_row": c.row,
        "imported_at": at, "entry": entry, "claim_id": c.claim_id, "batch": app["batch"],
        "override": int(override),
    }
    r["row_key"] = row_key(r["credit_code"], r["name"], r["year"], r["code"], r["project"],
                           r["product"], r["voucher"], r["installment"], cents, doc_no)
    return r


def _recompute_after(store: Store, actor: str, rows: list[dict], rules: RuleSet | None,
                     cause: str) -> RecomputeReport:
    ids = affected_open_applications(store, (r["credit_code"] for r in rows),
                                     (r["voucher_key"] for r in rows))
    return recompute(store, actor, ids, rules=rules, cause=cause)


# ---- finalize --------------------------------------------------------------------------------

@dataclass
class FinalizeReport:
    doc_no: str
    applications: list[int] = field(default_factory=list)
    ledger_rows: int = 0
    total: Decimal = Decimal("0.00")
    overrides: int = 0
    seq: int | None = None
    breaches: list = field(default_factory=list)     # joint.Breach, written with an override
    recompute: RecomputeReport = field(default_factory=RecomputeReport)


def finalize(store: Store, actor: str, doc_no: str, *, batch: str | None = None,
             app_ids: Iterable[int] | None = None, rules: RuleSet | None = None,
             recompute_open: bool = True, override_reason: str = "") -> FinalizeReport:
    """审定: lock applications that passed second review and write their approved amounts
    into the ledger under `doc_no`, in one transaction.

    Either the given applications (each must be at 复核完成), or every application of `batch`
    at 复核完成. Claims approved at 0 write no ledger row.

    The applications are taken in import order and every cap and once-only rule is checked
    across them (`joint`): where an approved amount no longer fits, finalize is refused with
    the figures, unless `override_reason` says why the bureau grants it anyway; then those
    claims' ledger rows are marked as overrides and the reason goes into the audit entry and
    the stage history.
    """
    doc_no = _clean(doc_no)
    override_reason = _clean(override_reason)
    if not doc_no:
        raise Refused("审定须填写批准文号（文号）")
    if batch is None and app_ids is None:
        raise Refused("请指定要审定的批次或申报")
    report = FinalizeReport(doc_no)
    with store.transaction():
        require(store, actor)
        if app_ids is not None:
            ids = list(dict.fromkeys(app_ids))
            if not ids:
                raise Refused("没有指定申报")
        else:
            if not review_repo.batch_exists(store, batch):
                raise Refused(f"找不到批次“{batch}”")
            ids = review_repo.app_ids(store, batch=batch, stage="second_done")
            if not ids:
                raise Refused(f"批次“{batch}”中没有复核完成、可审定的申报")
        apps = []
        for app_id in ids:
            found = review_repo.app_rows(store, [app_id], columns=_APP)
            if not found:
                raise Refused(f"找不到申报 #{app_id}")
            app = found[0]
            check_finalize(app["stage"], app_label(app["id"], app["name"]))
            apps.append(app)
        views = {a["id"]: claim_views(store, a["id"]) for a in apps}
        order, breaches = joint_breaches(store, rules or default_ruleset(), list(views), views)
        if breaches and not override_reason:
            raise Refused(breach_report(order, breaches))
        by_id = {a["id"]: a for a in apps}
        apps = [by_id[a["id"]] for a in order]
        over = {b.claim_id for b in breaches}
        report.breaches = breaches
        seq = _next_seq(store)
        at = audit.now()
        rows: list[dict] = []
        for app in apps:
            for c in views[app["id"]]:
                if c.approved is None:
                    raise Refused(f"{app_label(app['id'], app['name'])}第{c.line}项没有决定，不能审定")
                if c.approved <= 0:
                    continue
                if not c.code:
                    raise Refused(f"{app_label(app['id'], app['name'])}第{c.line}项条款编号无效，不能入账")
                rows.append(_award_row(app, c, cents=to_cents(c.approved), entry="award",
                                       doc_no=doc_no, source=f"审定 {app['batch'] or ''}".strip(),
                                       at=at, override=c.override or c.claim_id in over))
                report.overrides += int(c.override or c.claim_id in over)
        _unique_keys(store, rows)
        ledger = _insert_rows(store, rows, seq)
        batches = sorted({a["batch"] or "" for a in apps})
        report.total = from_cents(sum(r["amount_cents"] for r in rows))
        e = audit.record(store, actor, "finalize",
                         f"batch:{batches[0]}" if len(batches) == 1 else "applications", {
                             "doc_no": doc_no, "batches": batches,
                             "stages": {str(a["id"]): "finalized" for a in apps},
                             "ledger": ledger, "total_cents": to_cents(report.total),
                             "overrides": report.overrides,
                             "order": [a["id"] for a in apps],
                             **({"override_reason": override_reason,
                                 "breaches": [b.as_dict() for b in breaches]} if breaches else {})})
        assert e.seq == seq, "the audit log moved inside a write transaction"
        review_repo.set_finalized(store, [
            (a["id"], f"文号 {doc_no}" + (f"；跨申报超出上限，超额审定理由：{override_reason}"
                                         if any(b.application_id == a["id"] for b in breaches) else ""))
            for a in apps], actor=actor, doc_no=doc_no, at=e.at, seq=e.seq)
        report.applications = [a["id"] for a in apps]
        report.ledger_rows = len(rows)
        report.seq = e.seq
        if recompute_open and rows:
            report.recompute = _recompute_after(store, actor, rows, rules, f"审定 文号{doc_no}")
    return report


# ---- amend -----------------------------------------------------------------------------------

@dataclass
class AmendReport:
    amendment_id: int
    claim_id: int
    old: Decimal
    new: Decimal
    override: bool
    ledger_rows: int
    seq: int
    recompute: RecomputeReport = field(default_factory=RecomputeReport)


def amend(store: Store, actor: str, claim_id: int, amount: Decimal, reason: str, doc_no: str, *,
          override_reason: str = "", rules: RuleSet | None = None) -> AmendReport:
    """更正 a finalized claim: reverse what the ledger holds for it and write the new amount,
    under the amendment's document number, with a reason. The decision row is not edited."""
    reason, doc_no, override_reason = _clean(reason), _clean(doc_no), _clean(override_reason)
    with store.transaction():
        require(store, actor)
        rows_ = [c for c in claim_views_by_id(store, claim_id)]
        if not rows_:
            raise Refused(f"找不到事项 #{claim_id}")
        c = rows_[0]
        app = review_repo.app_rows(store, [c.application_id], columns=_APP)[0]
        what = app_label(app["id"], app["name"])
        check_amend(app["stage"], what)
        if not reason:
            raise Refused("更正须写明理由")
        if not doc_no:
            raise Refused("更正须填写更正文号")
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
            raise Refused("更正金额须为不小于 0 的金额")
        if amount != amount.quantize(CENT):
            raise Refused("更正金额最多保留两位小数")
        held = to_cents(ledger_repo.held_for_claim(store, claim_id))
        new_cents = to_cents(amount)
        if new_cents == held:
            raise Refused(f"{what}第{c.line}项台账金额已是 {fmt(amount)}，无需更正")
        allowed = allowed_amount(c.facts)
        override = amount > allowed
        if override and not override_reason:
            raise Refused(f"更正金额 {fmt(amount)} 超过规则允许的 {fmt(allowed)}，属于超额核定，须另外写明超额理由")
        if not c.code:
            raise Refused(f"{what}第{c.line}项条款编号无效，不能入账")
        seq = _next_seq(store)
        at = audit.now()
        rows = []
        if held:
            rows.append(_award_row(app, c, cents=-held, entry="reversal", doc_no=doc_no,
                                   source=f"更正冲销 事项#{claim_id}", at=at, override=False))
        if new_cents:
            rows.append(_award_row(app, c, cents=new_cents, entry="correction", doc_no=doc_no,
                                   source=f"更正 事项#{claim_id}", at=at, override=override))
        _unique_keys(store, rows)
        ledger = _insert_rows(store, rows, seq)
        e = audit.record(store, actor, "amend", f"application:{app['id']}/claim:{claim_id}", {
            "doc_no": doc_no, "reason": reason, "override_reason": override_reason if override else "",
            "old_cents": held, "new_cents": new_cents, "override": int(override), "ledger": ledger})
        assert e.seq == seq
        amendment_id = ledger_repo.add_amendment(
            store, claim_id=claim_id, application_id=app["id"], old_cents=held,
            new_cents=new_cents, reason=reason,
            override_reason=override_reason if override else "", override=override,
            doc_no=doc_no, actor=actor, at=e.at, seq=e.seq)
        report = AmendReport(amendment_id, claim_id, from_cents(held), from_cents(new_cents),
                             override, len(rows), e.seq)
        report.recompute = _recompute_after(store, actor, rows, rules, f"更正 文号{doc_no}")
    return report


def claim_views_by_id(store: Store, claim_id: int):
    from workbench.core.store.review_repo import claims_by_id

    return claims_by_id(store, claim_id)


# ---- ledger import ---------------------------------------------------------------------------

def import_ledger(store: Store, path: str | Path, actor: str, *, rules: RuleSet | None = None,
                  progress: Callable[[int], None] | None = None,
                  recompute_open: bool = True) -> tuple[LedgerReport, RecomputeReport]:
    """`ledger import` with the audit trail: validate the whole file (ledger.read_ledger), then
    in one transaction add the rows not already stored, each hashed, with one audit entry that
    vouches for them, and re-settle the open applications they concern."""
    path = Path(path)
    rules = rules or default_ruleset()
    rows, errors = read_ledger(path, rules, progress)
    report = LedgerReport(source=path.name, rows=len(rows), errors=errors)
    rc = RecomputeReport()
    if errors:
        return report, rc
    data = path.read_bytes()
    with page_cache.roomy(store), store.transaction():
        require(store, actor)
        keys = [r["row_key"] for r in rows]
        taken = ledger_repo.taken_row_keys(store, keys)
        new = [dict(r, entry="import") for r in rows if r["row_key"] not in taken]
        report.added, report.skipped = len(new), len(rows) - len(new)
        if not new:
            return report, rc
        seq = _next_seq(store)
        ledger = _insert_rows(store, new, seq)
        e = audit.record(store, actor, "ledger_import", f"ledger:{path.name}", {
            "source": path.name, "sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(rows), "added": report.added, "skipped": report.skipped, "ledger": ledger})
        assert e.seq == seq
        if recompute_open:
            rc = _recompute_after(store, actor, new, rules, f"导入台账 {path.name}")
    return report, rc


def uncovered_ledger_rows(store: Store) -> int:
    return ledger_repo.uncovered_rows(store)


def seal_ledger(store: Store, actor: str, reason: str) -> int:
    """Bring ledger rows that no audit entry vouches for (written before the audit trail
    existed, or by a tool that bypassed it) under the trail, explicitly and in a reviewer's
    name. Returns how many rows were sealed."""
    reason = _clean(reason)
    if not reason:
        raise Refused("补登审计须写明理由（例如：核对无误的历史台账）")
    with store.transaction():
        require(store, actor)
        rows = ledger_repo.unsealed_rows(store)
        if not rows:
            return 0
        seq = _next_seq(store)
        for r in rows:
            r["audit_seq"] = seq
            r["row_hash"] = audit.ledger_row_hash(r)
        ledger_repo.seal_rows(store, rows)
        e = audit.record(store, actor, "ledger_seal", "ledger", {
            "reason": reason, "ledger": {"ids": audit.id_ranges(r["id"] for r in rows),
                                         "digest": audit.digest(r["row_hash"] for r in rows),
                                         "rows": len(rows)}})
        assert e.seq == seq
        return len(rows)
