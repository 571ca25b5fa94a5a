"""Application workbooks written by hand, cell by cell, with the XML exactly as a test needs it.

`Num("1234567.5800000001")` is a number cell holding that text; `Raw('<c …>…</c>')` is a cell
given whole (its r is filled in); a str is an inline string, written as given inside <t>, so
that `_xHHHH_` escapes and any code point XML allows reach the reader untouched.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from workbench.core.intake.submission import CLAIM_HEADERS
from workbench.core.intake.xlsx_reader import col_letter

from .workbooks import APPLICANT, package, sheet_xml


class Num(str):
    """A number cell with exactly this stored text."""


class Raw(str):
    """A whole cell's XML, with {r} where the reference goes."""


def _cell(ref: str, value) -> str:
    if isinstance(value, Raw):
        return value.format(r=ref)
    if isinstance(value, Num):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def grid_xml(rows: Sequence[Sequence[object]]) -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{col_letter(c)}{r}", v) for c, v in enumerate(row, start=1) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    return sheet_xml(body="".join(body))


def info_grid(applicant: Mapping[str, object] = APPLICANT, **changes) -> list[list[object]]:
    values = {**applicant, **changes}
    return [["项目", "填写内容"]] + [[k, v] for k, v in values.items()]


def claim_grid(claims: Sequence[Mapping[str, object]]) -> list[list[object]]:
    fields = list(CLAIM_HEADERS.values())
    return [list(CLAIM_HEADERS)] + [[c.get(f) for f in fields] for c in claims]


def hand_application(claims: Sequence[Mapping[str, object]], **info_changes) -> bytes:
    info = {k: (Num(str(v)) if not isinstance(v, str) else v) for k, v in APPLICANT.items()}
    return package({"申报信息": grid_xml(info_grid(info, **info_changes)),
                    "申报事项": grid_xml(claim_grid(claims))})
