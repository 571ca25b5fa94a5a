"""Applicant text made safe for the places it is written to.

Applicants type what they like into their workbooks. On a sheet their text goes through
reportlab's paragraph markup, where '<' or '&' would be read as tags; in a workbook a
leading '=' (or '+', '-', '@') would be read as a formula, and control characters make
openpyxl refuse the whole file. Every report writer passes applicant text through here.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from workbench.core.domain.text_safety import HOSTILE

__all__ = ["clean", "para", "FORMULA_STARTS", "looks_like_formula"]

# C0 controls except tab/newline/CR, DEL, C1 controls, lone surrogates (they cannot be
# encoded), non-characters and bidi controls (U+202E would show a name reversed on a sheet
# or a published list): text_safety.HOSTILE.
_CONTROL = HOSTILE
# Tabs and line breaks survive the filter above; one-line fields fold them into a space.
_BREAKS = re.compile(r"[\t\r\n]+")
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


def clean(text: object, *, keep_newlines: bool = False) -> str:
    """Text without control characters; None becomes ''."""
    if text is None:
        return ""
    s = _CONTROL.sub("", str(text))
    if keep_newlines:
        return s.replace("\r\n", "\n").replace("\r", "\n")
    return _BREAKS.sub(" ", s)


def para(text: object) -> str:
    """Text for a reportlab Paragraph: control characters dropped, markup escaped,
    line breaks kept as <br/>."""
    s = escape(clean(text, keep_newlines=True))
    return s.replace("\n", "<br/>")


def looks_like_formula(text: str) -> bool:
    # Full-width forms are included because spreadsheet programs fold some of them on
    # entry; treating them as risky costs nothing since the text is stored as text anyway.
    return text.lstrip().startswith(FORMULA_STARTS) if text else False
