"""`verify-store`, `check-store FILE`, `seal-ledger`: integrity and the audit chain."""
from __future__ import annotations

import sys

from ._review_cli import EXIT_BROKEN, add_actor, print_json, run_with_store


def register(sub) -> None:
    v = sub.add_parser("verify-store", help="检查数据库完整性与审计哈希链，指出第一处被改动的记录",
                       description="只读检查，不改动文件。退出码：0 完好；4 发现损坏或改动（列出，第一条为首个断点）；"
                       "3 无法打开数据库（找不到、不是工作台的数据库）。")
    v.add_argument("--json", action="store_true")
    v.add_argument("--all", action="store_true", help="列出全部问题（默认最多 20 条）")
    v.set_defaults(func=_verify)
    s = sub.add_parser("seal-ledger", help="把尚无审计记录的台账行（旧版本导入的）补登入审计链")
    s.add_argument("--reason", required=True)
    add_actor(s)
    s.set_defaults(func=_seal)


def print_report(report, as_json: bool, show_all: bool) -> int:
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        print(f"数据库完好：完整性检查通过，审计日志 {report.entries} 条哈希链完整，"
              f"台账 {report.ledger_rows} 行、审核决定 {report.decisions} 条均与日志相符")
    else:
        print(f"发现问题 {len(report.problems)} 处；第一处：{report.first}", file=sys.stderr)
        for p in report.problems[: None if show_all else 20]:
            print(f"  {p}", file=sys.stderr)
    return 0 if report.ok else EXIT_BROKEN


def _verify(args) -> int:
    from ..core.audit import verify_store

    return run_with_store(args, lambda store: print_report(verify_store(store), args.json, args.all),
                          readonly=True)


def _seal(args) -> int:
    from ..core.awards import seal_ledger

    def go(store):
        n = seal_ledger(store, args.actor, args.reason)
        print(f"已补登 {n} 行台账" if n else "没有需要补登的台账行")
    return run_with_store(args, go)
