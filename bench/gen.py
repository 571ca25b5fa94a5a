"""Data for the core benchmarks: enterprises, applications and ledger awards, deterministic.

One enterprise space is shared by the ledger and the applications, so that caps, once-only
rules and voucher duplicates bite as they would on real data: an applicant has past awards on
some of the projects it claims again, a few claims reuse a voucher already in the ledger or in
an earlier application, and a few standard numbers were already rewarded to someone else.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

from workbench.core.domain.credit_code import check_digit
from workbench.core.domain.model import LedgerAward, fold, voucher_key
from workbench.core.review.ledger import row_key
from workbench.core.rules.ruleset import default_ruleset

__all__ = ["YEAR", "CODES", "credit_code", "enterprise_name", "application", "ledger_award",
           "ledger_awards", "ledger_row", "applicant_enterprise"]

YEAR = 2025
D = Decimal

# Claim codes with a weight (how often enterprises claim them) and a project topic.
CODES = [
    ("3.1", 6, "先进封测服务平台"), ("3.2", 5, "封测线对外开放"), ("4.1", 3, "技术协同平台"),
    ("4.2", 4, "使用技术协同平台服务"), ("5", 2, "IDM项目"), ("6.1", 8, "首轮流片"),
    ("6.2", 6, "中试平台流片"), ("7", 3, "关键核心技术攻关"), ("8", 2, "并购重组"),
    ("9", 3, "先进封装量产线"), ("10", 8, "园区厂房租赁"), ("11.1", 3, "新型传感器产业化"),
    ("11.2", 5, "新型传感器采购"), ("12.1", 5, "芯片销售"), ("12.2", 4, "目录产品采购"),
    ("13", 3, "传感器标准"), ("14", 3, "产业峰会"), ("2", 1, "MEMS中试线"),
]
_CODE_NAMES = [c for c, _, _ in CODES]
_WEIGHTS = [w for _, w, _ in CODES]
_TOPIC = {c: t for c, _, t in CODES}
_LEVELS = ("国际", "国家", "行业", "团体")
_PRODUCTS = ("九轴惯性模组", "MEMS麦克风", "气体传感器", "压力传感芯片", "红外热电堆", "激光雷达模组")
_PLACES = ("凤凰街道", "玉塘街道", "马田街道", "公明街道", "新湖街道", "光明街道")
_WORDS = ("智感", "微纳", "芯测", "光感", "华敏", "精测", "睿芯", "微感", "联测", "星传")


def credit_code(n: int) -> str:
    """A valid GB 32100 code for enterprise n (check digit computed)."""
    first17 = f"91440300MA{n:07d}"
    return first17 + check_digit(first17)


def enterprise_name(n: int) -> str:
    return f"深圳市光明{_WORDS[n % 10]}{_WORDS[(n // 10) % 10]}传感科技有限公司（{n:05d}）"


def applicant_enterprise(i: int, n_enterprises: int) -> int:
    """The enterprise of application i: spread over the ledger's enterprises, a few apply twice."""
    return (i * 7919) % n_enterprises


def _project(code: str, ent: int, j: int) -> str:
    return f"{_TOPIC[code]}{ent:05d}-{j}"


# ---- the ledger ----------------------------------------------------------------------------

def ledger_award(r: int, n_enterprises: int) -> LedgerAward:
    """Ledger row r: enterprise r % n, its k-th award (voucher LV{ent}-{k})."""
    ent, k = r % n_enterprises, r // n_enterprises
    rng = random.Random(r * 2654435761 % 2**32)
    code = rng.choices(_CODE_NAMES, _WEIGHTS)[0]
    year = 2021 + rng.randrange(4)
    project = _project(code, ent, rng.randrange(3))
    product = rng.choice(_PRODUCTS) if code == "11.2" else ""
    voucher = f"T/GMSIA {ent:05d}-{k}" if code == "13" else f"LV{ent:05d}-{k:02d}"
    installment = 1 + rng.randrange(2) if code == "4.1" else None
    if code == "13":
        amount = D(("1000000", "500000", "200000", "100000")[rng.randrange(4)])
    else:
        amount = D(rng.randrange(5_000_000, 300_000_000)) / 100
    return LedgerAward(credit_code=credit_code(ent), name=enterprise_name(ent), year=year, code=code,
                       project=project, product=product, voucher=voucher, installment=installment,
                       amount=amount, doc_no=f"深光工信〔{year}〕{rng.randrange(1, 60)}号")


def ledger_awards(n_rows: int, n_enterprises: int) -> Iterator[LedgerAward]:
    for r in range(n_rows):
        yield ledger_award(r, n_enterprises)


def ledger_row(a: LedgerAward, source: str, row: int, imported_at: str | None = None) -> dict:
    """The row Store.add_ledger_rows takes, as ledger.read_ledger would build it."""
    from workbench.core.domain.money import to_cents

    cents = to_cents(a.amount)
    return {
        "credit_code": a.credit_code, "name": a.name, "year": a.year, "code": a.code,
        "project": a.project, "project_key": fold(a.project),
        "product": a.product, "product_key": fold(a.product),
        "voucher": a.voucher, "voucher_key": voucher_key(a.voucher),
        "installment": a.installment, "amount_cents": cents, "doc_no": a.doc_no,
        "source": source, "source_row": row,
        "row_key": row_key(a.credit_code, a.name, a.year, a.code, a.project, a.product, a.voucher,
                           a.installment, cents, a.doc_no),
        "imported_at": imported_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }


# ---- applications --------------------------------------------------------------------------

_LABELS: dict[str, str] = {}


def _label(code: str) -> str:
    if not _LABELS:
        rules = default_ruleset()
        _LABELS.update({c: f"{c} {r.name}" for c, r in rules.rules.items()})
    return _LABELS[code]


def _amount(rng: random.Random, low: int, high: int):
    """An amount cell: mostly a number, sometimes text as clerks type it."""
    value = D(rng.randrange(low * 100, high * 100)) / 100
    roll = rng.random()
    if roll < 0.08:
        return f"{value:,.2f}"
    if roll < 0.12:
        return f"{value:.2f}元"
    return value


def application(i: int, n_enterprises: int, n_claims: int = 10, ledger_rows: int = 0) -> tuple[dict, list[dict]]:
    """(applicant, claims) of application i, in write_application's keys."""
    rng = random.Random(1_000_003 * i + 17)
    ent = applicant_enterprise(i, n_enterprises)
    per_ent = max(ledger_rows // n_enterprises, 0)
    applicant = {
        "name": enterprise_name(ent), "credit_code": credit_code(ent), "year": YEAR,
        "in_district": rng.random() > 0.03,
        "address": f"深圳市光明区{rng.choice(_PLACES)}{rng.randrange(1, 300)}号",
        "contact": "张工", "phone": f"0755-{rng.randrange(2000_0000, 2999_9999)}",
        "applied_on": date(YEAR, 1 + rng.randrange(6), 1 + rng.randrange(28)),
    }
    if rng.random() < 0.3:
        applicant["fiscal_contribution"] = D(rng.randrange(2_000_000, 40_000_000))
    claims = []
    for k in range(n_claims):
        code = rng.choices(_CODE_NAMES, _WEIGHTS)[0]
        claim: dict = {"line": k + 1, "code": _label(code) if rng.random() < 0.6 else code,
                       "project": _project(code, ent, rng.randrange(3)),
                       "voucher": f"HT-{YEAR}-{i:05d}-{k:02d}"}
        roll = rng.random()
        if per_ent and roll < 0.03:
            claim["voucher"] = f"LV{ent:05d}-{rng.randrange(per_ent):02d}"    # already in the ledger
        elif i and roll < 0.05:
            claim["voucher"] = f"HT-{YEAR}-{rng.randrange(i):05d}-{rng.randrange(n_claims):02d}"  # earlier file
        if code == "10":
            area, months, rent = D(rng.randrange(100, 5000)), 1 + rng.randrange(12), D(rng.randrange(1500, 4500)) / 100
            claim.update(area=area, months=months, rent=rent, basis=area * months * rent)
        elif code == "13":
            claim.update(level=rng.choice(_LEVELS), basis=D(0),
                         voucher=(f"T/GMSIA {ent:05d}-{rng.randrange(max(per_ent, 1))}" if per_ent and roll < 0.2
                                  else f"T/GMSIA {YEAR}-{i:05d}-{k}"))
        elif code == "4.1":
            claim.update(installment=2 + rng.randrange(2), requested=_amount(rng, 500_000, 4_000_000))
        elif code == "2":
            claim["requested"] = _amount(rng, 1_000_000, 20_000_000)
        else:
            claim["basis"] = _amount(rng, 200_000, 30_000_000)
            if code in ("12.1", "12.2"):
                claim["previous"] = _amount(rng, 1_000_000, 20_000_000)
            if code == "11.2":
                claim["product"] = rng.choice(_PRODUCTS)
        if "requested" not in claim and rng.random() < 0.6:
            claim["requested"] = _amount(rng, 50_000, 3_000_000)
        if rng.random() < 0.15:
            claim["remark"] = "已提供合同及发票复印件"
        claims.append(claim)
    return applicant, claims
