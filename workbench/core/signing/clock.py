"""The one clock of certificates and signatures (UTC, whole seconds), so that a test can move
every part of signing through time at once."""
from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["now"]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
