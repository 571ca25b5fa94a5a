"""Shared plumbing of the document and signing commands (export, sign, verify, identity):
the keys folder, passphrases, and how signing problems map to exit statuses.

Exit statuses follow the table in `_review_cli` (0 done, 1 refused, 2 bad arguments or an
unreadable file, 3 store, 4 a verification failed, 5 store busy), plus:
  6  wrong passphrase (of a signing identity or of the root key)
"""
from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ._review_cli import EXIT_REFUSED, EXIT_USAGE, Usage

EXIT_PASSPHRASE = 6
PASS_ENV = "WORKBENCH_PASSPHRASE"
ROOT_PASS_ENV = "WORKBENCH_ROOT_PASSPHRASE"

__all__ = ["EXIT_PASSPHRASE", "PASS_ENV", "ROOT_PASS_ENV", "add_keys", "keys_of",
           "read_passphrase", "guarded", "role_arg"]


def add_keys(parser) -> None:
    parser.add_argument("--keys", type=Path, default=None, metavar="DIR",
                        help="密钥文件夹（默认为数据库旁的 keys 文件夹，也可用环境变量 WORKBENCH_KEYS）")


def keys_of(args):
    from workbench.core.app.paths import local_folder_of
    from workbench.core.signing.identities import Keys

    return Keys.beside(local_folder_of(args.db), args.keys)


def role_arg(text: str) -> str:
    """argparse type: handler / reviewer / head (leader), or 经办人 / 复核人 / 负责人."""
    import argparse

    from workbench.core.signing.identities import normalize_role
    from workbench.core.signing.signer import SigningError

    try:
        return normalize_role(text)
    except SigningError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def read_passphrase(path: Path | None, env: str, prompt: str, *, confirm: bool = False) -> str:
    """From a file (its first line), else the environment variable, else asked on the terminal."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise Usage(f"无法读取口令文件 {path}（{exc.strerror}）") from exc
        return text.splitlines()[0] if text else ""
    if os.environ.get(env) is not None:
        return os.environ[env]
    if not sys.stdin.isatty():
        raise Usage(f"未提供口令：请用口令文件参数或环境变量 {env} 提供")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise Usage("两次输入的口令不一致")
    return first


def guarded(fn: Callable) -> Callable:
    """Run fn(store) and turn signing and font problems into exit statuses with a message."""
    from workbench.core.pdf.fonts import FontNotFound
    from workbench.core.signing.signer import SigningError, WeakPassphrase, WrongPassphrase

    def inner(store=None) -> int:
        try:
            return int(fn(store) or 0)
        except WeakPassphrase as exc:
            print(f"口令不符合要求：{exc}", file=sys.stderr)
            return EXIT_USAGE
        except WrongPassphrase as exc:
            print(f"口令错误：{exc}", file=sys.stderr)
            return EXIT_PASSPHRASE
        except SigningError as exc:
            print(f"未完成：{exc}", file=sys.stderr)
            return EXIT_REFUSED
        except FontNotFound as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
        except Usage as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    return inner


def add_signing(parser) -> None:
    """--p12/--passphrase-file: sign a checkpoint of the audit log after the action."""
    parser.add_argument("--p12", default=None, metavar="签名证书",
                        help="用本人签名证书为本次操作签署审计检查点（姓名、文件名或 .p12 路径）")
    parser.add_argument("--sign-passphrase-file", type=Path, default=None, metavar="F",
                        help=f"签名证书口令文件（也可用环境变量 {PASS_ENV}）")
    add_keys(parser)


def load_signer(args):
    """The identity named by --p12, loaded once (None without --p12)."""
    if not getattr(args, "p12", None):
        return None
    keys = keys_of(args)
    path = keys.find(args.p12)
    pw = read_passphrase(args.sign_passphrase_file, PASS_ENV, f"{path.name} 的口令：")
    return keys.load(path, pw)


def signed(args, fn: Callable) -> Callable:
    """fn(store) run with a checkpoint signer registered when --p12 was given."""
    def inner(store):
        from workbench.core.store.anchor import signing_as

        identity = load_signer(args)
        if identity is None:
            return fn(store)
        if args.actor and identity.name != args.actor:
            raise Usage(f"签名证书属于“{identity.name}”，不是操作人“{args.actor}”的")
        with signing_as(store, identity):
            return fn(store)
    return guarded(inner)
