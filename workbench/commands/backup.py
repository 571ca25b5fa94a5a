"""`backup DEST`, `restore BACKUP`, `check-backup FILE`: copies of the store."""
from __future__ import annotations

import sys
from pathlib import Path

from ._output import EXIT_STORE
from ._review_cli import EXIT_BROKEN, add_actor, run_with_store


def register(sub) -> None:
    b = sub.add_parser("backup", help="备份数据库（SQLite 在线备份，备份后自动检查）",
                       description="退出码：0 备份完成且检查通过；4 备份件未通过检查；1 无法写入备份位置，"
                                   "或目标是已有的非工作台文件（不会覆盖，也不记入审计日志）。")
    b.add_argument("dest", type=Path, metavar="备份文件或文件夹")
    add_actor(b)
    b.set_defaults(func=_backup)
    r = sub.add_parser("restore", help="用检查通过的备份替换数据库（原库另存）")
    r.add_argument("backup", type=Path, metavar="备份文件")
    add_actor(r)
    r.set_defaults(func=_restore)
    c = sub.add_parser("check-backup", help="检查一个备份件（只读）",
                       description="退出码：0 通过；4 未通过检查；3 找不到或不是工作台的数据库。")
    c.add_argument("file", type=Path)
    c.set_defaults(func=_check)


def _backup(args) -> int:
    from workbench.core.store.backup import backup

    def go(store):
        r = backup(store, args.dest, actor=args.actor)
        print(f"已备份到 {r.path}（{r.bytes // 1024} KB）")
        if not r.verify.ok:
            print(f"备份件未通过检查：{r.verify.first}", file=sys.stderr)
            return EXIT_BROKEN
        print("备份件检查通过")
    return run_with_store(args, go)


def _restore(args) -> int:
    from workbench.core.domain.workflow import Refused
    from workbench.core.store.backup import restore

    from ._output import configure_utf8
    from ._review_cli import EXIT_REFUSED

    configure_utf8()
    from workbench.core.store.pg.opening import is_url

    if is_url(args.db):
        print("操作被拒绝：服务器上的数据库不能被整体覆盖；请用 store copy 把备份复制到一个新的空数据库，"
              "核对后再让各台电脑改用它", file=sys.stderr)
        return EXIT_REFUSED
    try:
        saved, report = restore(args.backup, args.db, args.actor)
    except Refused as exc:
        print(f"操作被拒绝：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    if saved:
        print(f"原数据库已另存为 {saved}")
    print(f"已从 {args.backup} 恢复；检查{'通过' if report.ok else '未通过：' + str(report.first)}")
    return 0 if report.ok else EXIT_BROKEN


def _check(args) -> int:
    from workbench.core.domain.workflow import Refused
    from workbench.core.store.backup import check_file

    from ._output import configure_utf8
    from .verify_store import print_report

    configure_utf8()
    try:
        return print_report(check_file(args.file), False, False)
    except Refused as exc:      # not there, or not a workbench store: it cannot be checked
        print(str(exc), file=sys.stderr)
        return EXIT_STORE
