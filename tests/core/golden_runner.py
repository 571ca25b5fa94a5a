"""Builds applications and ledgers from golden-case data (no workbooks) and settles them."""
from __future__ import annotations

from decimal import Decimal

from workbench.core.domain.model import Applicant, Application, Claim, LedgerAward, VoucherPlace
from workbench.core.rules.ruleset import default_ruleset
from workbench.core.rules.settle import settle_application
from workbench.core.rules.usage import Usage

DEFAULT_CODE = "91440300MA5FFFFFFT"
COLUMNS = {"line": "A", "code": "B", "project": "C", "basis": "D", "previous": "E", "area": "F",
           "months": "G", "rent": "H", "installment": "I", "level": "J", "product": "K",
           "voucher": "L", "requested": "M", "remark": "N"}
MONEY = ("basis", "previous", "area", "rent", "requested")


def _dec(v):
    return None if v is None else Decimal(str(v))


def build_claim(row: int, d: dict, missing: tuple = ()) -> Claim:
    c = Claim(row=row)
    c.line = d.get("line", row - 1)
    c.code = None if d.get("code") is None else str(d["code"])
    c.raw_code = c.code or ""
    c.project = d.get("project", "项目甲")
    c.voucher = d.get("voucher", f"V-{row}")
    for name in MONEY:
        setattr(c, name, _dec(d.get(name)))
    for name in ("months", "installment"):
        setattr(c, name, d.get(name))
    c.level = d.get("level")
    c.product = d.get("product")
    c.cells = {f: f"申报事项!{col}{row}" for f, col in COLUMNS.items() if f not in missing}
    return c


def run_case(case: dict):
    rules = default_ruleset()
    a = case.get("applicant", {})
    applicant = Applicant(
        name=a.get("name", "示例企业"), credit_code=a.get("credit_code", DEFAULT_CODE),
        year=a.get("year", 2025), in_district=a.get("in_district", True),
        fiscal_contribution=_dec(a.get("fiscal_contribution")))
    missing = tuple(case.get("missing_columns", ()))
    claims = [build_claim(i + 2, d, missing) for i, d in enumerate(case["claims"])]
    app = Application(applicant=applicant, claims=claims, source="case.xlsx")
    awards = [
        LedgerAward(credit_code=r.get("credit_code", DEFAULT_CODE), name=r.get("name", "示例企业"),
                    year=r.get("year", 2024), code=str(r["code"]), project=r.get("project", "项目甲"),
                    product=r.get("product", ""), voucher=r.get("voucher", ""),
                    installment=r.get("installment"), amount=Decimal(str(r["amount"])),
                    doc_no=r.get("doc_no", ""))
        for r in case.get("ledger", ())
    ]
    usage = Usage.from_awards(rules, awards)
    for v in case.get("stored_vouchers", ()):
        from workbench.core.domain.model import voucher_key
        usage.add_voucher(voucher_key(v), VoucherPlace("application", f"已导入申报 其他企业 {v}"))
    return settle_application(app, rules, usage)
