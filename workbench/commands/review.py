"""`review first|second|return|history`: the stages of an application."""
from __future__ import annotations

from ._keys_cli import add_signing, signed
from ._review_cli import add_actor, run_with_store


def register(sub) -> None:
    p = sub.add_parser("review", help="审核阶段：初审完成、复核通过、退回初审",
                       description="初审完成 → 复核通过（复核人须与初审人不同）→ 审定（finalize）。"
                                   "多个申报一次办理时全部成功或全部不办。退出码：0 完成；1 被拒绝（数据库未改动）。")
    s = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    for name, help_ in (("first", "初审完成（条款（二）和需人工审核的事项须已决定）"),
                        ("second", "复核通过"), ("return", "退回初审（须写理由）")):
        a = s.add_parser(name, help=help_)
        a.add_argument("applications", type=int, nargs="+", metavar="申报编号")
        if name == "return":
            a.add_argument("--reason", required=True)
        add_actor(a)
        add_signing(a)
        a.set_defaults(func=_stage, action=name)
    h = s.add_parser("history", help="一份申报的阶段记录")
    h.add_argument("application", type=int, metavar="申报编号")
    h.set_defaults(func=_history)


def _stage(args) -> int:
    from workbench.core.review import decisions as review

    def go(store):
        if args.action == "first":
            apps = review.complete_first_review(store, args.actor, args.applications)
        elif args.action == "second":
            apps = review.confirm_second_review(store, args.actor, args.applications)
        else:
            apps = review.return_to_first(store, args.actor, args.applications, args.reason)
        for a in apps:
            print(f"{a.label}：{a.stage_label}")
        if args.action == "second":
            _joint_warning(store, apps)
    return run_with_store(args, signed(args, go))


def _joint_warning(store, apps) -> None:
    """After 复核通过: what finalize will find when these enterprises' applications at 复核完成
    are finalized together (import order, caps across applications)."""
    from workbench.core.review import decisions as review
    from workbench.core.review.joint import preview

    codes = {a.credit_code for a in apps}
    ids = [a.id for a in review.applications(store, stage="second_done") if a.credit_code in codes]
    _, breaches = preview(store, app_ids=ids)
    if breaches:
        print("审定预检（同一企业复核完成的申报按导入顺序合并核算）：")
        for b in breaches:
            print(f"  ⚠ {b.message}")


def _history(args) -> int:
    from workbench.core.domain.workflow import ACTION_LABELS, STAGE_LABELS
    from workbench.core.review.decisions import application, history

    def go(store):
        a = application(store, args.application)
        print(f"{a.label}：{a.stage_label}")
        for h in history(store, args.application):
            print(f"  {h.at}　{h.actor}　{ACTION_LABELS.get(h.action, h.action)}　"
                  f"{STAGE_LABELS[h.from_stage]} → {STAGE_LABELS[h.to_stage]}"
                  + (f"　{h.reason}" if h.reason else "") + f"　（审计第 {h.audit_seq} 条）")
    return run_with_store(args, go)
