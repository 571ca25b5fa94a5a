"""Import of application workbooks: which files, and the op that runs in the background.

The op runs core.batches.import_files (read, settle against the store, store each application
with its audit entry in its own transaction, the batch created if new), one file at a time so
that cancel stops between files. Refused files and rejected claims come back
as a report with their cell locations; nothing here judges an amount.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.domain.model import Problem
from workbench.core.intake.walk import WORKBOOK_SUFFIXES, collect_files
from workbench.core.review.batches import DUPLICATE, IMPORTED, REFUSED, REPLACED, import_files
from workbench.core.rules.ruleset import RuleSet
from workbench.core.store.database import Store

from .tasks import Cancelled

__all__ = ["WORKBOOK_SUFFIXES", "collect_workbooks", "ImportReport", "ReportLine", "import_workbooks"]

def collect_workbooks(paths: Iterable[str | Path]) -> list[Path]:
    """The command line's folder walk (core/intake/walk.py), as the window's drop and folder
    import use it; files that do not exist are left out here, the picker offered them."""
    return [p for p in collect_files(paths) if p.is_file()]


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
    # app id → the workbook's full path on this PC (the store keeps only the file's name)
    originals: dict = field(default_factory=dict)

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
                     batch: str | None = None, actor: str = "",
                     progress: Callable[..., None] = lambda *a, **k: None) -> ImportReport:
    """Runs in a worker thread, on its own Store: core.batches.import_files (the batch is
    created if new; each application stored whole, with its audit entry, in one transaction).
    Cancel stops between files; files already stored stay stored."""
    report = ImportReport(total=len(paths))
    stop = [False]

    def step(done: int, total: int, item) -> None:
        try:
            progress(done, total, f"{item.path.name}（{done}/{total}）")
        except Cancelled:
            stop[0] = True   # the core asks `cancelled` before the next file

    progress(0, len(paths), "")
    with Store.open(store_path) as store:
        done = import_files(store, batch, paths, actor, rules=rules, progress=step,
                            cancelled=lambda: stop[0])
    for item in done.items:
        name = item.path.name
        if item.status in (IMPORTED, REPLACED):
            report.imported.append((name, item.application_id, item.claims))
            report.originals[item.application_id] = str(Path(item.path).resolve())
            report.rejected.extend((name, p) for p in item.errors)
        elif item.status == DUPLICATE:
            report.already.append((name, item.application_id))
        elif item.status == REFUSED:
            report.refused.append((name, list(item.errors) or [Problem("文件", item.message)]))
        else:   # another application of the enterprise in the batch, or a refusal by the core
            report.refused.append((name, [Problem("文件", item.message)]))
    report.cancelled = done.cancelled
    return report
