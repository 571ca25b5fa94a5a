"""Review sheets as the store knows them: which application a sheet file (by its sha256)
was exported for or last signed as."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from workbench.core.store.audit import connection_of

if TYPE_CHECKING:
    from workbench.core.store.database import Store

__all__ = ["application_of_hash"]


def application_of_hash(store: Store, sha256: str) -> int | None:
    """The application whose sheet had this sha256 when it was exported or last signed."""
    conn = connection_of(store)
    for (details,) in conn.execute(
            "SELECT details FROM audit_log WHERE action IN ('export', 'sign') "
            "AND instr(details, ?) > 0 ORDER BY seq DESC", [sha256]):
        try:
            d = json.loads(details)
        except ValueError:
            continue
        if d.get("sha256") == sha256 and d.get("application") is not None:
            return int(d["application"])
        for f in d.get("files") or ():
            if f.get("sha256") == sha256 and f.get("application") is not None:
                return int(f["application"])
    return None
