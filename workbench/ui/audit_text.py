"""The audit log as a reviewer reads it: times in Shenzhen's zone, details as words.

The core stores times in UTC (ISO 8601 with offset) and details as JSON; both stay as they are
in the store and in verify-store. Only the window's display changes here.
"""
from __future__ import annotations

from workbench.core.domain.workflow import in_shenzhen

__all__ = ["local_time", "readable_details"]

# Words for the keys the core writes most; others are shown as written.
KEY_WORDS = {
    "reason": "理由", "override_reason": "超额理由", "line": "行", "code": "条款", "suggested": "建议金额（分）",
    "decisions": "决定", "kind": "决定", "amount": "金额（分）", "doc_no": "文号", "name": "姓名",
    "role": "角色", "batch": "批次", "file": "文件", "login": "数据库登录名", "sha256": "SHA-256", "applications": "申报",
}


def local_time(at: str) -> str:
    """'2026-12-03T08:20:44.123456+00:00' → '2026-12-03 16:20:44 (UTC+08:00)'."""
    t = in_shenzhen(at)
    return (at or "") if t is None else f"{t:%Y-%m-%d %H:%M:%S} (UTC+08:00)"


def _value(v) -> str:
    if isinstance(v, dict):
        return "，".join(f"{KEY_WORDS.get(k, k)} {_value(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return "、".join(_value(x) for x in v)
    if v is None or v == "":
        return "—"
    return str(v)


def readable_details(details) -> str:
    """{'reason': '…', 'line': 5} → '理由：…；行：5' (nested parts in words too)."""
    if not isinstance(details, dict):
        return _value(details)
    return "；".join(f"{KEY_WORDS.get(k, k)}：{_value(v)}" for k, v in details.items())
