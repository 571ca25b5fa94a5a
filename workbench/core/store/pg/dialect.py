"""The store's SQL, written once for SQLite, as PostgreSQL reads it.

The repositories write one SQL text (SQLite's); this turns it into PostgreSQL's at the
connection, so that no repository has a second copy of its queries. What is turned:

* `?` placeholders into `%s` (and a literal `%` into `%%`), outside quotes;
* `x IN (SELECT value FROM json_each(?))` into `x = ANY(%s)`: the parameter, a JSON list, is
  passed as an array (`Translated.json_lists` names which), so the index on x is used;
* `INSERT OR IGNORE` into `INSERT … ON CONFLICT DO NOTHING`;
* `a IS ?` / `a IS NOT ?` into `IS [NOT] DISTINCT FROM`;
* `x GLOB 'pattern'` into a regular expression match, `CAST(x AS INTEGER)` into
  `workbench_int(x)` (SQLite's lenient cast: the leading integer, else 0);
* `main.` and `sqlite_master` into the store's own schema and its `sqlite_master` view;
* an `INSERT` into a store table gets `RETURNING rowid` so that `lastrowid` works;
* in schema statements, `INTEGER` becomes `BIGINT` (SQLite's integers are 64-bit) and every
  table gets a `rowid` column (SQLite's own, which the audit coverage names rows by).

Each text is turned once and remembered (the repositories' texts are few and fixed).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Translated", "translate", "translate_ddl", "glob_to_regex"]


@dataclass(frozen=True)
class Translated:
    sql: str
    json_lists: tuple[int, ...]   # positions of parameters to pass as arrays (JSON lists)
    returning: bool               # RETURNING rowid was added: the cursor reads lastrowid
    # An INSERT that gives the id itself: the table's id sequence must then be moved past it.
    explicit_id: str | None = None


_JSON_IN = re.compile(
    r"\s+IN\s*\(\s*SELECT\s+value\s+FROM\s+json_each\(\x00(\d+)\x00\)\s*\)", re.I)
_GLOB = re.compile(r"(?P<not>NOT\s+)?(?P<lhs>[\w.]+)\s+GLOB\s+'(?P<pat>[^']*)'", re.I)
_INDEXED = re.compile(r"\s+(?:INDEXED\s+BY\s+\w+|NOT\s+INDEXED)\b", re.I)
_CHAR = re.compile(r"\bchar\((\d+)\)", re.I)
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO", re.I)
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\"?(\w+)\"?", re.I)
_MAIN = re.compile(r"\bmain\.", re.I)


def glob_to_regex(pattern: str) -> str:
    """A GLOB pattern (*, ?, [...], [^...]) as an anchored POSIX regular expression."""
    out, i = ["^"], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            end = pattern.index("]", i + 1)
            out.append(pattern[i:end + 1])
            i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out) + "$"


def _json_lists(work: str, found: list[int]) -> str:
    """`lhs [NOT] IN (SELECT value FROM json_each(?))` -> `[NOT] (lhs = ANY(?))`; lhs is a
    name or a parenthesized expression."""
    while True:
        m = _JSON_IN.search(work)
        if not m:
            return work
        index = int(m.group(1))
        found.append(index)
        head = work[:m.start()]
        negated = re.search(r"\s+NOT$", head, re.I)
        if negated:
            head = head[:negated.start()]
        if head.endswith(")"):
            depth, k = 0, len(head) - 1
            while k >= 0:
                depth += {")": 1, "(": -1}.get(head[k], 0)
                if depth == 0:
                    break
                k -= 1
        else:
            k = len(head) - len(re.search(r"[\w.]*$", head).group(0))  # type: ignore[union-attr]
        lhs = head[k:]
        test = f"{lhs} = ANY(\x00{index}\x00)"
        work = head[:k] + (f"NOT ({test})" if negated else test) + work[m.end():]


def _split_quoted(sql: str) -> list[tuple[bool, str]]:
    """The text in pieces: (True, '...') for a string literal or quoted name, else (False, …)."""
    parts, i, start = [], 0, 0
    while i < len(sql):
        ch = sql[i]
        if ch in "'\"":
            if i > start:
                parts.append((False, sql[start:i]))
            end = i + 1
            while end < len(sql):
                if sql[end] == ch:
                    if end + 1 < len(sql) and sql[end + 1] == ch:
                        end += 2
                        continue
                    break
                end += 1
            parts.append((True, sql[i:end + 1]))
            i = start = end + 1
            continue
        i += 1
    if start < len(sql):
        parts.append((False, sql[start:]))
    return parts


def _calls(sql: str, name: str, rewrite: Callable[[str], str | None]) -> str:
    """Each call name(<args>) (nested parentheses allowed) -> rewrite(args), or left as it is
    when rewrite gives None."""
    out, i = [], 0
    upper = sql.upper()
    opening = name.upper() + "("
    while True:
        j = upper.find(opening, i)
        if j > 0 and (sql[j - 1].isalnum() or sql[j - 1] == "_"):
            out.append(sql[i:j + len(opening)])
            i = j + len(opening)
            continue
        if j < 0:
            out.append(sql[i:])
            return "".join(out)
        depth, k = 0, j + len(opening) - 1
        while k < len(sql):
            if sql[k] == "(":
                depth += 1
            elif sql[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        inner = _calls(sql[j + len(opening):k], name, rewrite)
        out.append(sql[i:j])
        new = rewrite(inner)
        out.append(new if new is not None else f"{sql[j:j + len(opening)]}{inner})")
        i = k + 1


def _cast(inner: str) -> str | None:
    m = re.search(r"\s+AS\s+(?:BIG)?INTEGER\s*$|\s+AS\s+BIGINT\s*$", inner, re.I)
    return f"workbench_int({inner[:m.start()]})" if m else None


def _casts(sql: str) -> str:
    """CAST(<expr> AS INTEGER) -> workbench_int(<expr>) (SQLite's lenient cast)."""
    return _calls(sql, "CAST", _cast)


@lru_cache(maxsize=2048)
def translate(sql: str) -> Translated:
    # Placeholders are numbered before anything moves them: which `?` is a JSON list.
    marked = []
    json_lists: list[int] = []
    n = 0
    for quoted, text in _split_quoted(sql):
        if quoted:
            marked.append(text)
            continue
        pieces = re.split(r"(\?)", text)
        for p in pieces:
            if p == "?":
                marked.append(f"\x00{n}\x00")
                n += 1
            else:
                marked.append(p)
    work = "".join(marked)

    work = _json_lists(work, json_lists)
    work = re.sub(r"\bIS\s+(NOT\s+)?(\x00\d+\x00)",
                  lambda m: f"IS {'' if m.group(1) else 'NOT '}DISTINCT FROM {m.group(2)}", work, flags=re.I)

    def glob(m: re.Match[str]) -> str:
        op = "!~" if m.group("not") else "~"
        return f"{m.group('lhs')} {op} '{glob_to_regex(m.group('pat'))}'"

    work = _GLOB.sub(glob, work)
    work = _casts(work)
    work = _calls(work, "json_group_array", lambda a: f"COALESCE(json_agg({a})::text, '[]')")
    work = _INDEXED.sub("", work)
    # SQLite takes a number as a truth value; PostgreSQL wants a comparison.
    work = re.sub(r"\bWHEN\s+(instr\([^()]*\))\s+THEN", r"WHEN \1 > 0 THEN", work, flags=re.I)
    work = _CHAR.sub(lambda m: "''" if m.group(1) == "0" else f"chr({m.group(1)})", work)
    work = _MAIN.sub("", work)
    work = _sqlite_nulls(work)
    returning = False
    if _OR_IGNORE.match(work):
        work = _OR_IGNORE.sub("INSERT INTO", work, count=1).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    m = _INSERT.match(work)
    if m and not m.group(1).startswith("_") and "RETURNING" not in work.upper():
        work = work.rstrip().rstrip(";") + " RETURNING rowid"
        returning = True
    # Literal % (LIKE patterns) doubled when there are parameters, then the marks become %s.
    if n:
        work = work.replace("%", "%%")
    work = re.sub(r"\x00\d+\x00", "%s", work)
    explicit = re.match(r"^\s*INSERT\s+INTO\s+\"?(\w+)\"?\s*\(\s*id\s*,", work, re.I)
    return Translated(work, tuple(sorted(json_lists)), returning,
                      explicit.group(1) if explicit else None)


_INT_PK = re.compile(r"\bINTEGER\s+PRIMARY\s+KEY\b", re.I)


@lru_cache(maxsize=256)
def translate_ddl(sql: str) -> str:
    """A schema statement (CREATE TABLE / ALTER TABLE / CREATE INDEX) for PostgreSQL."""
    text = sql.strip()
    head = text[:40].upper()
    if head.startswith("CREATE TABLE") or head.startswith("CREATE TEMP TABLE"):
        body_start = text.index("(")
        body = text[body_start + 1:text.rindex(")")]
        pk = _INT_PK.search(body)
        if pk:
            # The INTEGER PRIMARY KEY is SQLite's rowid: numbered by the server when not given.
            col = re.search(r"(\w+)\s+INTEGER\s+PRIMARY\s+KEY", body, re.I).group(1)  # type: ignore[union-attr]
            body = _INT_PK.sub("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", body, count=1)
            rowid = f",\n    rowid BIGINT GENERATED ALWAYS AS ({col}) STORED"
        else:
            rowid = ",\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE"
        body = re.sub(r"\bINTEGER\b", "BIGINT", body)
        body = _binary_text(body)
        return f"{text[:body_start]}({body.rstrip()}{rowid}\n)"
    text = re.sub(r"\bINTEGER\b", "BIGINT", text)
    if re.match(r"ALTER\s+TABLE", text, re.I):
        text = _binary_text(text)
    if re.match(r"CREATE\s+(UNIQUE\s+)?INDEX", text, re.I):
        text = _index_expressions(text)
    return translate(text).sql


_ORDER_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|FOR|WINDOW)\b", re.I)


# Keys that are never NULL: left as they are, so the primary keys' indexes give their order.
_NEVER_NULL = re.compile(r"^\s*(\w+\.)?(id|rowid|seq|rid|tbl|row|application_id|claim_id)(\s+(ASC|DESC))?\s*$", re.I)


def _terms(text: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        cur.append(ch)
    out.append("".join(cur))
    return out


def _nulls_first(term: str) -> str:
    stripped = term.rstrip()
    if not stripped or _NEVER_NULL.match(stripped) or re.search(r"\bNULLS\s+(FIRST|LAST)$", stripped, re.I):
        return term
    last = "LAST" if re.search(r"\bDESC$", stripped, re.I) else "FIRST"
    return f"{stripped} NULLS {last}{term[len(stripped):]}"


def _sqlite_nulls(work: str) -> str:
    """SQLite sorts NULL before every value (after, descending); PostgreSQL the other way:
    each ORDER BY term says SQLite's order (and the indexes are made the same way)."""
    out, i = [], 0
    while True:
        m = re.compile(r"\bORDER\s+BY\b", re.I).search(work, i)
        if not m:
            out.append(work[i:])
            return "".join(out)
        out.append(work[i:m.end()])
        depth, k = 0, m.end()
        while k < len(work):
            ch = work[k]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and _ORDER_END.match(work, k) and (k == 0 or not (work[k - 1].isalnum() or work[k - 1] == "_")):
                break
            k += 1
        out.append(",".join(_nulls_first(t) for t in _terms(work[m.end():k])))
        i = k


def _binary_text(ddl: str) -> str:
    """Text compares and sorts by its bytes, as in SQLite, whatever the server's locale."""
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)


def _index_expressions(text: str) -> str:
    """PostgreSQL wants each expression of an index in parentheses (a column name not)."""
    start = text.index("(")
    end = text.rindex(")")
    items: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text[start + 1:end]:
        if ch == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        cur.append(ch)
    items.append("".join(cur).strip())
    wrapped = [_nulls_first(i if re.fullmatch(r"[\w\"]+(\s+(ASC|DESC))?", i, re.I) else f"({i})")
               for i in items]
    return f"{text[:start]}({', '.join(wrapped)}){text[end + 1:]}"
