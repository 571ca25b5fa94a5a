"""A small, fast and safe reader of xlsx cell values (zipfile + pyexpat, nothing else).

Why not openpyxl or calamine: openpyxl takes several milliseconds a file and hangs on a sheet
without <dimension> unless bounded; calamine aborts the whole process on a crafted file (a value
at XFD1048576). This reader reads only what an application needs — cell values of the named
sheets — and refuses anything outside the bounds of a real application, quickly and with
little memory:

- the file first goes through `guard.open_package` (size, container type, zip limits);
- parts are decompressed through `guard.read_part`, which enforces a hard byte limit;
- any DOCTYPE or entity declaration is refused (entity bombs, external entities);
- a value beyond `max_rows` rows or beyond column `max_col` stops the parse at once; cells are
  stored sparsely, so a value at XFD1048576 costs nothing before it is refused;
- a part we parse is held to MAX_XML_BYTES, a sheet to MAX_CELLS values, the shared strings to
  MAX_STRINGS, and the whole workbook to MAX_ELEMENTS XML elements, so that a file of junk
  (millions of empty styled cells, say) is refused within a second or two;
- parsing stops at </sheetData>: what follows holds no values.

Values: shared, inline and formula strings are `str` (rich-text runs joined, phonetic runs
left out, `_xHHHH_` escapes decoded); booleans are `bool`; error cells are `CellError` (a `str`
subclass such as "#DIV/0!"). Formula cells give their cached value. Empty cells are absent.
Dates are usually stored as serial numbers (`serial_to_date` converts one); a `t="d"` cell
(ISO 8601 text, Strict Open XML and some exporters) is a `date`, or a `datetime` when it has a
time of day.

Numbers are read as the spreadsheet shows them. A number cell holds an IEEE double written as
text, and writers differ in how they write it: Excel writes 17 significant digits (a typed
1234567.58 is stored as "1234567.5800000001"), openpyxl and XlsxWriter `%.16g` or repr, others
the shortest form. Excel displays 15 significant digits, so the stored text is read as a double
and rounded to 15 significant digits, and that is the exact `Decimal` (an `int` when whole). A
whole number of up to 15 digits ("42") is taken as it is, without the float step.

Nothing is dropped silently: a cell whose value cannot be interpreted (a number cell holding
text, a `t="d"` cell that is not a date, a formula cell without a cached value) is an
`Unreadable` value (a `str` subclass holding the Chinese reason), which the caller turns into a
problem at that cell if it reads the cell at all.

Problems are reported as `model.Problem` values: `where` is "文件" for the file, or the sheet
and cell ("申报事项!XFD1048576") for a sheet out of bounds.
"""
from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.parsers import expat

from workbench.core.domain.model import Problem
from workbench.core.domain.text_safety import HOSTILE, any_hostile, visible
from workbench.core.intake import guard

__all__ = [
    "CellError", "Unreadable", "NO_CACHED_VALUE", "XlsxError", "XlsxBook", "SheetData", "open_book", "open_bytes", "load_bytes",
    "read_sheets",
    "col_letter", "col_index", "cell_ref", "serial_to_date", "MAX_ROWS", "MAX_COL", "MAX_XML_BYTES",
    "MAX_CELLS", "MAX_ELEMENTS", "MAX_STRINGS",
]

FILE = "文件"
MAX_ROWS = 10_000
MAX_COL = 702           # ZZ
# Ten thousand rows of twenty filled columns; more values than that is not an application, and
# parsing and holding them would take seconds and hundreds of MB.
MAX_CELLS = 200_000
# XML elements parsed in one workbook, all parts together: a full-size application needs
# about four per value; a file made of nothing but elements is refused after this many, so
# that no file keeps the reader busy for more than a second or two.
MAX_ELEMENTS = 800_000
MAX_STRINGS = 250_000
# Ten thousand full claim rows are under 10 MB of sheet XML; parsing is what costs time, so a
# part we parse is held to this size (the guard's limits are for parts in general).
MAX_XML_BYTES = 32 * 1024 * 1024

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


def _read_strings(zf, part: str, budget: list[int]) -> tuple[list[str], bool]:
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
            if len(strings) > MAX_STRINGS:
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


class XlsxBook:
    """An opened workbook: sheet names known, sheets read on demand. Use `open_book`."""

    def __init__(self, zf, names: dict[str, str], sheets: dict[str, str], strings_part: str | None,
                 date1904: bool):
        self._zf = zf
        self._names = names                  # lower-case part name -> real part name
        self._sheets = sheets                # sheet name -> part name inside the zip
        self._strings_part = strings_part
        self._strings: list[str] | None = None
        self._strings_hostile = False
        self._budget = [MAX_ELEMENTS]        # elements left to parse in this workbook
        self.date1904 = date1904

    @property
    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def close(self) -> None:
        self._zf.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check_size(self, part: str, what: str, limit: int | None = None) -> None:
        limit = limit or MAX_XML_BYTES
        if self._zf.getinfo(part).file_size > limit:
            raise XlsxError(Problem(FILE, f"{what}内容过大（超过 {limit // 1024 // 1024} MB），"
                                          f"不像是申报表；请删除多余内容后重新提交"))

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            part = self._names.get((self._strings_part or "").lower())
            if part:
                self._check_size(part, "文件中的文本")
            self._strings, self._strings_hostile = (_read_strings(self._zf, part, self._budget) if part
                                                    else ([], False))
        return self._strings

    def read_sheet(self, name: str, *, max_rows: int = MAX_ROWS, max_col: int = MAX_COL) -> SheetData:
        """The values of sheet `name`; XlsxError if it cannot be read or is out of bounds.

        The size budgets (MAX_XML_BYTES, MAX_CELLS, MAX_ELEMENTS) are set for an application of
        MAX_ROWS rows; a caller that allows more rows (a ledger) gets them scaled to match.
        """
        real = self._names.get(self._sheets[name].lower())
        if real is None:
            raise XlsxError(Problem(FILE, f"文件已损坏（找不到工作表“{name}”的内容），请重新保存后提交"))
        scale = max(1.0, max_rows / MAX_ROWS)
        self._check_size(real, f"工作表“{name}”的", int(MAX_XML_BYTES * scale))
        if scale > 1:
            self._budget[0] = max(self._budget[0], int(MAX_ELEMENTS * scale))
        strings = self.shared_strings()
        return _read_cells(self._zf, real, name, strings, max_rows, max_col, self._budget,
                           int(MAX_CELLS * scale), self._strings_hostile)


def _too_big(size: int) -> XlsxError:
    return XlsxError(Problem(FILE, f"文件过大（{size / 1024 / 1024:.0f} MB），申报表不应超过 "
                                   f"{guard.MAX_FILE_BYTES // 1024 // 1024} MB；请删除图片等附件后重新提交"))


def load_bytes(source: str | Path | bytes | bytearray | memoryview) -> bytes:
    """The file's bytes; a file over the size limit is refused without being read."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > guard.MAX_FILE_BYTES:
            raise _too_big(size)
        if path.is_dir():
            raise XlsxError(Problem(FILE, "这是一个文件夹，不是 xlsx 工作簿"))
        return path.read_bytes()
    except OSError as exc:
        why = _OS_REASONS.get(exc.errno, exc.strerror or str(exc))
        raise XlsxError(Problem(FILE, f"无法打开文件“{visible(path.name)}”：{why}")) from None


# The reasons a clerk meets, in Chinese; anything rarer keeps the system's own words.
_OS_REASONS = {2: "文件不存在，请检查文件名和所在文件夹", 13: "没有读取该文件的权限",
               1: "没有读取该文件的权限", 21: "这是一个文件夹，不是 xlsx 工作簿"}


def open_book(source: str | Path | bytes) -> XlsxBook:
    """Open a workbook (path or bytes) and list its sheets; XlsxError with problems if refused."""
    return open_bytes(load_bytes(source))


def open_bytes(data: bytes) -> XlsxBook:
    zf, problems = guard.open_package(data)
    if zf is None:
        raise XlsxError(problems)
    try:
        names = guard.part_names(zf)
        wb_part = names["xl/workbook.xml"]
        date1904 = False
        sheet_rels: list[tuple[str, str]] = []
        p = _parser()

        def start(tag, attrs):
            nonlocal date1904
            local = _local(tag)
            if local == "sheet":
                # r:id, whatever prefix the relationships namespace is bound to
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
                sheet_rels.append((attrs.get("name", ""), rid))
            elif local == "workbookPr":
                date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        p.StartElementHandler = start
        _parse(p, [guard.read_whole(zf, wb_part)], wb_part)

        rels_part = names.get(_rels_path(wb_part).lower())
        targets: dict[str, str] = {}
        strings_part = None
        if rels_part:
            for rel in _elements(zf, rels_part, "Relationship"):
                if rel.get("TargetMode", "").lower() == "external":
                    continue
                target = _resolve(wb_part, rel.get("Target", ""))
                targets[rel.get("Id", "")] = target
                if rel.get("Type", "").endswith("/sharedStrings"):
                    strings_part = target
        if strings_part is None and "xl/sharedstrings.xml" in names:
            strings_part = "xl/sharedStrings.xml"
        sheets: dict[str, str] = {}
        for index, (sheet_name, rid) in enumerate(sheet_rels, start=1):
            part = targets.get(rid) or f"xl/worksheets/sheet{index}.xml"
            sheets.setdefault(sheet_name, part)
        return XlsxBook(zf, names, sheets, strings_part, date1904)
    except XlsxError:
        zf.close()
        raise
    except guard.GuardError as exc:
        zf.close()
        raise XlsxError(exc.problem) from None


def read_sheets(source: str | Path | bytes, names: Iterable[str] | None = None,
                *, max_rows: int = MAX_ROWS, max_col: int = MAX_COL) -> tuple[list[str], dict[str, SheetData]]:
    """Sheet names of the workbook and the values of the named sheets that exist.

    Sheets named but absent are simply missing from the result; `names=None` reads every
    sheet. Raises XlsxError when the file is refused.
    """
    with open_book(source) as book:
        wanted = book.sheet_names if names is None else [n for n in names if n in book._sheets]
        return book.sheet_names, {n: book.read_sheet(n, max_rows=max_rows, max_col=max_col) for n in wanted}
