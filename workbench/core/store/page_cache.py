"""A larger SQLite page cache on one connection for the length of one bulk write.

SQLite's default cache is 2 MB. A ledger import inserts 100,000 rows whose row_key (a sha256)
lands at random places of its unique index, and the coverage of those rows is noted in a
temporary table: with 2 MB most of those pages are written out and read back again during
the transaction (storing 100,000 rows took 11 s on the development VM, 2.5 s with the pages
kept). The cache holds pages only as they are used, and shrinks back when the block ends.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.core.store.target import Target

__all__ = ["BULK_CACHE_MIB", "roomy"]

BULK_CACHE_MIB = 256


@contextmanager
def roomy(target: Target, mib: int = BULK_CACHE_MIB) -> Iterator[None]:
    """Let the store's (or connection's) main and temp caches grow to `mib` MiB inside the block."""
    from workbench.core.store.audit import connection_of

    conn = connection_of(target)
    before = {s: conn.execute(f"PRAGMA {s}.cache_size").fetchone()[0] for s in ("main", "temp")}
    for schema in before:
        conn.execute(f"PRAGMA {schema}.cache_size = {-mib * 1024}")
    try:
        yield
    finally:
        for schema, size in before.items():
            conn.execute(f"PRAGMA {schema}.cache_size = {int(size)}")
