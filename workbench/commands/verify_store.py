"""`verify-store`, `seal-ledger`, `checkpoint`: integrity, the audit chain and its anchors."""
from __future__ import annotations

import sys
from pathlib import Path

from ._keys_cli import add_keys, add_signing, guarded, keys_of, load_signer
from ._review_cli import EXIT_BROKEN, EXIT_USAGE, Usage, add_actor, print_json, run_with_store


def register(sub) -> None:
    v = sub.add_parser("verify-store", help="检查数据库完整性与审计哈希链，指出第一处被改动的记录",
                       description="只读检查，不改动文件。核对审计链、每一行受保护数据的哈希、签名检查点"
                                   "（按本机根证书），以及 --sheets 给出的已签署审核表所记的审计链位置。"
                                   "退出码：0 完好；4 发现损坏或改动（列出，第一条为首个断点）；"
                                   "2 参数错误（找不到数据库、审核表无法读取）；"
                                   "3 无法打开数据库（不是工作台的数据库）。")
    v.add_argument("--json", action="store_true")
    v.add_argument("--all", action="store_true", help="列出全部问题（默认最多 20 条）")
    v.add_argument("--full", action="store_true",
                   help="逐行重新核对全部数据（默认：数据库文件自上次完整核对通过后未有任何改动时，"
                        "只核对审计链及其签名锚定）")
    v.add_argument("--require-checkpoints", action="store_true",
                   help="每次阶段变更、审定和更正都必须有操作人签名的检查点")
    v.add_argument("--sheets", type=Path, nargs="+", default=[], metavar="FILE",
                   help="已签署的审核表（PDF）或导出的汇总表、名单（xlsx）：核对其所记的审计链位置"
                        "在数据库中仍然相同")
    add_keys(v)
    v.set_defaults(func=_verify)
    s = sub.add_parser("seal-ledger", help="把尚无审计记录的台账行（旧版本导入的）补登入审计链")
    s.add_argument("--reason", required=True)
    add_actor(s)
    s.set_defaults(func=_seal)
    c = sub.add_parser("checkpoint", help="用本人签名证书为审计日志当前末尾签署检查点（锚定到数据库之外）",
                       description="退出码：0 完成；1 被拒绝；2 参数错误；6 口令错误。")
    add_actor(c)
    add_signing(c)
    c.set_defaults(func=_checkpoint)


def print_report(report, as_json: bool, show_all: bool, sheets: tuple[int, int] = (0, 0)) -> int:
    a = report.anchor
    if as_json:
        print_json(report.as_dict())
    elif report.ok:
        print(f"数据库完好：完整性检查通过，审计日志 {report.entries} 条哈希链完整，"
              f"台账 {report.ledger_rows} 行、审核决定 {report.decisions} 条及其余受保护数据均与日志相符")
        if report.incremental:
            print(f"（数据库文件自 {report.incremental} 完整核对通过后未有任何改动，未逐行重新核对；"
                  "--full 逐行重新核对）")
    else:
        print(f"发现问题 {len(report.problems)} 处；第一处：{report.first}", file=sys.stderr)
        for p in report.problems[: None if show_all else 20]:
            print(f"  {p}", file=sys.stderr)
    if report.ok and sheets[0] and not as_json:
        # Say that the files were compared, not only that nothing was found.
        print(f"已对照 {sheets[0]} 个文件所记的 {sheets[1]} 处审计链位置：均与数据库相符")
    if a is not None and not as_json:
        for fp in a.roots:
            print(f"局根证书指纹（SHA-256）：{fp}")
        if a.checkpoints:
            print(f"签名检查点 {a.checkpoints} 个，锚定至审计第 {a.last_anchored} 条")
        else:
            print("没有签名检查点：审计链未锚定到数据库之外")
        if a.unanchored_actions:
            print(f"未经签名锚定的阶段变更、审定或更正 {len(a.unanchored_actions)} 次"
                  f"（第 {'、'.join(map(str, a.unanchored_actions[:10]))} 条"
                  + ("等" if len(a.unanchored_actions) > 10 else "") + "）")
    return 0 if report.ok else EXIT_BROKEN


def _roots(args):
    keys = keys_of(args)
    if not keys.has_root():
        return None
    return [r.cert for r in keys.trust_roots()]


def _heads(paths: list[Path]) -> list:
    from workbench.core.signing.heads import export_heads

    out = []
    for p in paths:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise Usage(f"无法读取审核表 {p}（{exc.strerror}）") from exc
        try:
            heads = export_heads(p, data)
        except Exception as exc:  # noqa: BLE001 - any unreadable file
            raise Usage(f"无法读取 {p}：不是有效的 PDF 或 xlsx 文件（{exc}）") from exc
        if not heads:
            raise Usage(f"{p} 中没有审计链位置（未签署的审核表，或由旧版本生成）")
        out += [(p.name, f, seq, h) for f, seq, h in heads]
    return out


def _verify(args) -> int:
    from workbench.core.signing.signer import SigningError
    from workbench.core.store.audit import verify_store

    try:
        heads = _heads(args.sheets)
        roots = _roots(args)
    except Usage as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except SigningError as exc:
        print(f"根证书无法使用：{exc}", file=sys.stderr)
        return EXIT_USAGE
    return run_with_store(args, lambda store: print_report(
        verify_store(store, roots=roots, require_checkpoints=args.require_checkpoints,
                     sheet_heads=heads, full=args.full), args.json, args.all,
        (len(args.sheets), len(heads))), readonly=True)


def _seal(args) -> int:
    from workbench.core.review.awards import seal_ledger

    def go(store):
        n = seal_ledger(store, args.actor, args.reason)
        print(f"已补登 {n} 行台账" if n else "没有需要补登的台账行")
    return run_with_store(args, go)


def _checkpoint(args) -> int:
    from workbench.core.store.anchor import checkpoint

    def go(store):
        if not args.p12:
            raise Usage("请用 --p12 指定本人的签名证书")
        identity = load_signer(args)
        if args.actor and identity.name != args.actor:
            raise Usage(f"签名证书属于“{identity.name}”，不是操作人“{args.actor}”的")
        with store.transaction():
            e = checkpoint(store, identity)
        if e is None:
            print("审计日志为空，没有可签署的内容")
            return 1
        print(f"已签署检查点（审计第 {e.seq} 条）：锚定至第 {e.details['head_seq']} 条 "
              f"{e.details['head_hash']}")
    return run_with_store(args, guarded(go))
