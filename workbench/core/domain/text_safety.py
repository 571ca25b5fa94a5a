"""Code points that XML lets into a workbook but that nothing downstream should carry.

An applicant's workbook can hold, through `_xHHHH_` escapes or literally: lone surrogates (no
UTF-8 form, so SQLite and every file writer fail on them), NUL and other C0/C1 controls,
non-characters (U+FFFE, U+FDD0 …), bidirectional controls such as U+202E, which make text
display in another order than it is stored ("invoice‮xslx.exe"), and invisible format
characters (U+200B, U+FEFF, tag characters): harmless to a program, but a way to show a
reviewer, a file name or a published list something other than what is there, or to make two
equal-looking voucher numbers differ.

Which of them a field refuses and which it keeps replaced is the caller's choice
(submission.py); this module only finds, shows and replaces them.
"""
from __future__ import annotations

import re

__all__ = ["HOSTILE", "has_hostile", "any_hostile", "hostile_points", "visible", "replaced", "stripped"]

_RANGES = [
    "\x00-\x08", "\x0b", "\x0c", "\x0e-\x1f", "\x7f-\x9f",       # controls but tab, LF, CR
    "\ud800-\udfff",                                              # surrogates (lone, in str)
    "\ufdd0-\ufdef",                                              # non-characters
    "\u061c", "\u200e", "\u200f", "\u202a-\u202e", "\u2066-\u2069",  # bidi marks and controls
    # invisible format characters: "HT-001" and "HT-001\u200b" look alike but match nothing
    # (duplicate vouchers, the same project), tags can carry hidden text
    "\u00ad", "\u200b-\u200d", "\u2028", "\u2029", "\u2060-\u2064", "\u206a-\u206f", "\ufeff",
    "\ufff9-\ufffb", "\U000e0000-\U000e007f",
]
_RANGES += [chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)]
HOSTILE = re.compile("[" + "".join(_RANGES) + "]")


def has_hostile(text: str) -> bool:
    # Every hostile code point is "not printable" (categories Cc, Cf, Cs, Cn), and isprintable()
    # runs at memory speed, while the regex costs ~80 ns a character: most text never needs it.
    return not text.isprintable() and HOSTILE.search(text) is not None


def any_hostile(texts: list[str]) -> bool:
    """Whether any of `texts` holds a hostile code point; one pass for the common case."""
    if " ".join(texts).isprintable():
        return False
    return any(not t.isprintable() and HOSTILE.search(t) for t in texts)


def hostile_points(text: str) -> str:
    """The hostile code points of `text` as 'U+202E、U+0000', each once, for a message."""
    seen = dict.fromkeys(f"U+{ord(ch):04X}" for ch in HOSTILE.findall(text))
    return "、".join(seen)


def visible(text: str) -> str:
    """`text` with each hostile code point written out as [U+202E]: for quoting in messages."""
    if HOSTILE.search(text) is None:
        return text
    return HOSTILE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def replaced(text: str) -> str:
    """`text` with each hostile code point replaced by U+FFFD (�)."""
    return HOSTILE.sub("\ufffd", text)


def stripped(text: str) -> str:
    return HOSTILE.sub("", text)
