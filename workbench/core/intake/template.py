"""The application template (申报表模板, GMSENSOR-1), blank or filled, written with openpyxl.

The layout is the one `submission` reads (formats.md §1); labels and headers come from
`submission` so that writer and reader cannot drift apart. The template helps the clerk fill it
right: a drop-down of claim codes built from the rule set (on a hidden list sheet, because an
inline list is limited to 255 characters), drop-downs for 是/否 and 标准级别, whole-number
checks on 月数 and 期次, amount formats, text format where Excel would mangle digits (credit
code, voucher numbers), an instructions sheet and a filled example on a sheet of its own, which
the reader ignores.

`write_application(path, applicant, claims)` fills the same layout. Keys may be the Chinese
labels/headers or the model's field names:

- applicant: the `submission.INFO_LABELS` labels (企业名称 …) or `Applicant` attribute names
  (name, credit_code, year, in_district, address, contact, phone, applied_on,
  fiscal_contribution, template_version); in_district may be a bool (written 是/否);
- claims: the `submission.CLAIM_HEADERS` headers or `model.CLAIM_FIELDS` names.

Values are written as given: str as text, int/Decimal/float as numbers, date as a date. Text is
never written as a formula (a leading = + - @ is kept as text with a quote prefix), and control
characters Excel cannot store are dropped.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workbench.core.intake.submission import (
    CLAIM_HEADERS,
    CLAIM_SHEET,
    INFO_LABELS,
    INFO_SHEET,
    TEMPLATE_VERSION,
)
from workbench.core.rules.ruleset import RuleSet, default_ruleset

__all__ = ["write_template", "write_application", "code_labels", "LEVELS", "GUIDE_SHEET",
           "EXAMPLE_SHEET", "LIST_SHEET"]

GUIDE_SHEET = "填写说明"
EXAMPLE_SHEET = "填写示例"
LIST_SHEET = "条款列表"
LEVELS = ("国际", "国家", "行业", "团体")
DATA_ROWS = 1000            # rows of 申报事项 that carry drop-downs and checks

AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
_AMOUNT_FIELDS = {"basis", "previous", "area", "rent", "requested"}
_TEXT_FIELDS = {"voucher", "project", "product", "remark", "code"}
_WIDTHS = {
    "line": 6, "code": 34, "project": 30, "basis": 16, "previous": 16, "area": 12, "months": 7,
    "rent": 14, "installment": 7, "level": 10, "product": 22, "voucher": 22, "requested": 16,
    "remark": 24,
}
_FORMULA_START = ("=", "+", "-", "@")

_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_HINT_FONT = Font(color="808080")

_INFO_HINTS = {
    "模板版本": "请勿修改",
    "企业名称": "必填，与营业执照一致",
    "统一社会信用代码": "必填，18 位，与营业执照一致",
    "注册地址": "",
    "是否注册在光明区": "必填，请从下拉列表选择“是”或“否”",
    "联系人": "",
    "联系电话": "",
    "申报年度": "必填，四位年份，如 2025",
    "申报日期": "如 2025-03-01",
    "上年度区级地方财力贡献（元）": "如有请填写，单位：元",
}

_GUIDE = [
    "光明区智能传感器扶持资金申报表 填写说明（模板版本 GMSENSOR-1）",
    "",
    "一、本工作簿包含“申报信息”和“申报事项”两个工作表，请勿修改工作表名称、表头文字和“模板版本”。",
    "二、“申报信息”：A 列为项目，B 列填写内容。企业名称、统一社会信用代码、是否注册在光明区、申报年度为必填。",
    "三、统一社会信用代码为 18 位数字或大写字母（不使用 I、O、Z、S、V），请与营业执照一致。",
    "四、“申报事项”：每行填写一个申报事项，序号从 1 开始且不重复；条款编号请从下拉列表选择（如“3.1 先进封测服务平台建设”），也可直接填写编号 3.1。",
    "五、金额单位为元，最多保留两位小数，不要填写负数；可以填写数字，也可以填写“1,234,567.89”这样的文本。",
    "六、各条款需要填写的内容：",
    "    · 多数条款：计算基数（元）填写对应的投资额、合同额、费用等；",
    "    · 条款 2（一事一议）与 4.1（技术协同平台分期建设）：须填写申请金额，4.1 另须填写期次（1、2 或 3）；",
    "    · 条款 10（租金补贴）：填写面积（平方米）、月数（1–12）和租金单价（元/平方米/月）；",
    "    · 条款 11.2：填写产品名称；条款 12.1、12.2：另填写上年度基数（元）；",
    "    · 条款 13（主导制定标准）：填写标准级别（国际/国家/行业/团体），凭证编号填写标准编号。",
    "七、凭证编号填写合同号、发票号或标准编号；同一凭证不得重复申报。",
    "八、申请金额可以留空，留空表示按规则计算的金额申报。",
    "九、“填写示例”工作表仅供参考，不会被读取；请在“申报事项”工作表中填写。",
    "十、请保存为 Excel 工作簿（.xlsx）格式，不要设置密码。",
]

_EXAMPLE_INFO = {
    "企业名称": "深圳市光明示例传感科技有限公司",
    "统一社会信用代码": "91440300MA5G0000XX",
}

_EXAMPLE_CLAIMS = [
    {"line": 1, "code": "3.1", "project": "MEMS先进封测服务平台", "basis": Decimal("12345678.00"),
     "voucher": "GM-HT-2025-001", "remark": "示例：按项目实际投资额申报，申请金额留空"},
    {"line": 2, "code": "10", "project": "园区厂房租赁", "basis": Decimal("1200000.00"), "area": Decimal("500"),
     "months": 12, "rent": Decimal("25.00"), "voucher": "GM-ZL-2025-007", "requested": Decimal("120000.00")},
    {"line": 3, "code": "13", "project": "MEMS压力传感器团体标准", "basis": Decimal("0"), "level": "团体",
     "voucher": "T/GMSIA 001-2025"},
]


def code_labels(ruleset: RuleSet | None = None) -> list[str]:
    """Drop-down labels such as '3.1 先进封测服务平台建设', in rule-set order."""
    rules = (ruleset or default_ruleset()).rules
    return [f"{code} {rule.name}".strip() for code, rule in rules.items()]


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _put(ws, row: int, col: int, value, number_format: str | None = None):
    """Write one value; text is always text, never a formula."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    if isinstance(value, str):
        text = _clean(value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(_FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, Decimal):
        # openpyxl writes str(Decimal); keep it free of exponents ("1E+7") for every reader
        cell.value = Decimal(format(value, "f")) if value.is_finite() else format(value, "f")
    elif isinstance(value, (int, float, date, datetime)):
        cell.value = value
        if isinstance(value, (date, datetime)) and not number_format:
            number_format = DATE_FORMAT
    else:
        cell.value = _clean(str(value))
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    return cell


def _list_validation(formula: str, sqref: str, title: str, prompt: str, *, strict: bool) -> DataValidation:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, showInputMessage=True,
                        errorStyle="stop" if strict else "warning")
    dv.promptTitle, dv.prompt = title, prompt
    dv.errorTitle = title
    dv.error = "请从下拉列表中选择" if strict else "不在下拉列表中，请确认填写是否正确"
    dv.add(sqref)
    return dv


def _whole_validation(low: int, high: int, sqref: str, title: str) -> DataValidation:
    dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                        allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop")
    dv.promptTitle, dv.prompt = title, f"请填写 {low} 到 {high} 之间的整数"
    dv.errorTitle, dv.error = title, f"{title}应为 {low} 到 {high} 之间的整数"
    dv.add(sqref)
    return dv


def _info_sheet(ws, values: Mapping[str, object] | None = None) -> None:
    for col, head in enumerate(("项目", "填写内容", "说明"), start=1):
        cell = _put(ws, 1, col, head)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
    values = values or {}
    for row, label in enumerate(INFO_LABELS, start=2):
        _put(ws, row, 1, label).font = _HEAD_FONT
        if label == "模板版本":
            value = values.get(label, TEMPLATE_VERSION)
        else:
            value = values.get(label)
        fmt = None
        if label == "统一社会信用代码" or label == "联系电话":
            fmt = TEXT_FORMAT
        elif label == "上年度区级地方财力贡献（元）":
            fmt = AMOUNT_FORMAT
        elif label == "申报日期":
            fmt = DATE_FORMAT
        cell = _put(ws, row, 2, value, fmt)
        if fmt and value is None:
            cell.number_format = fmt
        hint = _INFO_HINTS.get(label, "")
        if hint:
            _put(ws, row, 3, hint).font = _HINT_FONT
        if label == "是否注册在光明区":
            ws.add_data_validation(_list_validation('"是,否"', f"B{row}", label, "请选择“是”或“否”", strict=True))
        elif label == "申报年度":
            ws.add_data_validation(_whole_validation(1900, 2100, f"B{row}", label))
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 36
    ws.freeze_panes = "A2"


def _claim_sheet(ws, n_labels: int, rows: int, *, validations: bool = True) -> None:
    fields = list(CLAIM_HEADERS.values())
    for col, header in enumerate(CLAIM_HEADERS, start=1):
        cell = _put(ws, 1, col, header)
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        dim = ws.column_dimensions[letter]
        dim.width = _WIDTHS.get(fields[col - 1], 14)
        # A column style is what Excel applies to cells the clerk types into later.
        name = fields[col - 1]
        if name in _AMOUNT_FIELDS:
            dim.number_format = AMOUNT_FORMAT
        elif name in _TEXT_FIELDS:
            dim.number_format = TEXT_FORMAT
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    if not validations:
        return
    col = {f: get_column_letter(i) for i, f in enumerate(fields, start=1)}
    last = rows + 1

    def span(name: str) -> str:
        return f"{col[name]}2:{col[name]}{last}"

    codes = f"'{LIST_SHEET}'!$A$1:$A${n_labels}"
    ws.add_data_validation(_list_validation(codes, span("code"), "条款编号",
                                            "请选择申报条款，也可直接填写编号（如 3.1）", strict=False))
    ws.add_data_validation(_list_validation(f'"{",".join(LEVELS)}"', span("level"), "标准级别",
                                            "条款 13 填写：国际/国家/行业/团体", strict=True))
    ws.add_data_validation(_whole_validation(1, 12, span("months"), "月数"))
    ws.add_data_validation(_whole_validation(1, 3, span("installment"), "期次"))


def _claim_value(claim: Mapping[str, object]) -> dict[str, object]:
    fields = set(CLAIM_HEADERS.values())
    out: dict[str, object] = {}
    for key, value in claim.items():
        name = CLAIM_HEADERS.get(key, key)
        if name not in fields:
            raise KeyError(f"unknown claim field {key!r}")
        out[name] = value
    return out


def _write_claims(ws, claims: Iterable[Mapping[str, object]], columns: Sequence[str] | None = None) -> None:
    fields = list(CLAIM_HEADERS.values())
    if columns is not None:
        wanted = [CLAIM_HEADERS.get(c, c) for c in columns]
        # rewrite the header row with only the wanted columns, in the given order
        for col in range(1, len(fields) + 1):
            ws.cell(row=1, column=col).value = None
        headers = {f: h for h, f in CLAIM_HEADERS.items()}
        for col, name in enumerate(wanted, start=1):
            cell = _put(ws, 1, col, headers[name])
            cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
        fields = wanted
    position = {f: i for i, f in enumerate(fields, start=1)}
    for row, claim in enumerate(claims, start=2):
        for name, value in _claim_value(claim).items():
            if name not in position:
                continue
            fmt = AMOUNT_FORMAT if name in _AMOUNT_FIELDS and not isinstance(value, str) else None
            _put(ws, row, position[name], value, fmt)


def _example_sheet(ws, n_labels: int, labels: list[str]) -> None:
    _claim_sheet(ws, n_labels, 0, validations=False)
    by_code = {label.split(" ", 1)[0]: label for label in labels}
    examples = [{**c, "code": by_code.get(str(c["code"]), c["code"])} for c in _EXAMPLE_CLAIMS]
    _write_claims(ws, examples)
    note_row = len(examples) + 3
    _put(ws, note_row, 1, "本工作表仅为填写示例，不会被读取。请在“申报事项”工作表中填写。").font = Font(bold=True, color="C00000")
    _put(ws, note_row + 1, 1, f"申报信息示例：企业名称“{_EXAMPLE_INFO['企业名称']}”，统一社会信用代码填写 18 位代码。").font = _HINT_FONT


def _list_sheet(ws, labels: list[str], ruleset: RuleSet) -> None:
    for row, (label, rule) in enumerate(zip(labels, ruleset.rules.values(), strict=False), start=1):
        _put(ws, row, 1, label)
        _put(ws, row, 2, rule.article)
        _put(ws, row, 3, rule.text)
    ws.column_dimensions["A"].width = 40
    ws.sheet_state = "hidden"


def _guide_sheet(ws, ruleset: RuleSet) -> None:
    lines = list(_GUIDE) + ["", f"规则版本：{ruleset.version}（{ruleset.title}）"]
    for row, text in enumerate(lines, start=1):
        cell = _put(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110


def _build(ruleset: RuleSet | None, info: Mapping[str, object] | None = None) -> Workbook:
    ruleset = ruleset or default_ruleset()
    labels = code_labels(ruleset)
    wb = Workbook()
    info_ws = wb.active
    info_ws.title = INFO_SHEET
    _info_sheet(info_ws, info)
    _claim_sheet(wb.create_sheet(CLAIM_SHEET), len(labels), DATA_ROWS)
    _guide_sheet(wb.create_sheet(GUIDE_SHEET), ruleset)
    _example_sheet(wb.create_sheet(EXAMPLE_SHEET), len(labels), labels)
    _list_sheet(wb.create_sheet(LIST_SHEET), labels, ruleset)
    wb.active = 0
    return wb


def write_template(path: str | Path, ruleset: RuleSet | None = None) -> Path:
    """Write the blank template (GMSENSOR-1) to `path`."""
    path = Path(path)
    _build(ruleset).save(path)
    return path


_APPLICANT_FIELDS = {field: label for label, field in INFO_LABELS.items()}


def _info_values(applicant: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in applicant.items():
        label = key if key in INFO_LABELS else _APPLICANT_FIELDS.get(key)
        if label is None:
            raise KeyError(f"unknown applicant field {key!r}")
        if isinstance(value, bool) and label == "是否注册在光明区":
            value = "是" if value else "否"
        out[label] = value
    return out


def write_application(path: str | Path, applicant: Mapping[str, object],
                      claims: Iterable[Mapping[str, object]], *, columns: Sequence[str] | None = None,
                      ruleset: RuleSet | None = None) -> Path:
    """Write a filled application in the template layout.

    `columns` (headers or field names) limits and orders the 申报事项 columns, e.g. to produce a
    sheet without an optional column; by default every column of the template is written.
    """
    path = Path(path)
    wb = _build(ruleset, _info_values(applicant))
    _write_claims(wb[CLAIM_SHEET], claims, columns)
    wb.save(path)
    return path
