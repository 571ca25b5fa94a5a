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
        names = {a["id"]: a["name"] for a in self.store.applications()}
        out: list[ClaimRow] = []
        for app_id in application_ids:
            for c in self.store.claims_of(app_id):
                out.append(ClaimRow(
                    key=c["id"], application_id=app_id, enterprise=names.get(app_id, ""),
                    line=c["line"], code=c["code"] or c.get("raw_code") or None,
                    article=c.get("article", ""), project=c.get("project", ""),
                    voucher=c.get("voucher", ""), requested=c["requested_cents"],
                    computed=c["computed_cents"], suggested=c["suggested_cents"],
                    status=c["status"], row=c["row"]))
        return out

    def claim_detail(self, row: ClaimRow) -> ClaimDetail | None:
        for c in self.store.claims_of(row.application_id):
            if c["id"] == row.key:
                return detail_from_stored(c)
        return None
