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

The parsing of the parts themselves (the hardened expat parser, cell values, the shared-string
and worksheet readers) is in `xlsx_parse`; this module opens the package, finds the parts and
holds the limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from workbench.core.domain.model import Problem
from workbench.core.domain.text_safety import visible
from workbench.core.intake import guard
from workbench.core.intake.xlsx_parse import (  # noqa: F401 - re-exported: the reader's public names
    _REF,
    FILE,
    NO_CACHED_VALUE,
    CellError,
    SheetData,
    Unreadable,
    XlsxError,
    _elements,
    _local,
    _parse,
    _parser,
    _read_cells,
    _read_strings,
    _rels_path,
    _resolve,
    cell_ref,
    col_index,
    col_letter,
    serial_to_date,
)

__all__ = [
    "CellError", "Unreadable", "NO_CACHED_VALUE", "XlsxError", "XlsxBook", "SheetData", "open_book", "open_bytes", "load_bytes",
    "read_sheets",
    "col_letter", "col_index", "cell_ref", "serial_to_date", "MAX_ROWS", "MAX_COL", "MAX_XML_BYTES",
    "MAX_CELLS", "MAX_ELEMENTS", "MAX_STRINGS",
]

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
            self._strings, self._strings_hostile = (_read_strings(self._zf, part, self._budget, MAX_STRINGS) if part
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
