"""How the store writes values as JSON and amounts as cents (one encoder for all of it)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from workbench.core.domain.model import Finding
from workbench.core.domain.money import to_cents


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return value._asdict()
    raise TypeError(f"cannot store {type(value).__name__}")


# One encoder for every value stored as JSON: json.dumps with options builds a new encoder on
# each call, which costs more than encoding a claim's small lists.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_jsonable)


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def _plain(value: Decimal) -> str:
    """f"{value:f}" (what `_jsonable` writes), at a third of the cost: str() gives the same
    text unless it would use an exponent (large or tiny numbers, rare here)."""
    text = str(value)
    return f"{value:f}" if "E" in text else text


def _findings_json(findings: Iterable[Finding]) -> str:
    """What `_dumps` gives for the findings as stored, with their Decimal arguments written by
    hand first: the encoder would call back into Python (`_jsonable`) for each of them, and a
    claim's findings hold a dozen. The text is the same byte for byte (`recompute` compares it)."""
    dec = Decimal
    return _ENCODER.encode([{"rule": f.rule, "status": f.status,
                             "args": [_plain(v) if v.__class__ is dec else v for v in f.args]}
                            for f in findings])


def _fields_of(obj: Any) -> dict[str, Any]:
    """`asdict` for a flat dataclass of plain values, without its deep copy of each value."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else to_cents(value)
