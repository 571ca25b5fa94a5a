"""`export sheet|batch`: review sheets (PDF), the batch summary and the public-notice list."""
from __future__ import annotations

import sys
from pathlib import Path

from ._keys_cli import guarded
from ._review_cli import Usage, add_actor, print_json, run_with_store

_KINDS = {"sheets": ("sheets",), "summary": ("summary",), "notice": ("notice",),
          "all": ("sheets", "summary", "notice")}
_EXITS = "退出码：0 完成；1 被拒绝（如找不到申报或批次、目标文件已签署）；2 参数错误或缺少中文字体；3 无法打开数据库。"


def _roles(text: str) -> tuple[str, ...]:
    from workbench.core.signing.identities import normalize_role
    from workbench.core.signing.signer import SigningError

    try:
        roles = tuple(normalize_role(t) for t in text.replace("，", ",").split(",") if t.strip())
    except SigningError as exc:
        raise Usage(str(exc)) from exc
    if not roles:
        raise Usage("至少须有一个签署角色")
    return roles


def register(sub) -> None:
    p = sub.add_parser("export", help="导出审核表（PDF）、批次汇总表与拟资助名单",
                       description="导出的每个文件及其 SHA-256 记入审计日志。" + _EXITS)
    s = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    one = s.add_parser("sheet", help="导出一份申报的审核表", description=_EXITS)
    one.add_argument("application", type=int, metavar="申报编号")
    one.add_argument("--out", type=Path, required=True, metavar="DIR", help="导出到的文件夹")
    one.add_argument("--doc-no", default=None, help="印在审核表上的文号（默认为审定时的批准文号）")
    _common(one)
    one.set_defaults(func=_sheet)
    b = s.add_parser("batch", help="导出一个批次的审核表、汇总表和拟资助名单", description=_EXITS)
    b.add_argument("batch", metavar="批次")
    b.add_argument("--out", type=Path, required=True, metavar="DIR", help="导出到的文件夹")
    b.add_argument("--kind", action="append", choices=sorted(_KINDS), default=None,
                   help="sheets 审核表、summary 汇总表、notice 拟资助名单、all 全部（默认，可重复）")
    b.add_argument("--quiet", action="store_true", help="不显示逐个文件的进度")
    b.add_argument("--json", action="store_true")
    _common(b)
    b.set_defaults(func=_batch)


def _common(parser) -> None:
    parser.add_argument("--roles", default="handler,reviewer", metavar="角色,…",
                        help="审核表上的签名栏：handler 经办人、reviewer 复核人、head 负责人，"
                             "以逗号分隔（默认 handler,reviewer）")
    add_actor(parser)


def _sheet(args) -> int:
    from workbench.core.reports.export import export_application

    def go(store):
        path = export_application(store, args.application, args.out, actor=args.actor,
                                  roles=_roles(args.roles), doc_no=args.doc_no)
        print(f"已导出审核表：{path}")
    return run_with_store(args, guarded(go))


def _batch(args) -> int:
    from workbench.core.reports.export import export_batch

    kinds = tuple(dict.fromkeys(k for name in (args.kind or ["all"]) for k in _KINDS[name]))

    def progress(done, total, label):
        if not args.quiet and not args.json:
            print(f"[{done}/{total}] {label}", flush=True)

    def go(store):
        r = export_batch(store, args.batch, args.out, kinds=kinds, actor=args.actor,
                         roles=_roles(args.roles), progress=progress)
        if args.json:
            print_json({"folder": str(r.folder), "audit_seq": r.audit_seq,
                        "files": [{"path": str(f.path), "kind": f.kind, "sha256": f.sha256,
                                   "application": f.application} for f in r.files],
                        "warnings": r.warnings,
                        "notice": {k: str(v) for k, v in (r.notice or {}).items()} or None})
        else:
            print(f"已导出 {len(r.files)} 个文件到 {r.folder}（审核表 {len(r.sheets)} 份）")
            for w in r.warnings:
                print(f"注意：{w}", file=sys.stderr)
            if r.notice:
                print(f"拟资助名单：{r.notice['count']} 项，合计 {r.notice['total_wan']} 万元")
    return run_with_store(args, guarded(go))
