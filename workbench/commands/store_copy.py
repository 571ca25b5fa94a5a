"""`store copy SRC DST`: a whole store copied between a SQLite file and a PostgreSQL server."""
from __future__ import annotations

import sys

from ._output import EXIT_STORE
from ._review_cli import EXIT_BROKEN


def register(sub) -> None:
    s = sub.add_parser("store", help="数据库的整体操作（在 SQLite 文件与 PostgreSQL 服务器之间复制）")
    ops = s.add_subparsers(dest="store_command", metavar="OPERATION", required=True)
    c = ops.add_parser(
        "copy", help="把整个数据库复制到新的位置（SQLite → PostgreSQL 或反向），复制后两边各自核对",
        description="目标须是新的：不存在的 SQLite 文件，或没有任何表的 PostgreSQL 数据库。"
                    "每一行（含审计日志）原样复制，不新增审计记录，两边审计链末尾相同。"
                    "退出码：0 完成且两边核对通过；4 核对未通过；3 无法打开或目标不是新的。")
    c.add_argument("source", metavar="SRC", help="源：数据库文件或 postgresql://…")
    c.add_argument("dest", metavar="DST", help="目标：新的数据库文件或 postgresql://…")
    c.set_defaults(func=_copy)


def _copy(args) -> int:
    from workbench.core.app.paths import store_arg
    from workbench.core.store.database import StoreError
    from workbench.core.store.engine_copy import copy_store

    from ._output import configure_utf8

    configure_utf8()

    def progress(done: int, total: int) -> None:
        if total and sys.stderr.isatty():
            print(f"\r已复制 {done}/{total} 行", end="", file=sys.stderr)

    try:
        report = copy_store(store_arg(args.source), store_arg(args.dest), progress)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE
    if sys.stderr.isatty():
        print(file=sys.stderr)
    rows = sum(report.rows.values())
    print(f"已复制 {report.source} → {report.dest}：{len(report.rows)} 张表，共 {rows} 行")
    for side, check, head in (("源", report.source_check, report.source_head),
                              ("目标", report.dest_check, report.dest_head)):
        state = "核对通过" if check.ok else f"核对未通过：{check.first}"
        end = f"审计日志末条第 {head[0]} 条，哈希 {head[1][:16]}…" if head else "审计日志为空"
        print(f"{side}：{state}；{end}")
    if not report.ok:
        if report.source_head != report.dest_head:
            print("两边审计链末尾不同", file=sys.stderr)
        return EXIT_BROKEN
    return 0
