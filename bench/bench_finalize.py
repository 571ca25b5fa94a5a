"""Benchmark: finalize a batch of 1,000 applications into a 1,000,000-row ledger, recompute the
open applications, and verify the store. Prints the figures (median of --repeat runs).

    .venv/bin/python bench/bench_finalize.py [--ledger-rows 1000000] [--apps 1000] [--repeat 3]

The base store is built once (ledger rows hashed and vouched for by audit entries, as
`ledger import` writes them; the applications stored through the batch path and taken through
first and second review); every run finalizes a fresh copy of it. The open applications
belong to the same enterprises, so the finalize's recompute has real work: each of them sees
its enterprise's new awards.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.domain.credit_code import check_digit  # noqa: E402
from workbench.core.domain.model import (
    CLAIM_FIELDS,
    Applicant,
    Application,
    Claim,
    fold,
    voucher_key,
)  # noqa: E402
from workbench.core.review import awards, batches  # noqa: E402
from workbench.core.review import decisions as review
from workbench.core.rules.ruleset import default_ruleset  # noqa: E402
from workbench.core.store import audit
from workbench.core.store.database import Store  # noqa: E402
from workbench.core.store.reviewers import add_reviewer  # noqa: E402
from workbench.core.store.txn import write  # noqa: E402

CODES = ("3.1", "3.2", "6.1", "9", "10", "14")
CHUNK = 100_000


def credit_code(n: int) -> str:
    base = f"91440300{n:09d}"
    return base + check_digit(base)


def ledger_rows(total: int, enterprises: int):
    for i in range(total):
        e = 1 + i % enterprises
        code = CODES[i % len(CODES)]
        project = f"历史项目{i % 7}"
        voucher = f"L-{i:08d}"
        cents = 1_000_00 + (i % 997) * 100
        yield {
            "credit_code": credit_code(e), "name": f"深圳光明传感{e}号有限公司",
            "year": 2019 + i % 6, "code": code, "project": project, "project_key": fold(project),
            "product": "", "product_key": "", "voucher": voucher, "voucher_key": voucher_key(voucher),
            "installment": None, "amount_cents": cents, "doc_no": f"深光工信〔{2019 + i % 6}〕{i % 50}号",
            "source": "bench.xlsx", "source_row": i + 2,
            "row_key": hashlib.sha256(f"bench|{i}".encode()).hexdigest(),
            "imported_at": "2025-01-01T00:00:00+00:00", "entry": "import",
        }


def make_app(n: int, tag: str, basis: str) -> Application:
    cells = lambda row: {f: f"申报事项!{chr(65 + i)}{row}" for i, f in enumerate(CLAIM_FIELDS)}  # noqa: E731
    rows = [dict(row=2, line=1, code="3.1", raw_code="3.1", project=f"封测平台{n}{tag}",
                 basis=Decimal(basis), voucher=f"HT-{n}-1{tag}"),
            dict(row=3, line=2, code="3.2", raw_code="3.2", project=f"封测线开放{n}",
                 basis=Decimal("500000.00"), voucher=f"HT-{n}-2{tag}"),
            dict(row=4, line=3, code="6.1", raw_code="6.1", project=f"首轮流片{n}{tag}",
                 basis=Decimal("2500000.00"), voucher=f"FP-{n}-3{tag}")]
    a = Applicant(name=f"深圳光明传感{n}号有限公司", credit_code=credit_code(n), year=2025,
                  in_district=True)
    return Application(a, [Claim(cells=cells(r["row"]), **r) for r in rows], [],
                       source=f"app{n}{tag}.xlsx",
                       file_hash=hashlib.sha256(f"{n}|{tag}".encode()).hexdigest())


def build(path: Path, n_ledger: int, n_apps: int) -> dict:
    figures = {}
    rules = default_ruleset()
    s = Store.open(path)
    add_reviewer(s, "张三", "经办人")
    add_reviewer(s, "李四", "复核人", actor="张三")
    add_reviewer(s, "王五", "负责人", actor="张三")
    t = time.perf_counter()
    enterprises = max(n_ledger // 10, n_apps)
    chunk: list[dict] = []
    conn = s.db.conn

    def flush():
        with write(conn):
            seq = audit.last_entry(conn)[0] + 1
            ledger = awards._insert_rows(conn, chunk, seq)
            audit.record(conn, "张三", "ledger_import", "ledger:bench.xlsx",
                         {"source": "bench.xlsx", "rows": len(chunk), "ledger": ledger})
        chunk.clear()

    for row in ledger_rows(n_ledger, enterprises):
        chunk.append(row)
        if len(chunk) == CHUNK:
            flush()
    if chunk:
        flush()
    figures["build ledger (hashing + insert)"] = time.perf_counter() - t
    t = time.perf_counter()
    with write(conn):
        batches._create(conn, "F", "张三", "")
        batches._create(conn, "O", "张三", "")
    for batch, tag, basis in (("F", "", "1000000.00"), ("O", "-o", "30000000.00")):
        for n in range(1, n_apps + 1):
            app = make_app(n, tag if batch == "O" else "", basis)
            if batch == "O":
                app.claims[0].project = f"封测平台{n}"       # the same project: its cap is shared
            with s.transaction():
                batches._store_one(s, app, rules, batch, "张三", replace=False, reason="",
                                   path=Path(app.source))
    figures[f"import {2 * n_apps} applications"] = time.perf_counter() - t
    ids = [a.id for a in review.applications(s, batch="F")]
    t = time.perf_counter()
    review.complete_first_review(s, "张三", ids)
    review.confirm_second_review(s, "李四", ids)
    figures[f"first + second review of {n_apps}"] = time.perf_counter() - t
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return figures


def one_run(base: Path, work: Path) -> dict:
    shutil.copyfile(base, work)
    s = Store.open(work)
    out = {}
    t = time.perf_counter()
    r = awards.finalize(s, "王五", "深光工信〔2025〕100号", batch="F")
    out["finalize incl. recompute (one transaction)"] = time.perf_counter() - t
    out["_rows"] = r.ledger_rows
    out["_changed"] = len(r.recompute.changed)
    out["_checked"] = r.recompute.checked
    from workbench.core.review.recompute import recompute
    from workbench.core.store import review_repo

    t = time.perf_counter()
    with s.transaction():
        ids = review_repo.open_app_ids(s)
        recompute(s, "王五", ids, cause="bench")
    out[f"recompute all {len(ids)} open applications again"] = time.perf_counter() - t
    t = time.perf_counter()
    v = audit.verify_store(s)
    out["verify-store (integrity + chain + every ledger row)"] = time.perf_counter() - t
    assert v.ok, v.problems[:3]
    out["_ledger"] = v.ledger_rows
    s.close()
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--ledger-rows", type=int, default=1_000_000)
    p.add_argument("--apps", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dir", type=Path, default=None)
    a = p.parse_args()
    tmp = Path(a.dir or tempfile.mkdtemp(prefix="bench-finalize-"))
    tmp.mkdir(parents=True, exist_ok=True)
    base = tmp / "base.sqlite"
    for f in tmp.glob("*.sqlite*"):
        f.unlink()
    print(f"building: {a.ledger_rows:,} ledger rows, {a.apps} applications to finalize, "
          f"{a.apps} open applications of the same enterprises …", flush=True)
    for k, v in build(base, a.ledger_rows, a.apps).items():
        print(f"  {k:<45} {v:8.2f} s")
    runs = []
    for i in range(a.repeat):
        runs.append(one_run(base, tmp / f"run{i}.sqlite"))
        (tmp / f"run{i}.sqlite").unlink()
    r0 = runs[0]
    print(f"finalize: {a.apps} applications → {r0['_rows']:,} ledger rows; recompute checked "
          f"{r0['_checked']} open applications, {r0['_changed']} claims changed; ledger now "
          f"{r0['_ledger']:,} rows")
    print(f"median of {a.repeat} runs:")
    for k in r0:
        if not k.startswith("_"):
            vals = [r[k] for r in runs]
            print(f"  {k:<55} {statistics.median(vals):8.2f} s   (min {min(vals):.2f}, max {max(vals):.2f})")
    shutil.rmtree(tmp, ignore_errors=True) if a.dir is None else None
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
