"""Light, read-only listings for screens that show many rows at once: the applications of a
batch with their totals, the claims of an application or a whole batch, an enterprise's awards
and the headroom left under each cap.

`review.applications` and `review.claims` build full views (every claim's explanation and
inputs decoded, the latest amendment looked up claim by claim); that is right for one
application and for reports, and too slow for 100,000 claims on screen. Here each listing is
one query over indexed columns (claims.application_id, decisions.claim_id, applications.batch)
returning flat tuples with amounts in cents, and nothing is decoded from JSON. One claim in
full (inputs, findings, problems, explanation) is read as the review reads it:
`review_repo.ClaimView`, the one read model of a claim. The totals follow exactly the rules of `review` (the same effective
amount and the same "needs a person" test from `workflow`), which the tests check.

`make` turns one raw row (a tuple in the order of the NamedTuple's fields) into the caller's
row type; the default is the NamedTuple here. Passing another NamedTuple's `_make` with the
same field order avoids building every row twice.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from workbench.core.domain.money import from_cents
from workbench.core.rules.ruleset import RuleSet
from workbench.core.store import audit
from workbench.core.store.sql_rules import needs_person_sql, requested_sql, suggested_sql
from workbench.core.store.target import Target

__all__ = [
    "AppLine", "ClaimLine", "AwardLine", "Headroom", "EnterpriseLine",
    "application_lines", "claim_lines", "batch_claim_lines", "claim_line",
    "batch_names", "enterprises", "claim_count", "application_heads",
    "application_count", "application_ids_by_name", "award_lines", "headroom", "EVERY_BATCH", "ArticleYearTotal",
    "article_year_totals",
]

EVERY_BATCH = None   # batch argument meaning: every application, whatever its batch


class AppLine(NamedTuple):
    """An application as every list shows it (the window's rows are these tuples)."""
    id: int
    batch: str                 # '' for an application imported without a batch
    name: str
    credit_code: str
    year: int
    claims: int
    requested: int             # cents
    suggested: int             # cents, rejected claims count 0
    decided: int | None        # cents, what the claims are worth now (review's effective)
    stage: str
    source: str
    undecided: int = 0         # claims a person must still decide


class ClaimLine(NamedTuple):
    """A claim as every list shows it — the window's tables, paged or not, hold these tuples;
    `review.claims` gives the full view of the same claim (decision, reasons, explanation)."""
    key: object                # the claim's id; (source, row) for a file only checked, not stored
    application_id: object
    enterprise: str
    line: int | None
    code: str | None
    article: str
    project: str
    voucher: str
    requested: int | None      # cents
    computed: int | None
    suggested: int | None
    status: str
    decided: int | None = None  # cents: the amended amount, else the decision; None undecided
    decision: str = ""          # accept / amount / reject, '' while undecided
    row: int = 0                # worksheet row, for "申报事项!F7"-style locations


# A claim a person must decide (workflow.needs_explicit), as SQL over claims `c`.
_NEEDS_PERSON = needs_person_sql("c")

# The latest amendment of each claim: SQLite takes the bare columns from the MAX(id) row.
# A claim's latest amendment (written for both engines: no bare column beside MAX).
_LAST_AMENDMENT = ("(SELECT l.claim_id, l.new_cents, l.id AS last FROM amendments l WHERE l.id = "
                   "(SELECT MAX(id) FROM amendments WHERE claim_id = l.claim_id))")

# Totals in two passes instead of one join per claim: `base` scans the claims of the chosen
# applications once (what each claim is worth when nobody decided it), `moved` corrects that by
# the decided and amended claims only, which are few while a batch is being reviewed.
_NEED = f"CASE WHEN {_NEEDS_PERSON} THEN 1 ELSE 0 END"
_DEFAULT = f"CASE WHEN {_NEEDS_PERSON} THEN 0 ELSE c.suggested_cents END"
_APP_SQL = f"""
WITH chosen AS (SELECT a.id FROM applications a {{where}}),
base AS (
    SELECT c.application_id AS app, COUNT(*) AS n, SUM({requested_sql("c")}) AS req,
           SUM({suggested_sql("c")}) AS sug,
           SUM({_DEFAULT}) AS dflt, SUM({_NEED}) AS need
    FROM claims c WHERE c.application_id IN (SELECT id FROM chosen) GROUP BY c.application_id),
moved AS (
    SELECT c.application_id AS app,
           SUM(COALESCE(m.new_cents, d.approved_cents) - COALESCE({_DEFAULT}, 0)) AS delta,
           SUM(CASE WHEN d.kind IS NOT NULL THEN {_NEED} ELSE 0 END) AS decided
    FROM (SELECT claim_id FROM decisions UNION SELECT claim_id FROM amendments) k
    JOIN claims c ON c.id = k.claim_id
    LEFT JOIN decisions d ON d.claim_id = c.id
    LEFT JOIN {_LAST_AMENDMENT} m ON m.claim_id = c.id
    WHERE c.application_id IN (SELECT id FROM chosen)
    GROUP BY c.application_id)
SELECT a.id, COALESCE(a.batch, ''), a.name, a.credit_code, a.year, COALESCE(b.n, 0),
       COALESCE(b.req, 0), COALESCE(b.sug, 0), COALESCE(b.dflt, 0) + COALESCE(x.delta, 0),
       a.stage, a.source, COALESCE(b.need, 0) - COALESCE(x.decided, 0)
FROM applications a JOIN chosen ON chosen.id = a.id
LEFT JOIN base b ON b.app = a.id LEFT JOIN moved x ON x.app = a.id
ORDER BY a.id
"""

_CLAIM_SQL = f"""
SELECT c.id, c.application_id, a.name, c.line, c.code, c.article, c.project, c.voucher,
       c.requested_cents, c.computed_cents, c.suggested_cents, c.status,
       COALESCE(m.new_cents, d.approved_cents), COALESCE(d.kind, ''), c.row
FROM claims c
JOIN applications a ON a.id = c.application_id
LEFT JOIN decisions d ON d.claim_id = c.id
LEFT JOIN {_LAST_AMENDMENT} m ON m.claim_id = c.id
"""


def _batch_where(batch: str | None, alias: str = "a") -> tuple[str, list[Any]]:
    if batch is EVERY_BATCH:
        return "", []
    if batch == "":
        return f" WHERE ({alias}.batch IS NULL OR {alias}.batch = '')", []
    return f" WHERE {alias}.batch = ?", [batch]


def batch_names(target: Target) -> list[str]:
    """Batch names of stored applications ('' for those without one), sorted."""
    conn = audit.connection_of(target)
    return sorted({b for (b,) in conn.execute(
        "SELECT DISTINCT COALESCE(batch, '') FROM applications")})


def application_lines(target: Target, batch: str | None = EVERY_BATCH, *, ids: Iterable[int] | None = None,
                      make: Callable[[tuple[Any, ...]], object] = AppLine._make) -> list[Any]:
    """Applications (of one batch, or every one) with claim count, totals and stage, oldest
    first, in one grouped query."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    if ids is not None:
        where += (" AND " if where else " WHERE ") + "a.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(set(ids))))
    return list(map(make, conn.execute(_APP_SQL.format(where=where), params)))


def application_heads(target: Target, batch: str | None = EVERY_BATCH, *, ids: Iterable[int] | None = None,
                      make: Callable[[tuple[Any, ...]], object] = AppLine._make) -> list[Any]:
    """Applications as `application_lines` lists them, without reading their claims: the count,
    totals and undecided fields are None (a long list fills them for the rows it shows). In
    name order, from one index (m004) that holds every field read."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    if ids is not None:
        where += (" AND " if where else " WHERE ") + "a.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(set(ids))))
    shared: dict[str, str] = {}
    share = shared.setdefault
    return [make((i, share(b, b), n, c, y, None, None, None, None, share(st, st), src, None))
            for i, b, n, c, y, st, src in conn.execute(
                "SELECT a.id, COALESCE(a.batch, ''), a.name, a.credit_code, a.year, a.stage, a.source "
                "FROM applications a INDEXED BY idx_applications_batch_name" + where
                + " ORDER BY a.batch, a.name, a.id", params)]   # the index's order: no sorting


def application_ids_by_name(target: Target, batch: str | None = EVERY_BATCH) -> list[int]:
    """The ids of a batch's applications in name order (ties by id), from the index alone."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    ids: list[int] = json.loads(conn.execute(
        "SELECT json_group_array(id) FROM (SELECT a.id AS id FROM applications a INDEXED BY "
        "idx_applications_batch_name" + where + " ORDER BY a.batch, a.name, a.id) AS ordered", params).fetchone()[0])
    return ids


def application_count(target: Target, batch: str | None = EVERY_BATCH) -> int:
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    n: int = conn.execute("SELECT COUNT(*) FROM applications a" + where, params).fetchone()[0]
    return n


def claim_lines(target: Target, application_id: int, *, make: Callable[[tuple[Any, ...]], object] = ClaimLine._make) -> list[Any]:
    """The claims of one application in sheet order, with their decisions; no JSON decoded."""
    conn = audit.connection_of(target)
    return list(map(make, conn.execute(
        _CLAIM_SQL + " WHERE c.application_id = ? ORDER BY c.row", [application_id])))


def batch_claim_lines(target: Target, batch: str | None = EVERY_BATCH, *,
                      make: Callable[[tuple[Any, ...]], object] = ClaimLine._make) -> list[Any]:
    """Every claim of a batch (or of the store), by application then sheet row (an application's
    claims are stored in sheet order in one transaction, so their ids follow the rows and the
    index on application_id gives the order without sorting).

    A batch may hold 100,000 claims: the enterprise name is looked up once per application
    and the few distinct codes, articles and statuses are shared, instead of one new string
    per claim for each (a third of the memory of the rows)."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    names = dict(conn.execute("SELECT a.id, a.name FROM applications a" + where, params))
    shared: dict[str, str] = {}
    share = shared.setdefault
    sql = _CLAIM_SQL.replace("a.name", "''").replace(
        "JOIN applications a ON a.id = c.application_id", "")
    sql += (" WHERE c.application_id IN (SELECT a.id FROM applications a" + where + ")"
            if where else "") + " ORDER BY c.application_id, c.id"
    return [make((r[0], r[1], names[r[1]], r[3], r[4] and share(r[4], r[4]), share(r[5], r[5]),
                  r[6], r[7], r[8], r[9], r[10], share(r[11], r[11]), r[12],
                  r[13] and share(r[13], r[13]), r[14]))
            for r in conn.execute(sql, params)]


def claim_count(target: Target, batch: str | None = EVERY_BATCH) -> int:
    """How many claims a batch (or the store) holds, from the index on application_id."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    n: int
    if not where:
        n = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        return n
    n = conn.execute("SELECT COUNT(*) FROM claims c WHERE c.application_id IN "
                     "(SELECT a.id FROM applications a" + where + ")", params).fetchone()[0]
    return n


def claim_line(target: Target, claim_id: int, *,
               make: Callable[[tuple[Any, ...]], object] = ClaimLine._make) -> Any:
    conn = audit.connection_of(target)
    row = conn.execute(_CLAIM_SQL + " WHERE c.id = ?", [claim_id]).fetchone()
    return None if row is None else make(row)


class ArticleYearTotal(NamedTuple):
    year: int
    article: str               # '（三）'; '' for claims whose code is unknown
    claims: int
    requested: int             # cents
    suggested: int             # cents, rejected claims count 0 (as review.article_totals)
    approved: int              # cents, what the claims are worth now
    undecided: int


def article_year_totals(target: Target, batch: str | None = EVERY_BATCH) -> list[ArticleYearTotal]:
    """Requested, suggested and approved per application year and article, for the budget
    view: review.article_totals' figures, split by year, in one grouped query."""
    conn = audit.connection_of(target)
    where, params = _batch_where(batch)
    rows = conn.execute(f"""
        SELECT a.year, c.article, COUNT(*), COALESCE(SUM({requested_sql("c")}), 0),
               COALESCE(SUM({suggested_sql("c")}), 0),
               COALESCE(SUM(COALESCE(m.new_cents, d.approved_cents, {_DEFAULT})), 0),
               SUM(CASE WHEN d.kind IS NULL AND {_NEEDS_PERSON} THEN 1 ELSE 0 END)
        FROM claims c JOIN applications a ON a.id = c.application_id
        LEFT JOIN decisions d ON d.claim_id = c.id
        LEFT JOIN {_LAST_AMENDMENT} m ON m.claim_id = c.id
        {where} GROUP BY a.year, c.article""", params).fetchall()
    out = [ArticleYearTotal(*r) for r in rows]
    out.sort(key=lambda t: (t.year, _article_order(t.article)))
    return out


_NUMERALS = ("二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四")


def _article_order(article: str) -> int:
    t = (article or "").strip("（）")
    return _NUMERALS.index(t) if t in _NUMERALS else len(_NUMERALS)


# ---- the award ledger of one enterprise -------------------------------------------------------

class EnterpriseLine(NamedTuple):
    credit_code: str
    name: str
    awards: int                # ledger rows
    total: int                 # cents, every year
    applications: int          # stored applications


def enterprises(target: Target) -> list[EnterpriseLine]:
    """Every enterprise the store knows (in the ledger or by an application), by name."""
    conn = audit.connection_of(target)
    rows = conn.execute("""
        SELECT credit_code, MAX(name), SUM(awards), SUM(total), SUM(apps) FROM (
            SELECT credit_code, MAX(name) AS name, COUNT(*) AS awards, SUM(amount_cents) AS total,
                   0 AS apps
            FROM ledger GROUP BY credit_code
            UNION ALL
            SELECT credit_code, MAX(name), 0, 0, COUNT(*) FROM applications GROUP BY credit_code) u
        GROUP BY credit_code ORDER BY 2, 1""")
    return [EnterpriseLine(*r) for r in rows]


class AwardLine(NamedTuple):
    year: int
    article: str
    code: str
    project: str
    product: str
    voucher: str
    installment: int | None
    amount: int                # cents; reversing entries are negative
    doc_no: str
    entry: str                 # import / award / reversal / correction
    source: str


def award_lines(target: Target, credit_code: str, rules: RuleSet) -> list[AwardLine]:
    """An enterprise's ledger rows, by year (newest first), article and code."""
    conn = audit.connection_of(target)
    out = []
    for r in conn.execute(
            "SELECT year, code, project, product, voucher, installment, amount_cents, doc_no, "
            "entry, source FROM ledger WHERE credit_code = ? ORDER BY year DESC, id", [credit_code]):
        rule = rules.get(r[1])
        out.append(AwardLine(r[0], rule.article if rule else "", r[1], *r[2:]))
    out.sort(key=lambda a: (-a.year, _code_order(a.code)))
    return out


def _code_order(code: str) -> tuple[Any, ...]:
    try:
        return (0, tuple(int(p) for p in code.split(".")))
    except (AttributeError, ValueError):
        return (1, (str(code),))


@dataclass(frozen=True)
class Headroom:
    """What is left under one cap (or once-only rule) of one claim code for an enterprise."""

    code: str
    article: str
    name: str                  # the rule's name
    label: str                 # the cap's label, e.g. 企业年度上限
    scope: str                 # in words: 2025年度 / 累计 / 项目“…”
    limit: Decimal | None      # None for a once-only rule
    used: Decimal
    left: Decimal | None       # None for a once-only rule
    once_used: bool = False


_SCOPE_WORDS = {"project": "项目", "product": "产品", "installment": "第{}期", "standard": "标准号"}
_FRESH_WORDS = {"project": "项目", "product": "产品", "installment": "期次", "standard": "标准号"}


def headroom(target: Target, credit_code: str, year: int, rules: RuleSet) -> list[Headroom]:
    """For every cap of every claim code: what the enterprise's ledger awards already use and
    what is left, for the application year `year`. Caps per year count that year; caps with
    no year count every year; caps per project or product get one line for each project or
    product the enterprise has awards for (a new project starts with the whole limit, shown
    once as “新项目”). Once-only rules say whether they are used up."""
    conn = audit.connection_of(target)
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for code, yr, pk, project, prk, product, inst, vk, voucher, cents in conn.execute(
            "SELECT code, year, project_key, MIN(project), product_key, MIN(product), installment, "
            "voucher_key, MIN(voucher), SUM(amount_cents) FROM ledger WHERE credit_code = ? "
            "GROUP BY code, year, project_key, product_key, installment, voucher_key",
            [credit_code]):
        groups.setdefault(code, []).append((yr, pk, project, prk, product, inst, vk, voucher, cents))
    out: list[Headroom] = []
    for code in sorted(rules.codes, key=_code_order):
        rule = rules.rules[code]
        rows = groups.get(code, [])
        for cap in rule.caps:
            for scope_text, used in _scoped(cap.scope, rows, year):
                limit = cap.limit
                out.append(Headroom(code, rule.article, rule.name, cap.label, scope_text, limit,
                                    used, max(limit - used, Decimal("0.00"))))
        for once in rule.once:
            for scope_text, used in _scoped(once.scope, rows, year):
                out.append(Headroom(code, rule.article, rule.name, once.label, scope_text, None,
                                    used, None, once_used=used != 0))
    return out


def _scoped(scope: tuple[str, ...], rows: list[tuple[Any, ...]], year: int) -> list[tuple[str, Decimal]]:
    """(words for the scope, amount used) for each distinct key of `scope` in `rows`."""
    by_year = "year" in scope
    keyed = [s for s in scope if s not in ("enterprise", "year")]
    sums: dict[tuple[Any, ...], int] = {}
    names: dict[tuple[Any, ...], str] = {}
    for yr, pk, project, prk, product, inst, vk, voucher, cents in rows:
        if by_year and yr != year:
            continue
        values = {"project": (pk, project), "product": (prk, product),
                  "installment": (inst, str(inst)), "standard": (vk, voucher)}
        key = tuple(values[s][0] for s in keyed)
        sums[key] = sums.get(key, 0) + cents
        names[key] = "、".join(_SCOPE_WORDS[s].format(values[s][1]) if s == "installment"
                              else f"{_SCOPE_WORDS[s]}“{values[s][1]}”" for s in keyed)
    when = f"{year}年度" if by_year else "累计"
    if not keyed:
        return [(when, from_cents(sums.get((), 0)))]
    lines = [(f"{names[k]}（{when}）", from_cents(v)) for k, v in sorted(sums.items(), key=lambda kv: names[kv[0]])]
    fresh = "其他" + "、".join(_FRESH_WORDS[s] for s in keyed) + "（尚无资助）"
    lines.append((fresh, Decimal("0.00")))
    return lines
