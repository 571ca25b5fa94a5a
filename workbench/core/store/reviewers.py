"""Reviewer profiles on this PC (审核人员): a name and a role. Every action names one.

Roles: 经办人 (does first review), 复核人 (second review), 负责人 (head). The workflow itself
asks only that the second reviewer is not the first one; roles are what the sheets print.
A profile is never deleted (the log names it); it can be disabled, and a disabled reviewer
can no longer act.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.domain.workflow import ROLES, Refused
from workbench.core.store import audit
from workbench.core.store.target import HasDatabase, Target
from workbench.core.store.txn import write

__all__ = ["Reviewer", "ROLES", "add_reviewer", "disable_reviewer", "list_reviewers", "require", "headless_actor",
           "find", "find_read", "require_found"]


@dataclass(frozen=True)
class Reviewer:
    id: int
    name: str
    role: str
    active: bool
    created_at: str


def _row(r: Sequence[Any]) -> Reviewer:
    return Reviewer(r[0], r[1], r[2], bool(r[3]), r[4])


_FIND = "SELECT id, name, role, active, created_at FROM reviewers WHERE name = ?"


def find(target: Target, name: str) -> Reviewer | None:
    conn = audit.connection_of(target)
    r = conn.execute(_FIND, [name]).fetchone()
    return _row(r) if r else None


def find_read(name: str | None) -> tuple[str, list[Any]]:
    """The read `require` makes, to be sent with others (its rows go to `require_found`)."""
    return _FIND, [" ".join((name or "").split())]


def require(target: Target, name: str | None) -> Reviewer:
    """The active reviewer called `name`, or Refused."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused("未指定审核人员：每项操作都须记在具体审核人员名下（命令行用 --as 姓名）")
    return _required(name, find(target, name))


def require_found(name: str | None, rows: list[Any]) -> Reviewer:
    """`require`, with the rows of its read (find_read) already at hand."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused("未指定审核人员：每项操作都须记在具体审核人员名下（命令行用 --as 姓名）")
    return _required(name, _row(rows[0]) if rows else None)


def _required(name: str, r: Reviewer | None) -> Reviewer:
    if r is None:
        raise Refused(f"未知的审核人员“{name}”：请先添加审核人员（reviewer add）")
    if not r.active:
        raise Refused(f"审核人员“{name}”已停用，不能再进行操作")
    return r


def list_reviewers(target: Target, *, include_inactive: bool = True) -> list[Reviewer]:
    conn = audit.connection_of(target)
    sql = "SELECT id, name, role, active, created_at FROM reviewers"
    if not include_inactive:
        sql += " WHERE active = 1"
    return [_row(r) for r in conn.execute(sql + " ORDER BY id")]


def add_reviewer(store: Target, name: str, role: str, *, actor: str | None = None) -> Reviewer:
    """Add a profile. The first profile on a store adds itself; after that an existing
    reviewer adds the others (so each addition is attributed)."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused("审核人员姓名不能为空")
    if len(name) > 40:
        raise Refused("审核人员姓名过长（最多 40 个字）")
    if role not in ROLES:
        raise Refused(f"角色“{role}”无效，应为 {'、'.join(ROLES)} 之一")
    with write(store) as conn:
        count = conn.execute("SELECT COUNT(*) FROM reviewers").fetchone()[0]
        if count == 0:
            if actor and actor != name:
                raise Refused("尚无审核人员：第一位审核人员须以本人名义添加")
            actor = name
        else:
            require(conn, actor)
            assert actor is not None   # require refused an empty name
        if find(conn, name) is not None:
            raise Refused(f"审核人员“{name}”已存在")
        e = audit.record(conn, actor, "reviewer_add", f"reviewer:{name}", {"name": name, "role": role})
        at = e.at
        cur = conn.execute("INSERT INTO reviewers (name, role, active, created_at, audit_seq) "
                           "VALUES (?, ?, 1, ?, ?)", [name, role, at, e.seq])
        assert cur.lastrowid is not None   # an INSERT sets it
        return Reviewer(cur.lastrowid, name, role, True, at)


def disable_reviewer(store: Target, name: str, *, actor: str) -> None:
    with write(store) as conn:
        require(conn, actor)
        r = find(conn, name)
        if r is None:
            raise Refused(f"未知的审核人员“{name}”")
        if not r.active:
            raise Refused(f"审核人员“{name}”已停用")
        e = audit.record(conn, actor, "reviewer_disable", f"reviewer:{name}", {"name": name})
        conn.execute("UPDATE reviewers SET active = 0, audit_seq = ? WHERE id = ?", [e.seq, r.id])


def headless_actor(store: HasDatabase, name: str | None) -> str:
    """Who a headless command acts as: the name given (--as / WORKBENCH_REVIEWER), else the
    PC's login name. On a store with no reviewers yet, that login becomes the first reviewer
    (经办人), so `import` and `ledger import` work on a fresh store as formats.md shows them;
    once reviewers exist, an unnamed command is refused rather than attributed to a stranger."""
    import getpass

    name = " ".join((name or "").split())
    if name:
        return name
    login = " ".join(getpass.getuser().split()) or "reviewer"
    if find(store.db.conn, login) is None:
        if list_reviewers(store):
            raise Refused("请用 --as 姓名（或环境变量 WORKBENCH_REVIEWER）指明进行操作的审核人员")
        add_reviewer(store, login, "经办人")
    return login
