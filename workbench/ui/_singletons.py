"""Keep None, True and False alive for PySide6 on Python 3.11.

PySide6 6.12 returns None from every void method (`w.show()`, `app.processEvents()`,
`w.setWindowTitle(...)`) without taking a reference to it, as is correct from Python 3.12 on,
where None, True and False are immortal. On Python 3.11 each such call lowers None's
reference count by one; after some hundred thousand calls (a working day in the window, or a
full run of the window tests) it reaches zero and the interpreter aborts with
"Fatal Python error: none_dealloc" (or bool_dealloc), usually in the final garbage collection.

Measured here: 1,000 calls of `QWidget.setObjectName` lower `sys.getrefcount(None)` by 1,000.
The cure is what Python 3.12 does: give the three singletons a reference count that no
number of calls can bring to zero. Applied once, before Qt is used, and only before 3.12.
"""
from __future__ import annotations

import ctypes
import sys

__all__ = ["pin_singletons", "HEADROOM"]

HEADROOM = 1 << 40   # references added: a trillion void calls before anything could go wrong

_pinned = False


def pin_singletons() -> bool:
    """Raise the reference counts of None, True and False by HEADROOM; True if applied."""
    global _pinned
    if _pinned or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object (Py_ssize_t).
        ctypes.c_ssize_t.from_address(id(obj)).value += HEADROOM
    _pinned = True
    return True
