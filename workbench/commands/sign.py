"""`sign PDF… --p12 FILE --role ROLE`: sign review sheets into a role's signature field."""
from __future__ import annotations

import sys
from pathlib import Path

from ._keys_cli import PASS_ENV, add_keys, guarded, keys_of, read_passphrase, role_arg
from ._review_cli import EXIT_REFUSED, EXIT_USAGE, run_with_store


def register(sub) -> None:
    p = sub.add_parser(
        "sign", help="以经办人、复核人或负责人身份对审核表数字签名（PAdES）",
        description="签入审核表上该角色的签名栏（增量更新，先前的签名保持有效），并把签署记入审计日志"
                    "（含签署前后文件的 SHA-256）。口令依次取自 --passphrase-file、环境变量 "
                    f"{PASS_ENV}，否则在终端询问。退出码：0 全部签署；1 有文件未签署（如该栏已签、"
                    "角色与证书不符）；2 参数错误或文件无法读取；3 无法打开数据库；5 数据库正忙；6 口令错误。")
    p.add_argument("pdfs", nargs="+", type=Path, metavar="PDF", help="审核表文件（可多个）")
    p.add_argument("--p12", required=True, metavar="FILE",
                   help="签名证书（.p12 文件，或密钥文件夹中证书的文件名、签署人姓名）")
    p.add_argument("--role", type=role_arg, default=None, metavar="ROLE",
                   help="handler 经办人、reviewer 复核人、head（leader）负责人；默认按证书上的角色")
    p.add_argument("--passphrase-file", type=Path, default=None, metavar="F",
                   help="从文件第一行读取口令（便于脚本）")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="签署结果写到此文件或文件夹（默认覆盖原文件）")
    p.add_argument("--as", dest="actor", default=None, metavar="姓名",
                   help="审计日志中的操作人（默认为证书上的签署人）")
    add_keys(p)
    p.set_defaults(func=_sign)


def _sign(args) -> int:
    from workbench.core.pdf.fonts import find_cjk_font
    from workbench.core.signing.identities import sign_recorded
    from workbench.core.signing.signer import SigningError

    missing = [str(p) for p in args.pdfs if not p.is_file()]
    if missing:
        print("找不到文件：" + "、".join(missing), file=sys.stderr)
        return EXIT_USAGE
    if args.out is not None and len(args.pdfs) > 1 and not args.out.is_dir():
        print("签署多个文件时 --out 须为已存在的文件夹", file=sys.stderr)
        return EXIT_USAGE

    def go(store):
        keys = keys_of(args)
        path = keys.find(args.p12)
        passphrase = read_passphrase(args.passphrase_file, PASS_ENV, f"{path.name} 的口令：")
        identity = keys.load(path, passphrase)      # WrongPassphrase: exit 6, nothing signed
        if args.role and identity.role and identity.role != args.role:
            print(f"未签署：{identity.name} 的签名证书签发给“{_label(identity.role)}”，"
                  f"不能在“{_label(args.role)}”签名栏签署", file=sys.stderr)
            return EXIT_REFUSED
        font = find_cjk_font()
        failed = 0
        for pdf in args.pdfs:
            try:
                r = sign_recorded(store, pdf, identity, args.role, actor=args.actor,
                                  out=args.out, font=font)
            except SigningError as exc:
                failed += 1
                print(f"✗ {pdf.name}：{exc}", file=sys.stderr)
                continue
            print(f"✓ {pdf.name}：{r.signer} 已签署（{_label(r.role)}），SHA-256 {r.sha256}")
        if failed:
            print(f"{failed} 个文件未签署", file=sys.stderr)
            return EXIT_REFUSED
        return 0
    return run_with_store(args, guarded(go))


def _label(role: str) -> str:
    from workbench.core.pdf.sheet_data import ROLE_LABELS

    return ROLE_LABELS.get(role, role)

