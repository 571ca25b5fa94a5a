"""The expat layer of the xlsx reader: guarded XML parsing of a package's parts into cell values.

Split from `xlsx_reader` (which opens the package, finds the parts and holds the size limits) so
that each stays small: this module holds what turns the bytes of one part into values — the
hardened expat parser (DOCTYPE and entities refused, parse errors as `XlsxError`), cell
addresses, a cell's stored text as its value (numbers as Excel shows them, ISO dates, `_xHHHH_`
escapes), and the one-pass readers of the shared strings and of a worksheet (limits passed in).
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from xml.parsers import expat

from workbench.core.domain.model import Problem
from workbench.core.domain.text_safety import HOSTILE, any_hostile, visible
from workbench.core.intake import guard

FILE = "文件"

_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Whole numbers Excel shows as stored (15 significant digits); longer ones go through the double.
_INT = re.compile(r"[+-]?[0-9]{1,15}$")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$|[+-]?(?i:nan|inf)$", re.ASCII)
_SHORT = re.compile(r"-?(?:[0-9]+\.[0-9]*|\.[0-9]+)$")
_TEXT_KINDS = ("str", "s", "inlineStr")
NO_CACHED_VALUE = "公式单元格没有计算结果，请在 Excel/WPS 中打开并保存后再提交"


class CellError(str):
    """An error value stored in a cell (#DIV/0!, #N/A, #REF! …)."""

    __slots__ = ()


class Unreadable(str):
    """A cell whose value the reader cannot interpret; the text is the reason, in Chinese."""

    __slots__ = ()


class XlsxError(Exception):
    """The workbook cannot be read; `problems` say why, in Chinese, located."""

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class _Done(Exception):
    """Raised from inside an expat handler when the rest of the part is of no interest."""


class _Stop(Exception):
    """Raised from inside an expat handler to abandon a parse at once."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


_COLS: dict[str, int] = {}


def col_index(letters: str) -> int:
    """'A' -> 1, 'ZZ' -> 702, 'XFD' -> 16384."""
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + (ord(ch) - 64)
        _COLS[letters] = n
    return n


def col_letter(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def serial_to_date(serial: int | Decimal | float, date1904: bool = False) -> date | None:
    """A spreadsheet date serial as a date (the time of day is dropped); None if out of range.

    The 1900 system counts the non-existent 1900-02-29 as day 60, so serials from 61 on are
    one day ahead of a plain count from 1899-12-31.
    """
    try:
        days = int(serial)
    except (TypeError, ValueError, ArithmeticError):
        return None
    if date1904:
        base, offset = date(1904, 1, 1), days
    else:
        if days < 1 or days == 60:
            return None
        base, offset = date(1899, 12, 31), days - (1 if days > 60 else 0)
    if offset < 0 or offset > 2_958_465:
        return None
    try:
        return base + timedelta(days=offset)
    except OverflowError:
        return None


def _unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _shown(text: str) -> str:
    text = text.strip()
    return visible(text if len(text) <= 40 else text[:40] + "…")


def _number(text: str):
    """A number cell's stored text as Excel shows it: the double, to 15 significant digits."""
    text = text.strip()
    if _INT.match(text):
        return int(text)
    if len(text) <= 16 and _SHORT.match(text):
        # at most 15 significant digits: the double shows as exactly this (DBL_DIG is 15)
        d = Decimal(text)
        return d if d else 0
    # float() alone would also take "1_000", "infinity" and non-ASCII digits. The binary double
    # is what the file stores; it becomes money only as the 15 digits Excel shows, below.
    if not _FLOAT.match(text):
        return Unreadable(f"数字单元格中的内容“{_shown(text)}”无法识别，请重新填写该单元格")
    f = float(text)
    if not math.isfinite(f):
        return Unreadable(f"数字单元格中的内容“{_shown(text)}”不是有限的数字，请重新填写该单元格")
    shown = format(f, ".15g")
    if "." not in shown and "e" not in shown:
        return int(shown)
    d = Decimal(shown)
    return int(d) if d == d.to_integral_value() else d


def _iso_date(text: str):
    """A `t="d"` cell: ISO 8601 date or date-time; a time of 00:00 gives a plain date."""
    text = text.strip()
    try:
        value = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return Unreadable(f"日期单元格中的内容“{_shown(text)}”无法识别，请重新填写该单元格")
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if value.time() == datetime.min.time():
        return value.date()
    return value


def _local(tag: str) -> str:
    """'x:c' -> 'c': documents may bind the spreadsheet namespace to any prefix."""
    return tag[tag.find(":") + 1:]


def _refuse_dtd(*_args):
    raise _Stop(Problem(FILE, "文件包含不允许的 XML 声明（DOCTYPE/实体定义），疑似恶意构造的文件，已拒绝读取"))


def _parser() -> expat.XMLParserType:
    # No namespace processing: it costs about half of expat's own time, and element names are
    # matched by local name instead (any prefix accepted).
    p = expat.ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_dtd
    p.UnparsedEntityDeclHandler = _refuse_dtd
    p.ExternalEntityRefHandler = _refuse_dtd
    try:
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    except AttributeError:  # pragma: no cover - very old expat
        pass
    return p


def _broken_xml(part: str) -> Problem:
    return Problem(FILE, f"文件已损坏（{part} 不是有效的 XML），请重新保存后提交")


def _parse(parser: expat.XMLParserType, chunks: Iterable[bytes], part: str) -> None:
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Done:
        pass
    except _Stop as stop:
        raise XlsxError(stop.problem) from None
    except guard.GuardError as exc:
        raise XlsxError(exc.problem) from None
    except (expat.ExpatError, RecursionError, UnicodeError):
        raise XlsxError(_broken_xml(part)) from None


def _elements(zf, name: str, element: str) -> list[dict[str, str]]:
    """The attributes (by local name) of every `element` in a small part (workbook.xml, *.rels)."""
    found: list[dict[str, str]] = []
    p = _parser()

    def start(tag, attrs):
        if tag == element or _local(tag) == element:
            found.append({_local(k): v for k, v in attrs.items()})

    p.StartElementHandler = start
    _parse(p, [guard.read_whole(zf, name)], name)
    return found


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


@dataclass
class SheetData:
    """The values of one sheet: {(row, col): value}, 1-based, only non-empty cells."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0
    # True when some value needs a closer look (Unreadable, or text holding text_safety.HOSTILE
    # code points), so that a caller can skip its per-cell checks for the ordinary file.
    suspect: bool = False

    def get(self, row: int, col: int):
        return self.cells.get((row, col))

    def rows(self) -> dict[int, dict[int, object]]:
        """The cells grouped by row: {row: {col: value}}, rows in ascending order."""
        out: dict[int, dict[int, object]] = {}
        for (r, c), v in sorted(self.cells.items()):
            out.setdefault(r, {})[c] = v
        return out


def _too_many(what: str) -> _Stop:
    return _Stop(Problem(FILE, f"{what}数量异常多，疑似恶意构造的文件，已拒绝读取"))


def _read_strings(zf, part: str, budget: list[int], max_strings: int) -> tuple[list[str], bool]:
    """The shared strings, and whether any holds a text_safety.HOSTILE code point."""
    strings: list[str] = []
    buf: list[str] = []
    capture = False
    phonetic = 0          # depth of <rPh>: phonetic guides are not part of the value
    limit = budget[0]
    count = 0

    def start(tag, attrs):
        nonlocal capture, buf, phonetic, count
        count += 1
        if count > limit:
            raise _too_many("文件中的 XML 元素")
        if tag == "t":
            capture = not phonetic
        elif tag == "si":
            buf = []
        elif tag == "rPh":
            phonetic += 1
        elif ":" in tag:
            count -= 1
            start(_local(tag), attrs)

    def end(tag):
        nonlocal capture, phonetic
        capture = False
        if tag == "si":
            strings.append(_unescape("".join(buf)))
            if len(strings) > max_strings:
                raise _too_many("文件中的文本")
        elif tag == "rPh":
            phonetic -= 1
        elif ":" in tag:
            end(_local(tag))

    def text(data):
        if capture:
            buf.append(data)

    p = _parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = text
    try:
        _parse(p, guard.read_part(zf, part), part)
    finally:
        budget[0] -= count
    # one scan of all the text rather than one per string: this runs for every file
    return strings, any_hostile(strings)


_REFS: dict[str, tuple[int, int]] = {}


def _split_ref(ref: str) -> tuple[int, int] | None:
    """'B12' -> (12, 2); cached, since every application uses the same few hundred refs."""
    rc = _REFS.get(ref)
    if rc is None:
        m = _REF.match(ref)
        if m is None:
            return None
        rc = (int(m[2]), col_index(m[1]))
        if len(_REFS) < 50_000:
            _REFS[ref] = rc
    return rc


def _read_cells(zf, part: str, name: str, strings: list[str], max_rows: int, max_col: int,
                budget: list[int], max_cells: int, suspect: bool = False) -> SheetData:
    """The hot path: one pass of expat over a worksheet part, cells stored sparsely.

    Kept as closures over plain locals because the handlers run for every element.
    """
    sheet = SheetData(name)
    hostile = HOSTILE.search
    cells = sheet.cells
    refs_get = _REFS.get
    int_match = _INT.match
    row = r = c = top_row = top_col = count = 0
    limit = budget[0]
    kind = "n"
    capture = in_is = formula = cached = False
    phonetic = 0
    buf: list[str] = []
    pending: str | None = None       # the r of the current cell, not yet parsed

    def locate() -> None:
        nonlocal r, c, pending
        rc = refs_get(pending) or _split_ref(pending)
        if rc is None:
            raise _Stop(Problem(FILE, f"文件已损坏（工作表“{visible(name)}”中的单元格地址“{visible(pending[:20])}”无效）"))
        r, c = rc
        pending = None

    def stop_at(rr: int, cc: int) -> _Stop:
        rr, cc = max(rr, 1), max(cc, 1)
        ref = cell_ref(rr, cc)
        if cc > max_col:
            msg = (f"工作表“{name}”在 {ref} 有内容，超出了申报表允许的范围（最多到 {col_letter(max_col)} 列）；"
                   f"请删除多余的内容后重新提交")
        else:
            msg = f"工作表“{name}”超过 {max_rows} 行（{ref} 有内容）；请删除多余的行，或分成多份申报表提交"
        return _Stop(Problem(f"{name}!{ref}", msg))

    def start(tag, attrs):
        nonlocal row, r, c, kind, capture, in_is, phonetic, buf, count, pending, formula, cached
        count += 1
        if count > limit:
            raise _Stop(Problem(name, f"工作表“{name}”的内容数量异常多，疑似恶意构造的文件，已拒绝读取"))
        if tag == "c":
            ref = attrs.get("r")
            if ref:
                # resolved only if the cell turns out to hold a value: styled empty cells are
                # common, and a file made of them must cost as little as possible
                pending = ref
            else:               # some writers omit r: the cell follows the previous one
                if pending:
                    locate()
                r = row
                c += 1
            kind = attrs.get("t", "n")
            buf = []
        elif tag == "v":
            capture = True
            if formula:
                cached = True
        elif tag == "t":
            capture = in_is and not phonetic
        elif tag == "is":
            in_is = True
        elif tag == "row":
            ref = attrs.get("r")
            row = int(ref) if ref and ref.isdigit() else row + 1
            c = 0
            pending = None
        elif tag == "rPh":
            phonetic += 1
        elif tag == "f":        # last: formulas are rare, text cells (t, is) are not
            formula = True
        elif ":" in tag:
            count -= 1
            start(_local(tag), attrs)

    def end(tag):
        nonlocal capture, in_is, phonetic, top_row, top_col, suspect, formula, cached
        capture = False
        if tag == "c":
            # formula/cached are set by <f>/<v> and cleared here, only when set: the cells
            # without them (most of them) pay nothing for the check
            if not buf:
                if not formula:
                    return
                # A formula written by a script and never calculated is not a blank: it has no
                # <v>, or an empty one (openpyxl). Only a text result can be the empty string.
                text_result = cached and kind in _TEXT_KINDS
                formula = cached = False
                if text_result:
                    return
                raw = None
            else:
                if formula:
                    formula = cached = False
                raw = buf[0] if len(buf) == 1 else "".join(buf)
            if pending:
                locate()
            if r > max_rows or c > max_col or r < 1:
                raise stop_at(r, c)
            if raw is None:
                value = Unreadable(NO_CACHED_VALUE)
                suspect = True
            elif kind == "n":
                if int_match(raw):
                    value = int(raw)
                else:
                    value = _number(raw)
                    if value.__class__ is Unreadable:
                        suspect = True
            elif kind == "s":
                try:
                    value = strings[int(raw)]
                except (ValueError, IndexError):
                    raise _Stop(Problem(FILE, f"文件已损坏（工作表“{name}”{cell_ref(r, c)} 引用了不存在的文本）")) from None
                if not value:
                    return
            elif kind == "inlineStr" or kind == "str":
                value = _unescape(raw) if "_x" in raw else raw
                # isprintable() first: it is what keeps this cheap (text_safety.has_hostile)
                if not value.isprintable() and hostile(value):
                    suspect = True
            elif kind == "b":
                value = raw.strip() in ("1", "true")
            elif kind == "e":
                value = CellError(raw)
            elif kind == "d":
                value = _iso_date(raw)
                suspect = suspect or value.__class__ is Unreadable
            else:
                suspect = True
                value = Unreadable(f"单元格类型“{_shown(kind)}”无法识别，请在 Excel/WPS 中重新填写该单元格")
            cells[(r, c)] = value
            if len(cells) > max_cells:
                raise _Stop(Problem(name, f"工作表“{name}”填写的单元格超过 {max_cells} 个，不像是申报表；请删除多余内容后重新提交"))
            if r > top_row:
                top_row = r
            if c > top_col:
                top_col = c
        elif tag == "is":
            in_is = False
        elif tag == "sheetData":
            # what follows (validations, merges, page set-up, extensions) holds no values
            raise _Done
        elif tag == "rPh":
            phonetic -= 1
        elif ":" in tag:
            end(_local(tag))

    def text(data):
        if capture:
            buf.append(data)

    p = _parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = text
    try:
        _parse(p, guard.read_part(zf, part), part)
    finally:
        budget[0] -= count
    sheet.max_row, sheet.max_col = top_row, top_col
    sheet.suspect = suspect
    return sheet
