"""What settling one claim gives: the figures, the status and the typed findings that say why."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workbench.core.domain.model import Finding
from workbench.core.rules.explain import render

__all__ = ["ClaimResult"]


@dataclass(slots=True)
class ClaimResult:
    line: int | None
    row: int
    code: str | None
    project: str
    requested: Decimal | None
    computed: Decimal | None
    suggested: Decimal | None
    status: str
    findings: list[Finding]
    article: str = ""
    rule_set: str = ""

    @property
    def explanation(self) -> list[str]:
        """The words of the findings, made when asked for (never stored)."""
        return [render(f) for f in self.findings]
