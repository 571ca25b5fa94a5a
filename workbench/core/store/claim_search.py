"""What the filter of a very large claim list tests, held compactly: one read of the claims of
a batch, then a filter over a million claims is a regular-expression search in a few strings
instead of a scan of the table.

The window's claims table filters by text (enterprise, code, project, voucher; any case), by
the rules' conclusion, and by 只看待决定 (a person must decide and nobody has). `ClaimSearch`
keeps, in claim-id order: the ids, each claim's application and line, and each application's
place in name order (so that the window can put the claims passing in the order of 序号 or of
申报单位 without the database), its conclusion and its 待决定 flag as one byte each, the lower-cased code, project and voucher in chunks of text where each
claim ends with its number in the chunk, and the enterprise names once per application.
`mask` answers with one byte a claim, which `claim_window` turns into what SQLite orders.

Lower-casing is Python's, as the in-memory table does it (`str.lower` of the fields joined
with U+001F).
"""
from __future__ import annotations

import re
import sqlite3
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable
from itertools import compress, islice, repeat
from operator import add, le, mul
from typing import Any

from workbench.core.store import audit
from workbench.core.store.sql_rules import needs_person_sql
from workbench.core.store.target import Target

__all__ = ["ClaimSearch"]

_STATUS = {"approve": 1, "reduce": 2, "reject": 3, "manual": 4}
_NEEDS_PERSON = needs_person_sql("c")
_CHUNK = 10_000   # claims a piece of text: a needle found in none of it skips the piece
_CONTROL = re.compile("[\x00\x1e]")
# A claim's text is `code␟project␟voucher␞N␀`: a match is the needle, then anything short of
# the claim's end, then its number N in the chunk, so each claim is found once.
_END, _ROW = "\x1e", "\x00"
# A blank line, which SQL sorts before every number (PostgreSQL too: the dialect adds NULLS FIRST).
NO_LINE = -(1 << 63)


def _places(mask: bytes) -> list[int]:
    """Where the 1s of a mask are: found by a scan in C when few (a filter of a few hundred
    claims among a million), else by compress."""
    if mask.count(1) * 16 < len(mask):
        return [m.start() for m in _ONE(mask)]
    return list(compress(range(len(mask)), mask))


_ONE = re.compile(b"\x01").finditer


def _scope(batch: str | None) -> tuple[str, tuple[Any, ...]]:
    # A look-up per claim: a list of the batch's applications would be built again for every
    # chunk read.
    if batch is None:
        return "", ()
    if batch == "":
        return (" AND EXISTS (SELECT 1 FROM applications a2 WHERE a2.id = c.application_id "
                "AND (a2.batch IS NULL OR a2.batch = ''))", ())
    return " AND EXISTS (SELECT 1 FROM applications a2 WHERE a2.id = c.application_id AND a2.batch = ?)", (batch,)


def _every_application(conn: sqlite3.Connection, batch: str | None) -> bool:
    test, params = ("batch IS NULL OR batch = ''", ()) if batch == "" else ("batch = ?", (batch,))
    every: bool = (conn.execute(f"SELECT COUNT(*) FROM applications WHERE {test}", params).fetchone()[0]
                   == conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0])
    return every


class ClaimSearch:
    def __init__(self) -> None:
        self.ids = array("q")
        self.apps = array("q")
        self.lines = array("q")
        # Places (in id order) of the claims in the order of 序号, when the id order is not it
        # (claims are stored in line order, so it nearly always is: None).
        self.line_order: array[int] | None = None
        self.app_rank = array("q")             # by application id: its place in name order
        self.status = bytearray()
        self.pending = bytearray()
        self.chunks: list[bytes] = []           # UTF-8: a third less than str for Chinese
        self.bases: list[int] = []             # place of each chunk's first claim
        self.applications = 0
        self.name_text = b""
        self.first: dict[int, int] = {}        # application → its first claim's place
        self.scattered: set[int] = set()       # applications whose claims are not together

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, target: Target, batch: str | None,
              progress: Callable[[int, int | None, str], object] | None = None) -> ClaimSearch:
        """Read the batch's claims (None: the store's) in id order, a chunk at a time."""
        conn = audit.connection_of(target)
        scope, params = _scope(batch)
        if scope and _every_application(conn, batch):
            scope, params = "", ()   # the batch is the whole store: no look-up per claim
        self = cls()
        codes = " ".join(f"WHEN '{s}' THEN {n}" for s, n in _STATUS.items())
        # Control characters that mark a claim's end in the text cannot come from the claim.
        clean = "replace(replace({}, char(0), ' '), char(30), ' ')"
        sql = (f"SELECT c.id, c.application_id, c.line, CASE c.status {codes} ELSE 5 END, "
               f"d.kind IS NULL AND {_NEEDS_PERSON}, "
               + clean.format("COALESCE(c.code, '') || char(31) || c.project || char(31) || c.voucher")
               + " FROM claims c LEFT JOIN decisions d ON d.claim_id = c.id "
               f"WHERE c.id > ?{scope} "
               "ORDER BY c.id LIMIT ?")
        first, apps = self.first, self.apps
        last, k = -1, 0
        while True:
            rows = conn.execute(sql, (last, *params, _CHUNK)).fetchall()
            if not rows:
                break
            ids, app_ids, lines, status, pending, texts = zip(*rows, strict=False)
            self.ids.extend(ids)
            self.lines.extend(NO_LINE if x is None else x for x in lines)
            self.status.extend(status)
            self.pending.extend(1 if p else 0 for p in pending)
            prev = apps[-1] if apps else None
            for j, a in enumerate(app_ids):
                if a != prev:
                    if a in first:
                        self.scattered.add(a)
                    else:
                        first[a] = k + j
                    prev = a
            apps.extend(app_ids)
            self.chunks.append("".join([f"{t}{_END}{j}{_ROW}" for j, t in enumerate(texts)]).lower().encode())
            self.bases.append(k)
            k += len(rows)
            last = ids[-1]
            if progress is not None:
                progress(k, None, "")
        at, no = self.apps, self.lines
        if not all(map(le, zip(at, no, strict=True), zip(islice(at, 1, None), islice(no, 1, None), strict=True))):
            self.line_order = array("q", sorted(range(len(at)), key=lambda k: (at[k], no[k])))
        # The names in one text, each followed by its application's id.
        names = conn.execute("SELECT c.id, c.name FROM applications c WHERE 1 = 1"
                             + scope.replace("= c.application_id", "= c.id"), params).fetchall()
        self.applications = len(names)
        # SQL's order of names: blank first, then code points (SQLite's BINARY, PostgreSQL's "C").
        by_name = sorted(names, key=lambda r: (r[1] is not None, r[1] or "", r[0]))
        rank = self.app_rank = array("q", bytes(8 * (max((r[0] for r in names), default=-1) + 1)))
        for k, (i, _name) in enumerate(by_name):
            rank[i] = k
        self.name_text = "".join(f"{_CONTROL.sub(' ', n)}{_END}{i}{_ROW}" for i, n in names).lower().encode()
        return self

    # ---- filtering -----------------------------------------------------------------------

    def mask(self, text: str = "", statuses: Iterable[str] | None = None,
             pending_only: bool = False) -> bytes | None:
        """One byte a claim in id order (1: it passes), or None when every claim passes."""
        parts = []
        needle = (text or "").strip().lower()
        if needle:
            parts.append(self._text_mask(needle))
        if statuses is not None:
            table = bytearray(256)
            for s in statuses:
                if s in _STATUS:
                    table[_STATUS[s]] = 1
            parts.append(bytes(self.status).translate(table))
        if pending_only:
            parts.append(bytes(self.pending))
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        acc = int.from_bytes(parts[0], "little")
        for p in parts[1:]:
            acc &= int.from_bytes(p, "little")
        return acc.to_bytes(len(self.ids), "little")

    def _text_mask(self, needle: str) -> bytes:
        n = len(self.ids)
        if _CONTROL.search(needle):
            return bytes(n)
        word = needle.encode()   # UTF-8 is self-synchronising: a byte match is a text match
        found = re.compile(re.escape(word) + f"[^{_ROW}]*?{_END}(\\d+)".encode()).findall
        hit = found(self.name_text) if word in self.name_text else []
        if n and len(hit) == self.applications:   # each name is found once at most
            return b"\x01" * n
        m = bytearray(n)
        for a in map(int, hit):
            for start, stop in self._runs(a):
                m[start:stop] = b"\x01" * (stop - start)
        mark = m.__setitem__
        for base, chunk in zip(self.bases, self.chunks, strict=False):
            if word in chunk:
                deque(map(mark, map(base.__add__, map(int, found(chunk))), repeat(1)), maxlen=0)
        return bytes(m)

    def _runs(self, app: int) -> list[tuple[int, int]]:
        start = self.first.get(app)
        if start is None:
            return []
        if app in self.scattered:
            return [(k, k + 1) for k in range(start, len(self.apps)) if self.apps[k] == app]
        stop, apps, n = start, self.apps, len(self.apps)
        while stop < n and apps[stop] == app:
            stop += 1
        return [(start, stop)]

    # ---- ordering without the database -------------------------------------------------

    def in_line_order(self, mask: bytes | None, descending: bool = False) -> list[int]:
        """The ids passing `mask` (None: every claim) in the order of 序号: application, line,
        claim id, as claim_window's order "line" (blank lines first), without SQLite reading
        each claim's line from the table."""
        places = self.line_order
        if places is None:
            return self.in_id_order(mask, descending)
        ids = self.ids
        out = [ids[k] for k in (places if mask is None else compress(places, map(mask.__getitem__, places)))]
        if descending:
            out.reverse()
        return out

    def in_enterprise_order(self, mask: bytes | None, descending: bool = False) -> list[int]:
        """The ids passing `mask` (None: every claim) in claim_window's order "enterprise":
        name, application id, claim id; each claim's key one integer (its application's place
        in name order, then its id)."""
        ids, apps = self.ids, self.apps
        if not ids:
            return []
        if mask is not None:
            places = _places(mask)
            apps, ids = map(apps.__getitem__, places), map(ids.__getitem__, places)   # type: ignore[assignment]
        span = self.ids[-1] + 1
        keys = sorted(map(add, map(mul, map(self.app_rank.__getitem__, apps), repeat(span)), ids),
                      reverse=descending)
        return [k % span for k in keys]

    def in_id_order(self, mask: bytes | None, descending: bool = False) -> list[int]:
        """The ids passing `mask` (None: every claim) by claim id, the window's order when none
        is chosen."""
        ids = self.ids
        out = list(ids) if mask is None else [ids[k] for k in _places(mask)]
        if descending:
            out.reverse()
        return out

    # ---- after a decision ----------------------------------------------------------------

    def set_pending(self, claim_id: int, pending: bool) -> None:
        k = bisect_left(self.ids, claim_id)
        if k < len(self.ids) and self.ids[k] == claim_id:
            self.pending[k] = 1 if pending else 0
