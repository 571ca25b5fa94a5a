"""The one clock of certificates and signatures (UTC, whole seconds), so that a test can move
every part of signing through time at once."""
from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["now"]


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
