"""The unified social credit code (统一社会信用代码) of GB 32100-2015."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["ALPHABET", "normalize", "shape_ok", "check_digit", "checksum_ok"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def normalize(text: object) -> str:
    """Trimmed, width-folded and upper-cased, as the measures ask before any check."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip().upper()


def shape_ok(code: str) -> bool:
    """Eighteen characters, all from the code alphabet (no I, O, Z, S, V)."""
    return len(code) == 18 and all(c in _VALUE for c in code)


def check_digit(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=False))
    return ALPHABET[(31 - total % 31) % 31]


@lru_cache(maxsize=65536)
def checksum_ok(code: str) -> bool:
    return shape_ok(code) and check_digit(code[:17]) == code[17]
