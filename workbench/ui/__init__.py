"""The desktop window (PySide6): widgets, table models, dialogs and background tasks.

A thin layer over workbench.core: amounts, caps, statuses and stage rules are decided there;
this package shows them and passes the reviewer's choices back.
"""

from ._singletons import pin_singletons

# Before any Qt call: PySide6 6.12 treats None as immortal, which it is only from Python 3.12.
pin_singletons()
