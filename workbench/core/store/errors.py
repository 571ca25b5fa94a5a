"""The store's failures as the layers above catch them, whatever database engine is below."""
from __future__ import annotations

import sqlite3

from workbench.core.store.txn import StoreBusy

__all__ = ["DatabaseError", "StoreBusy"]

# The engine refused or failed a statement (read-only file, damaged file, a schema another
# program changed). The driver's own class, named here so nothing above the store imports it.
DatabaseError = sqlite3.DatabaseError
