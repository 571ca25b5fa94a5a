"""Helpers for the review-workflow tests: application files, reviewers, table snapshots."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.conftest import make_credit_code
from tests.core.workbooks import APPLICANT, application_bytes

FIRST, SECOND, HEAD = "张三", "李四", "王五"


def applicant(n: int, **over) -> dict:
    a = dict(APPLICANT)
    a["企业名称"] = f"深圳光明传感{n}号有限公司"
    a["统一社会信用代码"] = make_credit_code(n)
    a.pop("上年度区级地方财力贡献（元）", None)
    a.update(over)
    return a


def claims(n: int, *, basis31="1000000.00", with_art2=True, extra=(), vtag="") -> list[dict]:
    out = [
        {"line": 1, "code": "3.1", "project": f"封测平台{n}", "basis": Decimal(basis31),
         "voucher": f"HT-{n}-1{vtag}"},
        {"line": 2, "code": "3.2", "project": f"封测线开放{n}", "basis": Decimal("500000.00"),
         "voucher": f"HT-{n}-2{vtag}"},
    ]
    if with_art2:
        out.append({"line": 3, "code": "2", "project": f"中试线{n}", "voucher": f"ZS-{n}{vtag}",
                    "requested": Decimal("300000.00")})
    out.extend(extra)
    return out


def write_app(folder: Path, n: int, *, tag: str = "", **kw) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    over = kw.pop("applicant", {})
    path = folder / f"app{n}{tag}.xlsx"
    path.write_bytes(application_bytes(applicant(n, **over), claims(n, **kw)))
    return path


def add_reviewers(store) -> None:
    from workbench.core.reviewers import add_reviewer

    add_reviewer(store, FIRST, "经办人")
    add_reviewer(store, SECOND, "复核人", actor=FIRST)
    add_reviewer(store, HEAD, "负责人", actor=FIRST)


TABLES = ("applications", "claims", "decisions", "stage_history", "audit_log", "ledger",
          "amendments", "budgets", "batches", "reviewers", "replacements")


def snapshot(store) -> dict:
    conn = store.db.conn
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
