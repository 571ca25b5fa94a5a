"""The few SQLite PRAGMAs the store uses, answered on PostgreSQL."""
from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.core.store.pg.connection import PgCursor

if TYPE_CHECKING:
    from workbench.core.store.pg.connection import PgConnection

__all__ = ["answer"]


def answer(conn: PgConnection, sql: str) -> PgCursor:
    """A PRAGMA the store sends, answered on PostgreSQL (the few it uses; the rest are no-ops)."""
    text = sql.strip()[6:].strip().rstrip(";")
    name, _, value = text.partition("=")
    name, value = name.strip().lower(), value.strip()
    if name.startswith(("main.", "temp.")):
        name = name[5:]
    if name == "busy_timeout":
        if value:
            conn.busy_ms = int(value)
            conn._run(f"SET lock_timeout = {int(value)}", None, returning=False)
        return PgCursor(None, rows=[(conn.busy_ms,)])
    if name == "query_only":
        on = value.upper() in ("ON", "1", "TRUE")
        conn.read_only = on
        conn._run(f"SET default_transaction_read_only = {'on' if on else 'off'}", None, returning=False)
        return PgCursor(None)
    if name == "journal_mode":
        return PgCursor(None, rows=[("postgresql",)])
    if name in ("integrity_check", "quick_check"):
        return PgCursor(None, rows=[("ok",)])
    if name == "synchronous":
        return PgCursor(None, rows=[(2,)])
    if name.startswith("table_info"):
        table = name[name.index("(") + 1:name.rindex(")")].strip("'\" ")
        # The catalog itself, not information_schema (slow where a server holds many schemas).
        cur = conn._run(
            "SELECT a.attnum - 1, a.attname, upper(format_type(a.atttypid, a.atttypmod)), "
            "CASE WHEN a.attnotnull THEN 1 ELSE 0 END, pg_get_expr(d.adbin, d.adrelid), "
            # indkey counts from 0: the position is 1-based, as SQLite's pk column gives it.
            "COALESCE(array_position(i.indkey::int2[], a.attnum) + 1 - array_lower(i.indkey::int2[], 1), 0) "
            "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
            "WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped "
            "AND a.attname <> 'rowid' ORDER BY a.attnum",
            ['"' + table.replace('"', '""') + '"'], returning=False)
        return PgCursor(None, rows=cur.fetchall())
    if name == "database_list":
        return PgCursor(None, rows=[(0, "main", "")])
    # foreign_keys (always on), recursive_triggers, mmap_size, foreign_key_check,
    # wal_checkpoint, cache_size: nothing to do on PostgreSQL; a read gets 0.
    return PgCursor(None, rows=[] if value or name.endswith("_check") else [(0,)])
