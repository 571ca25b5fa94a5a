"""Application workbooks for the window tests, written by the core's template writer."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from workbench.core.domain.credit_code import check_digit
from workbench.core.intake.template import write_application


def credit_code(seed: int) -> str:
    code17 = f"91440300MA5G{seed:04d}Q"[:17].ljust(17, "0")
    return code17 + check_digit(code17)


def applicant(name: str, seed: int, year: int = 2025) -> dict:
    return {
        "模板版本": "GMSENSOR-1", "企业名称": name, "统一社会信用代码": credit_code(seed),
        "注册地址": "深圳市光明区凤凰街道", "是否注册在光明区": "是", "联系人": "李晓明",
        "联系电话": "0755-2345 6789", "申报年度": year, "申报日期": "2025-03-15",
    }


CLAIMS = [
    {"line": 1, "code": "3.1", "project": "MEMS先进封测平台", "basis": Decimal("30000000.00"),
     "voucher": "HT-{s}-001"},
    {"line": 2, "code": "6.1", "project": "首轮流片A", "basis": Decimal("2500000.00"),
     "voucher": "FP-{s}-0001", "requested": Decimal("750000.00")},
    {"line": 3, "code": "10", "project": "园区租赁", "area": Decimal("800.5"), "months": 12,
     "rent": Decimal("23.40"), "basis": Decimal("0"), "voucher": "ZL-{s}-07"},
    {"line": 4, "code": "12.1", "project": "芯片销售", "basis": Decimal("4000000.00"),
     "previous": Decimal("3000000.00"), "voucher": "XS-{s}-01"},
    {"line": 5, "code": "2", "project": "MEMS中试线", "voucher": "ZS-{s}-1",
     "requested": Decimal("5000000.00")},
    {"line": 6, "code": "99", "project": "未知条款", "basis": Decimal("100"), "voucher": "X-{s}"},
]


def write_app(folder: Path, name: str, seed: int) -> Path:
    claims = [{k: (v.format(s=seed) if k == "voucher" else v) for k, v in c.items()} for c in CLAIMS]
    return write_application(folder / f"{name}.xlsx", applicant(name, seed), claims)


def write_refused(folder: Path) -> Path:
    p = folder / "旧格式申报表.xlsx"
    p.write_text("统一社会信用代码,企业名称\n1,2\n", encoding="utf-8")  # a renamed CSV
    return p
