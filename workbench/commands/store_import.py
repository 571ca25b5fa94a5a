"""`import APPLICATION.xlsx [MORE …]`: store applications for review."""
from __future__ import annotations

from collections import Counter

from ._output import configure_utf8, store_problem


def register(sub) -> None:
    p = sub.add_parser(
        "import", help="导入申报表以待审核",
        description="读取、测算并保存申报表；之后的申报会与其凭证编号比对。"
                    "同一文件重复导入只保存一次。退出码：2 有文件被拒收；1 有事项填写有误；0 其他。")
    p.add_argument("applications", nargs="+", metavar="APPLICATION.xlsx", help="申报表文件（可多个）")
    p.set_defaults(func=run)


def summary(outcome) -> str:
    from ..core.explain import STATUS_LABELS

    counts = Counter(r.status for r in outcome.results)
    return "、".join(f"{STATUS_LABELS[s]} {counts[s]} 项"
                     for s in ("approve", "reduce", "reject", "manual") if counts[s])


def run(args) -> int:
    from ..core.check import import_files
    from ..core.store import Store

    configure_utf8()
    try:
        store = Store.open(args.db)
    except Exception as exc:  # noqa: BLE001 - any reason the store is unusable
        return store_problem(exc)
    with store:
        outcomes = import_files(store, args.applications)
    for o in outcomes:
        name = o.app.source
        if o.refused:
            print(f"✗ {name}：被拒收，未导入")
        elif not o.stored.created:
            print(f"= {name}：该文件已导入过（申报编号 {o.stored.id}），未重复保存")
        else:
            print(f"✓ {name}：已导入（申报编号 {o.stored.id}）{o.app.applicant.name}，"
                  f"{len(o.results)} 项：{summary(o) or '无事项'}")
        for p in o.errors:
            print(f"    {p.where}　{p.message}")
    return max((o.exit_code for o in outcomes), default=0)
