"""`finalize`, `amend`, `recompute`: writing approved amounts into the award ledger."""
from __future__ import annotations

from ._keys_cli import add_signing, signed
from ._review_cli import Usage, add_actor, amount, print_json, run_with_store


def register(sub) -> None:
    f = sub.add_parser("finalize", help="审定：锁定复核通过的申报，核定金额写入资助台账",
                       description="与台账写入在同一事务中完成；随后重算尚未审定的申报并列出变化。"
                                   "退出码：0 完成；1 被拒绝（数据库未改动）。")
    g = f.add_mutually_exclusive_group(required=True)
    g.add_argument("--batch", help="审定该批次中所有复核通过的申报")
    g.add_argument("--app", type=int, nargs="+", dest="apps", metavar="申报编号")
    f.add_argument("--doc-no", help="批准文号（--dry-run 时可不填）")
    f.add_argument("--override-reason", default="",
                   help="同一企业多份申报按导入顺序合并核算后超出上限或一次性限制时，确需超额审定的理由")
    f.add_argument("--dry-run", action="store_true",
                   help="只预检：按导入顺序合并核算上限，列出超出之处，不写入（有超出时退出码 1）")
    f.add_argument("--json", action="store_true")
    add_actor(f)
    add_signing(f)
    f.set_defaults(func=_finalize)
    a = sub.add_parser("amend", help="审定后更正：冲销原台账金额并写入新金额（不改历史）")
    a.add_argument("claim", type=int, metavar="事项编号")
    a.add_argument("--amount", required=True, metavar="金额")
    a.add_argument("--reason", required=True)
    a.add_argument("--doc-no", required=True, help="更正文号")
    a.add_argument("--override-reason", default="")
    add_actor(a)
    add_signing(a)
    a.set_defaults(func=_amend)
    r = sub.add_parser("recompute", help="按当前台账重算所有未审定申报的建议金额并列出变化")
    add_actor(r)
    r.set_defaults(func=_recompute)


def print_changes(rc) -> None:
    from workbench.core.domain.money import fmt

    if not rc.checked:
        return
    print(f"已重算未审定申报 {rc.checked} 份：建议金额变化 {len(rc.changed)} 项"
          + (f"，退回初审 {len(rc.returned)} 份" if rc.returned else ""))
    for c in rc.changed:
        print(f"  申报 #{c.application_id} 第{c.line}项 条款{c.code}：{c.old_status} {fmt(c.old_suggested)}"
              f" → {c.new_status} {fmt(c.new_suggested)}" + ("（原按建议的决定已撤回）" if c.decision_withdrawn else ""))
    for app_id, why in rc.skipped:
        print(f"  申报 #{app_id}：{why}")


def _finalize(args) -> int:
    from workbench.core.domain.money import fmt
    from workbench.core.review.awards import finalize

    def go(store):
        if args.dry_run:
            return _preview(store, args)
        if not args.doc_no:
            raise Usage("审定须填写批准文号（--doc-no）")
        r = finalize(store, args.actor, args.doc_no, batch=args.batch, app_ids=args.apps,
                     override_reason=args.override_reason)
        if args.json:
            print_json({"doc_no": r.doc_no, "applications": r.applications,
                        "ledger_rows": r.ledger_rows, "total": f"{r.total:.2f}",
                        "overrides": r.overrides, "audit_seq": r.seq,
                        "breaches": [b.as_dict() for b in r.breaches],
                        "changed": [c.as_dict() for c in r.recompute.changed],
                        "returned": r.recompute.returned})
            return 0
        print(f"已审定 {len(r.applications)} 份申报（文号 {r.doc_no}），写入台账 {r.ledger_rows} 行，"
              f"合计 {fmt(r.total)} 元" + (f"，其中超额核定 {r.overrides} 项" if r.overrides else ""))
        print("按导入顺序合并核算上限：" + "、".join(f"#{i}" for i in r.applications))
        if r.breaches:
            print(f"跨申报超出上限、按超额审定入账（理由：{args.override_reason.strip()}）：")
            for b in r.breaches:
                print(f"  {b.message}")
        print_changes(r.recompute)
    return run_with_store(args, signed(args, go))


def _preview(store, args) -> int:
    from pathlib import Path

    from workbench.core.review.joint import preview

    apps, breaches = preview(store, batch=args.batch, app_ids=args.apps)
    if args.json:
        print_json({"order": [a["id"] for a in apps], "breaches": [b.as_dict() for b in breaches]})
        return 1 if breaches else 0
    if not apps:
        print("没有可审定的申报")
        return 0
    print("审定顺序（按导入时间）：" + "、".join(f"#{a['id']} {a['name']}（{Path(a['source']).name}）"
                                     for a in apps))
    if not breaches:
        print("合并核算后各上限与一次性限制均未超出")
        return 0
    print(f"合并核算后超出 {len(breaches)} 处（审定将被拒绝，除非写明超额理由）：")
    for b in breaches:
        print(f"  {b.message}")
    return 1


def _amend(args) -> int:
    from workbench.core.domain.money import fmt
    from workbench.core.review.awards import amend

    def go(store):
        r = amend(store, args.actor, args.claim, amount(args.amount), args.reason, args.doc_no,
                  override_reason=args.override_reason)
        print(f"已更正事项 #{r.claim_id}：{fmt(r.old)} → {fmt(r.new)}（台账冲销并重记 {r.ledger_rows} 行）"
              + ("，超额核定" if r.override else ""))
        print_changes(r.recompute)
    return run_with_store(args, signed(args, go))


def _recompute(args) -> int:
    from workbench.core.review.recompute import recompute
    from workbench.core.store import review_repo
    from workbench.core.store.reviewers import require

    def go(store):
        with store.transaction():
            require(store, args.actor)
            ids = review_repo.open_app_ids(store)
            rc = recompute(store, args.actor, ids, cause="手动重算")
        print_changes(rc)
        if not rc.changed:
            print("没有变化")
    return run_with_store(args, go)
