"""Plain data passed between the steps: submission -> settle -> store -> review -> reports.

Nothing here touches files, SQLite or Qt.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = [
    "Problem", "Applicant", "Claim", "Application", "LedgerAward",
    "VoucherPlace", "Finding", "STATUSES", "STATUS_RANK",
    "fold", "voucher_key", "CLAIM_FIELDS",
]

STATUSES = ("approve", "reduce", "reject", "manual")
# Precedence when several rules speak on one claim: the higher rank wins.
STATUS_RANK = {"approve": 0, "reduce": 1, "manual": 2, "reject": 3}

# Claim fields that come from the 申报事项 sheet, in template column order.
CLAIM_FIELDS = (
    "line", "code", "project", "basis", "previous", "area", "months", "rent",
    "installment", "level", "product", "voucher", "requested", "remark",
)


def fold(text: str | None) -> str:
    """Key for 'the same project/product': trimmed, full-width and half-width folded."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # NFKC leaves ASCII as it is; skip it on the hot path
        return " ".join(text.split())
    return " ".join(unicodedata.normalize("NFKC", text).split())


def voucher_key(text: str | None) -> str:
    """Voucher numbers match trimmed, width-folded and case-insensitively."""
    return fold(text).casefold()


@dataclass(frozen=True)
class Problem:
    """An input problem located in the workbook: where = '申报事项!F7' (or '文件' for the file)."""

    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "message": self.message}


@dataclass
class Applicant:
    name: str
    credit_code: str
    year: int
    in_district: bool
    address: str = ""
    contact: str = ""
    phone: str = ""
    applied_on: date | None = None
    fiscal_contribution: Decimal | None = None
    template_version: str = "GMSENSOR-1"


@dataclass
class Claim:
    """One row of 申报事项, parsed. A field is None when blank, absent or unreadable.

    `cells` maps a field name to its cell ('申报事项!D5'); a field whose column is absent
    from the sheet has no entry. `problems` are this claim's own input problems found while
    reading; the settle step adds what the rule set requires on top.
    """

    row: int
    line: int | None = None
    code: str | None = None          # normalized code token, e.g. "3.1"; None if unreadable
    raw_code: str = ""
    project: str = ""
    basis: Decimal | None = None
    previous: Decimal | None = None
    area: Decimal | None = None
    months: int | None = None
    rent: Decimal | None = None
    installment: int | None = None
    level: str | None = None
    product: str | None = None
    voucher: str = ""
    requested: Decimal | None = None
    remark: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def project_key(self) -> str:
        return fold(self.project)

    @property
    def product_key(self) -> str:
        return fold(self.product)

    @property
    def voucher_key(self) -> str:
        return voucher_key(self.voucher)

    def cell(self, name: str) -> str:
        """Where to point a reviewer for this field (the row itself if the column is absent)."""
        return self.cells.get(name) or f"申报事项!{self.row}"


@dataclass
class Application:
    """A workbook read by `submission`. `errors` holds file-level problems: if any, refused."""

    applicant: Applicant | None
    claims: list[Claim] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    source: str = ""         # file name as given
    file_hash: str = ""      # sha256 of the file bytes

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def claim_problems(self) -> list[Problem]:
        return [p for c in self.claims for p in c.problems]


@dataclass(frozen=True)
class LedgerAward:
    """One granted award (资助台账 row). Amounts may be negative for reversing entries."""

    credit_code: str
    name: str
    year: int
    code: str
    project: str
    product: str
    voucher: str
    installment: int | None
    amount: Decimal
    doc_no: str = ""


@dataclass(frozen=True)
class VoucherPlace:
    """Where a voucher number was seen before: in the ledger or in a stored application."""

    kind: str        # "ledger" | "application" | "same"
    label: str       # Chinese, names the place, e.g. "台账 2024年 某公司 条款3.1 文号…"


class Finding(NamedTuple):
    """One rule's finding on a claim: structured, turned into words by `explain`.

    status: the status this finding asks for (approve/reduce/reject/manual) or None when
    it only informs. A NamedTuple because the engine makes millions of them.
    """

    rule: str
    status: str | None
    args: tuple[Any, ...] = ()
