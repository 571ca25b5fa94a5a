"""Demo data: a ledger of past awards and a handful of application workbooks that between them
show every outcome a reviewer meets (通过, 核减, 不予支持, 人工审核, a refused file), imported
into a store so the window and the command line have something real to show.

Running it again is harmless: files already in the folder are kept as they are, so the store
recognises them (same content, same hash) and stores nothing twice; the ledger's rows are
skipped as already imported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from workbench.core.domain.credit_code import ALPHABET, check_digit
from workbench.core.domain.model import LedgerAward
from workbench.core.intake.template import write_application
from workbench.core.review import awards, batches
from workbench.core.review.batches import ImportReport
from workbench.core.review.ledger import LedgerReport, write_ledger
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store.database import Store
from workbench.core.store.reviewers import add_reviewer, list_reviewers

__all__ = ["DemoReport", "build_demo", "demo_code", "LEDGER_FILE", "YEAR", "BATCH", "REVIEWERS"]

YEAR = 2025
LEDGER_FILE = "资助台账（演示）.xlsx"
BATCH = f"{YEAR}年第一批（演示）"
# Two people, so the two-person review can be tried at once.
REVIEWERS = (("张经办", "经办人"), ("李复核", "复核人"), ("王负责", "负责人"))
D = Decimal


def demo_code(n: int, *, valid: bool = True) -> str:
    """A credit code of the right shape; `valid=False` gives a wrong GB 32100 check digit."""
    base = f"91440300MA5G{n:05d}"
    digit = check_digit(base)
    if not valid:
        digit = ALPHABET[(ALPHABET.index(digit) + 1) % len(ALPHABET)]
    return base + digit


# The enterprises of the demo.
WEIGAN = ("深圳市光明微感科技有限公司", demo_code(101))
HONGQIAO = ("深圳市虹桥传感器件有限公司", demo_code(102))
BIAOZHUN = ("深圳市光明标准传感研究院有限公司", demo_code(103))
QITA = ("深圳市凤凰传感技术有限公司", demo_code(104))
CHONGFU = ("深圳市玉塘智能传感有限公司", demo_code(105))
QUWAI = ("东莞市松山湖传感科技有限公司", demo_code(106))
JIAOYAN = ("深圳市马田早期登记传感有限公司", demo_code(107, valid=False))


def _award(ent, year, code, project, amount, voucher, doc, *, product="", installment=None) -> LedgerAward:
    return LedgerAward(credit_code=ent[1], name=ent[0], year=year, code=code, project=project,
                       product=product, voucher=voucher, installment=installment, amount=D(amount),
                       doc_no=doc)


def ledger_awards() -> list[LedgerAward]:
    """Past awards chosen so that caps, once-only rules and the standard number bite."""
    return [
        # 微感: 8,000,000 of the 10,000,000 project cap of 3.1 already granted over two years.
        _award(WEIGAN, 2023, "3.1", "MEMS先进封测服务平台", "5000000", "GM-HT-2023-011", "深光工信〔2023〕21号"),
        _award(WEIGAN, 2024, "3.1", "MEMS先进封测服务平台", "3000000", "GM-HT-2024-003", "深光工信〔2024〕8号"),
        # 微感: 4.2 is once per enterprise, and it was paid in 2024.
        _award(WEIGAN, 2024, "4.2", "使用技术协同平台服务", "150000", "GM-FW-2024-017", "深光工信〔2024〕8号"),
        # 虹桥: the 10,000,000 enterprise cap of article （九） is used up.
        _award(HONGQIAO, 2023, "9", "TSV先进封装量产线一期", "6000000", "GM-GZ-2023-002", "深光工信〔2023〕21号"),
        _award(HONGQIAO, 2024, "9", "TSV先进封装量产线二期", "4000000", "GM-GZ-2024-009", "深光工信〔2024〕8号"),
        # A reversing entry: a 2024 rent award corrected downwards.
        _award(HONGQIAO, 2024, "10", "园区厂房租赁", "240000", "GM-ZL-2024-005", "深光工信〔2024〕8号"),
        _award(HONGQIAO, 2024, "10", "园区厂房租赁", "-40000", "GM-ZL-2024-005-C", "深光工信〔2024〕30号"),
        # Another enterprise was already rewarded for standard GB/T 41234-2024.
        _award(QITA, 2024, "13", "MEMS压力传感器国家标准", "500000", "GB/T 41234-2024", "深光工信〔2024〕12号"),
    ]


def _info(ent, *, in_district=True, contribution=None, year=YEAR) -> dict:
    info = {"name": ent[0], "credit_code": ent[1], "year": year, "in_district": in_district,
            "address": "深圳市光明区凤凰街道" if in_district else "东莞市松山湖高新区",
            "contact": "张工", "phone": "0755-2100 0000"}
    if contribution is not None:
        info["fiscal_contribution"] = D(contribution)
    return info


def applications() -> list[tuple[str, dict, list[dict]]]:
    """(file name, applicant, claims) of each demo application."""
    return [
        ("01-光明微感-核减与一次性.xlsx", _info(WEIGAN, contribution="30000000"), [
            {"line": 1, "code": "3.1", "project": "MEMS先进封测服务平台", "basis": D("12345678.00"),
             "voucher": "GM-HT-2025-001", "remark": "项目累计上限只剩 200 万元 → 核减"},
            {"line": 2, "code": "6.2", "project": "首次流片（光明中试平台）", "basis": D("1000000.00"),
             "voucher": "GM-LP-2025-004", "requested": D("600000.00"), "remark": "→ 通过"},
            {"line": 3, "code": "4.2", "project": "使用技术协同平台服务", "basis": D("100000.00"),
             "voucher": "GM-FW-2025-002", "remark": "一次性补贴 2024 年已发放 → 不予支持"},
            {"line": 4, "code": "10", "project": "园区厂房租赁", "area": D("500"), "months": 12,
             "rent": D("25.00"), "voucher": "GM-ZL-2025-007", "remark": "单价超过 20 元按 20 元计 → 通过"},
        ]),
        ("02-虹桥器件-上限与门槛.xlsx", _info(HONGQIAO), [
            {"line": 1, "code": "9", "project": "TSV先进封装量产线三期", "basis": D("50000000.00"),
             "voucher": "GM-GZ-2025-001", "remark": "企业累计 1000 万元已用完 → 不予支持"},
            {"line": 2, "code": "12.1", "project": "自研MEMS芯片销售", "basis": D("4800000.00"),
             "previous": D("3000000.00"), "voucher": "GM-XS-2025-003", "remark": "未超过 500 万元门槛 → 不予支持"},
            {"line": 3, "code": "12.2", "project": "采购目录内传感器", "basis": D("8000000.00"),
             "previous": D("6000000.00"), "voucher": "GM-CG-2025-008", "remark": "增量 200 万元 × 20% → 通过"},
        ]),
        ("03-标准研究院-标准与一事一议.xlsx", _info(BIAOZHUN), [
            {"line": 1, "code": "13", "project": "MEMS压力传感器国家标准", "level": "国家",
             "voucher": "GB/T 41234-2024", "remark": "该标准号已奖励过（他家企业）→ 不予支持"},
            {"line": 2, "code": "13", "project": "智能传感器接口团体标准", "level": "团体",
             "voucher": "T/GMSIA 002-2025", "remark": "→ 通过"},
            {"line": 3, "code": "2", "project": "MEMS中试线建设运营", "voucher": "GM-ZS-2025-001",
             "requested": D("3000000.00"), "remark": "一事一议 → 人工审核"},
        ]),
        ("04-玉塘智能-重复凭证与填写错误.xlsx", _info(CHONGFU), [
            {"line": 1, "code": "14", "project": "2025光明智能传感器产业峰会", "basis": D("1000000.00"),
             "voucher": "GM-HT-2025-001", "remark": "凭证号与 01 号申报相同 → 人工审核"},
            {"line": 2, "code": "3.2", "project": "封测线对外开放服务", "basis": D("3000000.00"),
             "voucher": "GM-FW-2025-010", "remark": "→ 通过"},
            {"line": 3, "code": "10", "project": "园区办公用房租赁", "area": D("200"), "months": 13,
             "rent": D("18.00"), "voucher": "GM-ZL-2025-011", "remark": "月数超过 12 → 填写有误"},
        ]),
        ("05-松山湖传感-区外企业.xlsx", _info(QUWAI, in_district=False), [
            {"line": 1, "code": "6.1", "project": "首轮流片", "basis": D("2000000.00"),
             "voucher": "DG-LP-2025-001", "remark": "未注册在光明区 → 人工审核"},
        ]),
        ("06-马田传感-信用代码校验位不符.xlsx", _info(JIAOYAN), [
            {"line": 1, "code": "3.2", "project": "封测线对外开放服务", "basis": D("5000000.00"),
             "voucher": "GM-FW-2025-021", "remark": "统一社会信用代码校验位不符 → 人工审核"},
        ]),
        ("07-被拒收-信用代码位数不对.xlsx",
         {**_info(("深圳市填错传感有限公司", "9144030012345")), "credit_code": "9144030012345"}, [
            {"line": 1, "code": "6.1", "project": "首轮流片", "basis": D("1000000.00"),
             "voucher": "GM-LP-2025-099"},
        ]),
    ]


@dataclass
class DemoReport:
    folder: Path
    ledger: LedgerReport
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    imports: ImportReport | None = None


def build_demo(folder: str | Path, store: Store, rules: RuleSet | None = None) -> DemoReport:
    """Write the demo files into `folder` (keeping any already there) and import them."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rules = rules or default_ruleset()
    written: list[Path] = []
    kept: list[Path] = []

    ledger_path = folder / LEDGER_FILE
    if ledger_path.exists():
        kept.append(ledger_path)
    else:
        written.append(write_ledger(ledger_path, ledger_awards()))
    paths = []
    for name, applicant, claims in applications():
        path = folder / name
        if path.exists():
            kept.append(path)
        else:
            written.append(write_application(path, applicant, claims, ruleset=rules))
        paths.append(path)

    actor = _reviewers(store)
    ledger, _ = awards.import_ledger(store, ledger_path, actor, rules=rules)
    imports = batches.import_files(store, BATCH, paths, actor, rules=rules)
    return DemoReport(folder, ledger, written, kept, imports)


def _reviewers(store: Store) -> str:
    """The demo's reviewer profiles (added once); the imports are the 经办人's."""
    known = {r.name for r in list_reviewers(store)}
    first = REVIEWERS[0][0]
    for name, role in REVIEWERS:
        if name not in known:
            add_reviewer(store, name, role, actor=None if not known and name == first else first)
            known.add(name)
    return first
