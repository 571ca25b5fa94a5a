"""`demo DIR`: write demo ledger and applications into DIR and import them into the store."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ._output import configure_utf8, store_problem

ORDER = ("approve", "reduce", "reject", "manual")


def register(sub) -> None:
    p = sub.add_parser(
        "demo", help="生成演示数据",
        description="在 DIR 中生成演示用的资助台账和申报表，并导入到数据库；重复运行不会重复导入。")
    p.add_argument("folder", metavar="DIR", type=Path, help="演示文件所在文件夹")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.core.app.demo import BATCH, REVIEWERS, build_demo
    from workbench.core.domain.vocabulary import STATUS_LABELS
    from workbench.core.review import batches
    from workbench.core.review.decisions import claims
    from workbench.core.store.database import Store

    configure_utf8()
    try:
        store = Store.open(args.db)
    except Exception as exc:  # noqa: BLE001 - any reason the store is unusable
        return store_problem(exc)
    with store:
        report = build_demo(args.folder, store)
        print(f"演示文件夹：{report.folder}（新生成 {len(report.written)} 个文件，保留已有 {len(report.kept)} 个）")
        led = report.ledger
        if led.errors:
            print(f"资助台账导入失败：{led.errors[0].where} {led.errors[0].message}")
            return 2
        print(f"资助台账：新增 {led.added} 条，已有 {led.skipped} 条")
        statuses: Counter = Counter()
        for item in report.imports.items:
            name = item.path.name
            if item.status == batches.REFUSED:
                print(f"  ✗ {name}：被拒收（演示）—— {item.errors[0].message}")
                continue
            # The stored results, so that a second run shows what the first one stored.
            counts = Counter(c.status for c in claims(store, item.application_id))
            statuses.update(counts)
            state = "已导入" if item.status == batches.IMPORTED else "已存在"
            text = "、".join(f"{STATUS_LABELS[s]}{counts[s]}" for s in ORDER if counts[s])
            print(f"  ✓ {name}：{state}（申报编号 {item.application_id}）{text}")
    print("事项合计：" + "、".join(f"{STATUS_LABELS[s]} {statuses[s]} 项" for s in ORDER))
    print(f"申报批次：{BATCH}；审核人员：" + "、".join(f"{n}（{r}）" for n, r in REVIEWERS))
    print(f"数据库：{args.db}")
    return 0
