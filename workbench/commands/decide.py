"""`claims APP`, `decide CLAIM …`, `undo CLAIM`: decisions on claims during first review."""
from __future__ import annotations

from ._review_cli import add_actor, amount, print_json, run_with_store


def register(sub) -> None:
    c = sub.add_parser("claims", help="列出一份申报的事项及其审核决定")
    c.add_argument("application", type=int, metavar="申报编号")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_claims)
    d = sub.add_parser(
        "decide", help="对一个事项作出决定：同意建议、调整金额或不予支持",
        description="与系统建议不同的决定须写明理由（--reason）；超过规则允许金额的须另写超额理由"
                    "（--override-reason），并标记为超额核定。多人同时审核时用 --seen 写明所见的决定版本，"
                    "他人其间改动过的决定不会被覆盖。退出码：0 已记录；1 被拒绝（数据库未改动）；2 参数有误。")
    d.add_argument("claim", type=int, metavar="事项编号")
    g = d.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", action="store_true", help="同意系统建议金额")
    g.add_argument("--amount", metavar="金额", help="核定为另一金额")
    g.add_argument("--reject", action="store_true", help="不予支持（0 元）")
    d.add_argument("--reason", default="")
    d.add_argument("--override-reason", default="")
    _add_seen(d)
    add_actor(d)
    d.set_defaults(func=_decide)
    u = sub.add_parser("undo", help="撤销一个事项的决定（初审阶段）")
    u.add_argument("claim", type=int, metavar="事项编号")
    _add_seen(u)
    add_actor(u)
    u.set_defaults(func=_undo)


def _add_seen(p) -> None:
    p.add_argument(
        "--seen", type=int, metavar="SEQ", default=None,
        help="所见的决定版本（claims 申报编号 --json 中的 decision_seq；0 表示当时还没有决定）。"
             "该事项的决定其间已被他人改动或撤销时拒绝办理（退出码 1，数据库未改动），"
             "并说明由谁、何时改动；不写则不作此检查")


def claim_json(c) -> dict:
    from workbench.core.domain.money import s2
    from workbench.core.domain.totals import as_computed, requested_amount

    return {"claim": c.claim_id, "application": c.application_id, "line": c.line, "code": c.code,
            "article": c.article, "project": c.project, "requested": s2(c.requested),
            # What totals count (a blank request as computed, 按测算): totals.py.
            "requested_counted": s2(requested_amount(c.requested, c.computed)),
            "as_computed": as_computed(c.requested, c.computed),
            "computed": s2(c.computed), "suggested": s2(c.suggested), "status": c.status,
            "decision": c.decision, "approved": s2(c.approved), "effective": s2(c.effective),
            "reason": c.reason, "override": c.override, "override_reason": c.override_reason,
            "explicit": c.explicit, "amended": c.amended, "decided_by": c.decided_by,
            "decision_seq": c.decision_seq,
            "needs_decision": c.needs_decision, "explanation": c.explanation}


def _claims(args) -> int:
    from workbench.core.domain.money import fmt
    from workbench.core.domain.totals import requested_text
    from workbench.core.domain.vocabulary import STATUS_LABELS
    from workbench.core.review.decisions import application, claims

    def go(store):
        a = application(store, args.application)
        cs = claims(store, args.application)
        if args.json:
            print_json({"application": a.id, "name": a.name, "stage": a.stage,
                        "undecided": a.undecided, "claims": [claim_json(c) for c in cs]})
            return 0
        print(f"{a.label}　{a.stage_label}　批次 {a.batch or '—'}"
              + (f"　待审核人员决定 {a.undecided} 项" if a.undecided else "　无待决定事项"))
        for c in cs:
            print(f"  事项 #{c.claim_id}　第{c.line}项　条款{c.code or '?'}　{c.project}")
            print(f"      申请 {requested_text(c.requested, c.computed)}　建议 {fmt(c.suggested)}（{STATUS_LABELS.get(c.status, c.status)}）"
                  f"　核定 {fmt(c.approved)}　{c.decision_label}"
                  + (f"　理由：{c.reason}" if c.reason else "")
                  + (f"　超额理由：{c.override_reason}" if c.override_reason else ""))
            for line in c.shared_caps:
                print(f"      ⚠ {line}")
    return run_with_store(args, go)


def _decide(args) -> int:
    from workbench.core.domain.money import fmt
    from workbench.core.review.decisions import decide

    if args.accept:
        kind, value = "accept", None
    elif args.reject:
        kind, value = "reject", None
    else:
        kind = "amount"

    def go(store):
        v = decide(store, args.actor, args.claim, kind,
                   amount(args.amount) if kind == "amount" else value,
                   args.reason, args.override_reason, seen=args.seen)
        print(f"已记录：事项 #{v.claim_id}（第{v.line}项）{v.decision_label}，核定 {fmt(v.approved)}")
    return run_with_store(args, go)


def _undo(args) -> int:
    from workbench.core.review.decisions import undo

    def go(store):
        v = undo(store, args.actor, args.claim, seen=args.seen)
        print(f"已撤销事项 #{v.claim_id}（第{v.line}项）的决定")
    return run_with_store(args, go)
