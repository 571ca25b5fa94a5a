"""Read an application workbook (申报表, template GMSENSOR-1) into `model.Application`.

The contract is formats.md §1. Sheets, labels and headers are found by name: names are
compared trimmed, width-folded (NFKC, so 计算基数(元) and 计算基数（元） are the same) and without
inner spaces or a trailing colon. Extra sheets, extra columns and blank rows are ignored.

`read_application` never raises: whatever it is given (a path, bytes, random garbage), it
returns an Application. A refused file has `errors` (file-level problems, all of them at once),
`applicant=None` and no claims. Otherwise `errors` is empty and each claim carries its own
input problems in `Claim.problems`; the settle step adds what the rule set requires.

Where problems point (`Problem.where`):

- the file as a whole (not an xlsx, damaged, encrypted, hostile): ``文件``;
- a missing sheet: the sheet name, ``申报信息`` / ``申报事项``;
- a value in 申报信息: its value cell, ``申报信息!B3``; a repeated label: the later label cell,
  ``申报信息!A9``; a missing label: ``申报信息!A列`` (the column where labels belong);
- a header of 申报事项: the header cell, ``申报事项!D1``; a missing header: the header row,
  ``申报事项!1`` (the same row form as `Claim.cell` uses for an absent column);
- a claim's field: its cell, ``申报事项!F7``;
- a sheet beyond the bounds of an application: the first cell out of bounds, ``申报事项!A10001``.

Choices where formats.md is silent:

- The header row is row 1; if row 1 holds no known header, the first of rows 1-10 holding at
  least two known headers is taken (a title row above the header is tolerated).
- A header or label that appears twice refuses the file (which one is meant is ambiguous).
- A row whose only non-blank claim cells are 序号 and/or 备注 is skipped as blank
  (pre-numbered forms, a clerk's note under the claims).
- 申报日期 may be a date serial number or text (2025-03-01, 2025/3/1, 2025年3月1日, 2025.3.1);
  anything else leaves `applied_on` as None without refusing the file (formats.md does not list
  it among the file-level problems).
- 申报年度 accepts a whole number or text such as "2025" / "2025年" from 1900 to 2100.
- 月数 and 期次 are checked here for being whole numbers in range (1-12, 1-3).
- Numbers come from the reader as the spreadsheet shows them (15 significant digits, see
  xlsx_reader); the two-decimal rule applies to that. Text stays strict: a typed "1.005" is
  refused.
- A cell the reader could not interpret (`Unreadable`: a formula never calculated, a number or
  date cell holding something else) is a problem at that cell, never a blank.
- Hostile code points (text_safety: lone surrogates, NUL and other controls, non-characters,
  bidi controls such as U+202E, invisible format characters such as U+200B): every field of 申报信息 and the claim fields that identify or
  match something (条款编号, 项目名称, 产品名称, 标准级别, 凭证编号) refuse the cell — they
  reach published lists, file names and duplicate checks, where hidden or reordered text would
  mislead. 备注 is free text: kept, with each such code point replaced by U+FFFD and a note
  saying so appended. Error messages show such code points as [U+202E], never live.
- Unknown claim codes, blank project names or vouchers and inputs a code needs are left to the
  settle step, which knows the rule set.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from workbench.core.domain import credit_code as cc
from workbench.core.domain.model import Applicant, Application, Claim, Problem
from workbench.core.domain.money import AmountError, parse_amount
from workbench.core.domain.text_safety import HOSTILE, replaced
from workbench.core.intake.cell_text import (  # noqa: F401 - header_key, normalize_code re-exported
    _amount_problem,
    _blank,
    _hostile_message,
    _shown,
    _text,
    _whole,
    header_key,
    normalize_code,
)
from workbench.core.intake.xlsx_reader import (
    SheetData,
    Unreadable,
    XlsxError,
    col_letter,
    load_bytes,
    open_bytes,
    serial_to_date,
)

__all__ = [
    "TEMPLATE_VERSION", "TEMPLATE_VERSIONS", "INFO_SHEET", "CLAIM_SHEET", "INFO_LABELS",
    "CLAIM_HEADERS", "REQUIRED_HEADERS", "read_application", "normalize_code", "header_key",
]

TEMPLATE_VERSION = "GMSENSOR-1"
TEMPLATE_VERSIONS = (TEMPLATE_VERSION,)
INFO_SHEET = "申报信息"
CLAIM_SHEET = "申报事项"
FILE = "文件"

# 申报信息 labels, in template order, and the Applicant attribute each fills.
INFO_LABELS = {
    "模板版本": "template_version",
    "企业名称": "name",
    "统一社会信用代码": "credit_code",
    "注册地址": "address",
    "是否注册在光明区": "in_district",
    "联系人": "contact",
    "联系电话": "phone",
    "申报年度": "year",
    "申报日期": "applied_on",
    "上年度区级地方财力贡献（元）": "fiscal_contribution",
}

# 申报事项 headers, in template order, and the Claim field each fills (model.CLAIM_FIELDS).
CLAIM_HEADERS = {
    "序号": "line",
    "条款编号": "code",
    "项目名称": "project",
    "计算基数（元）": "basis",
    "上年度基数（元）": "previous",
    "面积（平方米）": "area",
    "月数": "months",
    "租金单价（元/平方米/月）": "rent",
    "期次": "installment",
    "标准级别": "level",
    "产品名称": "product",
    "凭证编号": "voucher",
    "申请金额（元）": "requested",
    "备注": "remark",
}
REQUIRED_HEADERS = ("序号", "条款编号", "项目名称", "计算基数（元）", "凭证编号", "申请金额（元）")

_AMOUNT_FIELDS = ("basis", "previous", "area", "rent", "requested")
_TEXT_FIELDS = ("project", "voucher", "remark")
# Claim text that must be exactly what it looks like (see the module notes): refused by cell.
_STRICT_TEXT = frozenset(("code", "project", "voucher", "level", "product", "line", "months", "installment",
                          "basis", "previous", "area", "rent", "requested"))
REPLACED_NOTE = "（备注中含有不可显示的控制字符，已替换为“\ufffd”）"
_OPTIONAL_TEXT = ("level", "product")
_WHOLE_RANGES = {"months": (1, 12), "installment": (1, 3)}
_HEADER_SCAN = 10
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*)?$")

_INFO_KEYS = {header_key(k): k for k in INFO_LABELS}
_CLAIM_KEYS = {header_key(k): k for k in CLAIM_HEADERS}



def _info_where(row: int, col: int = 2) -> str:
    return f"{INFO_SHEET}!{col_letter(col)}{row}"


def _missing_label(label: str, hint: str = "") -> Problem:
    return Problem(f"{INFO_SHEET}!A列", f"申报信息缺少“{label}”一行（A 列填写项目名称、B 列填写内容）{hint}")


def _year(value: object) -> int:
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().removesuffix("年").strip()
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError
        year = int(text)
    else:
        year = _whole(value)
    if not 1900 <= year <= 2100:
        raise ValueError
    return year


def _applied_on(value: object, date1904: bool) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return serial_to_date(value, date1904)
    if isinstance(value, str):
        m = _DATE.match(unicodedata.normalize("NFKC", value).strip())
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    return None


def _read_info(sheet: SheetData, date1904: bool) -> tuple[Applicant | None, list[Problem]]:
    problems: list[Problem] = []
    rows: dict[str, int] = {}
    values: dict[str, object] = {}
    for (row, col), value in sorted(sheet.cells.items()):
        if col != 1:
            continue
        label = _INFO_KEYS.get(header_key(value))
        if label is None:
            continue
        if label in rows:
            problems.append(Problem(_info_where(row, 1), f"“{label}”出现了两次（第 {rows[label]} 行和第 {row} 行），请只保留一行"))
            continue
        rows[label] = row
        value = sheet.cells.get((row, 2))
        if sheet.suspect:       # the reader saw something odd in this sheet: look at each value
            if value.__class__ is Unreadable:
                problems.append(Problem(_info_where(row), f"“{label}”：{value}"))
                continue
            if value.__class__ is str and HOSTILE.search(value):
                problems.append(Problem(_info_where(row), _hostile_message(label, value)))
                continue
        values[label] = value

    fields: dict[str, object] = {}

    def required(label: str) -> object | None:
        if label not in rows:
            problems.append(_missing_label(label))
            return None
        if label not in values:         # already refused above
            return None
        value = values[label]
        if _blank(value):
            problems.append(Problem(_info_where(rows[label]), f"“{label}”不能为空"))
            return None
        return value

    version = required("模板版本")
    if version is not None:
        text = unicodedata.normalize("NFKC", _text(version)).strip().upper()
        if text not in TEMPLATE_VERSIONS:
            problems.append(Problem(_info_where(rows["模板版本"]),
                                    f"模板版本“{_shown(version)}”无法识别，请下载最新的申报模板（{TEMPLATE_VERSION}）重新填写"))
        fields["template_version"] = text

    name = required("企业名称")
    if name is not None:
        fields["name"] = _text(name)

    code_value = required("统一社会信用代码")
    if code_value is not None:
        code = cc.normalize(_text(code_value))
        where = _info_where(rows["统一社会信用代码"])
        if not cc.shape_ok(code):
            bad = "".join(dict.fromkeys(ch for ch in code if ch not in cc.ALPHABET))
            if bad:
                msg = (f"统一社会信用代码“{_shown(code)}”含有不允许的字符“{bad}”"
                       f"（信用代码由数字和大写字母组成，不使用 I、O、Z、S、V）")
            else:
                msg = f"统一社会信用代码“{_shown(code)}”应为 18 位，实际为 {len(code)} 位"
            if not isinstance(code_value, str):
                msg += "；请先把单元格设为“文本”格式再填写，以免 Excel 改动数字"
            problems.append(Problem(where, msg))
        fields["credit_code"] = code

    district = required("是否注册在光明区")
    if district is not None:
        text = unicodedata.normalize("NFKC", _text(district)).strip()
        if text not in ("是", "否"):
            problems.append(Problem(_info_where(rows["是否注册在光明区"]),
                                    f"“是否注册在光明区”应填写“是”或“否”，实际为“{_shown(district)}”"))
        fields["in_district"] = text == "是"

    year = required("申报年度")
    if year is not None:
        try:
            fields["year"] = _year(year)
        except ValueError:
            hint = ""
            if isinstance(year, (int, Decimal)) and not isinstance(year, bool) and 10_000 <= year <= 80_000:
                hint = "（看起来填的是日期，请只填写年份）"
            problems.append(Problem(_info_where(rows["申报年度"]),
                                    f"申报年度应为四位数的年份（如 2025），实际为“{_shown(year)}”{hint}"))

    label = "上年度区级地方财力贡献（元）"
    if label in values and not _blank(values[label]):
        try:
            fields["fiscal_contribution"] = parse_amount(values[label])
        except AmountError as exc:
            problems.append(Problem(_info_where(rows[label]), _amount_problem("上年度区级地方财力贡献", values[label], exc)))

    for label in ("注册地址", "联系人", "联系电话"):
        if label in values:
            fields[INFO_LABELS[label]] = _text(values[label])
    if "申报日期" in values and not _blank(values["申报日期"]):
        fields["applied_on"] = _applied_on(values["申报日期"], date1904)

    if problems:
        return None, problems
    return Applicant(**fields), []


# -- 申报事项 ---------------------------------------------------------------------------------

def _claim_where(row: int, col: int) -> str:
    return f"{CLAIM_SHEET}!{col_letter(col)}{row}"


def _row_values(sheet: SheetData, row: int) -> list[tuple[int, object]]:
    cells = sheet.cells
    return [(col, cells[(row, col)]) for col in range(1, sheet.max_col + 1) if (row, col) in cells]


def _known_headers(sheet: SheetData, row: int) -> int:
    return sum(1 for _col, v in _row_values(sheet, row) if isinstance(v, str) and header_key(v) in _CLAIM_KEYS)


def _header_row(sheet: SheetData) -> int:
    if _known_headers(sheet, 1):
        return 1
    for row in range(2, min(_HEADER_SCAN, sheet.max_row) + 1):
        if _known_headers(sheet, row) >= 2:
            return row
    return 1


def _read_header(sheet: SheetData) -> tuple[int, dict[str, int], list[Problem]]:
    header_row = _header_row(sheet)
    columns: dict[str, int] = {}          # field -> column
    problems: list[Problem] = []
    row = header_row
    for col, value in _row_values(sheet, header_row):
        header = _CLAIM_KEYS.get(header_key(value))
        if header is None:
            continue
        field_name = CLAIM_HEADERS[header]
        if field_name in columns:
            first = f"{col_letter(columns[field_name])}{header_row}"
            problems.append(Problem(_claim_where(row, col),
                                    f"表头“{header}”重复（{first} 和 {col_letter(col)}{row}），请删除多余的一列"))
            continue
        columns[field_name] = col
    for header in REQUIRED_HEADERS:
        if CLAIM_HEADERS[header] not in columns:
            problems.append(Problem(f"{CLAIM_SHEET}!{header_row}",
                                    f"申报事项缺少表头“{header}”（第 {header_row} 行），请使用申报模板的表头，不要改动表头文字"))
    return header_row, columns, problems


def _read_claims(sheet: SheetData, header_row: int, columns: dict[str, int]) -> list[Claim]:
    headers = {f: h for h, f in CLAIM_HEADERS.items()}
    by_row: dict[int, dict[int, object]] = {}
    for (row, col), value in sheet.cells.items():
        if row > header_row:
            by_row.setdefault(row, {})[col] = value
    wanted = list(columns.items())
    prefixes = [(f, f"{CLAIM_SHEET}!{col_letter(col)}") for f, col in wanted]
    claims: list[Claim] = []
    seen_lines: dict[int, int] = {}
    for row in sorted(by_row):
        cells = by_row[row]
        # only the non-blank claim cells; a blank cell reads as None below
        present = {f: v for f, col in wanted
                   if (v := cells.get(col)) is not None and (v.__class__ is not str or v.strip())}
        # Only a number and/or a note, nothing to claim: a pre-numbered or annotated blank row.
        if not present or present.keys() <= {"line", "remark"}:
            continue
        row_text = str(row)
        claim = Claim(row=row, cells={f: prefix + row_text for f, prefix in prefixes})
        problems = claim.problems
        for name, value in present.items() if sheet.suspect else ():
            if value.__class__ is Unreadable:
                problems.append(Problem(claim.cells[name], f"{headers[name]}：{value}"))
                present[name] = None
            elif value.__class__ is str and HOSTILE.search(value):
                if name in _STRICT_TEXT:
                    problems.append(Problem(claim.cells[name], _hostile_message(headers[name], value)))
                    present[name] = None
                else:
                    present[name] = replaced(value).strip() + REPLACED_NOTE

        value = present.get("line")
        if _blank(value):
            if "line" in columns and "line" not in present:
                problems.append(Problem(claim.cells["line"], "序号不能为空，请填写正整数"))
        else:
            try:
                line = _whole(value)
                if line < 1:
                    raise ValueError
            except ValueError:
                problems.append(Problem(claim.cells["line"], f"序号应为正整数，实际为“{_shown(value)}”"))
            else:
                claim.line = line
                if line in seen_lines:
                    problems.append(Problem(claim.cells["line"], f"序号 {line} 与第 {seen_lines[line]} 行重复"))
                else:
                    seen_lines[line] = row

        value = present.get("code")
        claim.raw_code = _text(value)
        claim.code = normalize_code(value)

        for name in _TEXT_FIELDS:
            setattr(claim, name, _text(present.get(name)))
        for name in _OPTIONAL_TEXT:
            text = _text(present.get(name))
            setattr(claim, name, text or None)

        for name in _AMOUNT_FIELDS:
            value = present.get(name)
            if _blank(value):
                continue
            try:
                setattr(claim, name, parse_amount(value))
            except AmountError as exc:
                label = headers[name]
                problems.append(Problem(claim.cells[name], _amount_problem(label, value, exc)))

        for name, (low, high) in _WHOLE_RANGES.items():
            value = present.get(name)
            if _blank(value):
                continue
            label = headers[name]
            try:
                number = _whole(value)
            except ValueError:
                problems.append(Problem(claim.cells[name], f"{label}应为 {low} 到 {high} 之间的整数，实际为“{_shown(value)}”"))
                continue
            if not low <= number <= high:
                problems.append(Problem(claim.cells[name], f"{label}应为 {low} 到 {high} 之间的整数，实际为 {number}"))
                continue
            setattr(claim, name, number)
        claims.append(claim)
    return claims


# -- the whole file ---------------------------------------------------------------------------

def _source_name(source: object, name: str | None) -> str:
    # A file name is applicant text too (and an undecodable one holds lone surrogates).
    if name is not None:
        return replaced(name)
    if isinstance(source, (str, Path)):
        return replaced(Path(source).name)
    return ""


def _read(source, name: str | None) -> Application:
    app = Application(applicant=None, source=_source_name(source, name))
    try:
        data = load_bytes(source)
    except XlsxError as exc:
        app.errors = exc.problems
        return app
    app.file_hash = hashlib.sha256(data).hexdigest()
    try:
        book = open_bytes(data)
    except XlsxError as exc:
        app.errors = exc.problems
        return app
    with book:
        found: dict[str, str] = {}
        for sheet_name in book.sheet_names:
            found.setdefault(header_key(sheet_name), sheet_name)
        errors: list[Problem] = []
        sheets: dict[str, SheetData] = {}
        for wanted in (INFO_SHEET, CLAIM_SHEET):
            real = found.get(header_key(wanted))
            if real is None:
                errors.append(Problem(wanted, f"缺少工作表“{wanted}”，请使用申报模板填写，不要修改工作表名称"))
                continue
            try:
                sheets[wanted] = book.read_sheet(real)
            except XlsxError as exc:
                errors.extend(exc.problems)
                if any(p.where == FILE for p in exc.problems):
                    app.errors = errors
                    return app
        applicant = None
        if INFO_SHEET in sheets:
            applicant, problems = _read_info(sheets[INFO_SHEET], book.date1904)
            errors.extend(problems)
        if CLAIM_SHEET in sheets:
            header_row, columns, problems = _read_header(sheets[CLAIM_SHEET])
            errors.extend(problems)
        if errors:
            app.errors = errors
            return app
        app.applicant = applicant
        app.claims = _read_claims(sheets[CLAIM_SHEET], header_row, columns)
    return app


def read_application(source: str | Path | bytes, *, name: str | None = None) -> Application:
    """Read an application workbook (a path or its bytes); never raises.

    `name` is the file name recorded as `Application.source` (defaults to the path's name).
    """
    try:
        return _read(source, name)
    except Exception as exc:  # the last line of defence: a file must never crash a batch
        app = Application(applicant=None, source=_source_name(source, name))
        app.errors = [Problem(FILE, f"无法读取文件（{type(exc).__name__}），请用 Excel 重新保存为 .xlsx 后提交")]
        return app
