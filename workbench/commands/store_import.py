"""`import APPLICATION.xlsx [MORE …]`: store applications for review, with the audit trail."""
from __future__ import annotations

from ._output import configure_utf8
from ._review_cli import add_actor, run_with_store


def register(sub) -> None:
    p = sub.add_parser(
        "import", help="导入申报表以待审核",
        description="读取、测算并保存申报表（可为文件夹）；之后的申报会与其凭证编号比对。"
                    "同一文件重复导入只保存一次。退出码：2 有文件被拒收；1 有事项填写有误或未能导入；0 其他。")
    p.add_argument("applications", nargs="+", metavar="APPLICATION.xlsx", help="申报表文件或文件夹（可多个）")
    p.add_argument("--batch", default=None, metavar="批次",
                   help="导入到该申报批次（同一企业在同一批次再次申报须用 batch import --replace）")
    add_actor(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.core.domain.text_safety import visible
    from workbench.core.review import batches
    from workbench.core.store.reviewers import headless_actor

    configure_utf8()

    def go(store) -> int:
        actor = headless_actor(store, args.actor)
        report = batches.import_files(store, args.batch, args.applications, actor)
        status = 0
        for item in report.items:
            name = visible(item.path.name)    # a file name may hold U+202E or undecodable bytes
            if item.status == batches.REFUSED:
                status = 2
                print(f"✗ {name}：被拒收，未导入")
            elif item.status == batches.IMPORTED:
                print(f"✓ {name}：已导入（申报编号 {item.application_id}）{item.name}，{item.claims} 项")
            else:
                print(f"= {name}：{item.message}")
                if item.status not in (batches.DUPLICATE, batches.REPLACED):
                    status = max(status, 1)
            if item.errors and item.status != batches.DUPLICATE:
                status = max(status, 1)
            for p in item.errors:
                print(f"    {p.where}　{p.message}")
        return status

    return run_with_store(args, go)
