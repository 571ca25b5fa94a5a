"""Opening a store on a PostgreSQL server (office mode): the address, the password, and every
way it can fail worded for a reviewer, before anything is written.

A store address is `postgresql://[user@]host[:port]/database[?sslmode=verify-full&sslrootcert=…]`
(libpq's URL: a Unix socket is `?host=/folder`). The password is never kept in clear by the
workbench: it comes from the address itself (for a script), from libpq's own `PGPASSWORD` or
`~/.pgpass`, from the system's keyring where there is one (`store_password`), or is asked each
time (`Password` raised to the caller, which asks and opens again).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

__all__ = ["is_url", "shown", "connect_store", "PasswordNeeded", "keyring_password",
           "store_password", "remember_for_session", "KEYRING_SERVICE"]

KEYRING_SERVICE = "guangming-workbench-postgresql"
_SCHEMES = ("postgresql://", "postgres://")


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(_SCHEMES)


def shown(url: str) -> str:
    """The address with any password taken out (for messages, the log and the title bar)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        user = user.split(":", 1)[0]
        netloc = f"{user}@{host}"
    query = "&".join(p for p in parts.query.split("&") if not p.lower().startswith("password="))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _account(url: str) -> str:
    """user@host/database: the keyring's name for this store's password."""
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.hostname or parse_qs(parts.query).get("host", [""])[0]
    return f"{user}@{host}:{parts.port or 5432}{parts.path}"


def keyring_password(url: str) -> str | None:
    try:
        import keyring
    except ImportError:
        return None
    try:
        value: str | None = keyring.get_password(KEYRING_SERVICE, _account(url))
        return value
    except Exception:   # no usable keyring on this machine: ask instead
        return None


def store_password(url: str, password: str) -> bool:
    """Keep the password in the system's keyring; False when there is none (ask each time)."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _account(url), password)
        return True
    except Exception:
        return False


# Passwords a person typed in this run of the program, by account: every later connection of
# the run (background work opens its own) uses them. Held in memory only, never written.
_SESSION: dict[str, str] = {}


def remember_for_session(url: str, password: str) -> None:
    """The password that opened `url`, for this program's other connections until it exits."""
    _SESSION[_account(url)] = password


def _store_error() -> type[Exception]:
    from workbench.core.store.opening import StoreError

    return StoreError


class PasswordNeeded(_store_error()):  # type: ignore[misc]
    """The server asks for a password that the workbench does not have: the window asks the
    person; a command stops with this message (a StoreError: exit status 3)."""


def _has_password(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.password) or "password=" in parts.query.lower()


def _why(exc: Exception, url: str) -> str:
    text = str(exc)
    low = text.lower()
    first = text.splitlines()[0] if text else type(exc).__name__
    where = shown(url)
    if "password authentication failed" in low or "authentication failed" in low:
        return f"无法登录数据库服务器 {where}：用户名或密码错误"
    if "no password supplied" in low:
        return f"数据库服务器 {where} 要求输入密码"
    if "does not exist" in low and "database" in low:
        return f"数据库服务器上没有这个数据库：{where}（请管理员先建库）"
    if "invalid" in low and ("value" in low or "uri" in low or "option" in low):
        return f"数据库地址无效：{where}（{first}）"
    if "certificate" in low or "ssl" in low or "tls" in low:
        return (f"与数据库服务器 {where} 的加密连接校验失败（服务器证书不受信任或与地址不符）："
                f"{first}")
    if "translate host name" in low or "name or service not known" in low:
        return f"找不到数据库服务器：{where}（地址写错了？）"
    if "refused" in low or "no such file or directory" in low or "timeout" in low \
            or "could not connect" in low or "connection to server" in low:
        return f"连不上数据库服务器 {where}：服务器未运行或网络不通"
    if "invalid" in low or "missing" in low or "uri" in low:
        return f"数据库地址无效：{where}（{first}）"
    return f"无法连接数据库服务器 {where}：{first}"


def connect_store(url: str, *, password: str | None = None, timeout_s: float = 10.0) -> Any:
    """A PgConnection to `url`, or StoreError (Chinese, naming the address) / PasswordNeeded."""
    import psycopg

    from workbench.core.store.opening import StoreError
    from workbench.core.store.pg.connection import connect

    if password is None and not _has_password(url):
        password = _SESSION.get(_account(url)) or keyring_password(url)
    try:
        return connect(url, password=password, timeout_s=timeout_s)
    except psycopg.Error as exc:
        low = str(exc).lower()
        if password is None and ("no password supplied" in low or "password authentication" in low):
            raise PasswordNeeded(_why(exc, url) + "：请在窗口中输入，或由 ~/.pgpass、PGPASSWORD 提供"
                                 "（工作台不保存明文密码）") from None
        raise StoreError(_why(exc, url)) from None
    except (ValueError, TypeError) as exc:   # a malformed address
        raise StoreError(f"数据库地址无效：{shown(url)}（{exc}）") from None


def is_workbench_schema(conn: Any) -> bool | None:
    """True: a workbench store; None: an empty database (a new store); False: another
    program's tables."""
    names = {r[0] for r in conn.raw.execute(
        "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v', 'p', 'f', 'm') "
        "AND relnamespace = current_schema()::regnamespace")}
    if not names:
        return None
    if "migrations" not in names or "audit_log" not in names:
        return False
    row = conn.raw.execute("SELECT COUNT(*) FROM migrations WHERE migration_set = 'workbench'").fetchone()
    return bool(row and row[0])


def login_of(conn: Any) -> str:
    """The database login this connection uses (the audit records it beside the reviewer)."""
    row = conn.raw.execute("SELECT session_user").fetchone()
    return str(row[0]) if row else ""


