"""Settle figures against a 1,000,000-row ledger: usage aggregation and claims per second.

    .venv/bin/python bench/bench_settle.py [--ledger-rows 1000000] [--enterprises 20000]
                                           [--apps 10000] [--repeat 3]

The store is generated once under bench/out/settle-<rows>/ (ledger rows inserted with
Store.add_ledger_rows, as ledger.import_ledger stores them, without going through a workbook)
and reused. 10,000 applications of 10 claims (100,000 claims) are built in memory from the
same generator as bench_import (their enterprises have past awards in the ledger, some vouchers
are already there). Then:

1. usage: store.usage_for(app) for every application (indexed queries: the applicant's
   ledger rows from one range of a covering index, summed per cap key in integer cents; the
   ledger is aggregated once per application, never per claim): total, per-application
   median and p95;
2. settle: settle.settle_application for all 100,000 claims in memory with those usages,
   repeated; claims per second (median) against the goal of 100,000/s;
3. the query plans of the usage queries, to show they use the indexes.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402

from workbench.core.domain.model import Applicant, Application, Claim  # noqa: E402
from workbench.core.domain.money import parse_amount  # noqa: E402
from workbench.core.intake.submission import CLAIM_HEADERS  # noqa: E402
from workbench.core.intake.xlsx_reader import col_letter  # noqa: E402
from workbench.core.rules.ruleset import default_ruleset  # noqa: E402
from workbench.core.rules.settle import settle_application  # noqa: E402
from workbench.core.store.database import Store  # noqa: E402

OUT = ROOT / "bench" / "out"
CHUNK = 100_000
_AMOUNTS = ("basis", "previous", "area", "rent", "requested")
_COLUMNS = {f: col_letter(i) for i, f in enumerate(CLAIM_HEADERS.values(), start=1)}


def make_store(rows: int, n_ent: int) -> Path:
    path = OUT / f"settle-{rows}-{n_ent}" / "ledger.sqlite"
    if path.exists():
        # A store an older workbench built is brought up to this one's schema (Store.open
        # applies the pending migrations, e.g. m006's index, once: about a minute).
        with Store.open(path):
            pass
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    with Store.open(tmp) as store:
        for start in range(0, rows, CHUNK):
            batch = [gen.ledger_row(gen.ledger_award(r, n_ent), "资助台账.xlsx", r + 2)
                     for r in range(start, min(start + CHUNK, rows))]
            store.add_ledger_rows(batch)
            print(f"  {start + len(batch):,} ledger rows", end="\r", flush=True)
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    print(f"generated a store with {rows:,} ledger rows over {n_ent:,} enterprises in "
          f"{time.perf_counter() - t:.1f} s → {path}")
    return path


def application(i: int, n_ent: int, ledger_rows: int) -> Application:
    """Application i as submission.read_application would give it (all template columns)."""
    info, claims = gen.application(i, n_ent, 10, ledger_rows)
    applicant = Applicant(name=info["name"], credit_code=info["credit_code"], year=info["year"],
                          in_district=info["in_district"], address=info["address"],
                          contact=info["contact"], phone=info["phone"], applied_on=info["applied_on"],
                          fiscal_contribution=info.get("fiscal_contribution"))
    out = []
    for k, c in enumerate(claims):
        row = k + 2
        code = str(c["code"]).split(" ", 1)[0]
        claim = Claim(row=row, line=c["line"], code=code, raw_code=str(c["code"]), project=c["project"],
                      voucher=c["voucher"], remark=c.get("remark", ""), level=c.get("level"),
                      product=c.get("product"), months=c.get("months"), installment=c.get("installment"),
                      cells={f: f"申报事项!{col}{row}" for f, col in _COLUMNS.items()})
        for name in _AMOUNTS:
            if c.get(name) is not None:
                setattr(claim, name, parse_amount(c[name]))
        out.append(claim)
    return Application(applicant=applicant, claims=out, source=f"申报表{i:05d}.xlsx", file_hash=f"settle-{i}")


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def query_plans(store: Store, app: Application, rules) -> list[tuple[str, list[str]]]:
    """The statements usage_for runs (traced), each with its EXPLAIN QUERY PLAN."""
    conn = store.db.conn
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        store.usage_for(app, rules)
    finally:
        conn.set_trace_callback(None)
    out = []
    for sql in seen:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        out.append((" ".join(sql.split())[:160], plan))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ledger-rows", type=int, default=1_000_000)
    ap.add_argument("--enterprises", type=int, default=20_000)
    ap.add_argument("--apps", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    path = make_store(args.ledger_rows, args.enterprises)
    rules = default_ruleset()
    t = time.perf_counter()
    apps = [application(i, args.enterprises, args.ledger_rows) for i in range(args.apps)]
    n_claims = sum(len(a.claims) for a in apps)
    print(f"built {args.apps:,} applications ({n_claims:,} claims) in memory in {time.perf_counter() - t:.1f} s")

    store = Store.open_readonly(path)
    print(f"store: {store.count('ledger'):,} ledger rows ({path.stat().st_size / 1e6:.0f} MB)")

    # 1. usage_for per application: the ledger aggregated once per application.
    usage_runs, per_app_runs, groups = [], [], 0
    usages = []
    for _rep in range(args.repeat):
        gc.collect()
        per_app = []
        usages = []
        pc = time.perf_counter
        start, cpu = pc(), time.process_time()
        for app in apps:
            t0 = pc()
            usages.append(store.usage_for(app, rules))
            per_app.append(pc() - t0)
        usage_runs.append((pc() - start, time.process_time() - cpu))
        per_app_runs.append(per_app)
    groups = sum(len(u.totals) for u in usages)
    vouchers = sum(len(u.vouchers) for u in usages)

    # 2. settle every claim in memory, repeated.
    settle_runs = []
    statuses: dict[str, int] = {}
    for _rep in range(args.repeat + 2):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        results = [settle_application(app, rules, usage) for app, usage in zip(apps, usages, strict=False)]
        settle_runs.append((time.perf_counter() - start, time.process_time() - cpu))
    # The same with the cyclic garbage collector off: how much of the above is the collector
    # walking the live heap (10,000 applications and usages) while settle allocates findings.
    nogc_runs = []
    for _rep in range(args.repeat):
        del results
        gc.collect()
        gc.disable()
        try:
            start, cpu = time.perf_counter(), time.process_time()
            results = [settle_application(app, rules, usage) for app, usage in zip(apps, usages, strict=False)]
            nogc_runs.append((time.perf_counter() - start, time.process_time() - cpu))
        finally:
            gc.enable()
    for rs in results:
        for r in rs:
            statuses[r.status] = statuses.get(r.status, 0) + 1
    settled = sum(len(rs) for rs in results)
    assert settled == n_claims

    print()
    print(f"medians of {args.repeat} runs (settle: {len(settle_runs)} runs); "
          f"{args.ledger_rows:,}-row ledger, {args.apps:,} applications, {n_claims:,} claims")
    u_wall = statistics.median(w for w, _ in usage_runs)
    u_cpu = statistics.median(c for _, c in usage_runs)
    mid = statistics.median(range(len(per_app_runs)))
    per_app = sorted(per_app_runs, key=sum)[int(mid)]
    print(f"usage_for, all applications: {u_wall:.2f} s wall, {u_cpu:.2f} s CPU "
          f"(runs {', '.join(f'{w:.2f}' for w, _ in usage_runs)}); "
          f"{u_wall / args.apps * 1000:.3f} ms per application")
    print(f"usage_for per application: median {statistics.median(per_app) * 1000:.3f} ms, "
          f"p95 {_pct(per_app, 0.95) * 1000:.3f} ms, max {max(per_app) * 1000:.3f} ms "
          f"(holds {groups / args.apps:.1f} cap groups and {vouchers / args.apps:.2f} voucher places per application)")
    s_wall = statistics.median(w for w, _ in settle_runs)
    s_cpu = statistics.median(c for _, c in settle_runs)
    rate = n_claims / s_wall
    print(f"settle {n_claims:,} claims: {s_wall:.3f} s wall, {s_cpu:.3f} s CPU "
          f"(runs {', '.join(f'{w:.3f}' for w, _ in settle_runs)})")
    print(f"settle throughput: {rate:,.0f} claims/s (CPU: {n_claims / s_cpu:,.0f}/s)   goal ≥ 100,000/s   "
          f"{'PASS' if rate >= 100_000 else 'FAIL'}")
    g_wall = statistics.median(w for w, _ in nogc_runs)
    print(f"  same with the cyclic GC off: {g_wall:.3f} s → {n_claims / g_wall:,.0f} claims/s "
          f"(GC share {1 - g_wall / s_wall:.0%})")
    both = u_wall + s_wall
    print(f"usage_for + settle: {both:.2f} s → {n_claims / both:,.0f} claims/s end to end from the store")
    print(f"outcomes: {statuses}")
    print()
    print("query plans of usage_for (one application):")
    for sql, plan in query_plans(store, apps[1], rules):
        print(f"  {sql}{'…' if len(sql) >= 160 else ''}")
        for step in plan:
            print(f"      {step}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
