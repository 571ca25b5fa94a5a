"""`log`: the audit trail, newest last."""
from __future__ import annotations

from ._review_cli import print_json, run_with_store


def register(sub) -> None:
    p = sub.add_parser("log", help="审计日志（只追加、哈希链接）")
    p.add_argument("--subject", help="只看某对象，如 application:12、batch:2025-1")
    p.add_argument("--action", help="只看某类操作，如 decide、finalize、export")
    p.add_argument("--limit", type=int, default=0, help="只显示最近 N 条")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_log)


def _log(args) -> int:
    from workbench.core.store import audit

    def go(store):
        es = audit.entries(store, subject=args.subject, action=args.action,
                           limit=args.limit or None, newest_first=bool(args.limit))
        if args.limit:
            es.reverse()
        if args.json:
            print_json([e.as_dict() for e in es])
            return 0
        for e in es:
            hidden = ("ledger", "decisions", "stages", "covered", "certificate", "signature")
            extra = {k: v for k, v in e.details.items() if k not in hidden}
            text = "，".join(f"{k}={v}" for k, v in extra.items() if v not in (None, "", [], {}))
            print(f"{e.seq:>6}  {e.at}  {e.actor}  {e.label}  {e.subject}  {text}  [{e.hash[:12]}]")
    return run_with_store(args, go, readonly=True)
