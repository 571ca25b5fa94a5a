"""The front door the window and the command line share: open a store the one way, with the
rule set it is reviewed under.

    with Workbench.open(path) as wb:            # write; a newer version's store read-only
        wb.store ...
    with Workbench.open(path, look=True) as wb: # an existing store, nothing created or changed

What is open stays in the layers below (the store, the review, the reports); the facade only
decides how a path becomes an open store and says, as data, what a person should be told.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.rules.ruleset import RuleSet, default_ruleset
from workbench.core.store.database import Store, StoreTooNew

__all__ = ["Workbench"]


@dataclass
class Workbench:
    store: Store
    chosen_rules: RuleSet | None = None
    notices: list[str] = field(default_factory=list)   # Chinese, for a status line or stderr

    @classmethod
    def open(cls, path: str | Path, *, look: bool = False, newer_read_only: bool = True,
             rules: RuleSet | None = None, password: str | None = None) -> Workbench:
        """look: only an existing workbench store, never created or written (verify, log).
        newer_read_only: a store a newer version wrote opens read-only (reading works, a
        write is refused with StoreTooNew before any byte changes) instead of being refused.
        password: for a store on a server that asks for one (the person typed it)."""
        notices: list[str] = []
        if look:
            store = Store.open_existing(path, password=password)
            if store.unknown_migrations:
                notices.append(f"注意：{StoreTooNew(store.path, store.unknown_migrations)}")
        else:
            try:
                store = Store.open(path, password=password)
            except StoreTooNew as exc:
                if not newer_read_only:
                    raise
                store = Store.open_readonly(path, password=password)
                notices.append(f"注意：{exc}")
        return cls(store, rules, notices)

    @property
    def rules(self) -> RuleSet:
        # Loaded when first asked for: verifying or listing a store needs no rule set.
        if self.chosen_rules is None:
            self.chosen_rules = default_ruleset()
        return self.chosen_rules

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return bool(self.store.unknown_migrations)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
