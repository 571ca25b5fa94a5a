"""Batches (申报批次): importing workbooks into a named batch, and replacing a resubmission.

Each application is read outside any transaction (reading is the slow part), then settled and
stored with its stage and its audit entry in one BEGIN IMMEDIATE transaction, so a crash or a
kill leaves every application either whole or absent. Settling inside the transaction means
two workbenches importing at once still see each other's voucher numbers.

The same file again (same sha256) is recognised and not stored twice, whatever the batch. A
different file from an enterprise that already has an application in the batch for the same
year and the same project or voucher (a corrected resubmission) is *not* imported unless the caller asks for a replacement with a reason: the earlier application
(which must not be finalized) is removed, the new one stored, and the replacement recorded
(table `replacements` and the audit log keep what was replaced and why).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.domain.model import Application, Problem
from workbench.core.domain.workflow import Refused
from workbench.core.intake.reading import read_many
from workbench.core.intake.submission import read_application
from workbench.core.intake.walk import collect_files
from workbench.core.review.check import input_errors
from workbench.core.review.recompute import recompute
from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.rules.settle import settle_application
from workbench.core.store import audit, batches_repo, review_repo, usage_repo
from workbench.core.store.batches_repo import Batch
from workbench.core.store.database import Store
from workbench.core.store.grouped import GroupedWrites
from workbench.core.store.reviewers import require, require_found

__all__ = [
    "Batch", "ImportItem", "ImportReport", "create_batch", "list_batches", "get_batch",
    "collect_files", "import_files", "replace_application", "IMPORTED", "DUPLICATE", "REFUSED",
    "CONFLICT", "REPLACED", "FAILED",
]

IMPORTED, DUPLICATE, REFUSED, CONFLICT, REPLACED, FAILED = (
    "imported", "duplicate", "refused", "conflict", "replaced", "failed")


@dataclass
class ImportItem:
    path: Path
    status: str                          # one of the constants above
    application_id: int | None = None
    name: str = ""                       # the applicant's name, when read
    claims: int = 0
    message: str = ""
    errors: list[Problem] = field(default_factory=list)
    replaced: int | None = None          # the application a replacement removed


@dataclass
class ImportReport:
    batch: str
    items: list[ImportItem] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def exit_code(self) -> int:
        """0: all stored or already there; 1: something was not imported."""
        return 0 if all(i.status in (IMPORTED, DUPLICATE, REPLACED) for i in self.items) else 1


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Refused("批次名称不能为空")
    if len(name) > 60:
        raise Refused("批次名称过长（最多 60 个字）")
    return name


def _create(store: Store, name: str, actor: str, note: str) -> Batch:
    e = audit.record(store, actor, "batch_create", f"batch:{name}", {"name": name, "note": note})
    return Batch(batches_repo.add_batch(store, name, note, e.at, actor, e.seq), name, note, e.at, actor)


def create_batch(store: Store, name: str, actor: str, note: str = "") -> Batch:
    name = _clean_name(name)
    with store.transaction():
        require(store, actor)
        if review_repo.batch_exists(store, name):
            raise Refused(f"批次“{name}”已存在")
        return _create(store, name, actor, " ".join(note.split()))


def get_batch(store: Store, name: str) -> Batch:
    for b in list_batches(store):
        if b.name == name:
            return b
    raise Refused(f"找不到批次“{name}”")


def list_batches(store: Store) -> list[Batch]:
    return batches_repo.list_batches(store)


def _earlier_versions(store: Store, app: Application, batch: str) -> list:
    """The enterprise's applications in this batch that this file is a corrected version of:
    same application year and at least one claim for the same project (under the same code) or
    with the same voucher. A file of the same enterprise with other projects and vouchers is
    another application, stored beside the first; caps then hold across both (finalize takes
    them in import order, and each says that it shares a cap with the other)."""
    vouchers, projects = _keys(app)
    return batches_repo.earlier_versions(
        store, batch=batch, credit_code=app.applicant.credit_code, year=app.applicant.year,
        voucher_keys=vouchers, projects=projects)


def _keys(app: Application) -> tuple[list[str], list[str]]:
    """The voucher keys and projects ('code' + chr(31) + project key) of the claims."""
    projects = sorted({f"{c.code or ''}\x1f{c.project_key}" for c in app.claims if c.project_key})
    vouchers = sorted({c.voucher_key for c in app.claims if c.voucher_key})
    return vouchers, projects


def _read_ahead(store: Store, app: Application, batch: str, actor: str) -> batches_repo.ReadAhead:
    """The reviewer, the file's stored copy, its earlier versions and the usage to settle it
    against, read at once (on a server, one round trip): reads only, what is not needed
    (a file already stored, a resubmission) is read for nothing."""
    vouchers, projects = _keys(app)
    return batches_repo.read_ahead(store, app, batch=batch, actor=actor, voucher_keys=vouchers,
                                   projects=projects)


def _store_one(store: Store, app: Application, rules: RuleSet, batch: str, actor: str,
               *, replace: bool, reason: str, path: Path,
               replace_id: int | None = None, check_actor: bool = False) -> ImportItem:
    """check_actor: the reviewer is checked first (reviewers.require)."""
    a = app.applicant
    item = ImportItem(path, IMPORTED, name=a.name, claims=len(app.claims))
    ahead = None
    if app.file_hash and replace_id is None and batch is not None:
        ahead = _read_ahead(store, app, batch, actor)
        if check_actor:
            require_found(actor, ahead.reviewer)
        existing = ahead.stored
    else:
        if check_actor:
            require(store, actor)
        existing = batches_repo.by_file_hash(store, app.file_hash) if app.file_hash else None
    if existing:
        item.status, item.application_id = DUPLICATE, existing[0]
        where = f"批次“{existing[1]}”" if existing[1] else "数据库"
        item.message = f"同一文件已在{where}中（申报 #{existing[0]}），未重复保存"
        return item
    if replace_id is not None:
        same = batches_repo.versions(store, replace_id)
    elif batch is None:
        same = []
    else:
        same = ahead.earlier if ahead is not None else _earlier_versions(store, app, batch)
    old = None
    if same:
        if not replace:
            item.status, item.application_id = CONFLICT, same[0][0]
            item.message = (f"{a.name}（{a.credit_code}）在本批次已有申报 #{same[0][0]}；"
                            "如这是更正后的重新申报，请用“替换”（--replace 并写明理由）")
            return item
        old = same[-1]
        if old[1] == "finalized":
            raise Refused(f"原申报 #{old[0]} 已审定，不能替换；如需更正请办理更正（amend）")
        if not " ".join(reason.split()):
            raise Refused("替换原申报须写明理由")
        undone = batches_repo.decided_claims(store, old[0])
        # The earlier application's vouchers must not count as duplicates of the corrected
        # one; it is removed only after the new one is stored, so the new one gets a fresh
        # id (SQLite would hand the highest id out again) and no log entry becomes ambiguous.
        batches_repo.forget_vouchers(store, old[0])
    if ahead is not None and old is None:
        # read before anything was written, with no application skipped: as usage_for now
        usage = usage_repo.usage_from(store, app, rules, ahead.usage_rows)
    else:
        usage = store.usage_for(app, rules, skip=() if old is None else (old[0],))
    results = settle_application(app, rules, usage)
    item.errors = input_errors(app, results)
    # Inside the import's transaction: add_application's own transaction nests in it.
    stored = store.add_application(app, results, rule_set=rules.version, batch=batch)
    if old is not None:
        batches_repo.delete_application(store, old[0])
    item.application_id = stored.id
    details = {"stages": {str(stored.id): "imported"}, "file_hash": app.file_hash,
               "source": Path(app.source).name, "credit_code": a.credit_code, "name": a.name,
               "year": a.year, "batch": batch, "claims": len(results),
               "rule_set": rules.version}
    if old is None:
        e = audit.record(store, actor, "import", f"application:{stored.id}", details)
    else:
        details.update({"replaced": old[0], "old_file_hash": old[2], "old_source": old[3],
                        "reason": " ".join(reason.split()), "undone": undone})
        e = audit.record(store, actor, "replace", f"application:{stored.id}", details)
        batches_repo.add_replacement(store, batch=batch, credit_code=a.credit_code, old=old,
                                     new_application=stored.id, reason=details["reason"],
                                     actor=actor, at=e.at, seq=e.seq)
        item.status, item.replaced = REPLACED, old[0]
        item.message = f"已替换原申报 #{old[0]}"
    # The enterprise's other open applications now share caps with this one: settle them
    # again so that their explanations say so too (amounts do not move: settling counts
    # only the ledger and the application's own claims).
    others = batches_repo.set_stage_seq_then_open_others(store, stored.id, e.seq, a.credit_code)
    if others:
        recompute(store, actor, others, rules=rules, cause=f"导入申报 #{stored.id}")
    return item


def import_files(store: Store, batch: str | None, paths: Iterable[str | Path], actor: str, *,
                 rules: RuleSet | None = None, note: str = "", replace: bool = False,
                 reason: str = "",
                 progress: Callable[[int, int, ImportItem], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 workers: int | None = None) -> ImportReport:
    """Import workbooks and folders into `batch` (created if new), one transaction each.

    progress(done, total, item) is called after each file; `cancelled()` returning True stops
    before the next file (what is imported stays imported). A refused or conflicting file is
    reported in its item and the others go on. `workers`: reader processes, as in
    `reading.read_many` (None: the default; 0: read in this process).
    """
    rules = rules or default_ruleset()
    # No batch: the plain `import` of formats.md, outside any batch (and its resubmission rule).
    batch = _clean_name(batch) if batch is not None else None
    files = collect_files(paths)
    report = ImportReport(batch)
    with store.transaction():
        require(store, actor)
        if batch is not None and not review_repo.batch_exists(store, batch):
            _create(store, batch, actor, " ".join(note.split()))
    # Workers read the next files while this process settles and stores (reading.py); a file
    # that crashes or hangs a worker comes back refused, and this process, which holds the
    # store, goes on.
    reads = read_many(files, workers=workers)
    # Commits not synced one by one: see Store.import_durability for why that is safe here.
    # Many applications per transaction, each in its own savepoint (grouped.py): each is still
    # whole or absent, and vouched for by its own audit entry.
    with closing(reads), store.import_durability(), GroupedWrites(store) as group:
        for n, path in enumerate(files, start=1):
            if cancelled and cancelled():
                report.cancelled = True
                break
            _, app = next(reads)
            if app.refused or app.applicant is None:
                item = ImportItem(path, REFUSED, errors=list(app.errors),
                                  message="申报表被拒收：" + "；".join(p.message for p in app.errors[:3]))
            else:
                try:
                    with group.item():
                        item = _store_one(store, app, rules, batch, actor, replace=replace,
                                          reason=reason, path=path, check_actor=True)
                except Refused as exc:
                    item = ImportItem(path, FAILED, name=app.applicant.name, message=str(exc))
            report.items.append(item)
            if progress:
                progress(n, len(files), item)
    return report


def replace_application(store: Store, old_id: int, path: str | Path, actor: str, reason: str, *,
                        rules: RuleSet | None = None) -> ImportItem:
    """Replace application `old_id` by the corrected workbook at `path` (same enterprise,
    same batch), with a reason. Raises Refused when it cannot."""
    rules = rules or default_ruleset()
    path = Path(path)
    app = read_application(path)
    if app.refused or app.applicant is None:
        raise Refused("申报表被拒收：" + "；".join(p.message for p in app.errors[:3]))
    with store.transaction():
        require(store, actor)
        found = review_repo.app_rows(store, [old_id], columns=("batch", "credit_code"))
        if not found:
            raise Refused(f"找不到申报 #{old_id}")
        old = (found[0]["batch"], found[0]["credit_code"])
        if old[1] != app.applicant.credit_code:
            raise Refused(f"新申报表的统一社会信用代码 {app.applicant.credit_code} 与原申报 #{old_id} "
                          f"的 {old[1]} 不同，不能替换")
        if not " ".join((reason or "").split()):
            raise Refused("替换原申报须写明理由")
        item = _store_one(store, app, rules, old[0], actor, replace=True, reason=reason,
                          path=path, replace_id=old_id)
        if item.status == DUPLICATE:
            raise Refused(item.message)
        return item
