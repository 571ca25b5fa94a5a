"""The award ledger (资助台账, formats.md §2): reading, validating and importing a ledger workbook.

A ledger file is imported whole or not at all: every row is validated first, every problem is
listed with its cell, and only a clean file is written, in one transaction. A row identical in
all ten columns to an award already stored is skipped (importing the same ledger twice counts
nothing twice); the same row twice within one file is refused, naming both rows.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from workbench.core.domain import credit_code as cc
from workbench.core.domain.model import LedgerAward, Problem, fold, voucher_key
from workbench.core.domain.money import CENT, AmountError, parse_number, q2, to_cents
from workbench.core.domain.text_safety import HOSTILE, hostile_points
from workbench.core.intake import guard, submission, xlsx_reader
from workbench.core.intake.submission import header_key
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store.database import Store

__all__ = [
    "SHEET", "HEADERS", "REQUIRED", "LedgerReport", "read_ledger", "import_ledger",
    "write_ledger", "normalize_code", "row_key",
]

SHEET = "资助台账"
# field -> header text, in the column order of formats.md §2.
HEADERS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "year": "年度",
    "code": "条款编号",
    "project": "项目名称",
    "product": "产品名称",
    "voucher": "凭证编号",
    "installment": "期次",
    "amount": "资助金额（元）",
    "doc_no": "文号",
}
# A ledger from another office may leave out the columns it never uses; these it may not.
REQUIRED = ("credit_code", "name", "year", "code", "project", "amount")

MAX_ROWS = 200_000          # data rows; far above a year's ledger, and within the reader's part limit
MAX_COLUMNS = 64            # headers are looked for in these columns only
YEARS = (2000, 2100)
_NOISE = Decimal("0.000001")


@dataclass
class LedgerReport:
    """The outcome of one ledger import: nothing was written when `errors` is not empty."""

    source: str
    rows: int = 0
    added: int = 0
    skipped: int = 0
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    """A cell value as shown in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean(value) -> str:
    """Stored text: trimmed, otherwise as written (folding is for keys, not for display)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def normalize_code(value, rules: RuleSet) -> str | None:
    """'3.1', 3.1, '3.1 先进封测服务平台建设', 10.0 → the rule set's code (as in applications), or None."""
    code = submission.normalize_code(value)
    return code if code in rules.rules else None


def _int(value) -> int | None:
    """A whole number from a cell (2024, 2024.0, '2024'); None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return int(value) if value == int(value) else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return int(text) if re.fullmatch(r"\d{1,6}", text) else None


def row_key(credit_code: str, name: str, year: int, code: str, project: str, product: str,
            voucher: str, installment: int | None, amount_cents: int, doc_no: str) -> str:
    """Identity of a ledger row over all ten columns, for 'already stored' and 'twice in a file'."""
    parts = [credit_code, name, str(year), code, project, product, voucher,
             "" if installment is None else str(installment), str(amount_cents), doc_no]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _guard(path: Path) -> Problem | None:
    """What the reader would refuse with an application's wording, said for a ledger."""
    if not path.is_file():
        return Problem("文件", f"找不到文件 {path.name}")
    size = path.stat().st_size
    if size > guard.MAX_FILE_BYTES:
        return Problem("文件", f"台账文件过大（{size / 1024 / 1024:.0f} MB），单个文件不能超过 "
                               f"{guard.MAX_FILE_BYTES // 1024 // 1024} MB，请分成几个文件导入")
    return None


def _sheet_rows(path: Path) -> tuple[list[tuple[int, dict[int, object]]] | None, list[Problem], bool]:
    """Rows of the ledger sheet as (row number, {column: value}), through the project's bounded
    xlsx reader (hostile or damaged files are refused before any parsing), and whether the
    reader flagged the sheet as holding uninterpretable values or hostile text."""
    try:
        with xlsx_reader.open_book(path) as book:
            found = {header_key(n): n for n in book.sheet_names}
            real = found.get(header_key(SHEET))
            if real is None:
                return None, [Problem("文件", f"缺少工作表“{SHEET}”")], False
            sheet = book.read_sheet(real, max_rows=MAX_ROWS + 1, max_col=MAX_COLUMNS)
    except xlsx_reader.XlsxError as exc:
        return None, list(exc.problems), False
    return list(sheet.rows().items()), [], sheet.suspect


def read_ledger(path: str | Path, rules: RuleSet | None = None,
                progress: Callable[[int], None] | None = None) -> tuple[list[dict], list[Problem]]:
    """Read and validate every row. Returns (rows ready for Store.add_ledger_rows, problems)."""
    path = Path(path)
    rules = rules or default_ruleset()
    problem = _guard(path)
    if problem:
        return [], [problem]
    rows, problems, suspect = _sheet_rows(path)
    if rows is None:
        return [], problems
    return _read_rows(rows, path.name, rules, progress, suspect=suspect)


def _read_rows(rows: list[tuple[int, dict[int, object]]], source: str, rules: RuleSet,
               progress, *, suspect: bool = True) -> tuple[list[dict], list[Problem]]:
    header = rows[0][1] if rows and rows[0][0] == 1 else {}
    wanted = {header_key(h): f for f, h in HEADERS.items()}
    columns: dict[str, int] = {}
    for col, value in sorted(header.items()):
        f = wanted.get(header_key(value))
        if f and f not in columns:
            columns[f] = col
    missing = [HEADERS[f] for f in REQUIRED if f not in columns]
    if missing:
        return [], [Problem(f"{SHEET}!A1", "缺少表头：" + "、".join(f"“{m}”" for m in missing))]
    letter = {f: xlsx_reader.col_letter(c) for f, c in columns.items()}

    errors: list[Problem] = []
    out: list[dict] = []
    first_row: dict[str, int] = {}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    memo_cc: dict = {}
    memo_text: dict = {}
    memo_year: dict = {}
    memo_code: dict = {}
    memo_amount: dict = {}
    memo_fold: dict = {}

    def check_code(value) -> tuple[str | None, str | None]:
        code = normalize_code(value, rules)
        return code, None if code else f"条款编号“{_text(value)}”不在规则集 {rules.version} 中"

    memo_vkey: dict = {}
    row_errors: list[Problem] = []
    r = 0

    def bad(f: str, message: str) -> None:
        row_errors.append(Problem(f"{SHEET}!{letter[f]}{r}", message))

    first_field = next(iter(columns))
    for n, (r, values) in enumerate(rows[1:] if header else rows, start=1):
        if progress and n % 10_000 == 0:
            progress(n)
        get = {f: values.get(c) for f, c in columns.items()}
        v = get[first_field]
        # a row is blank when every cell is; one filled text cell settles it (the usual row)
        if not (v.__class__ is str and v.strip()) and all(
                v is None or (isinstance(v, str) and not v.strip()) for v in get.values()):
            continue
        row_errors = []

        for f, v in get.items() if suspect else ():
            # a value the reader could not interpret, or text no store or report can carry
            if v.__class__ is xlsx_reader.Unreadable:
                bad(f, f"{HEADERS.get(f, f)}：{v}")
                get[f] = None
            elif v.__class__ is str and HOSTILE.search(v):
                bad(f, f"{HEADERS.get(f, f)}含有不可显示的控制字符（{hostile_points(v)}），请删除后重新输入")
                get[f] = None
        if row_errors:
            errors.extend(row_errors)
            continue

        # A ledger repeats its enterprises, years, codes and amounts on many rows: each
        # distinct cell value is checked once (keyed by its type too: 2024 and "2024" are
        # shown differently in a message).
        code_, msg = _memo(memo_cc, get["credit_code"], _check_credit_code)
        if msg:
            bad("credit_code", msg)
        name = _memo(memo_text, get["name"], _clean)
        if not name:
            bad("name", "企业名称不能为空")
        year, msg = _memo(memo_year, get["year"], _check_year)
        if msg:
            bad("year", msg)
        code, msg = _memo(memo_code, get["code"], check_code)
        if msg:
            bad("code", msg)
        installment = None
        raw_inst = get.get("installment")
        if raw_inst is not None and _text(raw_inst):
            installment = _int(raw_inst)
            if installment is None or not 1 <= installment <= 3:
                bad("installment", f"期次“{_text(raw_inst)}”应为 1、2 或 3")
                installment = None
        elif code == "4.1":
            bad("installment", "条款4.1的台账记录须填写期次（1、2 或 3）")
        amount, msg = _memo(memo_amount, get["amount"], _check_amount)
        if msg:
            bad("amount", msg)
        if row_errors:
            errors.extend(row_errors)
            continue

        project = _memo(memo_text, get["project"], _clean)
        product = _memo(memo_text, get.get("product"), _clean)
        voucher = _memo(memo_text, get.get("voucher"), _clean)
        doc_no = _memo(memo_text, get.get("doc_no"), _clean)
        cents = to_cents(amount)
        key = row_key(code_, name, year, code, project, product, voucher, installment, cents, doc_no)
        if key in first_row:
            first = first_row[key]
            errors.append(Problem(f"{SHEET}!A{r}",
                                  f"第{r}行与第{first}行完全相同：同一台账文件内不能重复（第{first}行、第{r}行）"))
            continue
        first_row[key] = r
        out.append({
            "credit_code": code_, "name": name, "year": year, "code": code,
            "project": project, "project_key": _memo(memo_fold, project, fold),
            "product": product, "product_key": _memo(memo_fold, product, fold),
            "voucher": voucher, "voucher_key": _memo(memo_vkey, voucher, voucher_key),
            "installment": installment, "amount_cents": cents, "doc_no": doc_no,
            "source": source, "source_row": r, "row_key": key, "imported_at": now,
        })
    return out, errors


def _memo(memo: dict, value, check):
    """check(value), once per distinct value of a column (keyed by type: True == 1, and a
    float by its repr: -0.0 == 0.0)."""
    cls = value.__class__
    # text, the usual cell, is its own key (no other type's value equals a str)
    key = value if cls is str else (cls, repr(value) if cls is float else value)
    try:
        return memo[key]
    except KeyError:
        out = memo[key] = check(value)
        return out
    except TypeError:            # an unhashable cell value (never from the reader)
        return check(value)


def _check_credit_code(value) -> tuple[str, str | None]:
    code = cc.normalize(value)
    if not code:
        return code, "统一社会信用代码不能为空"
    if not cc.shape_ok(code):
        return code, f"统一社会信用代码“{code}”格式不对：应为18位，只含数字和大写字母（不含I、O、Z、S、V）"
    return code, None


def _check_year(value) -> tuple[int | None, str | None]:
    year = _int(value)
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        return year, f"年度“{_text(value)}”不是四位年份"
    return year, None


def _check_amount(value) -> tuple[Decimal | None, str | None]:
    try:
        if value is None or not _text(value):
            raise AmountError("资助金额不能为空")
        amount = parse_number(value)
        if amount != amount.quantize(CENT):
            # A number cell may carry binary noise (8192.559999999999 for 8192.56, as
            # spreadsheet programs store computed values); text is taken as typed.
            if isinstance(value, str) or abs(amount - q2(amount)) >= _NOISE:
                raise AmountError("金额最多保留两位小数")
            amount = q2(amount)
        return amount, None
    except AmountError as exc:
        return None, (f"资助金额“{_text(value)}”不是金额：{exc}"
                      if value is not None and _text(value) else str(exc))


def import_ledger(store: Store, path: str | Path, rules: RuleSet | None = None,
                  progress: Callable[[int], None] | None = None) -> LedgerReport:
    """Validate the whole file, then write it in one transaction — or write nothing."""
    path = Path(path)
    rows, errors = read_ledger(path, rules, progress)
    report = LedgerReport(source=path.name, rows=len(rows), errors=errors)
    if errors:
        return report
    report.added, report.skipped = store.add_ledger_rows(rows)
    return report


def write_ledger(path: str | Path, awards: Iterable[LedgerAward]) -> Path:
    """Write awards as a 资助台账 workbook (demo data, exports for other offices)."""
    import openpyxl

    path = Path(path)
    wb = openpyxl.Workbook(write_only=True)   # a large ledger writes in seconds, not minutes
    ws = wb.create_sheet(SHEET)
    for col, width in zip("ABCDEFGHIJ", (22, 28, 8, 10, 30, 20, 22, 6, 16, 22), strict=False):
        ws.column_dimensions[col].width = width
    ws.append(list(HEADERS.values()))
    for a in awards:
        # Codes stay text ("3.1", not the number 3.1); amounts are exact decimals.
        ws.append([a.credit_code, a.name, a.year, str(a.code), a.project, a.product, a.voucher,
                   a.installment, a.amount, a.doc_no])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
