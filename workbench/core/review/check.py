"""Checking application files against the store, and the check's two renderings:
the JSON object of formats.md §3 (for other programs) and a readable Chinese table.

No argparse here: the command line and the window call the same functions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.domain.model import Application, Problem
from workbench.core.domain.money import ZERO, s2
from workbench.core.intake.submission import read_application
from workbench.core.rules import settle
from workbench.core.rules.result import ClaimResult
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store.database import Store, explanation_lines

__all__ = [
    "CheckOutcome", "check_application", "check_file", "input_errors",
    "check_json", "claim_json", "EXIT_OK", "EXIT_INPUT", "EXIT_REFUSED",
]

EXIT_OK, EXIT_INPUT, EXIT_REFUSED = 0, 1, 2


@dataclass
class CheckOutcome:
    """One application file read and settled against the store (nothing written)."""

    app: Application
    rules: RuleSet
    results: list[ClaimResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.app.refused

    @property
    def exit_code(self) -> int:
        if self.refused:
            return EXIT_REFUSED
        return EXIT_INPUT if self.errors else EXIT_OK


def input_errors(app: Application, results: list[ClaimResult]) -> list[Problem]:
    """File-level problems if refused; otherwise every claim-level input problem, once each.

    The reader's own problems come first; the engine's (what the rule set requires) follow.
    """
    if app.refused:
        return list(app.errors)
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for p in [*app.claim_problems, *settle.input_problems(results)]:
        if (p.where, p.message) not in seen:
            seen.add((p.where, p.message))
            out.append(p)
    return out


def check_application(app: Application, store: Store, rules: RuleSet | None = None) -> CheckOutcome:
    """Settle an application read from a file against what the store holds; writes nothing."""
    rules = rules or default_ruleset()
    if app.refused:
        return CheckOutcome(app, rules, [], input_errors(app, []))
    results = settle.settle_application(app, rules, store.usage_for(app, rules))
    return CheckOutcome(app, rules, results, input_errors(app, results))


def check_file(path: str | Path, store: Store, rules: RuleSet | None = None) -> CheckOutcome:
    return check_application(read_application(path), store, rules)


# ---- JSON (formats.md §3) ----------------------------------------------------------------

def claim_json(r: ClaimResult) -> dict:
    """One claim as other programs read it. Keys and null rules are the public contract."""
    suggested = ZERO if r.status == "reject" else r.suggested
    return {
        "line": r.line,
        "code": r.code,
        "project": r.project,
        "requested": s2(r.requested),
        "computed": s2(r.computed),
        "suggested": s2(suggested),
        "status": r.status,
        "explanation": explanation_lines(r),
    }


def check_json(outcome: CheckOutcome) -> dict:
    a = outcome.app.applicant
    return {
        "applicant": None if a is None else {"name": a.name, "credit_code": a.credit_code, "year": a.year},
        "rule_set": outcome.rules.version,
        "errors": [p.as_dict() for p in outcome.errors],
        "claims": [] if outcome.refused else [claim_json(r) for r in outcome.results],
    }
