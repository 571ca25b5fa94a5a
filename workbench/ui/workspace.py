"""The window's one door to the core store: what the tables and panels read, as plain rows.

The window keeps one read connection on the UI thread; background work (import, export,
signing) opens its own Store by path, because an SQLite connection belongs to its thread.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..core.store import Store
from .models.detail import ClaimDetail, detail_from_stored
from .models.rows import AppRow, ClaimRow

__all__ = ["Workspace", "UNBATCHED"]

UNBATCHED = ""   # applications imported without a batch name


class Workspace:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.store = Store.open(self.path)
        self._apps: dict[object, AppRow] = {}

    def close(self) -> None:
        self.store.close()

    # ---- reading -------------------------------------------------------------------------

    def batches(self) -> list[str]:
        return sorted({a.get("batch") or UNBATCHED for a in self.store.applications()})

    def application_rows(self, batch: str | None = None) -> list[AppRow]:
        """Applications with totals and stage, from core.review (one grouped query)."""
        from ..core import review
        from ..core.money import to_cents

        rows = [AppRow(id=a.id, batch=a.batch or UNBATCHED, name=a.name, credit_code=a.credit_code,
                       year=a.year, claims=a.claims, requested=to_cents(a.requested),
                       suggested=to_cents(a.suggested), decided=to_cents(a.approved), stage=a.stage,
                       source=a.source, undecided=a.undecided)
                for a in review.applications(self.store)
                if batch is None or (a.batch or UNBATCHED) == batch]
        self._apps = {r.id: r for r in rows}
        return rows

    def _application_rows_from_claims(self, batch: str | None = None) -> list[AppRow]:
        """Applications (of one batch, or all when batch is None) with their claim totals."""
        apps = [a for a in self.store.applications()
                if batch is None or (a.get("batch") or UNBATCHED) == batch]
        totals: dict[object, list] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for r in self.claim_rows([a["id"] for a in apps]):
            t = totals[r.application_id]
            t[0] += 1
            t[1] += r.requested or 0
            t[2] += r.suggested or 0
            t[3] += r.decided or 0
            t[4] += 0 if r.decision else 1
        rows = []
        for a in apps:
            n, req, sug, dec, undecided = totals[a["id"]]
            rows.append(AppRow(
                id=a["id"], batch=a.get("batch") or UNBATCHED, name=a["name"],
                credit_code=a["credit_code"], year=a["year"], claims=n, requested=req,
                suggested=sug, decided=dec if n - undecided else None, stage="",
                source=a.get("source", ""), undecided=undecided))
        self._apps = {r.id: r for r in rows}
        return rows

    def claim_rows(self, application_ids: list) -> list[ClaimRow]:
        """Claims with their decisions, from core.review."""
        from ..core import review

        names = {a["id"]: a["name"] for a in self.store.applications()}
        out: list[ClaimRow] = []
        for app_id in application_ids:
            out.extend(self._claim_row(c, names.get(app_id, "")) for c in review.claims(self.store, app_id))
        return out

    def claim_row(self, claim_id: int) -> ClaimRow:
        from ..core import review

        c = review.claim(self.store, claim_id)
        names = {a["id"]: a["name"] for a in self.store.applications()}
        return self._claim_row(c, names.get(c.application_id, ""))

    @staticmethod
    def _claim_row(c, enterprise: str) -> ClaimRow:
        from ..core.money import to_cents

        def cents(v):
            return None if v is None else to_cents(v)

        return ClaimRow(
            key=c.claim_id, application_id=c.application_id, enterprise=enterprise, line=c.line,
            code=c.code, article=c.article, project=c.project, voucher=c.voucher,
            requested=cents(c.requested), computed=cents(c.computed), suggested=cents(c.suggested),
            status=c.status, decided=cents(c.approved), decision=c.decision or "", row=c.row)

    def ensure_reviewer(self, name: str, role: str = "经办人") -> str | None:
        """The chosen profile as a reviewer of this store; the core's refusal text otherwise."""
        from ..core import reviewers
        from ..core.workflow import Refused

        if not name or reviewers.find(self.store, name) is not None:
            return None
        try:
            reviewers.add_reviewer(self.store, name, role, actor=name)
        except Refused as exc:
            return str(exc)
        return None

    def claim_detail(self, row: ClaimRow) -> ClaimDetail | None:
        for c in self.store.claims_of(row.application_id):
            if c["id"] == row.key:
                return detail_from_stored(c)
        return None
