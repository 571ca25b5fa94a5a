"""Shared plumbing of the review-workflow commands: opening the store, the acting reviewer,
amounts, and one mapping from outcomes to exit statuses.

Exit statuses (the same for every review command):
  0  done
  1  refused by the workflow (the message says why; the store is unchanged)
  2  bad arguments or an unreadable amount/file
  3  the store cannot be opened
  4  verify-store found the store damaged or tampered with
  5  the store stayed busy (another writer) longer than the wait allowed
  7  a newer version wrote the store: it was only read, never written (README "Upgrades")
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal

from ._output import EXIT_STORE, EXIT_TOO_NEW, configure_utf8

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BROKEN, EXIT_BUSY = 0, 1, 2, 4, 5
__all__ = ["EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "EXIT_STORE", "EXIT_BROKEN", "EXIT_BUSY",
           "EXIT_TOO_NEW",
           "add_actor", "run_with_store", "amount", "print_json", "Usage"]


class Usage(Exception):
    """A bad argument (exit 2)."""


def add_actor(parser, required: bool = True) -> None:
    parser.add_argument("--as", dest="actor", metavar="姓名",
                        default=os.environ.get("WORKBENCH_REVIEWER"),
                        help="进行操作的审核人员（也可用环境变量 WORKBENCH_REVIEWER）")


def amount(text: str | None) -> Decimal | None:
    from workbench.core.domain.money import AmountError, parse_amount

    if text is None:
        return None
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise Usage(f"金额“{text}”无效：{exc}") from exc


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _too_new(store, exc: Exception) -> int | None:
    """A write refused on a newer version's store (read-only connection): exit 7, not a trace."""
    from workbench.core.store.database import StoreTooNew

    if isinstance(exc, StoreTooNew):
        print(f"未写入：{exc}", file=sys.stderr)
        return EXIT_TOO_NEW
    if getattr(store, "unknown_migrations", None):
        print(f"未写入：{StoreTooNew(store.path, store.unknown_migrations)}", file=sys.stderr)
        return EXIT_TOO_NEW
    return None


def store_message(exc: Exception) -> str:
    """A reviewer's words for SQLite failing under a command (nothing was changed: every
    write is one transaction, rolled back on the error)."""
    text = str(exc)
    low = text.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        why = "数据库文件只读或不可修改（文件属性、权限或只读介质），无法写入"
    elif "no such column" in low or "no such table" in low or "has no column" in low:
        why = f"数据库的结构与本程序不符（表或列被改名、删除：{text}）"
    elif "malformed" in low or "not a database" in low or "corrupt" in low:
        why = f"数据库文件已损坏（{text}）"
    else:
        why = f"数据库出错（{text}）"
    return f"无法使用数据库：{why}；本次操作未做任何修改"


def run_with_store(args, fn: Callable, *, readonly: bool = False) -> int:
    """Open the store, run fn(store) -> exit status, and turn failures into statuses.

    readonly: only look at an existing workbench store (nothing is created or written; a
    missing file or another program's database gives exit 3 and stays as it was)."""
    from workbench.core.app.workbench import Workbench
    from workbench.core.domain.workflow import Refused
    from workbench.core.store.database import StoreMissing
    from workbench.core.store.errors import DatabaseError
    from workbench.core.store.txn import StoreBusy

    configure_utf8()
    try:
        bench = Workbench.open(args.db, look=readonly)
        for notice in bench.notices:
            print(notice, file=sys.stderr)
        store = bench.store
    except StoreBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except StoreMissing as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - any reason the store is unusable
        print(f"无法使用数据库：{exc}", file=sys.stderr)
        return EXIT_STORE
    try:
        with store:
            return int(fn(store) or 0)
    except Refused as exc:
        print(f"操作被拒绝：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    except Usage as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except StoreBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except Exception as exc:
        code = _too_new(store, exc)
        if code is not None:
            return code
        if isinstance(exc, DatabaseError):
            print(store_message(exc), file=sys.stderr)
            return EXIT_STORE
        raise
