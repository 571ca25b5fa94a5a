"""The applications list on the left: enterprise, year, totals and review stage."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal

from ..labels import stage_label as ui_stage_label
from .rows import AppRow
from .table import Column, RowTableModel, wan_column

__all__ = ["ApplicationTableModel"]


class ApplicationTableModel(RowTableModel):
    (COL_NAME, COL_STAGE, COL_UNDECIDED, COL_CLAIMS, COL_REQUESTED, COL_SUGGESTED, COL_DECIDED,
     COL_YEAR, COL_CODE, COL_BATCH) = range(10)
    MONEY_COLUMNS = (COL_REQUESTED, COL_SUGGESTED, COL_DECIDED)
    key_field = 0
    TOTAL_COLUMNS = (COL_UNDECIDED, COL_CLAIMS, COL_REQUESTED, COL_SUGGESTED, COL_DECIDED)
    totalsFilled = Signal()
    # A long list comes as application ids in name order; `fill_rows(ids, totals)` reads those
    # applications (with their totals, or without: faster). The rows painted are read a page
    # at a time; every row before a filter or a sort by another column than the name, and
    # every total before a sort by a total.
    fill_rows: Callable[[list, bool], list[AppRow]] | None = None
    FILL_BEFORE, FILL_AFTER = 40, 160
    _ranked = False
    _ids: list | None = None

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

    def set_rows(self, rows) -> None:
        rows = rows if isinstance(rows, list) else list(rows)
        # Bare ids: the store listed them in name order, which ranks them by name.
        self._ranked = bool(rows) and type(rows[0]) is int
        self._ids = list(rows) if self._ranked else None
        self._read: list[AppRow] = []   # rows of a long list read so far (their amounts count)
        super().set_rows(rows)

    def measured_rows(self) -> list:
        return self._read if self._ranked else self._rows

    def update_row(self, row) -> None:
        if self._ranked:
            self._read.append(row)
        super().update_row(row)

    def row_at(self, view_row: int):
        i = self._view[view_row]
        if type(self._rows[i]) is int or self._rows[i].claims is None:
            self._fill([j for j in self._view[max(0, view_row - self.FILL_BEFORE):view_row + self.FILL_AFTER]
                        if type(self._rows[j]) is int or self._rows[j].claims is None], totals=True)
        return self._rows[i]

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if column in self.TOTAL_COLUMNS:
            self._fill([i for i, r in enumerate(self._rows) if type(r) is int or r.claims is None], totals=True)
        super().sort(column, order)

    def set_filter(self, text=None, predicate=None) -> None:
        if (text or "").strip():
            self._fill([i for i, r in enumerate(self._rows) if type(r) is int], totals=False)
        super().set_filter(text, predicate)

    def _key_list(self, column: int) -> list:
        if column == self.COL_NAME and self._ranked:
            return list(range(len(self._rows)))
        self._fill([i for i, r in enumerate(self._rows) if type(r) is int], totals=False)
        return super()._key_list(column)

    def _index_of(self, key):
        if self._pos is None:
            ids = self._ids if self._ids is not None else [r if type(r) is int else r[0] for r in self._rows]
            self._pos = dict(zip(ids, range(len(ids)), strict=False))
        return self._pos.get(key)

    def _fill(self, positions: list[int], *, totals: bool) -> None:
        if not positions or self.fill_rows is None:
            return
        got = {r.id: r for r in self.fill_rows([self._row_id(i) for i in positions], totals)}
        for i in positions:
            old = self._rows[i]
            new = got.get(self._row_id(i))
            if new is None:   # gone from the store meanwhile: nothing to show until the next reload
                new = (AppRow(old, "", "", "", 0, 0, 0, 0, 0, "", "", 0) if type(old) is int
                       else old._replace(claims=0, requested=0, suggested=0, decided=0, undecided=0))
            self._rows[i] = new
            if self._ranked:
                self._read.append(new)
        if totals:
            for c in self.TOTAL_COLUMNS:
                self._keys.pop(c, None)
            self.totalsFilled.emit()

    def _row_id(self, i: int):
        r = self._rows[i]
        return r if type(r) is int else r.id

    def search_text(self, r: AppRow) -> str:
        return "\x1f".join((r.name, r.credit_code, str(r.year), r.batch, r.source))
