"""`reviewer add|list|disable`: reviewer profiles on this PC."""
from __future__ import annotations

from workbench.core.domain.vocabulary import ROLES

from ._review_cli import add_actor, print_json, run_with_store


def register(sub) -> None:
    p = sub.add_parser("reviewer", help="审核人员（姓名、角色）",
                       description="管理本机的审核人员。第一位审核人员以本人名义添加，此后由已有审核人员添加。")
    s = p.add_subparsers(dest="reviewer_command", metavar="ACTION", required=True)
    a = s.add_parser("add", help="添加审核人员")
    a.add_argument("name", metavar="姓名")
    a.add_argument("--role", required=True, choices=list(ROLES))
    add_actor(a)
    a.set_defaults(func=_add)
    ls = s.add_parser("list", help="列出审核人员")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    d = s.add_parser("disable", help="停用审核人员（记录保留）")
    d.add_argument("name", metavar="姓名")
    add_actor(d)
    d.set_defaults(func=_disable)


def _add(args) -> int:
    from workbench.core.store.reviewers import add_reviewer

    def go(store):
        r = add_reviewer(store, args.name, args.role, actor=args.actor)
        print(f"已添加审核人员：{r.name}（{r.role}）")
    return run_with_store(args, go)


def _list(args) -> int:
    from workbench.core.store.reviewers import list_reviewers

    def go(store):
        rs = list_reviewers(store)
        if args.json:
            print_json([r.__dict__ for r in rs])
        for r in rs if not args.json else ():
            print(f"{r.name}\t{r.role}\t{'在用' if r.active else '已停用'}")
    return run_with_store(args, go)


def _disable(args) -> int:
    from workbench.core.store.reviewers import disable_reviewer

    def go(store):
        disable_reviewer(store, args.name, actor=args.actor)
        print(f"已停用审核人员：{args.name}")
    return run_with_store(args, go)
