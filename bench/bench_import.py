"""Import figures: 1,000 application workbooks of 10 claims against a 100,000-row ledger.

    .venv/bin/python bench/bench_import.py [--files 1000] [--ledger-rows 100000] [--repeat 3]

Generates once, under bench/out/import-<files>x10-<rows>/ (reused on later runs): the
application workbooks (written by template.write_application, as enterprises receive them) and
a ledger workbook (ledger.write_ledger). Then prints:

- ledger import into a fresh store (ledger.import_ledger: read, validate, insert);
- bare read of the 1,000 files with openpyxl (read-only, data-only; every cell of 申报信息 and
  申报事项) and with python-calamine (both sheets' rows). calamine runs in a process of its own,
  as the design asks for anything calamine reads, even files we wrote ourselves;
- our reader alone (submission.read_application);
- check only (read + store.usage_for + settle; nothing written);
- import + check (batches.import_files, as `import` and the window run it: read in worker
  processes, usage_for, settle, one transaction and one audit entry per application) into a
  fresh copy of the ledger store, and the same with the files read in-process (workers=0);
- one instrumented run that splits import + check into its steps.

Each measurement runs in a fresh child process (so no run inherits another's warm caches or
garbage), the runs are interleaved, and medians are printed with per-file figures, CPU time
(the process and its reader workers) and the ratios to the two bare reads. Goals: import + check ≤ 0.5 × openpyxl's bare read and
≤ 3 × calamine's bare read.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

OUT = ROOT / "bench" / "out"
PER_APP = 10
SHEETS = ("申报信息", "申报事项")


# ---- data ----------------------------------------------------------------------------------

def _write_one(job: tuple[int, int, int, str]) -> None:
    i, n_ent, ledger_rows, folder = job
    import gen

    from workbench.core.intake.template import write_application

    path = Path(folder) / f"申报表{i:05d}.xlsx"
    if path.exists():
        return
    applicant, claims = gen.application(i, n_ent, PER_APP, ledger_rows)
    tmp = path.with_suffix(".part")
    write_application(tmp, applicant, claims)
    tmp.rename(path)


def make_data(n_files: int, ledger_rows: int, n_ent: int) -> tuple[Path, list[Path], Path]:
    import multiprocessing

    import gen

    from workbench.core.review.ledger import write_ledger

    folder = OUT / f"import-{n_files}x{PER_APP}-{ledger_rows}"
    apps = folder / "apps"
    apps.mkdir(parents=True, exist_ok=True)
    paths = [apps / f"申报表{i:05d}.xlsx" for i in range(n_files)]
    missing = [i for i, p in enumerate(paths) if not p.exists()]
    if missing:
        t = time.perf_counter()
        with multiprocessing.Pool(os.cpu_count() or 2) as pool:
            pool.map(_write_one, [(i, n_ent, ledger_rows, str(apps)) for i in missing], chunksize=20)
        print(f"generated {len(missing)} application workbooks in {time.perf_counter() - t:.1f} s → {apps}")
    ledger = folder / f"资助台账-{ledger_rows}.xlsx"
    if not ledger.exists():
        t = time.perf_counter()
        tmp = ledger.with_suffix(".part.xlsx")
        write_ledger(tmp, gen.ledger_awards(ledger_rows, n_ent))
        tmp.rename(ledger)
        print(f"generated ledger of {ledger_rows} rows in {time.perf_counter() - t:.1f} s → {ledger}")
    size = sum(p.stat().st_size for p in paths)
    print(f"data: {n_files} workbooks × {PER_APP} claims ({size / 1e6:.1f} MB, "
          f"{size / n_files / 1024:.1f} KB each); ledger {ledger_rows} rows over {n_ent} enterprises "
          f"({ledger.stat().st_size / 1e6:.1f} MB)")
    return folder, paths, ledger


# ---- child processes: one measurement each -------------------------------------------------

def _cpu() -> float:
    """CPU time of this process and of its ended children (the reader workers, joined when
    an import returns)."""
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _clock():
    return time.perf_counter(), _cpu()


def _since(start) -> dict:
    wall, cpu = _clock()
    return {"wall": wall - start[0], "cpu": cpu - start[1]}


def child_openpyxl(paths: list[str]) -> dict:
    import openpyxl

    cells = 0
    start = _clock()
    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for name in SHEETS:
            for row in wb[name].iter_rows(values_only=True):
                for _v in row:
                    cells += 1
        wb.close()
    return {**_since(start), "cells": cells}


def child_calamine(paths: list[str]) -> dict:
    from python_calamine import CalamineWorkbook

    cells = 0
    start = _clock()
    for p in paths:
        wb = CalamineWorkbook.from_path(p)
        for name in SHEETS:
            for row in wb.get_sheet_by_name(name).to_python():
                for _v in row:
                    cells += 1
    return {**_since(start), "cells": cells}


def child_read(paths: list[str]) -> dict:
    from workbench.core.intake.submission import read_application

    claims = refused = 0
    start = _clock()
    for p in paths:
        app = read_application(p)
        claims += len(app.claims)
        refused += app.refused
    return {**_since(start), "claims": claims, "refused": refused}


def child_check(paths: list[str], store_path: str) -> dict:
    from workbench.core.review.check import check_file
    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.store.database import Store

    rules = default_ruleset()
    store = Store.open_readonly(store_path)
    claims = refused = 0
    start = _clock()
    for p in paths:
        outcome = check_file(p, store, rules)
        claims += len(outcome.results)
        refused += outcome.refused
    out = {**_since(start), "claims": claims, "refused": refused}
    store.close()
    return out


def child_import(paths: list[str], store_path: str, workers: int | None = None) -> dict:
    """What `import` runs: batches.import_files without a batch (reader processes, usage_for,
    settle, one transaction and one audit entry per application)."""
    from workbench.core.review.batches import import_files
    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.store.database import Store
    from workbench.core.store.reviewers import add_reviewer

    rules = default_ruleset()
    store = Store.open(store_path)
    add_reviewer(store, "张三", "经办人")
    start = _clock()
    report = import_files(store, None, paths, "张三", rules=rules, workers=workers)
    out = _since(start)
    status = dict(store.db.execute("SELECT status, COUNT(*) FROM claims GROUP BY status").fetchall())
    out.update(claims=sum(i.claims for i in report.items), refused=report.count("refused"),
               stored=store.count("applications"), status=status)
    store.close()
    return out


def child_steps(paths: list[str], store_path: str) -> dict:
    """import_files' steps, timed one by one (the same calls, in the same order)."""
    from workbench.core.intake.submission import read_application
    from workbench.core.review.check import input_errors
    from workbench.core.rules import settle
    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.store.database import Store

    rules = default_ruleset()
    store = Store.open(store_path)
    steps = dict.fromkeys(("read", "find", "usage_for", "settle", "add_application"), 0.0)
    pc = time.perf_counter
    start = _clock()
    durability = store.import_durability()   # as import_files stores
    durability.__enter__()
    for p in paths:
        t0 = pc()
        app = read_application(p)
        t1 = pc()
        existing = store.find_application(app.file_hash)
        t2 = pc()
        usage = store.usage_for(app, rules)
        t3 = pc()
        results = settle.settle_application(app, rules, usage)
        input_errors(app, results)
        t4 = pc()
        if existing is None:
            store.add_application(app, results, rule_set=rules.version)
        t5 = pc()
        for k, a, b in (("read", t0, t1), ("find", t1, t2), ("usage_for", t2, t3), ("settle", t3, t4),
                        ("add_application", t4, t5)):
            steps[k] += b - a
    durability.__exit__(None, None, None)
    out = _since(start)
    out["steps"] = steps
    store.close()
    return out


def child_ledger(ledger: str, store_path: str) -> dict:
    from workbench.core.review.ledger import import_ledger
    from workbench.core.rules.ruleset import default_ruleset
    from workbench.core.store.database import Store

    rules = default_ruleset()
    store = Store.open(store_path)
    start = _clock()
    report = import_ledger(store, ledger, rules)
    out = _since(start)
    out.update(added=report.added, skipped=report.skipped,
               errors=[f"{p.where} {p.message}" for p in report.errors[:3]], n_errors=len(report.errors))
    store.close()
    return out


def child_ledger_direct(store_path: str, ledger_rows: int, n_ent: int) -> dict:
    """The same rows inserted without the workbook (used when the workbook import is refused)."""
    import gen

    from workbench.core.store.database import Store

    store = Store.open(store_path)
    start = _clock()
    added, skipped = store.add_ledger_rows(
        gen.ledger_row(a, "资助台账.xlsx", r + 2) for r, a in enumerate(gen.ledger_awards(ledger_rows, n_ent)))
    out = _since(start)
    out.update(added=added, skipped=skipped)
    store.close()
    return out


CHILDREN = {"openpyxl": child_openpyxl, "calamine": child_calamine, "read": child_read,
            "check": child_check, "import": child_import, "steps": child_steps,
            "ledger": child_ledger, "ledger_direct": child_ledger_direct}


def run_child(kind: str, *args) -> dict:
    """Run one measurement in a fresh interpreter; it prints one JSON line."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", kind, json.dumps(args)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{kind} child failed with exit status {proc.returncode}:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall"] = elapsed
    return out


# ---- the run -------------------------------------------------------------------------------

def _fresh_copy(base: Path, dest: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, dest)
    return dest


def _med(runs: list[dict], key: str = "wall") -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--ledger-rows", type=int, default=100_000)
    ap.add_argument("--enterprises", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child")
    ap.add_argument("rest", nargs="*")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](*json.loads(args.rest[0]))))
        return 0

    folder, paths, ledger = make_data(args.files, args.ledger_rows, args.enterprises)
    files = [str(p) for p in paths]
    work = folder / "stores"
    work.mkdir(exist_ok=True)
    base = work / "ledger.sqlite"
    n = len(files)

    # Ledger import into a fresh store, repeated; the last store becomes the base of every run.
    ledger_runs = []
    for _ in range(args.repeat):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{base}{suffix}").unlink(missing_ok=True)
        ledger_runs.append(run_child("ledger", str(ledger), str(base)))
    lr = ledger_runs[-1]
    if lr["n_errors"]:
        print(f"ledger import REFUSED the workbook ({lr['n_errors']} problems, first: {lr['errors']}); "
              f"the base store gets the same rows inserted directly")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{base}{suffix}").unlink(missing_ok=True)
        direct = run_child("ledger_direct", str(base), args.ledger_rows, args.enterprises)
        print(f"  direct insert of {direct['added']} rows: {direct['wall']:.2f} s")
    else:
        print(f"ledger import ({args.ledger_rows} rows, workbook → validated → stored): "
              f"median {_med(ledger_runs):.2f} s wall, {_med(ledger_runs, 'cpu'):.2f} s CPU "
              f"({args.ledger_rows / _med(ledger_runs):,.0f} rows/s; runs "
              f"{', '.join(format(r['wall'], '.2f') for r in ledger_runs)}); added {lr['added']}")

    runs: dict[str, list[dict]] = {k: [] for k in ("openpyxl", "calamine", "read", "check", "import",
                                                    "import_here")}
    for rep in range(args.repeat):
        runs["openpyxl"].append(run_child("openpyxl", files))
        runs["calamine"].append(run_child("calamine", files))
        runs["read"].append(run_child("read", files))
        runs["check"].append(run_child("check", files, str(base)))
        runs["import"].append(run_child("import", files, str(_fresh_copy(base, work / "import.sqlite"))))
        runs["import_here"].append(run_child("import", files, str(_fresh_copy(base, work / "import.sqlite")), 0))
        print(f"  run {rep + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]['wall']:.2f} s" for k, v in runs.items()),
              flush=True)
    steps = run_child("steps", files, str(_fresh_copy(base, work / "steps.sqlite")))

    imp = runs["import"][-1]
    assert imp["refused"] == 0 and imp["stored"] == n, imp
    print()
    print(f"{n} files × {PER_APP} claims; medians of {args.repeat} runs, each in a fresh process "
          f"(timed inside it: interpreter start and imports excluded)")
    print(f"{'measurement':44} {'wall s':>7} {'CPU s':>7} {'ms/file':>8}  runs (wall s)")
    labels = {
        "openpyxl": "openpyxl bare read (read-only, data-only)",
        "calamine": "python-calamine bare read (own process)",
        "read": "our reader (read_application)",
        "check": "check only (read+usage_for+settle)",
        "import": "import + check (`import` → store)",
        "import_here": "  the same, reading in-process (workers=0)",
    }
    for k, label in labels.items():
        rs = runs[k]
        print(f"{label:44} {_med(rs):7.2f} {_med(rs, 'cpu'):7.2f} {_med(rs) / n * 1000:8.2f}  "
              + " ".join(f"{r['wall']:.2f}" for r in rs))
    print(f"cells seen: openpyxl {runs['openpyxl'][0]['cells']}, calamine {runs['calamine'][0]['cells']}; "
          f"claims settled {imp['claims']}, outcomes {imp['status']}")

    t_imp, t_opx, t_cal = _med(runs["import"]), _med(runs["openpyxl"]), _med(runs["calamine"])
    t_chk = _med(runs["check"])
    r_opx, r_cal = t_imp / t_opx, t_imp / t_cal
    print()
    print(f"import+check / openpyxl = {r_opx:.2f}   goal ≤ 0.50   {'PASS' if r_opx <= 0.5 else 'FAIL'}")
    print(f"import+check / calamine = {r_cal:.2f}   goal ≤ 3.00   {'PASS' if r_cal <= 3 else 'FAIL'}")
    print(f"check only   / openpyxl = {t_chk / t_opx:.2f};  check only / calamine = {t_chk / t_cal:.2f}")
    print(f"our reader   / openpyxl = {_med(runs['read']) / t_opx:.2f};  our reader / calamine = "
          f"{_med(runs['read']) / t_cal:.2f}")
    print(f"(calamine including its interpreter start: median {_med(runs['calamine'], 'process_wall'):.2f} s)")
    print()
    total = sum(steps["steps"].values())
    print(f"where import + check spends its time (one instrumented run, {steps['wall']:.2f} s wall):")
    for k, v in steps["steps"].items():
        print(f"  {k:16} {v:6.2f} s  {v / n * 1000:6.2f} ms/file  {v / total:5.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
