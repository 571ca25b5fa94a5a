"""`budget set|show|accept`: batch budgets and the pro-rata reduction (按比例核减)."""
from __future__ import annotations

from ._review_cli import add_actor, amount, print_json, run_with_store


def register(sub) -> None:
    p = sub.add_parser("budget", help="批次预算与按比例核减",
                       description="预算可按条款或按批次总额设定；核定金额超出时提出按比例核减方案，由审核人员决定是否接受。")
    s = p.add_subparsers(dest="budget_command", metavar="ACTION", required=True)
    a = s.add_parser("set", help="设定预算（--article 不填为批次总额；金额写 none 为取消）")
    a.add_argument("batch", metavar="批次")
    a.add_argument("amount", metavar="金额")
    a.add_argument("--article", default="", help="条款，如 3 或 （三）")
    add_actor(a)
    a.set_defaults(func=_set)
    sh = s.add_parser("show", help="预算、条款合计与核减方案")
    sh.add_argument("batch", metavar="批次")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=_show)
    ac = s.add_parser("accept", help="接受核减方案（写为各事项的决定）：先列出方案与核减前后合计，确认后写入",
                      description="列出逐项核减（企业、项目、条款）及核减前后的核定合计，"
                                  "在终端中询问确认；非交互使用须加 --yes。退出码：0 已接受；1 被拒绝或未确认。")
    ac.add_argument("batch", metavar="批次")
    ac.add_argument("--expect", help="所看到方案的编号（show 中显示）；方案已变化则拒绝")
    ac.add_argument("--yes", action="store_true", help="已核对方案，不再询问确认")
    add_actor(ac)
    ac.set_defaults(func=_accept)


def _set(args) -> int:
    from workbench.core.review.budget import set_budget

    def go(store):
        value = None if args.amount.lower() in ("none", "取消") else amount(args.amount)
        set_budget(store, args.actor, args.batch, value, args.article)
        print("已取消预算" if value is None else "已设定预算")
    return run_with_store(args, go)


def _show(args) -> int:
    from workbench.core.domain.money import fmt, s2
    from workbench.core.review.batches import get_batch
    from workbench.core.review.budget import budgets, proposal
    from workbench.core.review.decisions import article_totals

    def go(store):
        get_batch(store, args.batch)
        b = budgets(store, args.batch)
        p = proposal(store, args.batch)
        totals = article_totals(store, batch=args.batch)
        if args.json:
            print_json({"batch": args.batch, "budgets": {k or "合计": s2(v) for k, v in b.items()},
                        "totals": [{"article": t.article, "requested": s2(t.requested),
                                    "suggested": s2(t.suggested), "approved": s2(t.approved)}
                                   for t in totals],
                        "proposal": {"id": p.digest, "needed": p.needed,
                                     "scopes": [{"scope": x.scope or "合计", "budget": s2(x.budget),
                                                 "total": s2(x.total), "fixed": s2(x.fixed),
                                                 "adjustable": s2(x.adjustable), "feasible": x.feasible,
                                                 "message": x.message} for x in p.scopes],
                                     "status": p.status_lines(),
                                     "total_now": s2(p.total_now), "total_after": s2(p.total_after),
                                     "reductions": [{"claim": r.claim_id, "application": r.application_id,
                                                     "enterprise": r.enterprise, "project": r.project,
                                                     "code": r.code, "line": r.line,
                                                     "article": r.article, "suggested": s2(r.before),
                                                     "current": s2(r.current), "proposed": s2(r.after)}
                                                    for r in p.pending]}})
            return 0
        print(f"批次“{args.batch}”预算：" + ("、".join(f"{k or '总额'} {fmt(v)}" for k, v in b.items()) or "未设定"))
        print("条款合计（申请 / 建议 / 核定）：")
        for t in totals:
            print(f"  {t.article}\t{fmt(t.requested)}\t{fmt(t.suggested)}\t{fmt(t.approved)}")
        print_proposal(p)
        if p.needed:
            print(f"接受：budget accept {args.batch} --expect {p.digest} --as 姓名")
    return run_with_store(args, go)


def print_proposal(p) -> None:
    from workbench.core.domain.money import fmt

    for line in p.status_lines():
        print(line)
    for r in p.pending:
        print(f"  {r.label}：{fmt(r.current)} → {fmt(r.after)}")


def _accept(args) -> int:
    import sys

    from workbench.core.domain.money import fmt
    from workbench.core.domain.workflow import Refused
    from workbench.core.review.budget import accept_proposal, proposal

    def go(store):
        p = proposal(store, args.batch)
        expected = args.expect or p.digest
        if args.expect and args.expect != p.digest:
            raise Refused("核减方案已变化（决定、预算或申报有改动），请重新查看后再接受")
        print_proposal(p)
        if not p.needed:
            raise Refused(f"批次“{args.batch}”没有待接受的核减方案")
        if not args.yes:
            if not sys.stdin.isatty():
                raise Refused("接受核减方案须确认：核对以上方案后加 --yes 再运行（或在终端中运行以便询问）")
            answer = input(f"确认接受核减方案 {p.digest}（核定合计 {fmt(p.total_now)} → {fmt(p.total_after)}）？[y/N] ")
            if answer.strip().lower() not in ("y", "yes", "是"):
                raise Refused("未确认，核减方案未接受")
        done = accept_proposal(store, args.actor, args.batch, expected)
        print(f"已接受核减方案 {done.digest}：{len(done.pending)} 项，核定合计 "
              f"{fmt(done.total_now)} → {fmt(done.total_after)}")
    return run_with_store(args, go)
