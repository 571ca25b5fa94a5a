"""Ledger import and verify-store at city scale. Prints medians of --repeat runs.

    .venv/bin/python bench/bench_trust.py [--ledger-rows 100000] [--verify-rows 1000000]
                                          [--repeat 3] [--only import|verify] [--tree DIR]

- **ledger import**: a 100,000-row 资助台账 workbook (`ledger.write_ledger` over `gen.py`'s
  awards, made once into bench/out/) imported by `awards.import_ledger` — what `ledger import`
  and the window run: read, validate, insert, hash every row, one audit entry vouching for them
  — into a fresh store (one reviewer), then the same file again (every row skipped). Each run
  in-process, timed around the call; split into read + validate and storing.
- **verify-store** on a 1,000,000-row ledger: the store is built once (rows hashed and vouched
  for as `ledger import` writes them, 10 entries of 100,000 rows) into a cached file under
  /tmp (`--cache`); every run verifies a fresh copy (page cache warm): the full check, and
  where the tree has one, the check when nothing changed since the last verification and the
  check after one more import.

`--tree DIR` runs another checkout of the workbench (e.g. the code before a change, unpacked
with `git archive`) with the same data, for before/after figures.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _setup_path(tree: Path | None) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(tree or HERE.parent))


def _median(vals: list[float]) -> str:
    return f"{statistics.median(vals):8.3f} s   (runs {' '.join(f'{v:.3f}' for v in vals)})"


class _Clock:
    """Wall and process CPU time (all threads) of one measurement; on a loaded machine the
    CPU time is the steadier figure."""

    def __init__(self, figures: dict, cpu: dict, name: str):
        self.figures, self.cpu, self.name = figures, cpu, name

    def __enter__(self):
        self.t, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.figures.setdefault(self.name, []).append(time.perf_counter() - self.t)
            self.cpu.setdefault(self.name, []).append(time.process_time() - self.c)


def _print(figures: dict, cpu: dict, width: int) -> None:
    for k, vals in figures.items():
        print(f"  {k:<{width}} {_median(vals)}")
        print(f"  {'  CPU':<{width}} {_median(cpu[k])}")


# ---- ledger import ----------------------------------------------------------------------------

def ledger_file(rows: int, n_ent: int) -> Path:
    import gen

    from workbench.core.review.ledger import write_ledger

    out = HERE / "out" / f"ledger-{rows}"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"资助台账-{rows}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".part.xlsx")
        write_ledger(tmp, gen.ledger_awards(rows, n_ent))
        tmp.rename(path)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    return path


def bench_import(rows: int, n_ent: int, repeat: int) -> None:
    from workbench.core.review import awards, ledger
    from workbench.core.store.database import Store
    from workbench.core.store.reviewers import add_reviewer

    path = ledger_file(rows, n_ent)
    print(f"ledger import: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
    figures: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for _ in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
        try:
            with _Clock(figures, cpu, "read + validate only (read_ledger)"):
                parsed, errors = ledger.read_ledger(path)
            assert not errors, errors[:3]
            del parsed
            s = Store.open(work / "s.sqlite")
            add_reviewer(s, "张三", "经办人")
            with _Clock(figures, cpu, "import_ledger, fresh store"):
                rep, _ = awards.import_ledger(s, path, "张三")
            assert rep.ok and rep.added == rows, (rep.added, rep.errors[:3])
            with _Clock(figures, cpu, "import_ledger again (all skipped)"):
                rep, _ = awards.import_ledger(s, path, "张三")
            assert rep.ok and rep.skipped == rows
            s.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    _print(figures, cpu, 42)
    med = statistics.median(figures["import_ledger, fresh store"])
    print(f"  → {rows / med:,.0f} rows/s (goal ≥ 50,000/s: {'PASS' if rows / med >= 50_000 else 'FAIL'})")


# ---- verify-store --------------------------------------------------------------------------

CHUNK = 100_000


def build_store(path: Path, n_rows: int) -> None:
    import bench_finalize as bf

    from workbench.core.review import awards
    from workbench.core.store import audit
    from workbench.core.store.database import Store
    from workbench.core.store.reviewers import add_reviewer
    from workbench.core.store.txn import write

    t = time.perf_counter()
    tmp = path.with_suffix(".part")
    for f in tmp.parent.glob(tmp.name + "*"):
        f.unlink()
    s = Store.open(tmp)
    add_reviewer(s, "张三", "经办人")
    conn = s.db.conn
    chunk: list[dict] = []

    def flush():
        with write(conn):
            seq = audit.last_entry(conn)[0] + 1
            led = awards._insert_rows(conn, chunk, seq)
            audit.record(conn, "张三", "ledger_import", "ledger:bench.xlsx",
                         {"source": "bench.xlsx", "rows": len(chunk), "ledger": led})
        chunk.clear()

    for row in bf.ledger_rows(n_rows, max(n_rows // 10, 1)):
        chunk.append(row)
        if len(chunk) == CHUNK:
            flush()
    if chunk:
        flush()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    tmp.rename(path)
    print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.0f} s")


def _extra_import(path: Path) -> None:
    """One more small ledger import (a change since the last verification)."""
    import bench_finalize as bf

    from workbench.core.review import awards
    from workbench.core.store import audit
    from workbench.core.store.database import Store
    from workbench.core.store.txn import write

    s = Store.open(path)
    rows = []
    for i, r in enumerate(bf.ledger_rows(10, 5)):
        r["row_key"] = hashlib.sha256(f"extra|{i}|{time.time_ns()}".encode()).hexdigest()
        rows.append(r)
    with write(s) as conn:
        seq = audit.last_entry(conn)[0] + 1
        led = awards._insert_rows(conn, rows, seq)
        audit.record(conn, "张三", "ledger_import", "ledger:extra.xlsx", {"source": "extra.xlsx", "ledger": led})
    s.close()


def _current_schema(path: Path) -> bool:
    """A store from an older schema is opened read-only as an upgraded copy in memory: it
    would be verified without its file (no integrity check beside, no mark). Built again."""
    from workbench.core.store.database import Store

    s = Store.open_readonly(path)
    try:
        file = [r[2] for r in s.db.conn.execute("PRAGMA database_list") if r[1] == "main"]
    finally:
        s.close()
    if file and file[0]:
        return True
    print(f"{path} is from an older schema: built again")
    return False


def bench_verify(n_rows: int, repeat: int, cache: Path) -> None:
    from workbench.core.store import audit
    from workbench.core.store.database import Store

    if not cache.exists() or not _current_schema(cache):
        build_store(cache, n_rows)
    print(f"verify-store: {n_rows:,}-row ledger, {cache.stat().st_size / 1e6:.0f} MB ({cache})")
    import inspect

    fast = "full" in inspect.signature(audit.verify_store).parameters
    figures: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for _ in range(repeat):
        work = Path(tempfile.mkdtemp(prefix="bench-verify-"))
        os.environ["WORKBENCH_VERIFIED"] = str(work / "verified")
        try:
            db = work / "s.sqlite"
            shutil.copyfile(cache, db)
            s = Store.open_readonly(db)
            with _Clock(figures, cpu, "full (integrity + chain + every row)"):
                v = audit.verify_store(s, full=True) if fast else audit.verify_store(s)
            assert v.ok, v.problems[:3]
            assert v.ledger_rows >= n_rows, v.ledger_rows
            if fast:
                with _Clock(figures, cpu, "nothing changed since the last verification"):
                    v = audit.verify_store(s)
                assert v.ok and v.incremental, v.problems[:3]
                s.close()
                _extra_import(db)
                s = Store.open_readonly(db)
                with _Clock(figures, cpu, "after one more import (10 rows)"):
                    v = audit.verify_store(s)
                assert v.ok, v.problems[:3]
            s.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    _print(figures, cpu, 46)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--ledger-rows", type=int, default=100_000)
    p.add_argument("--enterprises", type=int, default=10_000)
    p.add_argument("--verify-rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--only", choices=("import", "verify"))
    p.add_argument("--tree", type=Path, default=None)
    p.add_argument("--cache", type=Path, default=None)
    a = p.parse_args()
    _setup_path(a.tree)
    import workbench

    print(f"workbench from {Path(workbench.__file__).parent}")
    if a.only in (None, "import"):
        bench_import(a.ledger_rows, a.enterprises, a.repeat)
    if a.only in (None, "verify"):
        cache = a.cache or Path(tempfile.gettempdir()) / f"bench-verify-{a.verify_rows}.sqlite"
        bench_verify(a.verify_rows, a.repeat, cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
