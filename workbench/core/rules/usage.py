"""What already counts under each cap: ledger awards aggregated by the rule set's scopes.

Built once per check (or once per batch) from the applicant's ledger rows, so settling a
claim is a handful of dictionary look-ups and never a scan of the ledger.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from operator import itemgetter
from pathlib import PurePath
from typing import Any

from workbench.core.domain.model import LedgerAward, VoucherPlace, fold, voucher_key
from workbench.core.domain.money import fmt, from_cents
from workbench.core.rules.ruleset import RuleSet

__all__ = ["Usage", "scope_key"]

_ZERO = Decimal("0.00")

# A key under a scope: the claim's values of the scope's fields, in the scope's order.
ScopeKey = tuple[Any, ...]
# What counts under one cap or once-only rule: (code, scope, key in that scope).
LimitKey = tuple[str, tuple[str, ...], ScopeKey]
# A scope and the getter of its key from the values in _SCOPE_FIELDS order.
_ScopeGetter = tuple[tuple[str, ...], Callable[[tuple[Any, ...]], ScopeKey]]


def scope_key(scope: tuple[str, ...], *, credit_code: str, year: int | None, project_key: str,
              product_key: str, installment: int | None, voucher_key: str) -> ScopeKey:
    values = {
        "enterprise": credit_code, "project": project_key, "product": product_key,
        "year": year, "installment": installment, "standard": voucher_key,
    }
    return tuple(values[s] for s in scope)


_SCOPE_FIELDS = ("enterprise", "project", "product", "year", "installment", "standard")


def _single(i: int) -> Callable[[tuple[Any, ...]], ScopeKey]:
    """The getter of a one-field scope's key: the field's value, as a 1-tuple."""
    return lambda v: (v[i],)


_GETTERS: dict[tuple[int, str], tuple[RuleSet, list[_ScopeGetter]]] = {}
# Per rule set, the getters by code as Usage fills them in (one table shared by every Usage
# of the rule set: a batch makes a Usage per application).
_TABLES: dict[int, tuple[RuleSet, dict[str, list[_ScopeGetter]]]] = {}


def _scope_table(rules: RuleSet) -> dict[str, list[_ScopeGetter]]:
    cached = _TABLES.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = _TABLES[id(rules)] = (rules, {})
    return cached[1]


def _yuan(cents: int) -> Decimal:
    """money.from_cents of an integer, in one operation: the same value and exponent (-2)."""
    return Decimal(cents).scaleb(-2)


def _scope_getters(rules: RuleSet, code: str) -> list[_ScopeGetter]:
    """(scope, getter of its key from the values in _SCOPE_FIELDS order) for each scope the
    code's rule counts under: scope_key's result, worked out once per rule set and code."""
    cached = _GETTERS.get((id(rules), code))
    if cached is not None and cached[0] is rules:
        return cached[1]
    rule = rules.get(code)
    out: list[_ScopeGetter] = []
    for scope in ({c.scope for c in rule.caps} | {o.scope for o in rule.once}) if rule else ():
        idx = tuple(_SCOPE_FIELDS.index(f) for f in scope)
        out.append((scope, _single(idx[0]) if len(idx) == 1 else itemgetter(*idx)))
    _GETTERS[(id(rules), code)] = (rules, out)
    return out


class Usage:
    """Sums of granted amounts per (code, scope, key), per enterprise-year, and voucher places."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.totals: dict[LimitKey, Decimal] = defaultdict(lambda: _ZERO)
        self.year_totals: dict[tuple[str, int], Decimal] = defaultdict(lambda: _ZERO)
        # What amendments reversed under each (code, scope, key), as a positive amount: the
        # totals are net of it (the rule set's ledger_amounts option says what that means).
        self.reversed: dict[LimitKey, Decimal] = {}
        self.vouchers: dict[str, list[VoucherPlace]] = defaultdict(list)
        # Claims of other open applications of the same enterprise, per (code, scope, key):
        # they share the cap and meet it at finalize (measures.md), so settling says so.
        self.shared: dict[LimitKey, list[str]] = {}
        self._scopes = _scope_table(rules)

    def add_group(self, *, code: str, credit_code: str, year: int, project_key: str,
                  product_key: str, installment: int | None, voucher_key: str,
                  amount: Decimal, reversed: Decimal = _ZERO) -> None:
        """Add one (possibly pre-aggregated) group of ledger amounts; `reversed` is the part
        of it that reversing entries took back (positive), already netted in `amount`."""
        self.add_row(code, credit_code, year, project_key, product_key, installment, voucher_key,
                     amount, reversed)

    def add_row(self, code: str, credit_code: str, year: int, project_key: str, product_key: str,
                installment: int | None, voucher_key: str, amount: Decimal,
                reversed: Decimal = _ZERO) -> None:
        """add_group with the values in order (usage_for adds tens of groups per application)."""
        self.year_totals[(credit_code, year)] += amount
        scopes = self._scopes.get(code)
        if scopes is None:
            scopes = self._scopes[code] = _scope_getters(self.rules, code)
        if not scopes:
            return
        values = (credit_code, project_key, product_key, year, installment, voucher_key)
        totals = self.totals
        for scope, pick in scopes:
            key = (code, scope, pick(values))
            totals[key] += amount
            if reversed:
                self.reversed[key] = self.reversed.get(key, _ZERO) + reversed

    def add_ledger_rows(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Add ledger rows (code, credit code, year, project key, product key, installment,
        voucher key, amount in cents) as add_row would one by one, a reversing entry (negative
        amount) counting as taken back: the cents are summed per key as integers and turned
        into yuan once per key (usage_for reads tens of rows per application). Integer cents
        summed, then divided, are the very Decimals (value and exponent) the rows' yuan sum to."""
        year_cents: dict[tuple[str, int], int] = {}
        total_cents: dict[LimitKey, int] = {}
        reversed_cents: dict[LimitKey, int] = {}
        scopes_of = self._scopes
        for code, cc, year, pk, prk, inst, vk, cents in rows:
            yk = (cc, year)
            year_cents[yk] = year_cents.get(yk, 0) + cents
            scopes = scopes_of.get(code)
            if scopes is None:
                scopes = scopes_of[code] = _scope_getters(self.rules, code)
            if not scopes:
                continue
            values = (cc, pk, prk, year, inst, vk)
            for scope, pick in scopes:
                key = (code, scope, pick(values))
                total_cents[key] = total_cents.get(key, 0) + cents
                if cents < 0:
                    reversed_cents[key] = reversed_cents.get(key, 0) - cents
        year_totals, totals, reversed_ = self.year_totals, self.totals, self.reversed
        for yk, c in year_cents.items():
            year_totals[yk] += _yuan(c)
        for key, c in total_cents.items():
            totals[key] += _yuan(c)
        for key, c in reversed_cents.items():
            reversed_[key] = reversed_.get(key, _ZERO) + _yuan(c)

    def add_award(self, award: LedgerAward) -> None:
        self.add_group(code=award.code, credit_code=award.credit_code, year=award.year,
                       project_key=fold(award.project), product_key=fold(award.product),
                       installment=award.installment, voucher_key=voucher_key(award.voucher),
                       amount=award.amount, reversed=-award.amount if award.amount < 0 else _ZERO)

    def add_voucher(self, key: str, place: VoucherPlace) -> None:
        if key:
            self.vouchers[key].append(place)

    def add_open_claims(self, claims: Iterable[tuple[Any, ...]], credit_code: str,
                        exclude_id: int | None) -> None:
        """Record the claims of the enterprise's other open (not finalized) applications that
        count under the same cap or once-only rule as a claim could (rejected ones aside):
        (application id, source, year, line, code, project key, product key, voucher key,
        installment as read, suggested cents) each, by application and row (the store's
        usage_repo.open_claims)."""
        for app_id, source, year, line, code, pk, prk, vk, inst, cents in claims:
            rule = self.rules.get(code)
            if rule is None:
                continue
            scopes = {c.scope for c in rule.caps} | {o.scope for o in rule.once}
            if not scopes:
                continue
            order = "先导入" if exclude_id is None or app_id < exclude_id else "后导入"
            place = f"申报 #{app_id}（{PurePath(source).name}，{order}）第{line}项"
            if cents is not None:
                place += f"（建议 {fmt(from_cents(cents))}）"
            for scope in scopes:
                key = (code, scope, scope_key(scope, credit_code=credit_code, year=year,
                                              project_key=pk, product_key=prk,
                                              installment=None if inst in (None, "") else int(inst),
                                              voucher_key=vk))
                self.shared.setdefault(key, []).append(place)

    def used(self, code: str, scope: tuple[str, ...], key: ScopeKey) -> Decimal:
        return self.totals.get((code, scope, key), _ZERO)

    def year_total(self, credit_code: str, year: int) -> Decimal:
        return self.year_totals.get((credit_code, year), _ZERO)

    @classmethod
    def from_awards(cls, rules: RuleSet, awards: Iterable[LedgerAward], *, with_vouchers: bool = True) -> Usage:
        usage = cls(rules)
        for a in awards:
            usage.add_award(a)
            if with_vouchers:
                usage.add_voucher(voucher_key(a.voucher), ledger_place(a))
        return usage


def ledger_place(a: LedgerAward) -> VoucherPlace:
    doc = f" 文号{a.doc_no}" if a.doc_no else ""
    return VoucherPlace("ledger", f"资助台账 {a.year}年 {a.name} 条款{a.code} {a.project}{doc}".strip())
