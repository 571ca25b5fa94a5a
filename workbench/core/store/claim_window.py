"""Reading a screenful of a very large claim list: the claims of a batch (or of the store) in a
chosen order, filtered, one page at a time, without building a row for claims never shown.

`listing.batch_claim_lines` reads every claim of a batch; at a million claims that is seconds
and hundreds of megabytes. Here SQLite does the ordering by walking an index (migration
m005_window_indexes) and stops after one page, and counts with one aggregate; Python sees only
the ids of a page, then the page's rows through `listing`'s query.

The orders are those of the window's in-memory claims table (ui.models.claims), written in
SQL: enterprise name; application then line; the claim code compared as numbers (3.1 < 10 <
12.1, unreadable codes after the known ones, blank last); project and voucher as text
(SQLite's BINARY order of UTF-8 is code-point order, as Python compares str); amounts with
blank first. Equal keys keep the order a batch is first listed in (application, then claim
id); a descending order reverses every term, so equal keys come in reverse store order there
(the in-memory table keeps them in store order).

Filtering, once a ClaimSearch of the batch is at hand (claim_search), is Python's case-blind
substring test, as in the table. Before that, SQL does it; SQLite's lower() folds ASCII letters
only, so letters outside ASCII (full-width Ｈ) then match only as typed.
"""
from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import compress
from typing import TYPE_CHECKING, Any

from workbench.core.store import audit
from workbench.core.store.listing import _CLAIM_SQL, ClaimLine
from workbench.core.store.sql_rules import needs_person_sql
from workbench.core.store.target import Target

if TYPE_CHECKING:
    from workbench.core.store.claim_search import ClaimSearch

__all__ = ["ORDERS", "ClaimWindow", "CODE_ORDER_SQL", "code_order_sql"]


def code_order_sql(col: str = "c.code") -> str:
    """The claim code's sort key as SQL: (0, major, minor, text) for numeric codes, (1, 0, 0,
    text) for unreadable ones, (2, …) for blank. The expression index idx_claims_code_order is
    built on exactly this text, so it must not change without a new migration."""
    numeric = (f"({col} GLOB '[0-9]*' AND NOT {col} GLOB '*[^0-9.]*' AND NOT {col} GLOB '*..*' "
               f"AND NOT {col} GLOB '*.')")
    return (f"CASE WHEN {col} IS NULL OR {col} = '' THEN 2 WHEN {numeric} THEN 0 ELSE 1 END, "
            f"CAST({col} AS INTEGER), "
            f"CASE WHEN instr({col}, '.') THEN CAST(substr({col}, instr({col}, '.') + 1) AS INTEGER) "
            f"ELSE -1 END, {col}")


CODE_ORDER_SQL = code_order_sql("code")

# Column name (as the window's claims table names them) → ORDER BY terms, ascending. Ties go
# by application, then claim id: the order a whole batch is first listed in. The orders by
# amount requested or suggested, project and code have an index ending in application_id
# (m004), so that a page and the count of rows before a claim read the index alone; the line
# order walks the index on application_id and sorts each application's few claims; the
# others sort the batch in SQLite.
_CODE_TERMS = [
    "CASE WHEN c.code IS NULL OR c.code = '' THEN 2 WHEN (c.code GLOB '[0-9]*' AND NOT c.code "
    "GLOB '*[^0-9.]*' AND NOT c.code GLOB '*..*' AND NOT c.code GLOB '*.') THEN 0 ELSE 1 END",
    "CAST(c.code AS INTEGER)",
    "CASE WHEN instr(c.code, '.') THEN CAST(substr(c.code, instr(c.code, '.') + 1) AS INTEGER) "
    "ELSE -1 END",
    "c.code",
]
ORDERS: dict[str, list[str]] = {
    "enterprise": ["a.name", "a.id"],
    "line": ["c.application_id", "c.line"],
    "code": [*_CODE_TERMS, "c.application_id"],
    "project": ["c.project", "c.application_id"],
    "requested": ["c.requested_cents", "c.application_id"],
    "computed": ["c.computed_cents", "c.application_id"],
    "suggested": ["c.suggested_cents", "c.application_id"],
    "status": ["c.status", "c.application_id"],
    "decision": ["COALESCE(d.kind, '')", "c.application_id"],
    "decided": ["COALESCE(m.new_cents, d.approved_cents)", "c.application_id"],
    "voucher": ["c.voucher", "c.application_id"],
}
assert ", ".join(_CODE_TERMS) == code_order_sql("c.code")
# The index each order walks (m004); named in counts, where SQLite would otherwise pick the
# index of application_id for the last terms and test every claim of a range.
ORDER_INDEX = {"code": "idx_claims_code_order", "project": "idx_claims_project",
               "requested": "idx_claims_requested", "suggested": "idx_claims_suggested"}
# The orders whose walk reads indexes only (the enterprise's through the applications' name
# index and the claims' application_id index), not every claim's row.
INDEX_WALKS = frozenset({*ORDER_INDEX, "enterprise"})

# A claim's latest amendment (written for both engines: no bare column beside MAX).
_LAST_AMENDMENT = ("(SELECT l.claim_id, l.new_cents, l.id AS last FROM amendments l WHERE l.id = "
                   "(SELECT MAX(id) FROM amendments WHERE claim_id = l.claim_id))")
_NEEDS_PERSON = needs_person_sql("c")


class ClaimWindow:
    """The claims of one batch (None: every claim of the store), ordered by the database and
    read a page at a time. Not thread-safe: one per connection.

    Until `use_search` hands it a ClaimSearch of the same claims, filters are SQL (a scan of
    the table). With one, the claims passing are known as one byte each, and they are put in
    order in one of four ways: every claim of the store (no condition: the order's index is
    walked and left after a page); sorted in Python from what the search holds (by claim id,
    by 序号: application and line, by enterprise: its place in name order), or else a list of
    ids SQLite sorts (reading each claim's row); or the order's index walked unconditioned and
    the page picked out by the bytes, with marks where each step ended so that the next page
    starts where the last one stopped.

    Between a sort and a walk the expected cost decides, for the orders whose walk reads
    indexes only: a walk reads about page × total / passing index rows to fill the first page,
    the sort costs about SORT_ROW index rows an id (KEY_ROW when the search sorts). A walk may
    read at most what the sort would cost (counting the rows SQLite steps over to reach each
    step); when the claims passing lie further along the order than expected (clustered at
    its far end), it stops there and the ids are sorted, so a walk costs at most about twice
    the sort. The id and 序号 orders are always sorted by the search (a walk of 序号 reads
    every claim's row). Orders without an index sort
    up to SORT_MAX ids and walk beyond (each step a sort of the batch in SQLite)."""

    SORT_MAX = 150_000   # orders without an index: up to this many claims passing, SQLite sorts their ids
    SORT_ROW = 4         # an id sorted by SQLite costs about as much as this many index rows walked
    KEY_ROW = 0.5        # the same for an id put in order by the search (enterprise)
    PAGE = 200           # the first page, whose cost decides between a walk and a sort
    WALK = 8_192         # index rows read by the first step of a walk; each next step twice that
    WALK_MAX = 262_144
    WALK_LIMIT = 64      # steps to find one claim's place before giving up

    def __init__(self, target: Target, batch: str | None, *, make: Callable[[tuple[Any, ...]], object] = ClaimLine._make):
        self.target = target
        self.batch = batch
        self.make = make
        self.order: str | None = None
        self.descending = False
        self.text = ""
        self.statuses: frozenset[str] | None = None
        self.pending_only = False
        self.search: ClaimSearch | None = None
        self._count: int | None = None
        self._total: int | None = None
        self._whole: bool | None = None
        self._mode = "sql"
        self._mask: bytes | None = None      # the search's answer (None: every claim passes)
        self._sorted: list[int] | None = None
        self._bits = b""
        self._budget: int | None = None      # index rows a walk may step over before sorting
        self._spent = 0
        self._marks: list[tuple[int, int]] = [(0, 0)]   # (rows passing before, index rows before)

    @property
    def conn(self) -> sqlite3.Connection:
        return audit.connection_of(self.target)

    # ---- what is asked -------------------------------------------------------------------

    def set_order(self, column: str | None, descending: bool = False) -> None:
        if column is not None and column not in ORDERS:
            raise ValueError(f"未知的排序列：{column}")
        self.order, self.descending = column, descending
        self._marks = [(0, 0)]
        self._sorted = None
        self._choose()

    def set_filter(self, text: str = "", statuses: Iterable[str] | None = None,
                   pending_only: bool = False) -> None:
        text = (text or "").strip().lower()
        statuses = frozenset(statuses) if statuses is not None else None
        if (text, statuses, pending_only) != (self.text, self.statuses, self.pending_only):
            self.text, self.statuses, self.pending_only = text, statuses, pending_only
            self._count = None
            self._match()

    def use_search(self, search: ClaimSearch) -> None:
        """Filter through `search` (claim_search.ClaimSearch over the same claims) from now on."""
        self.search = search
        self._total = len(search)
        self._count = None
        self._match()

    def claim_changed(self, claim_id: int, pending: bool) -> None:
        """A decision was made or undone: whether the claim still waits for a person. The rows
        shown are not recomputed until the filter is set again, as in the table."""
        if self.search is not None:
            self.search.set_pending(claim_id, pending)

    # ---- reading -------------------------------------------------------------------------

    def total(self) -> int:
        """Every claim of the batch, whatever the filter."""
        if self._total is None:
            scope, params = self._scope(listed=True)
            self._total = self.conn.execute(
                "SELECT COUNT(*) FROM claims c" + (f" WHERE {scope}" if scope else ""), params).fetchone()[0]
        return self._total

    def count(self) -> int:
        """The claims passing the filter."""
        if self._count is None:
            if not self._filtered():
                self._count = self.total()
            else:
                joins, where, params = self._sql(order=False, listed=True)
                self._count = self.conn.execute(
                    f"SELECT COUNT(*) FROM claims c{joins} WHERE {where}", params).fetchone()[0]
        return self._count

    def ids(self, offset: int, limit: int) -> list[int]:
        """Claim ids of the rows offset … offset+limit-1 in the current order."""
        if self._mode == "walk":
            return self._walk(offset, limit)
        if self._mode == "list":
            return self._ordered()[offset:offset + limit]
        joins, where, params = self._sql()
        sql = (f"SELECT c.id FROM claims c{joins}{' WHERE ' + where if where else ''} "
               f"ORDER BY {self._order_sql()} LIMIT ? OFFSET ?")
        return [r[0] for r in self.conn.execute(sql, (*params, limit, offset))]

    def page(self, offset: int, limit: int) -> list[Any]:
        """The rows offset … offset+limit-1 in the current order, as `make` builds them."""
        ids = self.ids(offset, limit)
        if not ids:
            return []
        rows = {r[0]: r for r in self.conn.execute(
            _CLAIM_SQL + " WHERE c.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
        return [self.make(rows[i]) for i in ids if i in rows]

    def position(self, claim_id: int, limit: int | None = None) -> int | None:
        """Where the claim is in the current order and filter, or None if it is not shown, or
        is more than `limit` rows down (each row before it is counted)."""
        if self._mode == "walk":
            if not self._passes(claim_id):
                return None
            before = self._before(claim_id, "", (), None if limit is None else 4 * limit)
            if before is None:
                return None
            at = self._walk_to(before)
            if self._mode == "walk":
                return None if at is None or (limit is not None and at > limit) else at
        if self._mode == "list":   # also when the walk just gave way to the sort
            try:
                return self._ordered().index(claim_id)
            except ValueError:
                return None
        joins, where, params = self._sql()
        return self._before(claim_id, where, params, limit)

    # ---- the three ways with a search ----------------------------------------------------

    def _match(self) -> None:
        self._mode = "sql"
        self._mask = None
        self._bits = b""
        if self.search is None:
            return
        ids = self.search.ids
        self._mask = self.search.mask(self.text, self.statuses, self.pending_only) if self._filtered() else None
        self._count = len(ids) if self._mask is None else self._mask.count(1)
        self._choose()

    def _choose(self) -> None:
        """How the claims passing are put in the current order (see the class)."""
        self._marks = [(0, 0)]
        self._sorted = None
        self._spent, self._budget = 0, None
        if self.search is None:
            return
        n, total = self._count or 0, len(self.search)
        if n == total and self._whole_store():
            self._mode = "all"
        elif self.order in (None, "line"):
            self._mode = "list"   # in order by the search
        elif self.order in INDEX_WALKS:
            self._budget = int(n * (self.KEY_ROW if self.order == "enterprise" else self.SORT_ROW))
            self._mode = "walk" if n and self.PAGE * total / n < self._budget else "list"
        else:
            self._mode = "list" if n <= self.SORT_MAX else "walk"
        if self._mode == "walk" and not self._bits:
            self._bits = self._bytes_by_id()

    def _bytes_by_id(self) -> bytes:
        """One byte per claim id of the store, so that a walk tests an id by indexing."""
        assert self.search is not None
        ids, m = self.search.ids, self._mask
        if m is None:
            m = b"\x01" * len(ids)
        if not ids:
            return b""
        lo, hi = ids[0], ids[-1]
        if hi - lo + 1 == len(ids):          # ids without gaps: the bytes as they are
            return bytes(lo) + m
        bits = bytearray(hi + 1)
        for i in compress(ids, m):
            bits[i] = 1
        return bytes(bits)

    def _ordered(self) -> list[int]:
        """The passing ids in the current order, once per order and filter: from the search
        for the orders it holds, else sorted by SQLite."""
        if self._sorted is None:
            assert self.search is not None
            search, m = self.search, self._mask
            if self.order is None:
                self._sorted = search.in_id_order(m, self.descending)
            elif self.order == "line":
                self._sorted = search.in_line_order(m, self.descending)
            elif self.order == "enterprise":
                self._sorted = search.in_enterprise_order(m, self.descending)
            else:
                joins = self._joins(order=True)
                passing = json.dumps(list(search.ids if m is None else compress(search.ids, m)))
                self._sorted = json.loads(self.conn.execute(
                    f"SELECT json_group_array(id) FROM (SELECT c.id AS id FROM claims c{joins} "
                    f"WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY {self._order_sql()}) AS ordered",
                    (passing,)).fetchone()[0])
        return self._sorted

    def _affords(self, raw: int, size: int) -> bool:
        """Whether a walk may read `size` more index rows after `raw` (SQLite steps over the
        `raw` first ones again); if not, it gives way to the sort from now on."""
        if self._budget is None:
            return True
        self._spent += raw + size
        if self._spent <= self._budget:
            return True
        self._mode = "list"
        return False

    def _passes(self, claim_id: int) -> bool:
        return 0 <= claim_id < len(self._bits) and bool(self._bits[claim_id])

    def _chunk(self, raw: int, size: int) -> list[int]:
        joins = self._joins(order=True)
        ids: list[int] = json.loads(self.conn.execute(
            f"SELECT json_group_array(id) FROM (SELECT c.id AS id FROM claims c{joins} "
            f"ORDER BY {self._order_sql()} LIMIT ? OFFSET ?) AS ordered", (size, raw)).fetchone()[0])
        return ids

    def _kept(self, chunk: list[int]) -> bytes:
        """One byte for each id of `chunk`: 1 if it passes."""
        bits = self._bits
        if chunk and max(chunk) < len(bits):   # ids are never negative
            return bytes(map(bits.__getitem__, chunk))
        return bytes(bits[i] if i < len(bits) else 0 for i in chunk)   # claims added since

    def _walk(self, offset: int, limit: int) -> list[int]:
        at = max(bisect_right(self._marks, (offset, float("inf"))) - 1, 0)
        got, raw = self._marks[at]
        out: list[int] = []
        step = self.WALK
        while len(out) < limit:
            if not self._affords(raw, step):
                return self._ordered()[offset:offset + limit]
            chunk = self._chunk(raw, step)
            kept = self._kept(chunk)
            n = kept.count(1)
            if got + n > offset:
                passing = list(compress(chunk, kept))
                out += passing[max(offset - got, 0):offset + limit - got]
            got += n
            raw += len(chunk)
            if len(chunk) < step:
                break
            self._mark(got, raw)
            step = min(step * 2, self.WALK_MAX)
        return out[:limit]

    def _walk_to(self, raw_before: int) -> int | None:
        """Rows passing among the first `raw_before` rows of the unconditioned order."""
        at = bisect_right([r for _, r in self._marks], raw_before) - 1
        got, raw = self._marks[max(at, 0)]
        step = self.WALK
        for _ in range(self.WALK_LIMIT):
            if raw >= raw_before:
                return got
            size = min(step, raw_before - raw)
            if not self._affords(raw, size):
                return None
            chunk = self._chunk(raw, size)
            if not chunk:
                return got
            got += self._kept(chunk).count(1)
            raw += len(chunk)
            if len(chunk) == size:
                self._mark(got, raw)
            step = min(step * 2, self.WALK_MAX)
        return None

    def _mark(self, got: int, raw: int) -> None:
        if raw > self._marks[-1][1]:
            self._marks.append((got, raw))

    # ---- SQL pieces ----------------------------------------------------------------------

    def _whole_store(self) -> bool:
        """The batch holds every application of the store: no condition needed for it."""
        if self._whole is None:
            if self.batch is None:
                self._whole = True
            else:
                scope, params = self._scope(listed=True, column="a.id")
                c = self.conn.execute
                self._whole = (c("SELECT COUNT(*) FROM applications a WHERE " + scope, params).fetchone()[0]
                               == c("SELECT COUNT(*) FROM applications").fetchone()[0])
        return self._whole

    def _before(self, claim_id: int, where: str, params: tuple[Any, ...], cap: int | None = None) -> int | None:
        """How many rows satisfying `where` come before the claim in the current order (None
        when the claim does not satisfy it, or more than `cap` do)."""
        joins = self._joins(order=True, where=where)
        keys = self._order_terms()
        row = self.conn.execute(
            f"SELECT {', '.join(keys) or 'NULL'} FROM claims c{joins} WHERE "
            + (f"{where} AND " if where else "") + "c.id = ?", (*params, claim_id)).fetchone()
        if row is None:
            return None
        # Before it: equal keys so far and a smaller next one (larger when descending); NULL
        # sorts first. One count per case, each a range of the order's index.
        terms = [*keys, "c.id"]
        values = [*row[:len(keys)], claim_id]
        index = ORDER_INDEX.get(self.order) if not where and self.order is not None else None
        indexed = f" INDEXED BY {index}" if index else ""
        total = 0
        for i, (term, v) in enumerate(zip(terms, values, strict=False)):
            eq = [self._is(t, x) for t, x in zip(terms[:i], values[:i], strict=False)]
            eq_params = [x for x in values[:i] if x is not None]
            if self.descending:
                cases = [(f"{term} IS NOT NULL", ())] if v is None else [(f"{term} > ?", (v,))]
            else:
                cases = [] if v is None else [(f"{term} IS NULL", ()), (f"{term} < ?", (v,))]
            for cond, cond_params in cases:
                sql = (f"SELECT 1 FROM claims c{indexed}{joins} WHERE " + " AND ".join([*eq, cond])
                       + (f" AND {where}" if where else ""))
                args = (*eq_params, *cond_params, *params)
                if cap is None:
                    total += self.conn.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", args).fetchone()[0]
                    continue
                total += self.conn.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT ?) AS counted",
                                           (*args, cap - total + 1)).fetchone()[0]
                if total > cap:
                    return None
        return total

    @staticmethod
    def _is(term: str, value: object) -> str:
        return f"{term} IS NULL" if value is None else f"{term} = ?"

    def _filtered(self) -> bool:
        return bool(self.text or self.statuses is not None or self.pending_only)

    def _scope(self, *, listed: bool = False, column: str = "c.application_id") -> tuple[str, tuple[Any, ...]]:
        """The batch as a condition: a list of its applications for counting (the index on
        application_id answers), a look-up per claim for ordering (SQLite then walks the
        order's index and stops after a page, instead of building the list first)."""
        if self.batch is None or (not listed and self._whole_store()):
            return "", ()
        test, params = (("(a2.batch IS NULL OR a2.batch = '')", ()) if self.batch == ""
                        else ("a2.batch = ?", (self.batch,)))
        if listed:
            return f"{column} IN (SELECT a2.id FROM applications a2 WHERE {test})", params
        return f"EXISTS (SELECT 1 FROM applications a2 WHERE a2.id = {column} AND {test})", params

    def _order_terms(self) -> list[str]:
        return list(ORDERS[self.order]) if self.order else []

    def _order_sql(self) -> str:
        way = " DESC" if self.descending else ""
        return ", ".join(t + way for t in [*self._order_terms(), "c.id"])

    def _joins(self, *, order: bool, where: str = "") -> str:
        joins = ""
        if order and self.order == "enterprise":
            joins += " JOIN applications a ON a.id = c.application_id"
        if (order and self.order in ("decision", "decided")) or "d.kind" in where:
            joins += " LEFT JOIN decisions d ON d.claim_id = c.id"
        if order and self.order == "decided":
            joins += f" LEFT JOIN {_LAST_AMENDMENT} m ON m.claim_id = c.id"
        return joins

    def _sql(self, *, order: bool = True, listed: bool = False) -> tuple[str, str, tuple[Any, ...]]:
        """(joins, where, params) for the rows shown, without a search or with every claim."""
        if self._mode == "all":
            return self._joins(order=order), "", ()
        scope, scope_params = self._scope(listed=listed)
        where, params = ([scope] if scope else []), list(scope_params)
        if self.text:
            where.append("(instr(lower(c.project), ?) > 0 OR instr(lower(c.voucher), ?) > 0 "
                         "OR instr(lower(COALESCE(c.code, '')), ?) > 0 OR c.application_id IN "
                         "(SELECT a3.id FROM applications a3 WHERE instr(lower(a3.name), ?) > 0))")
            params += [self.text] * 4
        if self.statuses is not None:
            where.append("c.status IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(self.statuses)))
        if self.pending_only:
            where.append(f"d.kind IS NULL AND {_NEEDS_PERSON}")
        where_sql = " AND ".join(where)
        return self._joins(order=order, where=where_sql), where_sql, tuple(params)
