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
    from workbench.core.store.reviewers import add_reviewer

    add_reviewer(store, FIRST, "经办人")
    add_reviewer(store, SECOND, "复核人", actor=FIRST)
    add_reviewer(store, HEAD, "负责人", actor=FIRST)


TABLES = ("applications", "claims", "decisions", "stage_history", "audit_log", "ledger",
          "amendments", "budgets", "batches", "reviewers", "replacements")


def snapshot(store) -> dict:
    conn = store.db.conn
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def make_application(n: int, *, year: int = 2025, basis31: str = "1000000.00", with_art2: bool = False,
                     tag: str = ""):
    """An Application built in memory (no workbook), as the reader would give it."""
    import hashlib

    from workbench.core.domain.model import CLAIM_FIELDS, Applicant, Application, Claim

    cc = make_credit_code(n)
    cells = lambda row: {f: f"申报事项!{chr(65 + i)}{row}" for i, f in enumerate(CLAIM_FIELDS)}  # noqa: E731
    rows = [dict(row=2, line=1, code="3.1", raw_code="3.1", project=f"封测平台{n}",
                 basis=Decimal(basis31), voucher=f"HT-{n}-1{tag}"),
            dict(row=3, line=2, code="3.2", raw_code="3.2", project=f"封测线开放{n}",
                 basis=Decimal("500000.00"), voucher=f"HT-{n}-2{tag}")]
    if with_art2:
        rows.append(dict(row=4, line=3, code="2", raw_code="2", project=f"中试线{n}",
                         voucher=f"ZS-{n}{tag}", requested=Decimal("300000.00")))
    claims_ = [Claim(cells=cells(r["row"]), **r) for r in rows]
    applicant_ = Applicant(name=f"深圳光明传感{n}号有限公司", credit_code=cc, year=year, in_district=True)
    digest = hashlib.sha256(f"{n}|{year}|{basis31}|{tag}".encode()).hexdigest()
    return Application(applicant_, claims_, [], source=f"app{n}{tag}.xlsx", file_hash=digest)


def bulk_import(store, batch: str, numbers, actor: str = FIRST, **kw) -> list[int]:
    """Store in-memory applications through the batch path (one transaction each)."""
    from workbench.core.review import batches
    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.store.review_repo import batch_exists

    rules = default_ruleset()
    with store.transaction():
        if not batch_exists(store, batch):
            batches._create(store, batch, actor, "")
    ids = []
    for n in numbers:
        app = make_application(n, **kw)
        with store.transaction():
            item = batches._store_one(store, app, rules, batch, actor, replace=False,
                                      reason="", path=Path(app.source))
        ids.append(item.application_id)
    return ids


def bulk_to_second(store, ids) -> None:
    from workbench.core.review import decisions as review

    review.complete_first_review(store, FIRST, ids)
    review.confirm_second_review(store, SECOND, ids)
