"""Exporting documents from the store into a folder: review sheets, summary, notice list.

Every export is an audited action: the entry names each file written and its sha256, so a
sheet that comes back later (signed, printed, mailed) can be traced to the export that made
it. Files are written to a temporary name and renamed, so an interrupted export never leaves
half a file; a sheet that already carries a signature is never overwritten.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workbench.core.domain.files import safe_name, temp_beside
from workbench.core.domain.workflow import Refused
from workbench.core.pdf.fonts import CJKFont, find_cjk_font
from workbench.core.pdf.sheet_data import DEFAULT_ROLES
from workbench.core.pdf.sheet_pdf import render_sheet
from workbench.core.reports.from_store import (
    ISSUER,
    batch_applications,
    notice_rows,
    sheet_data_for,
    summary_rows,
)
from workbench.core.reports.notice_xlsx import write_notice
from workbench.core.reports.summary_xlsx import write_summary
from workbench.core.store import audit, sheets
from workbench.core.store.anchor import head_of
from workbench.core.store.reviewers import require

__all__ = ["KINDS", "ExportResult", "ExportedFile", "export_application", "export_batch",
           "sheet_filename", "summary_filename", "notice_filename", "safe_name", "is_signed",
           "temp_beside"]

KINDS = ("sheets", "summary", "notice")


def sheet_filename(batch: str | None, app_id: int, enterprise: str) -> str:
    return f"审核表-{safe_name(batch or '未分批次', 40)}-{app_id}-{safe_name(enterprise)}.pdf"


def summary_filename(batch: str) -> str:
    return f"汇总表-{safe_name(batch, 40)}.xlsx"


def notice_filename(batch: str) -> str:
    return f"拟资助名单-{safe_name(batch, 40)}.xlsx"


def is_signed(path: Path) -> bool:
    """A PDF with a signature value in it (a /ByteRange is only written when signing)."""
    try:
        with open(path, "rb") as fh:
            return b"/ByteRange" in fh.read()
    except OSError:
        return False


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    kind: str                    # sheet / summary / notice
    sha256: str
    application: int | None = None

    def as_audit(self) -> dict:
        d = {"file": self.path.name, "kind": self.kind, "sha256": self.sha256}
        if self.application is not None:
            d["application"] = self.application
        return d


@dataclass
class ExportResult:
    folder: Path
    files: list[ExportedFile] = field(default_factory=list)
    cancelled: bool = False
    warnings: list[str] = field(default_factory=list)
    notice: dict | None = None   # the figures write_notice returned
    audit_seq: int | None = None

    @property
    def paths(self) -> list[Path]:
        return [f.path for f in self.files]

    @property
    def sheets(self) -> list[Path]:
        return [f.path for f in self.files if f.kind == "sheet"]


class _Staged:
    """Files written in full beside their destinations, put in place only together with
    the audit entry that records them: under the store's write lock the temporary files are
    renamed and the entry is written, so a busy store, a full disk or an error half-way
    leaves neither a partial file nor an unrecorded one (the temporary files are removed)."""

    def __init__(self):
        self.files: list[tuple[str, Path]] = []

    def write(self, dest: Path, write: Callable[[object], object]) -> str:
        digest, tmp = _write_atomic(dest, write, rename=False)
        self.files.append((tmp, dest))
        return digest

    def commit(self, store, record: Callable[[object], object]):
        done: list[Path] = []
        try:
            with store.transaction():
                for tmp, dest in self.files:
                    os.replace(tmp, dest)
                    done.append(dest)
                return record(store)
        except BaseException:
            for dest in done:          # not recorded: the files do not stay either
                dest.unlink(missing_ok=True)
            raise
        finally:
            self.discard()

    def discard(self) -> None:
        for tmp, _ in self.files:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        self.files = []


def _write_atomic(dest: Path, write: Callable[[object], object], *, rename: bool = True):
    """write(binary file) into a temporary file beside dest, then rename; return its sha256
    (with rename=False: (sha256, temporary path), the caller renames)."""
    fd, tmp = temp_beside(dest)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        h = hashlib.sha256()
        with open(tmp, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        if not rename:
            return h.hexdigest(), tmp
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return h.hexdigest()


def _check_targets(paths: Iterable[Path]) -> None:
    signed = [p for p in paths if p.suffix.lower() == ".pdf" and p.exists() and is_signed(p)]
    if signed:
        names = "、".join(p.name for p in signed[:5]) + ("等" if len(signed) > 5 else "")
        raise Refused(f"目标文件夹中已有已签署的审核表（{names}），为免签名丢失不会覆盖；"
                      "请换一个文件夹导出")


def _folder(out_dir) -> Path:
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refused(f"无法创建导出文件夹 {folder}（{exc.strerror}）") from exc
    return folder


def export_application(store, application_id: int, out_dir, *, actor: str,
                       roles=DEFAULT_ROLES, doc_no: str | None = None, issuer: str = ISSUER,
                       font: CJKFont | None = None, sheet_date: date | None = None) -> Path:
    """Write one application's review sheet into out_dir and record the export."""
    require(store, actor)
    data = sheet_data_for(store, application_id, roles=roles, doc_no=doc_no, issuer=issuer,
                          sheet_date=sheet_date)
    font = font or find_cjk_font()
    folder = _folder(out_dir)
    dest = folder / sheet_filename(data.batch if data.batch != "（未分批次）" else None,
                                   application_id, data.applicant_name)
    _check_targets([dest])
    pdf = render_sheet(data, font=font)
    staged = _Staged()
    digest = staged.write(dest, lambda fh: fh.write(pdf))
    f = ExportedFile(dest, "sheet", digest, application_id)
    staged.commit(store, lambda s: _recorded(s, [f], audit.record(
        s, actor, "export", f"application:{application_id}",
        {"files": [f.as_audit()], "roles": list(data.roles), "doc_no": data.doc_no})))
    return dest


def _recorded(store, files: list[ExportedFile], entry):
    """The sheets among the files, linked to their applications under the export's entry."""
    sheets.record(store, entry, "export", [sheets.SheetFile(f.sha256, f.application, f.path.name)
                                          for f in files if f.kind == "sheet" and f.application])
    return entry


def export_batch(store, batch: str, out_dir, *, kinds: Iterable[str] = KINDS, actor: str,
                 progress: Callable[[int, int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, roles=DEFAULT_ROLES,
                 issuer: str = ISSUER, font: CJKFont | None = None,
                 sheet_date: date | None = None) -> ExportResult:
    """Write a batch's sheets, summary workbook and notice list (as `kinds` asks) into
    out_dir, and record one export entry listing every file written with its sha256.

    progress(done, total, label) is called after each file; cancelled() is asked before each
    file, and a cancelled export records (and returns) the files written so far.
    """
    kinds = tuple(dict.fromkeys(kinds))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise Refused(f"未知的导出类型：{'、'.join(unknown) or '（空）'}（应为 sheets、summary、notice）")
    require(store, actor)
    apps = batch_applications(store, batch)
    folder = _folder(out_dir)
    result = ExportResult(folder)
    plan: list[tuple[str, Path, object]] = []
    if "sheets" in kinds:
        if not apps:
            result.warnings.append(f"批次“{batch}”中没有申报，未生成审核表")
        for app in apps:
            plan.append(("sheet", folder / sheet_filename(batch, app.id, app.name), app.id))
    if "summary" in kinds:
        plan.append(("summary", folder / summary_filename(batch), None))
    if "notice" in kinds:
        plan.append(("notice", folder / notice_filename(batch), None))
    _check_targets(p for _k, p, _a in plan)
    if "sheets" in kinds and apps:
        font = font or find_cjk_font()
    staged = _Staged()
    try:
        _write_plan(store, batch, plan, staged, result, roles, issuer, font, sheet_date,
                    progress, cancelled)
        if result.files:
            e = staged.commit(store, lambda s: _recorded(s, result.files, audit.record(
                s, actor, "export", f"batch:{batch}", {
                    "kinds": list(kinds), "files": [f.as_audit() for f in result.files],
                    "roles": list(roles), "cancelled": result.cancelled})))
            result.audit_seq = e.seq
    finally:
        staged.discard()
    return result


def _write_plan(store, batch, plan, staged, result, roles, issuer, font, sheet_date,
                progress, cancelled) -> None:
    total = len(plan)
    for done, (kind, dest, app_id) in enumerate(plan):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        if kind == "sheet":
            data = sheet_data_for(store, app_id, roles=roles, issuer=issuer, sheet_date=sheet_date)
            pdf = render_sheet(data, font=font)
            digest = staged.write(dest, lambda fh, pdf=pdf: fh.write(pdf))
        elif kind == "summary":
            rows = summary_rows(store, batch)
            digest = staged.write(dest, lambda fh, rows=rows: write_summary(
                rows, fh, title=f"{batch} 批次汇总", keywords=head_of(store), made=sheet_date))
        else:
            rows = notice_rows(store, batch)
            if not rows:
                result.warnings.append(f"批次“{batch}”中尚无复核通过的申报，拟资助名单为空")

            def write(fh, rows=rows):
                result.notice = write_notice(rows, fh, keywords=head_of(store), batch=batch,
                                             issuer=issuer or "", notice_date=sheet_date)
            digest = staged.write(dest, write)
        result.files.append(ExportedFile(dest, kind, digest, app_id))
        if progress is not None:
            progress(done + 1, total, dest.name)
