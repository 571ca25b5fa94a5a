"""Versioned rule sets loaded from resources/rules/*.yaml (rates, caps, once-only rules, dates)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from workbench.core.domain.resources import resource_path

__all__ = ["Cap", "Once", "Option", "Rule", "RuleSet", "RuleSetError", "load_ruleset", "default_ruleset",
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
    option: str = ""                 # the bureau's option that chose the scope, if any


@dataclass(frozen=True)
class Once:
    scope: tuple[str, ...]
    label: str
    option: str = ""


@dataclass(frozen=True)
class Option:
    """A reading that is the bureau's choice (measures.md "Interpretation"): the choice made,
    its wording for the explanation, and what it sets (a scope, or a rule of counting)."""

    name: str
    title: str
    choice: str
    wording: str
    scope: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


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
    readings: tuple[str, ...] = ()   # the wording of every reading that applies, in order

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
    options: dict[str, Option] = field(default_factory=dict)

    def option(self, name: str) -> Option | None:
        return self.options.get(name)

    def get(self, code: str | None) -> Rule | None:
        return self.rules.get(code) if code else None

    def valid_for(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    @property
    def codes(self) -> list[str]:
        return list(self.rules)


def _dec(value: object, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except Exception as exc:
        raise RuleSetError(f"{where}: “{value}”不是数字") from exc


def _scope(value: Any, where: str) -> tuple[str, ...]:
    scope = tuple(value or ())
    bad = [s for s in scope if s not in SCOPES]
    if bad or not scope:
        raise RuleSetError(f"{where}: 未知的范围 {bad or scope}")
    return scope


def _options(data: Any, where: str) -> dict[str, Option]:
    out: dict[str, Option] = {}
    for name, d in (data or {}).items():
        choices = (d or {}).get("choices") or {}
        choice = str((d or {}).get("choice", ""))
        if choice not in choices:
            raise RuleSetError(f"{where}: 选项 {name} 的取值“{choice}”不在 {list(choices)} 之中")
        c = choices[choice] or {}
        if not c.get("wording"):
            raise RuleSetError(f"{where}: 选项 {name}={choice} 缺少说明文字 wording")
        scope = _scope(c["scope"], f"{where}.{name}") if c.get("scope") else ()
        out[str(name)] = Option(str(name), str(d.get("title", name)), choice, str(c["wording"]),
                                scope, tuple(str(k) for k in choices))
    return out


def _limit_scope(c: dict[str, Any], options: dict[str, Option], where: str) -> tuple[tuple[str, ...], str]:
    """A cap's or once-only rule's scope: its own, or the one its bureau option chose."""
    name = c.get("scope_option")
    if not name:
        return _scope(c.get("scope"), where), ""
    opt = options.get(str(name))
    if opt is None or not opt.scope:
        raise RuleSetError(f"{where}: 未定义的范围选项 {name}")
    return opt.scope, opt.name


def _rule(code: str, d: dict[str, Any], where: str, readings: dict[str, str] | None = None,
          options: dict[str, Option] | None = None) -> Rule:
    readings, options = readings or {}, options or {}
    formula = d.get("formula")
    if formula not in FORMULAS:
        raise RuleSetError(f"{where}: 未知的计算方式 {formula!r}")
    caps = tuple(
        Cap(_dec(c["limit"], f"{where}.caps"), *_with_label(c, options, f"{where}.caps", "上限"))
        for c in d.get("caps") or ()
    )
    once = tuple(Once(*_with_label(o, options, f"{where}.once", "一次性"))
                 for o in d.get("once") or ())
    texts = []
    for name in d.get("readings") or ():
        if name not in readings:
            raise RuleSetError(f"{where}: 未定义的解读 {name}")
        texts.append(readings[name])
    limits: tuple[Cap | Once, ...] = (*caps, *once)
    for opt in dict.fromkeys(x.option for x in limits if x.option):
        texts.append(options[opt].wording)
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
        readings=tuple(texts),
    )


def _with_label(c: dict[str, Any], options: dict[str, Option], where: str,
                default: str) -> tuple[tuple[str, ...], str, str]:
    scope, option = _limit_scope(c, options, where)
    return scope, str(c.get("label", default)), option


def load_ruleset(path: str | Path) -> RuleSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"无法读取规则文件 {path.name}: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("claims"), dict):
        raise RuleSetError(f"{path.name}: 不是规则文件（缺少 version 或 claims）")
    years = data.get("valid_years") or {}
    readings = {str(k): str(v) for k, v in (data.get("readings") or {}).items()}
    options = _options(data.get("options"), path.name)
    rules = {str(code): _rule(str(code), body or {}, f"{path.name}:{code}", readings, options)
             for code, body in data["claims"].items()}
    rules = _separate_caps(rules)
    return RuleSet(
        version=str(data["version"]),
        title=str(data.get("title", "")),
        year_from=int(years.get("from", 0)),
        year_to=int(years.get("to", 9999)),
        rules=rules,
        source=path.name,
        options=options,
    )


def _separate_caps(rules: dict[str, Rule]) -> dict[str, Rule]:
    """Codes of one article whose caps count over the same scope are still capped apart
    (measures.md: a cap counts its own code only). Where the rule set keeps such caps apart,
    every claim under them says so, e.g. “6.1 与 6.2 上限分别计算”."""
    by_article: dict[str, list[Rule]] = {}
    for r in rules.values():
        by_article.setdefault(r.article, []).append(r)
    out = dict(rules)
    for article, group in by_article.items():
        for r in group:
            for cap in r.caps:
                same = [o.code for o in group if o.code != r.code and any(c.scope == cap.scope for c in o.caps)]
                if not same:
                    continue
                codes = " 与 ".join(sorted([r.code, *same], key=lambda c: tuple(int(p) for p in c.split(".") if p.isdigit())))
                text = (f"{codes} 上限分别计算：同属条款{article}，各有{cap.label}，"
                        "一项的资助不占用另一项的上限")
                out[r.code] = replace(out[r.code], readings=(text, *out[r.code].readings))
                break
    return out


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
