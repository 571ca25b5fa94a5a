"""Import of application workbooks: which files, and the op that runs in the background.

The op runs the core's check (check.check_application: read, settle against the store) and
stores each application in its own transaction (store.add_application, with the batch), one
file at a time so that cancel stops between files. Refused files and rejected claims come back
as a report with their cell locations; nothing here judges an amount.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..core.check import check_application
from ..core.model import Problem
from ..core.ruleset import RuleSet
from ..core.store import Store
from ..core.submission import read_application
from .tasks import Cancelled

__all__ = ["WORKBOOK_SUFFIXES", "collect_workbooks", "ImportReport", "ReportLine", "import_workbooks"]

# .xls and .csv are listed so that a reviewer who drops one is told why it is refused.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def collect_workbooks(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the workbooks inside folders (not recursing into sub-folders'
    Office lock files `~$…`). The order is kept, duplicates dropped."""
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (child.is_file() and child.suffix.lower() in WORKBOOK_SUFFIXES
                        and not child.name.startswith("~$")):
                    add(child)
        elif p.is_file():
            add(p)
    return out


@dataclass(frozen=True)
class ReportLine:
    file: str
    outcome: str      # Chinese: 已导入 / 已存在 / 拒收 / 事项填写有误
    where: str
    message: str


@dataclass
class ImportReport:
    imported: list[tuple[str, object, int]] = field(default_factory=list)   # file, app id, claims
    already: list[tuple[str, object]] = field(default_factory=list)
    refused: list[tuple[str, list[Problem]]] = field(default_factory=list)
    rejected: list[tuple[str, Problem]] = field(default_factory=list)
    total: int = 0
    cancelled: bool = False

    @property
    def done(self) -> int:
        return len(self.imported) + len(self.already) + len(self.refused)

    def lines(self) -> list[ReportLine]:
        out = []
        for f, problems in self.refused:
            for p in problems:
                out.append(ReportLine(f, "拒收", p.where, p.message))
        for f, p in self.rejected:
            out.append(ReportLine(f, "事项填写有误", p.where, p.message))
        return out

    def as_tsv(self) -> str:
        """For the clipboard: pastes into Excel as columns."""
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="\t", lineterminator="\n")
        w.writerow(["文件", "结果", "位置", "问题"])
        for ln in self.lines():
            w.writerow([ln.file, ln.outcome, ln.where, ln.message])
        return buf.getvalue()

    def save_csv(self, path: str | Path) -> None:
        # utf-8-sig so that Excel on a Chinese Windows opens it without mojibake.
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            _write_csv(fh, self)


def _write_csv(fh, report: ImportReport) -> None:
    w = csv.writer(fh)
    w.writerow(["文件", "结果", "位置", "问题"])
    for ln in report.lines():
        w.writerow([ln.file, ln.outcome, ln.where, ln.message])


def import_workbooks(store_path: str | Path, paths: list[Path], rules: RuleSet, *,
                     batch: str | None = None,
                     progress: Callable[..., None] = lambda *a, **k: None) -> ImportReport:
    """Runs in a worker thread: opens its own Store. Cancel (an exception raised by `progress`)
    stops between files; files already stored stay stored, the current one is not stored."""
    report = ImportReport(total=len(paths))
    store = Store.open(store_path)
    try:
        _import_each(store, paths, rules, batch, progress, report)
    except Cancelled:
        # The reviewer still needs to see what was stored before the cancel.
        report.cancelled = True
    finally:
        store.close()
    return report


def _import_each(store, paths, rules, batch, progress, report) -> None:
    for i, path in enumerate(paths):
        progress(i, len(paths), f"{path.name}（{i + 1}/{len(paths)}）")
        outcome = check_application(read_application(path), store, rules)
        name = path.name
        if outcome.refused:
            report.refused.append((name, list(outcome.errors)))
            continue
        stored = store.add_application(outcome.app, outcome.results, rule_set=rules.version,
                                       batch=batch)
        if stored.created:
            report.imported.append((name, stored.id, len(outcome.results)))
            report.rejected.extend((name, p) for p in outcome.errors)
        else:
            report.already.append((name, stored.id))
    progress(len(paths), len(paths), "")
