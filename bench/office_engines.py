"""Office mode against the SQLite store, in one run: the same work on both engines, medians and
PostgreSQL / SQLite ratios (goal ≤ 2×, server on a local socket).

    .venv/bin/python bench/office_engines.py --pg postgresql://user@/db?host=/socket/dir
        [--files 1000] [--ledger-rows 1000000] [--enterprises 20000] [--apps 1000]
        [--claims 100000] [--import-ledger-rows 100000] [--repeat 3]
        [--only import,ledger,settle,window]

A quick run: `--files 100 --ledger-rows 100000 --apps 300 --claims 20000 --import-ledger-rows
20000` (a minute or two once the data is made). The address may also come from
WORKBENCH_BENCH_PG or WORKBENCH_TEST_PG. The bench creates databases of its own on that server
(`bench_…`, kept between runs as the SQLite stores are kept under bench/out/; a run of the same
sizes reuses them) and needs the right to create databases.

What is measured, alternately on the two engines, `--repeat` times each:

- **import**: `batches.import_files` of N application workbooks (bench_import's generator, 10
  claims each) into a batch of a fresh copy of a store holding a ledger of
  `--import-ledger-rows` rows and one reviewer, as the command line and the window import
  (reader worker processes, usage_for, settle, grouped transactions, an audit entry each). A
  fresh copy: the SQLite file copied, the PostgreSQL database made from a template database.
- **ledger**: the storing half of `ledger import` (awards.import_ledger with the workbook's rows
  already read: taken row keys, row hashes, insert, coverage, the audit entry) of
  `--import-ledger-rows` rows into a fresh store.
- **settle**: store.usage_for + settle_application for `--apps` applications (bench_settle's
  generator) against a `--ledger-rows`-row ledger over `--enterprises` enterprises, the store
  opened read-only. The PostgreSQL ledger is a copy of bench_settle's SQLite store
  (engine_copy.copy_into_new).
- **window**: the window's first screen on a store of `--claims` claims in one batch
  (bench_ui's generator and store; copied to the server): open the store, the batch names, the
  application list (a long list: ids by name, then the first 50 rows with their totals), the
  first application's claims and the detail of its first claim, then the whole batch's claim
  window: total, count and first page in store order, and the first page by suggested amount
  (descending).

Wall time and this process's CPU time are printed for both engines; for PostgreSQL also the
server backend's CPU time (read from /proc: the server runs on this machine), so that one can
see whether the time goes to the client (translation, adapting, round trips) or the server.
"""
from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gen  # noqa: E402

from workbench.core.store.database import Store  # noqa: E402

OUT = ROOT / "bench" / "out"
BATCH = "2025年第一批"
ACTOR = "张三"
ENGINES = ("sqlite", "postgresql")


# ---- the server ----------------------------------------------------------------------------

def db_url(base: str, name: str) -> str:
    """`base` with its database replaced by `name`."""
    p = urlsplit(base)
    return urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))


def _admin(base: str):
    import psycopg

    return psycopg.connect(base, autocommit=True)


def db_exists(base: str, name: str) -> bool:
    with _admin(base) as c:
        return c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop_db(base: str, name: str) -> None:
    with _admin(base) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_db(base: str, name: str, template: str | None = None) -> str:
    with _admin(base) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return db_url(base, name)


def _ticks(pid: int) -> float:
    """CPU seconds (user + system) of process `pid` so far."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Wall, this process's CPU (with its ended children: the reader workers), and the
    server backend's CPU when the store is on PostgreSQL."""

    def __init__(self, store: Store | None = None, *, collect: bool = True):
        self.collect = collect
        self.pid = None
        if store is not None and store.url:
            self.pid = store.db.conn.raw.execute("SELECT pg_backend_pid()").fetchone()[0]

    def _now(self) -> tuple[float, float, float]:
        import resource

        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        server = _ticks(self.pid) if self.pid else 0.0
        return time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime, server

    def __enter__(self) -> Clock:
        if self.collect:
            gc.collect()
        self.start = self._now()
        return self

    def __exit__(self, *exc: Any) -> None:
        end = self._now()
        self.wall, self.cpu, self.server = (b - a for a, b in zip(self.start, end, strict=True))


class Series:
    """Runs of one measurement on both engines: {engine: [(wall, cpu, server), …]}."""

    def __init__(self, label: str, unit: str = "s", per: int = 0, per_label: str = ""):
        self.label, self.unit, self.per, self.per_label = label, unit, per, per_label
        self.runs: dict[str, list[tuple[float, float, float]]] = {e: [] for e in ENGINES}

    def add(self, engine: str, clock: Clock) -> None:
        self.runs[engine].append((clock.wall, clock.cpu, clock.server))

    def med(self, engine: str, k: int = 0) -> float:
        return statistics.median(r[k] for r in self.runs[engine]) if self.runs[engine] else float("nan")

    def ratio(self) -> float:
        return self.med("postgresql") / self.med("sqlite")


def _fmt_runs(xs: list[tuple[float, float, float]]) -> str:
    return " ".join(f"{w:.3f}" for w, _, _ in xs)


def report(series: list[Series], title: str) -> None:
    print()
    print(f"== {title}")
    print(f"{'measurement':52} {'SQLite wall/CPU s':>19} {'PG wall/CPU/server s':>24} {'PG/SQLite':>9}")
    for s in series:
        sq = f"{s.med('sqlite'):.3f} / {s.med('sqlite', 1):.3f}"
        pg = f"{s.med('postgresql'):.3f} / {s.med('postgresql', 1):.3f} / {s.med('postgresql', 2):.3f}"
        ratio = s.ratio()
        flag = "ok" if ratio <= 2 else "OVER 2×"
        print(f"{s.label:52} {sq:>19} {pg:>24} {ratio:8.2f}× {flag}")
        if s.per:
            print(f"{'':52} {s.med('sqlite') / s.per * 1000:16.3f} ms {s.med('postgresql') / s.per * 1000:21.3f} ms"
                  f"  per {s.per_label}")
        print(f"{'':52} runs (wall): SQLite {_fmt_runs(s.runs['sqlite'])}; PG {_fmt_runs(s.runs['postgresql'])}")


def interleaved(repeat: int, run: Callable[[str, int], None]) -> None:
    """run(engine, rep) for every repeat, the two engines alternating (the first engine
    alternates too, so that neither always meets the warmer caches)."""
    for rep in range(repeat):
        order = ENGINES if rep % 2 == 0 else ENGINES[::-1]
        for engine in order:
            run(engine, rep)


# ---- import of N workbooks -----------------------------------------------------------------

def _ledger_rows(n: int, n_ent: int) -> list[dict]:
    return [gen.ledger_row(gen.ledger_award(r, n_ent), "资助台账.xlsx", r + 2) for r in range(n)]


def _store_ledger(store: Store, rows: list[dict], dummy: Path) -> None:
    """The storing half of `ledger import`: awards.import_ledger with the rows already read."""
    from workbench.core.review import awards

    saved = awards.read_ledger
    awards.read_ledger = lambda path, rules, progress=None: ([dict(r) for r in rows], [])
    try:
        report, _ = awards.import_ledger(store, dummy, ACTOR, recompute_open=False)
    finally:
        awards.read_ledger = saved
    assert report.added == len(rows), (report.added, len(rows))


def _fresh(engine: str, pg: str, name: str) -> str:
    if engine == "sqlite":
        path = OUT / "office" / f"{name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)
    return create_db(pg, name)


def _with_reviewer(target: str) -> Store:
    from workbench.core.store.reviewers import add_reviewer

    store = Store.open(target)
    add_reviewer(store, ACTOR, "经办人")
    return store


def bench_ledger_and_import(args: argparse.Namespace, pg: str) -> list[Series]:
    import bench_import

    from workbench.core.review.batches import import_files
    from workbench.core.rules.ruleset import default_ruleset

    rules = default_ruleset()
    rows = _ledger_rows(args.import_ledger_rows, args.enterprises)
    dummy = OUT / "office" / "资助台账.xlsx"
    dummy.parent.mkdir(parents=True, exist_ok=True)
    dummy.write_bytes(b"ledger rows given by the bench")
    out: list[Series] = []
    base_name = f"bench_import_base_{args.import_ledger_rows}"
    bases: dict[str, str] = {}

    if "ledger" in args.only or "import" in args.only:
        ledger = Series(f"ledger import storing, {len(rows):,} rows", per=len(rows) // 1000,
                        per_label="1,000 rows")

        def run_ledger(engine: str, rep: int) -> None:
            target = _fresh(engine, pg, base_name)
            store = _with_reviewer(target)
            with Clock(store) as c:
                _store_ledger(store, rows, dummy)
            store.close()
            ledger.add(engine, c)
            bases[engine] = target
            print(f"  ledger {engine} run {rep + 1}: {c.wall:.2f} s", flush=True)

        interleaved(args.repeat if "ledger" in args.only else 1, run_ledger)
        if "ledger" in args.only:
            out.append(ledger)

    if "import" not in args.only:
        return out

    folder = OUT / f"import-{args.files}x10-{args.import_ledger_rows}-{args.enterprises}" / "apps"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"申报表{i:05d}.xlsx" for i in range(args.files)]
    missing = [i for i, p in enumerate(paths) if not p.exists()]
    if missing:
        import multiprocessing

        t = time.perf_counter()
        with multiprocessing.Pool(os.cpu_count() or 2) as pool:
            pool.map(bench_import._write_one,
                     [(i, args.enterprises, args.import_ledger_rows, str(folder)) for i in missing], chunksize=20)
        print(f"generated {len(missing)} workbooks in {time.perf_counter() - t:.1f} s → {folder}")
    files = [str(p) for p in paths]
    imp = Series(f"import {len(files):,} workbooks into a batch", per=len(files), per_label="workbook")
    stats: dict[str, Any] = {}

    def run_import(engine: str, rep: int) -> None:
        if engine == "sqlite":
            target = _fresh(engine, pg, "bench_import_run")
            shutil.copyfile(bases[engine], target)
        else:
            target = create_db(pg, "bench_import_run", template=base_name)
        store = Store.open(target)
        with Clock(store) as c:
            rep_ = import_files(store, BATCH, files, ACTOR, rules=rules, workers=args.workers)
        stored = store.count("applications")
        status = dict(store.db.execute("SELECT status, COUNT(*) FROM claims GROUP BY status").fetchall())
        store.close()
        assert stored == len(files), (engine, stored, [i.message for i in rep_.items if i.message][:3])
        stats.setdefault(engine, status)
        imp.add(engine, c)
        print(f"  import {engine} run {rep + 1}: {c.wall:.2f} s", flush=True)

    interleaved(args.repeat, run_import)
    if stats.get("sqlite") != stats.get("postgresql"):
        print(f"  NOTE: claim statuses differ between engines: {stats}")
    out.append(imp)
    return out


# ---- settle against a large ledger -------------------------------------------------------

def _vacuum(url: str) -> None:
    """VACUUM ANALYZE, as the server's autovacuum does after a bulk load (a freshly copied
    table has no visibility map yet: every index-only scan would read the table too); quick
    when it was already done."""
    with _admin(url) as c:
        c.execute("VACUUM ANALYZE")


def _copy_to_pg(source_path: Path, pg: str, name: str) -> str:
    """The SQLite store at `source_path` copied to database `name` (made once, then reused)."""
    from workbench.core.store.engine_copy import copy_into_new

    url = db_url(pg, name)
    if db_exists(pg, name):
        with suppress(Exception):
            # A database of that name is only made by renaming a finished copy.
            Store.open_readonly(url).close()
            _vacuum(url)
            return url
    tmp = name + "_part"
    create_db(pg, tmp)
    src = Store.open_readonly(source_path)
    t = time.perf_counter()
    counts = copy_into_new(src, db_url(pg, tmp))
    src.close()
    with _admin(pg) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'ALTER DATABASE "{tmp}" RENAME TO "{name}"')
    Store.open(url).close()       # as the bench's first opening would
    _vacuum(url)
    print(f"copied {sum(counts.values()):,} rows to the server in {time.perf_counter() - t:.1f} s → {name}")
    return url


def bench_settle(args: argparse.Namespace, pg: str) -> list[Series]:
    import bench_settle

    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.rules.settle import settle_application

    path = bench_settle.make_store(args.ledger_rows, args.enterprises)
    Store.open(path).close()    # pending migrations applied before any timing
    url = _copy_to_pg(path, pg, f"bench_settle_{args.ledger_rows}_{args.enterprises}")
    rules = default_ruleset()
    apps = [bench_settle.application(i, args.enterprises, args.ledger_rows) for i in range(args.apps)]
    targets = {"sqlite": str(path), "postgresql": url}
    usage = Series(f"usage_for, {len(apps):,} applications, {args.ledger_rows:,}-row ledger",
                   per=len(apps), per_label="application")
    both = Series("usage_for + settle (claims of those applications)", per=len(apps), per_label="application")
    per_app: dict[str, list[float]] = {e: [] for e in ENGINES}
    results: dict[str, Any] = {}

    def run(engine: str, rep: int) -> None:
        store = Store.open_readonly(targets[engine])
        store.usage_for(apps[0], rules)       # first statements prepared, caches warm
        pc = time.perf_counter
        times = []
        with Clock(store) as c:
            usages = []
            for app in apps:
                t0 = pc()
                usages.append(store.usage_for(app, rules))
                times.append(pc() - t0)
        usage.add(engine, c)
        per_app[engine].append(statistics.median(times))
        with Clock(store) as c2:
            res = [settle_application(app, rules, u) for app, u in zip(apps, usages, strict=True)]
        c2.wall += c.wall
        c2.cpu += c.cpu
        c2.server += c.server
        both.add(engine, c2)
        results.setdefault(engine, [[(r.status, r.suggested) for r in rs] for rs in res])
        store.close()
        print(f"  settle {engine} run {rep + 1}: usage_for {c.wall:.2f} s, with settle {c2.wall:.2f} s", flush=True)

    interleaved(args.repeat, run)
    if results["sqlite"] != results["postgresql"]:
        print("  NOTE: settle outcomes differ between engines")
    for e in ENGINES:
        print(f"  usage_for per application, median of the per-run medians: {e} "
              f"{statistics.median(per_app[e]) * 1000:.3f} ms")
    return [usage, both]


# ---- the window's first screen --------------------------------------------------------------

def first_screen(target: str, steps: dict[str, Clock]) -> tuple[int, int]:
    """What the window reads to show its first screen, step by step (see the docstring)."""
    from workbench.core.app.workbench import Workbench
    from workbench.core.review.decisions import claim
    from workbench.core.store import listing
    from workbench.core.store.claim_window import ClaimWindow

    c = steps["open"] = Clock(collect=False)
    with c:
        bench = Workbench.open(target, newer_read_only=False)
        store = bench.store
    pid_clock = Clock(store)
    try:
        def step(name: str) -> Clock:
            k = Clock(collect=False)
            k.pid = pid_clock.pid
            steps[name] = k
            return k

        with step("application list"):
            batches = listing.batch_names(store)
            batch = BATCH if BATCH in batches else batches[0]
            if listing.application_count(store, batch) > 2_000:
                ids = listing.application_ids_by_name(store, batch)
                rows = listing.application_lines(store, ids=ids[:50])
            else:
                rows = listing.application_lines(store, batch)
        with step("first application + claim detail"):
            claims = listing.claim_lines(store, rows[0].id)
            claim(store, claims[0].key)
        with step("claim window: total, count, first page"):
            window = ClaimWindow(store, batch)
            total = window.total()
            window.count()
            page = window.page(0, 50)
        with step("claim window: first page by suggested ↓"):
            window.set_order("suggested", True)
            window.page(0, 50)
        return total, len(page)
    finally:
        store.close()


def bench_window(args: argparse.Namespace, pg: str) -> list[Series]:
    import bench_ui

    path = bench_ui.make_store(args.claims)
    Store.open(path).close()    # pending migrations (the window's indexes) before any timing
    url = _copy_to_pg(path, pg, f"bench_window_{args.claims}")
    targets = {"sqlite": str(path), "postgresql": url}
    names = ["open", "application list", "first application + claim detail",
             "claim window: total, count, first page", "claim window: first page by suggested ↓"]
    series = {n: Series(f"  {n}") for n in names}
    whole = Series(f"first screen, {args.claims:,} claims in one batch")
    seen: dict[str, tuple[int, int]] = {}

    def run(engine: str, rep: int) -> None:
        steps: dict[str, Clock] = {}
        with Clock() as c:
            seen[engine] = first_screen(targets[engine], steps)
        whole.add(engine, c)
        for n in names:
            series[n].add(engine, steps[n])
        print(f"  window {engine} run {rep + 1}: {c.wall:.3f} s", flush=True)

    first_screen(targets["sqlite"], {})       # warm both once (file cache, server cache)
    first_screen(targets["postgresql"], {})
    interleaved(max(args.repeat, 5), run)
    assert seen["sqlite"] == seen["postgresql"], seen
    return [whole, *series.values()]


# ---- the run -------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pg", default=os.environ.get("WORKBENCH_BENCH_PG") or os.environ.get("WORKBENCH_TEST_PG"))
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--import-ledger-rows", type=int, default=100_000)
    ap.add_argument("--ledger-rows", type=int, default=1_000_000)
    ap.add_argument("--enterprises", type=int, default=20_000)
    ap.add_argument("--apps", type=int, default=1000)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None, help="reader processes of the import (0: in-process)")
    ap.add_argument("--only", default="import,ledger,settle,window")
    args = ap.parse_args()
    if not args.pg:
        ap.error("give the server's address: --pg postgresql://… (or WORKBENCH_BENCH_PG)")
    args.only = set(args.only.split(","))
    pg = args.pg
    print(f"server {urlsplit(pg).query or urlsplit(pg).netloc}; load average {os.getloadavg()[0]:.1f}; "
          f"{args.repeat} runs per engine, alternating")
    found: list[tuple[str, list[Series]]] = []
    parts = [("import and ledger", {"import", "ledger"}, bench_ledger_and_import),
             ("settle", {"settle"}, bench_settle), ("window", {"window"}, bench_window)]
    for title, names, fn in parts:
        if args.only & names:
            found.append((title, fn(args, pg)))
            report(found[-1][1], title)     # as soon as it is known; all again at the end
    print()
    print(f"medians; load average now {os.getloadavg()[0]:.1f} (2 shared cores: compare the ratios)")
    for title, series in found:
        report(series, title)
    return 0


if __name__ == "__main__":
    sys.exit(main())
