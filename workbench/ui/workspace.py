"""The window's one door to the core store: what the tables and panels read, as plain rows.

The window keeps one read connection on the UI thread; background work (import, export,
signing) opens its own Store by path, because an SQLite connection belongs to its thread.
`path` is what opens the store: a file's Path, or a server's address (office mode, a str that
never holds a password: one the person typed is remembered for the run, core.store.pg.opening).
"""
from __future__ import annotations

from pathlib import Path

from workbench.core.app.workbench import Workbench
from workbench.core.domain.money import fmt
from workbench.core.domain.workflow import DECISION_LABELS, Refused
from workbench.core.review.decisions import ClaimView, claim
from workbench.core.store import listing
from workbench.core.store.database import Store

from .models.detail import ClaimDetail, detail_from_view
from .models.rows import AppRow, ClaimRow

__all__ = ["Workspace", "UNBATCHED", "load_claim_search"]

UNBATCHED = ""   # applications imported without a batch name


class Workspace:
    def __init__(self, path: str | Path, password: str | None = None):
        from workbench.core.app.paths import store_arg

        self.path: str | Path = store_arg(str(path))
        self.bench = Workbench.open(self.path, newer_read_only=False, password=password)
        self.store = self.bench.store
        self._apps: dict[object, AppRow] = {}

    @property
    def on_server(self) -> bool:
        return self.store.url is not None

    @property
    def name(self) -> str:
        """What the title bar calls the store: the file's name, or the server's address."""
        return self.store.url or Path(self.path).name

    @property
    def where(self) -> str:
        """The store in full: the file, or the server's address and this PC's login to it."""
        if self.store.url:
            return f"{self.store.url}（登录名 {self.store.login}）" if self.store.login else self.store.url
        return str(self.path)

    @property
    def beside(self) -> Path:
        """A file in the folder that holds what lives beside the store on this PC (keys/,
        backups, sheets): the store file itself, or for a server, this PC's data folder."""
        from workbench.core.app.paths import local_folder_of

        return local_folder_of(self.path)

    def close(self) -> None:
        self.store.close()

    # ---- reading -------------------------------------------------------------------------

    def batches(self) -> list[str]:
        return listing.batch_names(self.store)

    # Above this many applications the list starts as their ids in name order, and the table
    # reads the rows it shows (application_rows_of): totals over a million claims take
    # seconds, and even the names of 100,000 applications most of a second.
    LAZY_APPS = 2_000

    def application_rows(self, batch: str | None = None) -> list:
        """Applications with totals and stage, one grouped query (core.listing); for a long
        list, their ids in name order (the table reads the rows as it shows them)."""
        if listing.application_count(self.store, batch) > self.LAZY_APPS:
            return listing.application_ids_by_name(self.store, batch)
        return listing.application_lines(self.store, batch, make=AppRow._make)

    def application_rows_of(self, ids, totals: bool = True) -> list[AppRow]:
        """The given applications, with their totals or (faster) without."""
        if totals:
            return listing.application_lines(self.store, ids=ids, make=AppRow._make)
        return listing.application_heads(self.store, ids=ids, make=AppRow._make)

    def application_row(self, app_id) -> AppRow | None:
        rows = listing.application_lines(self.store, ids=[app_id], make=AppRow._make)
        return rows[0] if rows else None

    def claim_rows(self, application_id) -> list[ClaimRow]:
        """The claims of one application with their decisions; nothing decoded from JSON."""
        return listing.claim_lines(self.store, application_id, make=ClaimRow._make)

    def batch_claim_rows(self, batch: str | None) -> list[ClaimRow]:
        """Every claim of a batch (None: of the store), on this connection (the UI thread)."""
        return listing.batch_claim_lines(self.store, batch, make=ClaimRow._make)

    def claim_count(self, batch: str | None) -> int:
        """Claims of a batch (None: of the store), counted by the database."""
        return listing.claim_count(self.store, batch)

    def claim_window(self, batch: str | None):
        """A batch's claims read a page at a time, ordered and filtered by the database."""
        from workbench.core.store.claim_window import ClaimWindow
        return ClaimWindow(self.store, batch, make=ClaimRow._make)

    def claim_row(self, claim_id: int) -> ClaimRow | None:
        return listing.claim_line(self.store, claim_id, make=ClaimRow._make)

    def ensure_reviewer(self, name: str, role: str = "经办人", by: str | None = None) -> str | None:
        """The profile as a reviewer of this store; the core's refusal text otherwise. The
        first reviewer of a store adds themself; later ones are added by a reviewer (`by`)."""
        from workbench.core.store import reviewers

        if not name or reviewers.find(self.store, name) is not None:
            return None
        try:
            reviewers.add_reviewer(self.store, name, role, actor=by or name)
        except Refused as exc:
            return str(exc)
        return None

    def claim_detail(self, row: ClaimRow) -> ClaimDetail | None:
        """Only the selected claim is read in full, as the review reads it (`ClaimView`)."""
        try:
            c = claim(self.store, row.key)
        except Refused:   # gone since the list was read
            return None
        detail = detail_from_view(c)
        if row.decision:
            detail.decision = _decision_text(c)
        return detail


def _decision_text(c: ClaimView) -> str:
    """Who decided what and why, as the sheet prints it: the reasons show in the window."""
    if not c.decision:
        return ""
    parts = [f"审核决定：{DECISION_LABELS.get(c.decision, c.decision)}　{fmt(c.approved)} 元"]
    if c.decided_by:
        parts[0] += f"（{c.decided_by}）"
    if c.reason:
        parts.append(f"理由：{c.reason}")
    if c.override_reason:
        parts.append(f"超额核定理由：{c.override_reason}")
    return "\n".join(parts)


def load_claim_search(path: Path, batch: str | None, progress):
    """For a BackgroundOp: what the filters of a large batch test (core.claim_search)."""
    from workbench.core.store.claim_search import ClaimSearch

    progress(0, 0, "")
    with Store.open_readonly(path) as store:
        return ClaimSearch.build(store, batch, progress)
