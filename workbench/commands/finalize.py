"""`finalize`, `amend`, `recompute`: writing approved amounts into the award ledger."""
from __future__ import annotations

from ._keys_cli import add_signing, signed
from ._review_cli import add_actor, amount, print_json, run_with_store


def register(sub) -> None:
    f = sub.add_parser("finalize", help="审定：锁定复核通过的申报，核定金额写入资助台账",
                       description="与台账写入在同一事务中完成；随后重算尚未审定的申报并列出变化。"
                                   "退出码：0 完成；1 被拒绝（数据库未改动）。")
    g = f.add_mutually_exclusive_group(required=True)
    g.add_argument("--batch", help="审定该批次中所有复核通过的申报")
    g.add_argument("--app", type=int, nargs="+", dest="apps", metavar="申报编号")
    f.add_argument("--doc-no", required=True, help="批准文号")
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
    from ..core.money import fmt

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
    from ..core.awards import finalize
    from ..core.money import fmt

    def go(store):
        r = finalize(store, args.actor, args.doc_no, batch=args.batch, app_ids=args.apps)
        if args.json:
            print_json({"doc_no": r.doc_no, "applications": r.applications,
                        "ledger_rows": r.ledger_rows, "total": f"{r.total:.2f}",
                        "overrides": r.overrides, "audit_seq": r.seq,
                        "changed": [c.as_dict() for c in r.recompute.changed],
                        "returned": r.recompute.returned})
            return 0
        print(f"已审定 {len(r.applications)} 份申报（文号 {r.doc_no}），写入台账 {r.ledger_rows} 行，"
              f"合计 {fmt(r.total)} 元" + (f"，其中超额核定 {r.overrides} 项" if r.overrides else ""))
        print_changes(r.recompute)
    return run_with_store(args, signed(args, go))


def _amend(args) -> int:
    from ..core.awards import amend
    from ..core.money import fmt

    def go(store):
        r = amend(store, args.actor, args.claim, amount(args.amount), args.reason, args.doc_no,
                  override_reason=args.override_reason)
        print(f"已更正事项 #{r.claim_id}：{fmt(r.old)} → {fmt(r.new)}（台账冲销并重记 {r.ledger_rows} 行）"
              + ("，超额核定" if r.override else ""))
        print_changes(r.recompute)
    return run_with_store(args, signed(args, go))


def _recompute(args) -> int:
    from ..core.recompute import recompute
    from ..core.reviewers import require
    from ..core.txn import write

    def go(store):
        with write(store) as conn:
            require(conn, args.actor)
            ids = [r[0] for r in conn.execute("SELECT id FROM applications WHERE stage != 'finalized'")]
            rc = recompute(store, conn, args.actor, ids, cause="手动重算")
        print_changes(rc)
        if not rc.changed:
            print("没有变化")
    return run_with_store(args, go)
