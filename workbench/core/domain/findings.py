"""What each kind of finding holds, by name and type; findings as the store keeps them.

A finding is a fact about a claim: a kind (`rule`), the status it asks for, and typed
arguments in the order KINDS names them. The store keeps exactly that (JSON: the kind, the
status and the argument list; amounts as decimal strings); the words a reviewer reads are
made from it by `explain.render` each time they are shown, so rewording a message changes
every stored claim's explanation without touching the store. Nothing reads words back.

`named(f)` gives a finding's arguments by name (`named(f)["limit"]`), so no reader of a
finding counts positions. The engine itself builds the plain tuples (it makes millions).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from workbench.core.domain.model import Finding

__all__ = ["KINDS", "INPUT_KINDS", "named", "dumps", "from_stored", "loads", "same",
           "fields_of"]

# Types: s text, d Decimal (money or a quantity), i int, b bool, I tuple of ints, S tuple of
# texts. Any argument may be None (a blank input, an amount not asked for).
KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    "article": (("article", "s"), ("name", "s"), ("text", "s"), ("version", "s")),
    "reading": (("text", "s"),),
    "net_ledger": (("label", "s"), ("net", "d"), ("taken_back", "d"), ("kind", "s"),
                   ("once_kept", "b"), ("wording", "s")),
    # A problem the reader found in the workbook (its own words, stored with the claim).
    "input": (("where", "s"), ("message", "s")),
    # Problems the rules find in a claim's inputs: facts, worded by explain.
    "missing_column": (("where", "s"), ("field", "s")),
    "blank": (("where", "s"), ("field", "s")),
    "no_code": (("where", "s"),),
    "unknown_code": (("where", "s"), ("code", "s"), ("known", "S")),
    "bad_level": (("where", "s"), ("level", "s"), ("allowed", "S")),
    "bad_months": (("where", "s"), ("low", "i"), ("high", "i"), ("months", "i")),
    "bad_installment": (("where", "s"), ("installment", "i")),
    "formula_manual": (),
    "formula_rate": (("label", "s"), ("basis", "d"), ("rate", "d"), ("amount", "d")),
    "formula_increment": (("label", "s"), ("basis", "d"), ("prev_label", "s"), ("prev", "d"),
                          ("inc", "d"), ("rate", "d"), ("amount", "d")),
    "threshold": (("label", "s"), ("basis", "d"), ("threshold", "d")),
    "threshold_met": (("label", "s"), ("basis", "d"), ("threshold", "d")),
    "no_increment": (("inc", "d"),),
    "formula_rent": (("rent", "d"), ("ceiling", "d"), ("unit", "d"), ("area", "d"),
                     ("months", "i"), ("amount", "d")),
    "formula_requested": (("installment", "i"), ("requested", "d")),
    "formula_fixed": (("level", "s"), ("amount", "d")),
    "once_used": (("label", "s"), ("granted", "d"), ("lines", "I")),
    "once_ok": (("label", "s"),),
    "cap": (("label", "s"), ("limit", "d"), ("granted", "d"), ("earlier", "d"), ("left", "d"),
            ("before", "d"), ("after", "d")),
    "shared_cap": (("label", "s"), ("places", "s")),
    "suggestion": (("requested", "d"), ("computed", "d"), ("capped", "d"), ("suggested", "d")),
    "duplicate": (("voucher", "s"), ("places", "s")),
    "outside_district": (),
    "checksum": (("code", "s"),),
    "fiscal": (("contribution", "d"), ("granted", "d"), ("running", "d")),
    "fiscal_ok": (("contribution", "d"), ("granted", "d"), ("running", "d")),
    "validity": (("year", "i"), ("year_from", "i"), ("year_to", "i")),
}

# Kinds that are input problems: the claim is not settled, and the problem is listed by place.
INPUT_KINDS = frozenset(("input", "missing_column", "blank", "no_code", "unknown_code",
                         "bad_level", "bad_months", "bad_installment"))

_NAMES = {kind: tuple(n for n, _ in spec) for kind, spec in KINDS.items()}


def fields_of(kind: str) -> tuple[str, ...]:
    return _NAMES.get(kind, ())


def named(f: Finding) -> dict[str, Any]:
    """A finding's arguments by name. A kind this version does not know (a newer store's)
    gives its arguments as arg0, arg1…"""
    names = _NAMES.get(f.rule)
    if names is None or len(names) != len(f.args):
        return {f"arg{i}": a for i, a in enumerate(f.args)}
    return dict(zip(names, f.args, strict=False))


def _decimal_text(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"
    raise TypeError(f"a finding cannot hold {type(value).__name__}")


# Decimals as exact strings; tuples are JSON arrays. One encoder: building one per call costs
# more than encoding a claim's findings.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_decimal_text)


def dumps(findings: Iterable[Finding]) -> str:
    """Findings as the store keeps them: kind, status and the arguments in KINDS order."""
    return _ENCODER.encode([{"rule": f.rule, "status": f.status, "args": f.args}
                            for f in findings])


def _decimal(value: Any) -> Any:
    cls = value.__class__
    if cls is str or cls is int:
        try:
            return Decimal(value)
        except (InvalidOperation, ValueError):
            return value
    return value


def _int(value: Any) -> Any:
    if value.__class__ is str:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _tuple(value: Any) -> Any:
    return tuple(value) if value.__class__ is list else value


_CONVERT: dict[str, Callable[[Any], Any]] = {"d": _decimal, "i": _int, "I": _tuple, "S": _tuple}
# Per kind: its number of arguments, and (position, converter) of those JSON does not give
# back as they were (amounts are strings, tuples are lists); worked out once.
_PLANS = {kind: (len(spec), tuple((i, _CONVERT[t]) for i, (_, t) in enumerate(spec) if t in _CONVERT))
          for kind, spec in KINDS.items()}
_new = tuple.__new__


def from_stored(d: dict[str, Any]) -> Finding:
    """One stored finding, with its arguments typed again (amounts as Decimal)."""
    rule, args = d.get("rule", ""), d.get("args") or []
    plan = _PLANS.get(rule)
    if plan is None or plan[0] != len(args):
        typed = tuple(_tuple(a) for a in args)
    elif plan[1]:
        args = list(args)
        for i, convert in plan[1]:
            if args[i] is not None:
                args[i] = convert(args[i])
        typed = tuple(args)
    else:
        typed = tuple(args)
    return _new(Finding, (rule, d.get("status"), typed))


def loads(text: str | None) -> list[Finding]:
    """The findings column of a claim, typed."""
    return [from_stored(d) for d in json.loads(text or "[]")]


def same(a: Iterable[Finding], b: Iterable[Finding]) -> bool:
    """The same findings, compared as values (1.0 and 1.00 are the same amount)."""
    a, b = list(a), list(b)
    return len(a) == len(b) and all(
        x.rule == y.rule and x.status == y.status and tuple(x.args) == tuple(y.args)
        for x, y in zip(a, b, strict=False))
