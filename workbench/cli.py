"""The headless command line: `python -m workbench --db STORE.sqlite COMMAND …`.

Each module in workbench/commands/ adds its own sub-commands through `register(sub)`, and
sets `func` on its parser to a callable(args) -> exit status.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from workbench.core.app import paths

from . import __version__, commands

__all__ = ["build_parser", "main", "default_store_path"]


def default_store_path() -> Path:
    """The store under the user's local data folder (core/app/paths.py)."""
    return paths.store_in_data_folder()


def _warn_without_font() -> None:
    """Said at start, not when the first sheet fails: without a Chinese font the PDFs cannot be made."""
    from workbench.core.pdf.font_files import NO_FONT_WARNING, usable_font_file

    if usable_font_file() is None:
        print(NO_FONT_WARNING, file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m workbench",
        description="光明区智能传感器扶持资金申报审核工作台。不带子命令时打开桌面程序。",
    )
    parser.add_argument("--db", type=paths.store_arg, default=None,
                        help="数据库文件（默认在用户数据目录下），或办公室模式的服务器地址 postgresql://…")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = default_store_path()
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    _warn_without_font()
    return int(args.func(args) or 0)
