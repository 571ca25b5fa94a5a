"""Re-settling stored, still-open applications after the ledger changed, and what changed.

When awards are written (finalize, amendment, ledger import) the caps of other applications
may have less room left. Their stored suggestions are settled again against the store as it is
now; claims whose status or amounts changed are listed, as a diff a reviewer can read. A
decision taken on the old suggestion is not silently carried over:

* a suggestion taken as is at first review (an implicit decision) is withdrawn, so the new
  suggestion applies;
* an application past first review with a changed claim goes back to first review
  (阶段退回, recorded), so people look at it again; explicit decisions stay, and completing
  first review checks them against the new suggestion (an amount now above it needs an
  override reason).

The application is rebuilt from what the store holds (applicant, inputs, reading problems);
which template columns were absent is a stored fact (the typed 'missing_column' findings), so
the same input gives the same findings. Old and new findings are compared as values.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from workbench.core.domain.findings import dumps as dump_findings
from workbench.core.domain.findings import from_stored, named, same
from workbench.core.domain.findings import loads as load_findings
from workbench.core.domain.model import CLAIM_FIELDS, Applicant, Application, Claim, Problem
from workbench.core.domain.money import from_cents, to_cents
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.rules.settle import settle_application
from workbench.core.store import applications_repo, audit, review_repo
from workbench.core.store.database import Store

__all__ = ["ClaimChange", "RecomputeReport", "rebuild_application", "diff_results",
           "affected_open_applications", "recompute"]

_DECIMALS = ("basis", "previous", "area", "rent", "requested")
_INTS = ("line", "months", "installment")


@dataclass(frozen=True)
class ClaimChange:
    application_id: int
    claim_id: int
    line: int | None
    code: str | None
    old_status: str
    new_status: str
    old_suggested: Decimal | None
    new_suggested: Decimal | None
    old_computed: Decimal | None
    new_computed: Decimal | None
    decision_withdrawn: bool = False

    def as_dict(self) -> dict:
        f = lambda d: None if d is None else f"{d:.2f}"  # noqa: E731
        return {"application": self.application_id, "claim": self.claim_id, "line": self.line,
                "code": self.code, "old_status": self.old_status, "new_status": self.new_status,
                "old_suggested": f(self.old_suggested), "new_suggested": f(self.new_suggested),
                "old_computed": f(self.old_computed), "new_computed": f(self.new_computed),
                "decision_withdrawn": self.decision_withdrawn}


@dataclass
class RecomputeReport:
    checked: int = 0
    changed: list[ClaimChange] = field(default_factory=list)
    refreshed: int = 0                      # claims whose findings changed, not their amount
    returned: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)   # (application, why)
    seq: int | None = None                  # the audit entry, when anything was written


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def rebuild_application(store: Store, app_id: int) -> Application:
    d, file_hash, source = applications_repo.stored_application(store, app_id)
    if d.get("fiscal_contribution") is not None:
        d["fiscal_contribution"] = Decimal(d["fiscal_contribution"])
    if d.get("applied_on"):
        d["applied_on"] = date.fromisoformat(d["applied_on"])
    applicant = Applicant(**d)
    claims = []
    for row, raw_code, values, problems, findings in applications_repo.stored_claims(store, app_id):
        kw: dict = {}
        for name, text in values.items():
            if name in _DECIMALS:
                kw[name] = Decimal(text)
            elif name in _INTS:
                kw[name] = int(text)
            else:
                kw[name] = text
        absent = {named(from_stored(f))["field"] for f in findings
                  if f.get("rule") == "missing_column"}
        cells = {name: f"申报事项!{_col(i)}{row}" for i, name in enumerate(CLAIM_FIELDS, start=1)
                 if name not in absent}
        claims.append(Claim(row=row, raw_code=raw_code or "", cells=cells,
                            problems=[Problem(p["where"], p["message"]) for p in problems],
                            **kw))
    return Application(applicant, claims, [], source=source, file_hash=file_hash)


def diff_results(app_id: int, stored: list[dict], results) -> tuple[list[ClaimChange], list[tuple]]:
    """Compare stored claim rows with new results (by sheet row). Returns the changes that
    matter to a reviewer, and every row update to write (claim id, new values)."""
    by_row = {r.row: r for r in results}
    changes, updates = [], []
    for s in stored:
        r = by_row.get(s["row"])
        if r is None:
            continue
        new = (r.status, None if r.computed is None else to_cents(r.computed),
               None if r.suggested is None else to_cents(r.suggested))
        old = (s["status"], s["computed_cents"], s["suggested_cents"])
        if new != old:
            changes.append(ClaimChange(
                app_id, s["id"], s["line"], s["code"], old[0], new[0],
                None if old[2] is None else from_cents(old[2]),
                None if new[2] is None else from_cents(new[2]),
                None if old[1] is None else from_cents(old[1]),
                None if new[1] is None else from_cents(new[1])))
        # Equal text is equal values (the common case, cheap); otherwise compare the values.
        text = dump_findings(r.findings)
        if new != old or (text != s["findings"] and not same(load_findings(s["findings"]), r.findings)):
            updates.append((s["id"], new, text))
    return changes, updates


def affected_open_applications(store: Store, credit_codes: Iterable[str],
                               voucher_keys: Iterable[str] = ()) -> list[int]:
    """Open applications whose settlement can see these ledger rows: the same enterprise
    (caps, the fiscal-contribution rule) or a shared voucher number (duplicates, standards)."""
    return review_repo.open_apps_seeing(store, credit_codes, voucher_keys)


def recompute(store: Store, actor: str, app_ids: Iterable[int], *, rules: RuleSet | None = None,
              cause: str = "") -> RecomputeReport:
    """Re-settle the given open applications inside the caller's transaction
    (Store.transaction) and record one audit entry if anything changed."""
    rules = rules or default_ruleset()
    report = RecomputeReport()
    stage_changes: dict[str, str] = {}
    undone: list[int] = []
    for app_id in app_ids:
        found = review_repo.app_rows(store, [app_id], columns=("stage", "rule_set"))
        row = (found[0]["stage"], found[0]["rule_set"]) if found else None
        if row is None or row[0] == "finalized":
            continue
        if row[1] != rules.version:
            report.skipped.append((app_id, f"规则集 {row[1]} 与当前 {rules.version} 不同，未重算"))
            continue
        report.checked += 1
        app = rebuild_application(store, app_id)
        results = settle_application(app, rules, store.usage_for(app, rules))
        stored = applications_repo.settled_claims(store, app_id)
        changes, updates = diff_results(app_id, stored, results)
        for claim_id, (status, computed, suggested), findings in updates:
            applications_repo.update_settlement(
                store, claim_id, status=status, computed_cents=computed, suggested_cents=suggested,
                findings=findings)
        report.refreshed += len(updates) - len(changes)
        if not changes:
            continue
        changed_ids = [c.claim_id for c in changes]
        implicit = review_repo.implicit_decisions(store, changed_ids)
        for i, c in enumerate(changes):
            if c.claim_id in implicit:
                changes[i] = ClaimChange(**{**c.__dict__, "decision_withdrawn": True})
        if implicit:
            review_repo.delete_decisions(store, sorted(implicit))
            undone.extend(sorted(implicit))
        report.changed.extend(changes)
        if row[0] in ("first_done", "second_done"):
            report.returned.append(app_id)
            stage_changes[str(app_id)] = "imported"
    if not report.changed and not report.refreshed:
        return report
    e = audit.record(store, actor, "recompute", "store", {
        "cause": cause, "checked": report.checked, "refreshed": report.refreshed,
        "changed": [c.as_dict() for c in report.changed], "undone": undone,
        "stages": stage_changes})
    report.seq = e.seq
    reason = f"台账变化（{cause}）后重算，建议金额有变化，须重新初审" if cause else "台账变化后重算，须重新初审"
    for app_id in report.returned:
        old = review_repo.app_state(store, app_id)["stage"]
        review_repo.set_stage(store, app_id, old, "imported", "recompute_return", actor, reason,
                              e.at, e.seq)
        review_repo.set_reviewer(store, app_id, "second", None)
    return report
