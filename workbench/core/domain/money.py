"""Yuan amounts as exact decimals: parsing cell values, half-up rounding, display, 大写."""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CENT", "ZERO", "AmountError", "q2", "parse_amount", "parse_number",
    "fmt", "s2", "to_cents", "from_cents", "capital", "percent",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

_STRIP = re.compile(r"[\s,，_元¥￥]")


class AmountError(ValueError):
    """A value that is not an acceptable amount; the message is Chinese and user-facing."""


def q2(value: Decimal) -> Decimal:
    """Round half-up to 0.01 yuan."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_number(value: object) -> Decimal:
    """Turn a cell value (number or text such as '1,234.50元') into an exact Decimal.

    Floats go through repr() so that a stored 2.675 stays 2.675 rather than its binary
    neighbour. Raises AmountError for anything that is not a finite number.
    """
    if isinstance(value, bool):
        raise AmountError("不是数字")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        text = _STRIP.sub("", unicodedata.normalize("NFKC", value))
        if not text or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise AmountError(f"“{value.strip()}”不是数字")
        try:
            d = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the regex already guards
            raise AmountError(f"“{value.strip()}”不是数字") from exc
    else:
        raise AmountError("不是数字")
    if not d.is_finite():
        raise AmountError("不是有限的数字")
    return d


def parse_amount(value: object) -> Decimal:
    """An amount in yuan: a non-negative number with at most two decimal places."""
    d = parse_number(value)
    if d < 0:
        raise AmountError("金额不能为负数")
    if d != d.quantize(CENT):
        raise AmountError("金额最多保留两位小数")
    return d.quantize(CENT)


def fmt(value: Decimal | None) -> str:
    """Display form with thousands separators: 12,345,678.00."""
    if value is None:
        return "—"
    return f"{q2(value):,.2f}"


def s2(value: Decimal | None) -> str | None:
    """JSON form: a string with exactly two decimals, or None."""
    return None if value is None else f"{q2(value):.2f}"


def to_cents(value: Decimal) -> int:
    return int(q2(value) * 100)


def from_cents(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / 100).quantize(CENT)


def percent(rate: Decimal) -> str:
    """0.4 -> '40%', 0.125 -> '12.5%'."""
    p = (rate * 100).normalize()
    text = f"{p:f}"
    return f"{text}%"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ["", "拾", "佰", "仟"]
_BIG = ["", "万", "亿", "万亿"]


def _four(n: int) -> str:
    """0 < n < 10000, with inner zeros read once (壹仟零伍)."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out.append("零")
                zero = False
            out.append(_DIGITS[d] + _SMALL[pos])
    return "".join(out)


def capital(value: Decimal) -> str:
    """Chinese capital amount per the PBOC writing rules: 人民币壹佰万元整, 人民币壹元零伍分."""
    v = q2(value)
    sign = "负" if v < 0 else ""
    v = abs(v)
    cents = int(v * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return "人民币零元整"
    parts = []
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        text = ""
        need_zero = False
        for idx in range(len(groups) - 1, -1, -1):
            g = groups[idx]
            if g == 0:
                need_zero = bool(text)
                continue
            if text and (need_zero or g < 1000):
                text += "零"
            text += _four(g) + _BIG[idx]
            need_zero = False
        parts.append(text + "元")
    if jiao == 0 and fen == 0:
        parts.append("整")
    else:
        if jiao:
            parts.append(_DIGITS[jiao] + "角")
        elif yuan:
            parts.append("零")
        if fen:
            parts.append(_DIGITS[fen] + "分")
        else:
            parts.append("整")
    return "人民币" + sign + "".join(parts)
