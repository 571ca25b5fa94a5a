"""The desktop window (PySide6): widgets, table models, dialogs and background tasks.

A thin layer over workbench.core: amounts, caps, statuses and stage rules are decided there;
this package shows them and passes the reviewer's choices back.
"""
