"""What a PostgreSQL store holds besides the tables: the few SQLite functions the store's SQL
uses, a `sqlite_master` view of the store's own tables, and the triggers that note, for the
audit coverage, which rows a workbench connection changed.

Installed by the migrations (inside their transaction), so a reviewer's login needs no right
to create anything. The coverage triggers write only into the session's own temporary table,
which only a workbench connection creates (coverage.install): an edit made with another
program (psql, a script) is not noted, so it is never laundered into the next audit entry, as
on SQLite, where the triggers are the connection's own.
"""
from __future__ import annotations

from typing import Any

__all__ = ["install_functions", "ensure_triggers", "missing_triggers", "follow_identities",
           "PENDING", "LAST"]

PENDING = "_cov_pending"
LAST = "_cov_last_entry"

_FUNCTIONS = [
    # SQLite's CAST(text AS INTEGER): the leading integer, 0 when there is none.
    """CREATE OR REPLACE FUNCTION workbench_int(t text) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT COALESCE(substring(t from '^\\s*[-+]?[0-9]{1,18}')::bigint, 0) $$""",
    """CREATE OR REPLACE FUNCTION workbench_int(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT n $$""",
    """CREATE OR REPLACE FUNCTION instr(t text, part text) RETURNS integer LANGUAGE sql IMMUTABLE
       AS $$ SELECT strpos(t, part) $$""",
    """CREATE OR REPLACE VIEW sqlite_master AS
       SELECT CASE c.relkind WHEN 'r' THEN 'table' ELSE 'index' END::text AS type,
              c.relname::text AS name, COALESCE(t.relname, c.relname)::text AS tbl_name,
              ''::text AS sql
         FROM pg_class c
         LEFT JOIN pg_index i ON i.indexrelid = c.oid
         LEFT JOIN pg_class t ON t.oid = i.indrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i')""",
    f"""CREATE OR REPLACE FUNCTION workbench_note_row() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF to_regclass('pg_temp.{PENDING}') IS NULL THEN
           RETURN NULL;
         END IF;
         IF TG_OP = 'INSERT' AND COALESCE(current_setting('workbench.bulk', true), '') = TG_TABLE_NAME THEN
           RETURN NULL;
         END IF;
         IF TG_OP <> 'INSERT' THEN
           INSERT INTO pg_temp.{PENDING} (tbl, rid) VALUES (TG_TABLE_NAME, OLD.rowid) ON CONFLICT DO NOTHING;
         END IF;
         IF TG_OP <> 'DELETE' THEN
           INSERT INTO pg_temp.{PENDING} (tbl, rid) VALUES (TG_TABLE_NAME, NEW.rowid) ON CONFLICT DO NOTHING;
         END IF;
         RETURN NULL;
       END $$""",
]


def install_functions(conn: Any) -> None:
    for sql in _FUNCTIONS:
        conn.raw.execute(sql)


def _with_trigger(conn: Any) -> set[str]:
    """Covered tables whose coverage trigger is there and enabled."""
    return {r[0] for r in conn.raw.execute(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname = 'workbench_cov' AND t.tgenabled <> 'D' "
        "AND c.relnamespace = current_schema()::regnamespace")}


def missing_triggers(conn: Any, tables: list[str]) -> list[str]:
    """Covered tables without their (enabled) coverage trigger: someone dropped or disabled
    it, and a write now would not be vouched for."""
    have = _with_trigger(conn)
    return [t for t in tables if t not in have]


def ensure_triggers(conn: Any, tables: list[str]) -> None:
    """The coverage trigger on every covered table that lacks it."""
    have = _with_trigger(conn)
    for t in tables:
        if t not in have:
            q = t.replace('"', '""')
            conn.raw.execute(f'CREATE TRIGGER workbench_cov AFTER INSERT OR UPDATE OR DELETE ON "{q}" '
                             "FOR EACH ROW EXECUTE FUNCTION workbench_note_row()")


def follow_identities(conn: Any) -> None:
    """After rows were copied in with their own ids: every identity column's next number is
    past the largest one there."""
    for table, column in conn.raw.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
            "AND a.attidentity <> '' AND NOT a.attisdropped").fetchall():
        conn.raw.execute(
            f'SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST((SELECT MAX("{column}") '
            f'FROM "{table}"), 1))', [f'"{table}"', column])
