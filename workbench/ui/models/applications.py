"""The applications list on the left: enterprise, year, totals and review stage."""
from __future__ import annotations

from typing import Callable

from .rows import AppRow
from .table import Column, RowTableModel, money_column

__all__ = ["ApplicationTableModel"]


class ApplicationTableModel(RowTableModel):
    (COL_NAME, COL_STAGE, COL_UNDECIDED, COL_CLAIMS, COL_REQUESTED, COL_SUGGESTED, COL_DECIDED,
     COL_YEAR, COL_CODE, COL_BATCH) = range(10)

    def __init__(self, parent=None, stage_label: Callable[[str], str] | None = None):
        from ...core.workflow import STAGE_LABELS
        label = stage_label or (lambda s: STAGE_LABELS.get(s, s))
        super().__init__([
            Column(self.tr("申报单位"), lambda r: r.name, lambda r: r.name, tooltip=True),
            Column(self.tr("阶段"), lambda r: label(r.stage), lambda r: r.stage),
            Column(self.tr("待审"), lambda r: r.undecided, lambda r: r.undecided, right=True),
            Column(self.tr("事项"), lambda r: r.claims, lambda r: r.claims, right=True),
            money_column(self.tr("申请金额"), "requested"),
            money_column(self.tr("建议金额"), "suggested"),
            money_column(self.tr("审核金额"), "decided"),
            Column(self.tr("年度"), lambda r: r.year, lambda r: r.year, right=True),
            Column(self.tr("统一社会信用代码"), lambda r: r.credit_code, lambda r: r.credit_code),
            Column(self.tr("批次"), lambda r: r.batch, lambda r: r.batch),
        ], parent)

    def row_key(self, row: AppRow):
        return row.id

    def search_text(self, r: AppRow) -> str:
        return "\x1f".join((r.name, r.credit_code, str(r.year), r.batch, r.source))
