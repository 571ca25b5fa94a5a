"""The applications list on the left: enterprise, year, totals and review stage."""
from __future__ import annotations

from typing import Callable

from .rows import AppRow
from ..labels import stage_label as ui_stage_label
from .table import Column, RowTableModel, wan_column

__all__ = ["ApplicationTableModel"]


class ApplicationTableModel(RowTableModel):
    (COL_NAME, COL_STAGE, COL_UNDECIDED, COL_CLAIMS, COL_REQUESTED, COL_SUGGESTED, COL_DECIDED,
     COL_YEAR, COL_CODE, COL_BATCH) = range(10)
    MONEY_COLUMNS = (COL_REQUESTED, COL_SUGGESTED, COL_DECIDED)

    def __init__(self, parent=None, stage_label: Callable[[str], str] | None = None):
        label = self.stage_label = stage_label or ui_stage_label
        super().__init__([
            Column(self.tr("申报单位"), lambda r: r.name, lambda r: r.name,
                   tooltip=lambda r: f"{r.name}\n{r.credit_code}　{r.year} 年度"),
            Column(self.tr("阶段"), lambda r: label(r.stage), lambda r: r.stage),
            Column(self.tr("待审"), lambda r: r.undecided, lambda r: r.undecided, right=True,
                   header_tip=self.tr("尚待审核人员决定的事项数")),
            Column(self.tr("事项"), lambda r: r.claims, lambda r: r.claims, right=True,
                   header_tip=self.tr("申报事项数")),
            # Totals in 万元 keep the list narrow; the exact yuan amount is each cell's tooltip.
            wan_column(self.tr("申请\n(万元)"), "requested",
                       header_tip=self.tr("申请金额合计（万元）；未填申请金额的事项按测算金额计")),
            wan_column(self.tr("建议\n(万元)"), "suggested", header_tip=self.tr("系统建议金额合计（万元）")),
            wan_column(self.tr("审核\n(万元)"), "decided", header_tip=self.tr("审核金额合计（万元）")),
            Column(self.tr("年度"), lambda r: r.year, lambda r: r.year, right=True),
            Column(self.tr("统一社会信用代码"), lambda r: r.credit_code, lambda r: r.credit_code),
            Column(self.tr("批次"), lambda r: r.batch, lambda r: r.batch),
        ], parent)

    def row_key(self, row: AppRow):
        return row.id

    def search_text(self, r: AppRow) -> str:
        return "\x1f".join((r.name, r.credit_code, str(r.year), r.batch, r.source))
