"""`ledger import LEDGER.xlsx`: add past awards (资助台账) to the store, all rows or none."""
from __future__ import annotations

import sys

from ._output import configure_utf8
from ._review_cli import add_actor, run_with_store


def register(sub) -> None:
    p = sub.add_parser("ledger", help="资助台账", description="资助台账（已发放的资助）")
    ledger_sub = p.add_subparsers(dest="ledger_command", metavar="操作")
    imp = ledger_sub.add_parser(
        "import", help="导入资助台账工作簿",
        description="导入“资助台账”工作表。整份文件要么全部导入，要么（有任何错误时）一条也不导入；"
                    "与已导入记录完全相同的行会跳过并计数。导入记入审计日志，并重新测算未审定的申报。")
    imp.add_argument("ledger", metavar="LEDGER.xlsx", help="台账文件")
    add_actor(imp)
    imp.set_defaults(func=run_import)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_import(args) -> int:
    from workbench.core.review.awards import import_ledger
    from workbench.core.store.reviewers import headless_actor

    configure_utf8()

    def go(store) -> int:
        actor = headless_actor(store, args.actor)
        report, recomputed = import_ledger(
            store, args.ledger, actor, progress=lambda n: print(f"  已检查 {n} 行…", file=sys.stderr))
        if report.errors:
            print(f"台账“{report.source}”有 {len(report.errors)} 处错误，未导入任何记录：")
            for p in report.errors:
                print(f"  {p.where}　{p.message}")
            return 2
        print(f"台账“{report.source}”导入完成：新增 {report.added} 条，跳过 {report.skipped} 条（已导入过）。")
        changed = len(getattr(recomputed, "changed", ()) or ())
        if changed:
            print(f"已按新台账重新测算未审定的申报：{changed} 项事项的建议金额有变化。")
        return 0

    return run_with_store(args, go)
