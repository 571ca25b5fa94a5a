"""Window figures on a store with 100,000 or 1,000,000 claims: first window, sort, filter, memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py [--claims 1000000] [--repeat 5]

The store is generated once under bench/out/ through the core (settle + Store.add_application:
10 claims an application, all in one batch) and reused; it is opened once before anything is
timed, so that a pending migration is not counted. Goals at 1,000,000 claims: first window
≤ 0.5 s, sort ≤ 0.3 s, filter ≤ 0.15 s, peak memory ≤ 300 MB (VmHWM, the peak resident set
of this process).
"""
from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.core.domain.credit_code import check_digit  # noqa: E402
from workbench.core.domain.model import Applicant, Application, Claim  # noqa: E402
from workbench.core.rules.ruleset import default_ruleset  # noqa: E402
from workbench.core.rules.settle import settle_application  # noqa: E402
from workbench.core.rules.usage import Usage  # noqa: E402
from workbench.core.store.database import Store  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
BATCH = "2025年第一批"
PER_APP = 10
_CLAIMS = [
    ("3.1", "basis", "封测平台"), ("3.2", "basis", "封测线开放"), ("6.1", "basis", "首轮流片"),
    ("6.2", "basis", "中试平台流片"), ("7", "basis", "重点项目"), ("8", "basis", "并购"),
    ("9", "basis", "TSV量产线"), ("11.1", "basis", "首创传感器"), ("14", "basis", "产业论坛"),
    ("5", "basis", "IDM项目"),
]


def _app(i: int, rules) -> Application:
    code17 = f"914403{i:011d}"
    a = Applicant(name=f"深圳市光明第{i:05d}号传感科技有限公司", credit_code=code17 + check_digit(code17),
                  year=2025, in_district=True)
    claims = []
    for k in range(PER_APP):
        code, _field, project = _CLAIMS[k]
        claims.append(Claim(
            row=k + 2, line=k + 1, code=code, raw_code=code, project=f"{project}{i}",
            basis=Decimal(1_000_000 + (i * 7919 + k * 104729) % 50_000_000), voucher=f"HT-{i}-{k}",
            requested=None if k % 3 else Decimal(500_000 + (i * 31 + k) % 900_000),
            cells={f: f"申报事项!{c}{k + 2}" for f, c in
                   (("line", "A"), ("code", "B"), ("project", "C"), ("basis", "D"),
                    ("voucher", "L"), ("requested", "M"))}))
    return Application(applicant=a, claims=claims, source=f"申报表{i:05d}.xlsx", file_hash=f"bench-{i}")


def make_store(n_claims: int) -> Path:
    path = OUT / f"store-{n_claims}.sqlite"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rules = default_ruleset()
    tmp = path.with_suffix(".part")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    with Store.open(tmp) as store:
        for i in range(n_claims // PER_APP):
            app = _app(i, rules)
            store.add_application(app, settle_application(app, rules, Usage(rules)),
                                  rule_set=rules.version, batch=BATCH)
    tmp.rename(path)
    print(f"generated {n_claims} claims in {time.perf_counter() - t:.1f} s → {path}")
    return path


def _peak_mb() -> float:
    """Peak resident set of this process (VmHWM on Linux, else getrusage's maximum)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Resident set now (Linux; elsewhere the peak, which is all getrusage offers)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(xs):
    return statistics.median(xs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    path = make_store(args.claims)
    t = time.perf_counter()
    Store.open(path).close()   # applies pending migrations (new indexes) before any timing
    if time.perf_counter() - t > 1:
        print(f"migrated the store in {time.perf_counter() - t:.1f} s")

    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from workbench.ui.app import create_main_window, prepare_app
    from workbench.ui.models.claims import ClaimTableModel
    from workbench.ui.settings import Settings

    app = QApplication([])
    settings = Settings(QSettings(str(OUT / "bench-settings.ini"), QSettings.IniFormat))
    settings.backend.clear()
    prepare_app(app, settings)

    first = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        w = create_main_window(path, settings, reviewer="基准")
        w.show()
        app.processEvents()
        first.append(time.perf_counter() - t)
        w.workspace.close()
        w.close()
        w.deleteLater()
        app.sendPostedEvents(None, QEvent.DeferredDelete)   # processEvents leaves deletes pending
        del w
        gc.collect()   # a reviewer has one window: do not count the ones measured before

    w = create_main_window(path, settings, reviewer="基准")
    w.show()
    app.processEvents()
    rss = {"first window": _rss_mb()}
    t = time.perf_counter()
    w.claims.whole_batch.setChecked(True)   # every claim of the batch in the table
    op = getattr(w, "batch_load", None)     # read off the UI thread when the batch is big
    while op is not None and not op.finished:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()
    load_all = time.perf_counter() - t
    rss["whole batch"] = _rss_mb()
    model = w.claims.model
    assert model.rowCount() == args.claims, model.rowCount()

    sorts = {}
    for col in (ClaimTableModel.COL_SUGGESTED, ClaimTableModel.COL_PROJECT, ClaimTableModel.COL_CODE,
                ClaimTableModel.COL_ENTERPRISE, ClaimTableModel.COL_LINE):
        times, cpu = [], []
        for r in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            w.claims.view.sortByColumn(col, Qt.DescendingOrder if r % 2 == 0 else Qt.AscendingOrder)
            app.processEvents()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        sorts[model.headerData(col, Qt.Horizontal)] = (times, cpu)
    rss["sorted"] = _rss_mb()

    filters = {}
    for text in ("0123", "HT-4", "传感", "ht-99999-9"):
        times, cpu = [], []
        for _ in range(args.repeat):
            w.claims.search.setText("")
            w.claims.stop_pending()
            w.claims.apply_filter()
            app.processEvents()
            w.claims.search.setText(text)
            # Typing starts a debounce timer; it would fire inside the timed processEvents
            # below and filter a second time. One filter is what is measured.
            w.claims.stop_pending()
            t, c = time.perf_counter(), time.process_time()
            w.claims.apply_filter()
            app.processEvents()
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        filters[text] = (times, cpu, model.rowCount())
    rss["filtered"] = _rss_mb()
    peak_mb = _peak_mb()

    print(f"store: {path.name}, {args.claims} claims, {args.claims // PER_APP} applications; "
          f"medians of {args.repeat}")
    print(f"first window (open store, list applications, show first application): "
          f"{_median(first):.3f} s   goal ≤ 0.5 s")
    print(f"whole batch into the claims table ({args.claims} rows): {load_all:.3f} s")
    # CPU time of this process beside the wall time: on a shared machine the wall time also
    # counts the waits for a core, the CPU time (painting included) does not.
    for name, (times, cpu) in sorts.items():
        print(f"sort by {name}: {_median(times):.3f} s (first {times[0]:.3f} s; CPU {_median(cpu):.3f} s)"
              "   goal ≤ 0.3 s")
    for text, (times, cpu, n) in filters.items():
        print(f"filter “{text}” → {n} rows: {_median(times):.3f} s (first {times[0]:.3f} s; "
              f"CPU {_median(cpu):.3f} s)   goal ≤ 0.15 s")
    print("resident memory after " + ", ".join(f"{k}: {v:.0f} MB" for k, v in rss.items()))
    print(f"peak memory (VmHWM): {peak_mb:.0f} MB   goal ≤ 300 MB")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores shared)")
    w.workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
