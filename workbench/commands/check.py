"""`check APPLICATION.xlsx [--json]`: settle one file against the store without changing it."""
from __future__ import annotations

import json
import sys

from ._output import configure_utf8, store_problem


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="测算一份申报表（不改动数据库）",
        description="按规则集和数据库中的资助台账、已导入申报测算一份申报表，不改动数据库。"
                    "退出码：2 文件被拒收；1 有事项填写有误；0 其他。")
    p.add_argument("application", metavar="APPLICATION.xlsx", help="申报表文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（供其他程序读取）")
    p.set_defaults(func=run)


def run(args) -> int:
    from workbench.core.review.check import check_file, check_json
    from workbench.core.store.database import Store, StoreError

    from ._check_table import check_table

    configure_utf8()
    try:
        store = Store.open_readonly(args.db)
    except StoreError as exc:
        return store_problem(exc)
    with store:
        outcome = check_file(args.application, store)
    if args.json:
        sys.stdout.write(json.dumps(check_json(outcome), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(check_table(outcome))
    return outcome.exit_code
