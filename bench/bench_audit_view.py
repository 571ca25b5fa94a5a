"""The audit viewer on a long log: time to open it, peak memory, a search of the whole log.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_audit_view.py [--entries 300000] [--repeat 3]

A city's log grows by an entry per imported application (ten thousand a batch). The store is
the demo store with its entries copied until the log holds --entries (bench/out/audit-N.sqlite,
reused): the copies keep real entries' shapes and sizes but not a valid chain, which the viewer
does not check on opening. Each measurement runs in a fresh process: the dialog's construction
and first paint (wall s), the process's peak resident memory (VmHWM), and the whole-log search
that Enter starts (run here directly, as the background task does) for a text found in every
entry and for one found in none (a scan of the whole log).
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = Path(__file__).resolve().parent / "out"

CHILD = r"""
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workbench.core.store.database import Store
from workbench.core.store import audit
from workbench.ui.dialogs.audit_log import AuditLogDialog, PAGE
store = Store.open(sys.argv[1])
t = time.perf_counter()
d = AuditLogDialog(store)
d.show()
app.processEvents()
opened = time.perf_counter() - t
searches = []
for text in ("application", "没有这样的文字"):
    t = time.perf_counter()
    audit.entries(store, newest_first=True, limit=PAGE, matching=text)
    searches.append(time.perf_counter() - t)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(opened, searches[0], searches[1], hwm / 1024, d.model.rowCount())
"""


def build(n: int) -> Path:
    path = OUT / f"audit-{n}.sqlite"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    demo = OUT / "audit-demo"
    subprocess.run([sys.executable, "-m", "workbench", "--db", str(tmp), "demo", str(demo)],
                   check=True, capture_output=True, cwd=ROOT)
    import sqlite3

    conn = sqlite3.connect(tmp)
    rows = conn.execute("SELECT at, actor, action, subject, details, prev_hash FROM audit_log "
                        "WHERE seq > 1").fetchall()
    have = conn.execute("SELECT MAX(seq) FROM audit_log").fetchone()[0]
    copies = ((*r, f"{i:064x}") for i, r in zip(range(n - have), itertools.cycle(rows)))
    conn.executemany("INSERT INTO audit_log (at, actor, action, subject, details, prev_hash, hash) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", copies)
    conn.commit()
    conn.close()
    tmp.rename(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = build(args.entries)
    runs = []
    for _ in range(args.repeat):
        done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                              text=True, check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        runs.append([float(x) for x in done.stdout.split()])
    med = [statistics.median(r[i] for r in runs) for i in range(5)]
    print(f"audit viewer, log of {args.entries:,} entries, medians of {args.repeat} fresh processes")
    print(f"  open (construct + first paint): {med[0]:.3f} s   rows held: {int(med[4]):,}")
    print(f"  peak memory (VmHWM):            {med[3]:.0f} MB")
    print(f"  search of the whole log, a text in every entry: {med[1]:.3f} s; in none: {med[2]:.3f} s")


if __name__ == "__main__":
    main()
