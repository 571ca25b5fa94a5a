"""A cell read as a field of the application: text, a claim code, a whole number; label keys.

Split from `submission` (which reads the two sheets into an `Application`): these are the
small conversions both sheets use — how a cell becomes trimmed text, how a claim code is read
from a number or text ("3.1 先进封测…" -> "3.1"), a whole number, how labels and headers are
compared (`header_key`), and the wording of a problem about a value.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from workbench.core.domain.money import AmountError, parse_number
from workbench.core.domain.text_safety import hostile_points, visible
from workbench.core.intake.xlsx_reader import CellError

_SPACE = re.compile(r"\s+")
_CODE = re.compile(r"(?:条款|第)?([0-9]+(?:\.[0-9]+)?)(?![0-9.])")
_CODE_PLACES = Decimal("0.0001")


def header_key(text: object) -> str:
    """How labels, headers and sheet names are compared: width-folded, no spaces, no colon."""
    if text is None:
        return ""
    if isinstance(text, str):
        return _header_key(text)
    return _header_key(str(text))


@lru_cache(maxsize=4096)
def _header_key(text: str) -> str:
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return key.lstrip("*").rstrip(":")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    """A cell as text, trimmed; numbers without exponent or float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _code_from_number(d: Decimal) -> str | None:
    if not d.is_finite():
        return None
    # A code computed in a cell may carry binary noise (3.0999999999999996); codes have at most
    # one or two decimals, so four places are plenty to tidy it.
    d = d.quantize(_CODE_PLACES)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def normalize_code(value: object) -> str | None:
    """The claim code token: 3.1 (number), "3.1", "３.１", "3.1 先进封测服务平台建设" -> "3.1"; 10.0 -> "10".

    None when no code can be read; whether the code exists is the rule set's business.
    """
    if value is None or isinstance(value, (bool, CellError)):
        return None
    if isinstance(value, (int, Decimal)):
        return _code_from_number(Decimal(value))
    if isinstance(value, float):
        return _code_from_number(Decimal(repr(value)))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _CODE.match(text)
    if m is None:
        return None
    try:
        return _code_from_number(Decimal(m.group(1)))
    except InvalidOperation:
        return None


def _shown(value: object) -> str:
    text = _text(value)
    return visible(text if len(text) <= 40 else text[:40] + "…")


def _hostile_message(label: str, text: str) -> str:
    return (f"“{label}”含有不可显示的控制字符（{hostile_points(text)}），可能是从其他文件复制带入的；"
            f"请删除该单元格的内容后重新输入")


def _amount_problem(label: str, value: object, exc: AmountError) -> str:
    msg = str(exc)
    if "“" in msg:
        return f"{label}：{msg}"
    return f"{label}：{msg}（填写的是“{_shown(value)}”）"


def _whole(value: object) -> int:
    """A whole number from a number cell or text; ValueError otherwise."""
    if isinstance(value, bool) or isinstance(value, CellError):
        raise ValueError
    if isinstance(value, int):
        return value
    try:
        d = parse_number(value)
    except AmountError as exc:
        raise ValueError from exc
    if d != d.to_integral_value():
        raise ValueError
    return int(d)


# -- 申报信息 ---------------------------------------------------------------------------------
