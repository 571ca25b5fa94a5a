"""The claims table: one row per claim, of one application or of a whole batch."""
from __future__ import annotations

from functools import cache
from typing import Callable, Iterable

from ..labels import status_color, status_label
from .rows import ClaimRow
from .table import Column, RowTableModel, money_column

__all__ = ["ClaimTableModel"]


@cache
def _code_key(code: str | None):
    """3.1 < 4.2 < 10 < 12.1 as numbers, not as text; unreadable codes after the known ones."""
    if not code:
        return (2, ())
    try:
        return (0, tuple(int(p) for p in code.split(".")))
    except ValueError:
        return (1, (code,))


def _line_key(r: ClaimRow) -> int:
    """Line numbers within an application, applications in id order (ids are store integers)."""
    app = r.application_id if isinstance(r.application_id, int) else 0
    return (app << 24) + (r.line if r.line is not None else -1)


class ClaimTableModel(RowTableModel):
    (COL_ENTERPRISE, COL_LINE, COL_CODE, COL_PROJECT, COL_REQUESTED, COL_SUGGESTED, COL_STATUS,
     COL_DECIDED, COL_DECISION, COL_COMPUTED, COL_VOUCHER) = range(11)

    def __init__(self, parent=None, decision_label: Callable[[str], str] | None = None):
        from ...core.workflow import DECISION_LABELS
        label = decision_label or (lambda kind: DECISION_LABELS.get(kind, kind))
        super().__init__([
            Column(self.tr("申报单位"), lambda r: r.enterprise, lambda r: r.enterprise, tooltip=True),
            Column(self.tr("序号"), lambda r: "" if r.line is None else r.line, _line_key, right=True),
            Column(self.tr("条款"), lambda r: r.code or "", lambda r: _code_key(r.code)),
            Column(self.tr("项目名称"), lambda r: r.project, lambda r: r.project, tooltip=True),
            money_column(self.tr("申请金额"), "requested"),
            money_column(self.tr("建议金额"), "suggested"),
            Column(self.tr("规则结论"), lambda r: status_label(r.status), lambda r: r.status,
                   color=lambda r: status_color(r.status)),
            money_column(self.tr("审核金额"), "decided"),
            Column(self.tr("审核意见"), lambda r: label(r.decision) if r.decision else "",
                   lambda r: r.decision),
            money_column(self.tr("计算金额"), "computed"),
            Column(self.tr("凭证编号"), lambda r: r.voucher, lambda r: r.voucher),
        ], parent)

    def row_key(self, row: ClaimRow):
        return row.key

    def search_text(self, r: ClaimRow) -> str:
        return "\x1f".join((r.enterprise, r.code or "", r.project, r.voucher))

    def search_texts(self, rows: list[ClaimRow]) -> list[str]:
        return ["\x1f".join((r[2], r[4] or "", r[6], r[7])) for r in rows]

    def set_claim_filter(self, text: str | None = None, statuses: Iterable[str] | None = None) -> None:
        wanted = frozenset(statuses) if statuses is not None else None
        # The same predicate object for the same statuses lets typing narrow the shown rows.
        if wanted != getattr(self, "_wanted", None):
            self._wanted = wanted
            self._status_ok = (lambda r: r.status in wanted) if wanted is not None else None
        self.set_filter(text, getattr(self, "_status_ok", None))
