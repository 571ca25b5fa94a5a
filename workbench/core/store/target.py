"""What the store's functions accept as their `target`: a Store, a sqlite-utils Database or
a sqlite3 connection (connection_of turns any of them into the connection). A leaf
module: the modules below txn (chain, anchor) use it without importing txn."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

from sqlite_utils import Database

__all__ = ["HasDatabase", "Target", "connection_of", "is_pg", "fetch_together", "run_together"]


class HasDatabase(Protocol):
    """Anything holding a sqlite-utils Database as `.db` (a Store)."""

    @property
    def db(self) -> Database: ...


# What the store's functions accept: a Store, a sqlite-utils Database or a sqlite3 connection.
Target = sqlite3.Connection | Database | HasDatabase


def connection_of(target: Target) -> sqlite3.Connection:
    """A Store, a sqlite-utils Database or a sqlite3 connection -> the sqlite3 connection."""
    if isinstance(target, sqlite3.Connection):
        return target
    db: Any = getattr(target, "db", target)
    conn: sqlite3.Connection = getattr(db, "conn", db)
    return conn


def is_pg(target: Target) -> bool:
    """True for a store on a PostgreSQL server (office mode), False for a SQLite file."""
    return getattr(connection_of(target), "dialect", "sqlite") == "postgresql"


def fetch_together(target: Target, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
    """The rows of several independent reads, in order: on a server in one round trip
    (PgConnection.fetch_together), on SQLite one after the other."""
    conn = connection_of(target)
    together = getattr(conn, "fetch_together", None)
    if together is not None:
        rows: list[list[Any]] = together(statements)
        return rows
    return [conn.execute(sql, params).fetchall() for sql, params in statements]


def run_together(target: Target, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
    """Statements, writes among them, run in order, one after the other: on a server in one
    round trip (PgConnection.run_together; a failing one raises its own error and the ones
    after it do not run, as here), on SQLite one by one. The rows of each (none for a write)."""
    conn = connection_of(target)
    together = getattr(conn, "run_together", None)
    if together is not None:
        return [c.fetchall() for c in together(statements)]
    return [conn.execute(sql, params).fetchall() for sql, params in statements]
