"""Plain input for the review sheet (审核表): what the store and review layers fill in.

The sheet builder is a pure function of a SheetData, so the same data gives the same
sheet, and the review workflow can be built and tested without knowing about PDF.
Amounts are Decimal yuan; labels and texts are already in Chinese.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from workbench.core.domain.money import ZERO
from workbench.core.domain.totals import as_computed, requested_amount
from workbench.core.domain.vocabulary import ROLE_KEYS, ROLE_LABELS, STATUS_ON_PAPER

__all__ = [
    "ROLES", "ROLE_LABELS", "DEFAULT_ROLES", "STATUS_LABELS", "role_field", "role_of_field",
    "CapLine", "SheetClaim", "SheetData",
]

# Signing roles in signing order. Field names stay ASCII because some PDF tools print
# them raw; the Chinese label goes into the field's tooltip (/TU) and onto the sheet.
ROLES = ROLE_KEYS
DEFAULT_ROLES = ("handler", "reviewer")
STATUS_LABELS = STATUS_ON_PAPER


def role_field(role: str) -> str:
    """The signature field name for a role: 'handler' -> 'sig_handler'."""
    if role not in ROLE_LABELS:
        raise ValueError(f"未知的签署角色：{role}（应为 {'、'.join(ROLES)} 之一）")
    return f"sig_{role}"


def role_of_field(field_name: str | None) -> str | None:
    if field_name and field_name.startswith("sig_") and field_name[4:] in ROLE_LABELS:
        return field_name[4:]
    return None


@dataclass(frozen=True)
class CapLine:
    """One cap that applied to a claim, with what was already counted under it."""

    label: str               # e.g. '项目累计上限'
    limit: Decimal
    used: Decimal            # already counted (ledger + earlier claims)
    left: Decimal            # what was left before this claim
    bit: bool = False        # True when this cap reduced the claim


@dataclass
class SheetClaim:
    line: int | None
    code: str | None
    article: str                          # '（三）'
    rule_title: str                       # '先进封测服务平台建设'
    project: str
    inputs: list[tuple[str, str]] = field(default_factory=list)   # label -> display value
    requested: Decimal | None = None
    computed: Decimal | None = None
    suggested: Decimal | None = None
    approved: Decimal | None = None       # None: no decision yet
    status: str = "manual"                # approve / reduce / reject / manual (the rules' view)
    decision: str = ""                    # the reviewers' decision in words, e.g. '同意'
    reason: str = ""
    overridden: bool = False              # the decision departs from the suggestion
    caps: list[CapLine] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if isinstance(self.inputs, Mapping):
            self.inputs = list(self.inputs.items())
        else:
            self.inputs = [(str(k), str(v)) for k, v in self.inputs]


@dataclass
class SheetData:
    batch: str
    doc_no: str
    applicant_name: str
    credit_code: str
    year: int
    rule_set: str
    sheet_date: date
    claims: list[SheetClaim] = field(default_factory=list)
    contact: str = ""
    phone: str = ""
    address: str = ""
    roles: tuple[str, ...] = DEFAULT_ROLES
    title: str = "光明区智能传感器产业集群扶持资金申报审核表"
    issuer: str = ""                      # the bureau's name, shown under the title if given
    remarks: str = ""

    def __post_init__(self) -> None:
        self.roles = tuple(self.roles)
        for role in self.roles:
            role_field(role)              # fail early on an unknown role
        if len(set(self.roles)) != len(self.roles):
            raise ValueError("签署角色重复")

    @staticmethod
    def _sum(values: Iterable[Decimal | None]) -> Decimal:
        return sum((v for v in values if v is not None), ZERO)

    @property
    def total_requested(self) -> Decimal:
        """A blank request counts as its computed amount (totals.py, measures.md step 4)."""
        return self._sum(requested_amount(c.requested, c.computed) for c in self.claims)

    @property
    def as_computed(self) -> int:
        return sum(1 for c in self.claims if as_computed(c.requested, c.computed))

    @property
    def total_suggested(self) -> Decimal:
        return self._sum(c.suggested for c in self.claims)

    @property
    def total_approved(self) -> Decimal:
        return self._sum(c.approved for c in self.claims)

    @property
    def undecided(self) -> int:
        return sum(1 for c in self.claims if c.approved is None)
