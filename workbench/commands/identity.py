"""`identity init-root|issue|import|list`: the bureau root and reviewers' signing identities."""
from __future__ import annotations

import sys
from pathlib import Path

from ._keys_cli import (
    PASS_ENV,
    ROOT_PASS_ENV,
    add_keys,
    guarded,
    keys_of,
    read_passphrase,
    role_arg,
)
from ._output import configure_utf8
from ._review_cli import Usage, print_json

_EXITS = "退出码：0 完成；1 被拒绝（如已有根证书、证书不是由本根证书签发）；2 参数错误或文件无法读取；6 口令错误。"


def register(sub) -> None:
    p = sub.add_parser("identity", help="根证书与审核人员的签名证书（保存在密钥文件夹）",
                       description="签名证书为口令保护的 PKCS#12（ECDSA P-256），由局根证书签发。" + _EXITS)
    s = p.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    r = s.add_parser("init-root", help="在本机创建局根证书（私钥以口令加密保存）",
                     description=f"根证书私钥口令取自 --root-passphrase-file、环境变量 {ROOT_PASS_ENV}，"
                                 "否则在终端询问。" + _EXITS)
    r.add_argument("--name", default="光明区智能传感器扶持资金审核根证书", help="根证书名称")
    r.add_argument("--org", default="深圳市光明区", help="单位")
    r.add_argument("--root-passphrase-file", type=Path, default=None, metavar="F")
    add_keys(r)
    r.set_defaults(func=_init_root)
    i = s.add_parser("issue", help="为审核人员签发签名证书（.p12）",
                     description=f"新证书口令取自 --passphrase-file、环境变量 {PASS_ENV}，否则在终端询问；"
                                 f"根证书私钥口令取自 --root-passphrase-file、环境变量 {ROOT_PASS_ENV}。"
                                 + _EXITS)
    i.add_argument("name", metavar="姓名")
    i.add_argument("--role", required=True, metavar="ROLE",
                   help="handler 经办人、reviewer 复核人、head（leader）负责人，或 any（任意角色）")
    i.add_argument("--days", type=int, default=3 * 365, help="有效天数（默认 3 年）")
    i.add_argument("--passphrase-file", type=Path, default=None, metavar="F")
    i.add_argument("--root-passphrase-file", type=Path, default=None, metavar="F")
    add_keys(i)
    i.set_defaults(func=_issue)
    m = s.add_parser("import", help="导入信息部门提供的根证书（.pem/.cer）或签名证书（.p12/.pfx）",
                     description="导入签名证书时核对口令，并检查其由本机信任的根证书签发。" + _EXITS)
    m.add_argument("file", type=Path, metavar="FILE")
    m.add_argument("--passphrase-file", type=Path, default=None, metavar="F")
    add_keys(m)
    m.set_defaults(func=_import)
    sv = s.add_parser("issue-server", help="为办公室的 PostgreSQL 服务器签发 TLS 证书（由局根证书签发）",
                      description="写出 server.crt（服务器证书及根证书）与 server.key（私钥，仅本人可读）；"
                                  "服务器的 postgresql.conf 用 ssl_cert_file / ssl_key_file 指向它们，"
                                  "客户端地址加 sslmode=verify-full&sslrootcert=<根证书>。" + _EXITS)
    sv.add_argument("names", nargs="+", metavar="主机名或IP", help="客户端地址中写的服务器名称或 IP")
    sv.add_argument("--out", type=Path, required=True, metavar="DIR", help="写入的文件夹")
    sv.add_argument("--days", type=int, default=2 * 365, help="有效天数（默认 2 年）")
    sv.add_argument("--root-passphrase-file", type=Path, default=None, metavar="F")
    add_keys(sv)
    sv.set_defaults(func=_issue_server)
    ls = s.add_parser("list", help="列出根证书与签名证书")
    ls.add_argument("--json", action="store_true")
    add_keys(ls)
    ls.set_defaults(func=_list)


def _run(fn) -> int:
    configure_utf8()
    return guarded(fn)()


def _init_root(args) -> int:
    def go(_):
        keys = keys_of(args)
        if keys.has_root():
            print(f"未完成：密钥文件夹中已有根证书，未覆盖：{keys.root_cert_path}", file=sys.stderr)
            return 1
        pw = read_passphrase(args.root_passphrase_file, ROOT_PASS_ENV, "根证书私钥口令：", confirm=True)
        if not pw:
            raise Usage("根证书私钥须设置口令")
        root = keys.init_root(pw, name=args.name, organization=args.org)
        print(f"已创建根证书“{root.name}”：{root.cert_path}")
        print(f"根证书私钥：{root.key_path}（请妥善保管，勿放在共享盘）")
    return _run(go)


def _issue(args) -> int:
    def go(_):
        if args.days < 1:
            # A certificate that is already expired (or has no validity at all) signs nothing.
            raise Usage(f"有效天数（--days）应为 1 以上的整数，现为 {args.days}；未签发证书")
        role = None if args.role.strip().lower() in ("any", "任意") else role_arg(args.role)
        keys = keys_of(args)
        keys.root()                                   # a clear message before any prompt
        pw = read_passphrase(args.passphrase_file, PASS_ENV, f"{args.name} 的签名证书口令：",
                             confirm=True)
        root_pw = read_passphrase(args.root_passphrase_file, ROOT_PASS_ENV, "根证书私钥口令：")
        path = keys.issue(args.name, role, pw, root_passphrase=root_pw, valid_days=args.days)
        label = {"handler": "经办人", "reviewer": "复核人", "head": "负责人"}.get(role, "任意角色")
        print(f"已签发签名证书：{args.name}（{label}）→ {path}")
    return _run(go)


def _issue_server(args) -> int:
    def go(_):
        from workbench.core.signing.server_cert import issue_server_cert

        if args.days < 1:
            raise Usage(f"有效天数（--days）应为 1 以上的整数，现为 {args.days}；未签发证书")
        keys = keys_of(args)
        keys.root()
        root_pw = read_passphrase(args.root_passphrase_file, ROOT_PASS_ENV, "根证书私钥口令：")
        cert, key = issue_server_cert(keys.root(root_pw, with_key=True), args.names, args.out,
                                      valid_days=args.days)
        print(f"已签发服务器证书（{'、'.join(args.names)}）：{cert}")
        print(f"服务器私钥：{key}（仅复制到数据库服务器，权限 0600）")
        print(f"客户端信任的根证书：{keys.root_cert_path}")
    return _run(go)


def _import(args) -> int:
    def go(_):
        keys = keys_of(args)
        if not args.file.is_file():
            raise Usage(f"找不到文件：{args.file}")
        if args.file.suffix.lower() in (".p12", ".pfx"):
            pw = read_passphrase(args.passphrase_file, PASS_ENV, f"{args.file.name} 的口令：")
            path = keys.import_identity(args.file, pw)
            print(f"已导入签名证书：{path}")
        else:
            root = keys.import_root(args.file)
            print(f"已信任根证书“{root.name}”：{root.cert_path}")
    return _run(go)


def _list(args) -> int:
    def go(_):
        keys = keys_of(args)
        ids = keys.identities()
        root = keys.root() if keys.has_root() else None
        if args.json:
            print_json({"folder": str(keys.folder),
                        "root": {"name": root.name, "file": str(root.cert_path),
                                 "can_issue": keys.can_issue()} if root else None,
                        "identities": [i.as_dict() for i in ids]})
            return 0
        print(f"密钥文件夹：{keys.folder}")
        if root:
            print(f"根证书：{root.name}" + ("（本机可签发）" if keys.can_issue() else ""))
        else:
            print("根证书：未设置（identity init-root 或 identity import）")
        for i in ids:
            until = i.not_after.strftime("%Y-%m-%d") if i.not_after else "?"
            print(f"  {i.name}\t{i.role_label}\t有效期至 {until}\t{i.path.name}")
        if not ids:
            print("  （没有签名证书）")
    return _run(go)
