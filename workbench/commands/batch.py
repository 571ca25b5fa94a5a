"""`batch create|import|list|show|replace`: application batches (申报批次)."""
from __future__ import annotations

from pathlib import Path

from workbench.core.domain.text_safety import visible

from ._review_cli import add_actor, print_json, run_with_store

_MARK = {"imported": "✓", "duplicate": "=", "replaced": "↻", "refused": "✗", "conflict": "!",
         "failed": "✗"}


def register(sub) -> None:
    p = sub.add_parser("batch", help="申报批次：导入、查看、替换",
                       description="把申报表（文件或整个文件夹）导入命名的批次；每份申报要么完整入库，要么不入库。")
    s = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    c = s.add_parser("create", help="新建批次")
    c.add_argument("name", metavar="批次")
    c.add_argument("--note", default="")
    add_actor(c)
    c.set_defaults(func=_create)
    i = s.add_parser("import", help="导入申报表或文件夹到批次（批次不存在则新建）",
                     description="退出码：0 全部导入或已存在；1 有文件被拒收、与本批次已有申报冲突或被拒绝。")
    i.add_argument("name", metavar="批次")
    i.add_argument("paths", nargs="+", metavar="文件或文件夹")
    i.add_argument("--replace", action="store_true",
                   help="同一企业在本批次已有申报时，用新文件替换（须 --reason）")
    i.add_argument("--reason", default="", help="替换理由")
    i.add_argument("--quiet", action="store_true", help="不显示逐个文件的进度")
    add_actor(i)
    i.set_defaults(func=_import)
    ls = s.add_parser("list", help="列出批次")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    sh = s.add_parser("show", help="批次中的申报及各条款合计（申请、建议、核定）")
    sh.add_argument("name", metavar="批次")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=_show)
    r = s.add_parser("replace", help="用更正后的申报表替换一份未审定的申报（须写理由）")
    r.add_argument("application", type=int, metavar="申报编号")
    r.add_argument("path", type=Path, metavar="新申报表")
    r.add_argument("--reason", required=True)
    add_actor(r)
    r.set_defaults(func=_replace)


def _create(args) -> int:
    from workbench.core.review.batches import create_batch

    def go(store):
        b = create_batch(store, args.name, args.actor, args.note)
        print(f"已新建批次“{b.name}”")
    return run_with_store(args, go)


def _print_item(n, total, item) -> None:
    line = f"[{n}/{total}] {_MARK.get(item.status, '?')} {visible(item.path.name)}"
    if item.application_id is not None and item.status in ("imported", "replaced"):
        line += f"：申报 #{item.application_id} {item.name}，{item.claims} 项"
    if item.message:
        line += f"　{item.message}"
    print(line, flush=True)
    for p in item.errors[:10]:
        print(f"      {p.where}　{p.message}")


def _import(args) -> int:
    from workbench.core.review.batches import import_files

    def go(store):
        report = import_files(store, args.name, args.paths, args.actor, replace=args.replace,
                              reason=args.reason, progress=None if args.quiet else _print_item)
        counts = "，".join(f"{label} {report.count(s)}" for s, label in (
            ("imported", "导入"), ("replaced", "替换"), ("duplicate", "已存在"),
            ("refused", "拒收"), ("conflict", "冲突"), ("failed", "被拒绝")) if report.count(s))
        print(f"批次“{report.batch}”：{counts or '没有文件'}")
        return report.exit_code
    return run_with_store(args, go)


def _list(args) -> int:
    from workbench.core.review.batches import list_batches

    def go(store):
        bs = list_batches(store)
        if args.json:
            print_json([b.__dict__ for b in bs])
            return 0
        for b in bs:
            print(f"{b.name}\t申报 {b.applications} 份（已审定 {b.finalized}）\t{b.created_at}\t{b.created_by}")
    return run_with_store(args, go)


def _show(args) -> int:
    from workbench.core.domain.money import fmt, s2
    from workbench.core.review.batches import get_batch
    from workbench.core.review.budget import budgets, proposal
    from workbench.core.review.decisions import applications, article_totals

    def go(store):
        get_batch(store, args.name)
        apps = applications(store, batch=args.name)
        totals = article_totals(store, batch=args.name)
        prop = proposal(store, args.name)
        if args.json:
            print_json({
                "batch": args.name,
                "applications": [{
                    "id": a.id, "name": a.name, "credit_code": a.credit_code, "year": a.year,
                    "stage": a.stage, "stage_label": a.stage_label, "source": a.source,
                    "requested": s2(a.requested), "suggested": s2(a.suggested),
                    "approved": s2(a.approved), "undecided": a.undecided,
                    "overrides": a.overrides, "first_reviewer": a.first_reviewer,
                    "second_reviewer": a.second_reviewer, "doc_no": a.doc_no} for a in apps],
                "totals": [{"article": t.article, "claims": t.claims, "requested": s2(t.requested),
                            "suggested": s2(t.suggested), "approved": s2(t.approved),
                            "undecided": t.undecided} for t in totals],
                "budgets": {k or "合计": s2(v) for k, v in budgets(store, args.name).items()},
                "budget_proposal": None if not prop.needed else prop.digest,
            })
            return 0
        print(f"批次“{args.name}”：{len(apps)} 份申报")
        for a in apps:
            flags = []
            if a.undecided:
                flags.append(f"待决定 {a.undecided} 项")
            if a.overrides:
                flags.append(f"超额核定 {a.overrides} 项")
            print(f"  #{a.id}\t{a.stage_label}\t{a.name}\t申请 {fmt(a.requested)}\t建议 {fmt(a.suggested)}"
                  f"\t核定 {fmt(a.approved)}\t{'；'.join(flags)}")
        print("条款合计（申请 / 建议 / 核定）：")
        for t in totals:
            print(f"  {t.article}\t{t.claims} 项\t{fmt(t.requested)}"
                  + (f"（含按测算 {t.as_computed} 项）" if t.as_computed else "")
                  + f"\t{fmt(t.suggested)}\t{fmt(t.approved)}"
                  + (f"\t待决定 {t.undecided}" if t.undecided else ""))
        if prop.needed:
            print(f"核定金额超出预算：可用 `budget show {args.name}` 查看按比例核减方案")
    return run_with_store(args, go)


def _replace(args) -> int:
    from workbench.core.review.batches import replace_application

    def go(store):
        item = replace_application(store, args.application, args.path, args.actor, args.reason)
        print(f"已用 {visible(item.path.name)} 替换申报 #{item.replaced}，新申报编号 #{item.application_id}")
    return run_with_store(args, go)
