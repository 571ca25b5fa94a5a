"""Versioned rule sets loaded from resources/rules/*.yaml (rates, caps, once-only rules, dates)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from .resources import resource_path

__all__ = ["Cap", "Once", "Rule", "RuleSet", "RuleSetError", "load_ruleset", "default_ruleset",
           "available_rulesets", "SCOPES", "FORMULAS"]

SCOPES = ("enterprise", "project", "product", "year", "installment", "standard")
FORMULAS = ("manual", "rate", "increment", "rent", "requested", "fixed")
# Inputs each formula needs on top of the rule's own `needs`.
_FORMULA_NEEDS = {
    "manual": (),
    "rate": ("basis",),
    "increment": ("basis", "previous"),
    "rent": ("area", "months", "rent"),
    "requested": ("requested",),
    "fixed": ("level",),
}


class RuleSetError(ValueError):
    pass


@dataclass(frozen=True)
class Cap:
    limit: Decimal
    scope: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Once:
    scope: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Rule:
    code: str
    article: str
    name: str
    text: str
    formula: str
    rate: Decimal | None = None
    basis_label: str = "计算基数"
    previous_label: str = "上年度基数"
    threshold: Decimal | None = None
    rent_ceiling: Decimal | None = None
    months: tuple[int, int] = (1, 12)
    amounts: dict[str, Decimal] = field(default_factory=dict)
    caps: tuple[Cap, ...] = ()
    once: tuple[Once, ...] = ()
    needs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"条款{self.article}{self.name}"


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: str
    year_from: int
    year_to: int
    rules: dict[str, Rule]
    source: str = ""

    def get(self, code: str | None) -> Rule | None:
        return self.rules.get(code) if code else None

    def valid_for(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    @property
    def codes(self) -> list[str]:
        return list(self.rules)


def _dec(value, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except Exception as exc:
        raise RuleSetError(f"{where}: “{value}”不是数字") from exc


def _scope(value, where: str) -> tuple[str, ...]:
    scope = tuple(value or ())
    bad = [s for s in scope if s not in SCOPES]
    if bad or not scope:
        raise RuleSetError(f"{where}: 未知的范围 {bad or scope}")
    return scope


def _rule(code: str, d: dict, where: str) -> Rule:
    formula = d.get("formula")
    if formula not in FORMULAS:
        raise RuleSetError(f"{where}: 未知的计算方式 {formula!r}")
    caps = tuple(
        Cap(_dec(c["limit"], f"{where}.caps"), _scope(c.get("scope"), f"{where}.caps"), str(c.get("label", "上限")))
        for c in d.get("caps") or ()
    )
    once = tuple(Once(_scope(o.get("scope"), f"{where}.once"), str(o.get("label", "一次性")))
                 for o in d.get("once") or ())
    needs = tuple(_FORMULA_NEEDS[formula]) + tuple(n for n in d.get("needs") or () if n not in _FORMULA_NEEDS[formula])
    months = d.get("months") or {}
    if formula in ("rate", "increment") and d.get("rate") is None:
        raise RuleSetError(f"{where}: 缺少比例 rate")
    return Rule(
        code=code,
        article=str(d.get("article", "")),
        name=str(d.get("name", "")),
        text=str(d.get("text", "")),
        formula=formula,
        rate=_dec(d["rate"], where) if d.get("rate") is not None else None,
        basis_label=str(d.get("basis_label", "计算基数")),
        previous_label=str(d.get("previous_label", "上年度基数")),
        threshold=_dec(d["threshold"], where) if d.get("threshold") is not None else None,
        rent_ceiling=_dec(d["rent_ceiling"], where) if d.get("rent_ceiling") is not None else None,
        months=(int(months.get("min", 1)), int(months.get("max", 12))),
        amounts={str(k): _dec(v, where) for k, v in (d.get("amounts") or {}).items()},
        caps=caps,
        once=once,
        needs=needs,
    )


def load_ruleset(path: str | Path) -> RuleSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"无法读取规则文件 {path.name}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("claims"), dict):
        raise RuleSetError(f"{path.name}: 不是规则文件（缺少 version 或 claims）")
    years = data.get("valid_years") or {}
    rules = {str(code): _rule(str(code), body or {}, f"{path.name}:{code}") for code, body in data["claims"].items()}
    return RuleSet(
        version=str(data["version"]),
        title=str(data.get("title", "")),
        year_from=int(years.get("from", 0)),
        year_to=int(years.get("to", 9999)),
        rules=rules,
        source=path.name,
    )


def available_rulesets() -> list[Path]:
    return sorted(resource_path("rules").glob("*.yaml"))


@lru_cache(maxsize=8)
def _cached(path: str) -> RuleSet:
    return load_ruleset(path)


def default_ruleset(path: str | Path | None = None) -> RuleSet:
    """The named rule set, or the newest shipped one (last by file name)."""
    if path is None:
        files = available_rulesets()
        if not files:
            raise RuleSetError("未找到规则文件（resources/rules/*.yaml）")
        path = files[-1]
    return _cached(str(Path(path).resolve()))
