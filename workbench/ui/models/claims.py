"""The claims table: one row per claim, of one application or of a whole batch."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from PySide6.QtGui import QColor

from workbench.core.domain.money import fmt, from_cents
from workbench.core.domain.workflow import departs

from ..labels import decision_label as ui_decision_label
from ..labels import status_color, status_label
from .rows import ClaimRow
from .table import MISSING_LOW, Column, RowTableModel, money_column, yuan_text

__all__ = ["ClaimTableModel", "overridden", "OVERRIDE_COLOR"]


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


def overridden(r: ClaimRow) -> bool:
    """The reviewer's amount departs from the rules' suggestion (core.workflow.Decision.differs),
    marked ★ as on the printed sheet (★人工调整)."""
    return bool(r.decision) and departs(r.decided, r.suggested)


OVERRIDE_COLOR = QColor("#b31a1a")   # the printed sheet's colour for ★人工调整


class ClaimTableModel(RowTableModel):
    (COL_ENTERPRISE, COL_LINE, COL_CODE, COL_PROJECT, COL_REQUESTED, COL_COMPUTED, COL_SUGGESTED,
     COL_STATUS, COL_DECISION, COL_DECIDED, COL_VOUCHER) = range(11)
    MONEY_COLUMNS = (COL_REQUESTED, COL_COMPUTED, COL_SUGGESTED, COL_DECIDED)

    def __init__(self, parent=None, decision_label: Callable[[str], str] | None = None):
        label = decision_label or ui_decision_label
        mark = "★ "

        def decided_text(r: ClaimRow) -> str:
            if r.decided is None:
                return ""
            amount = fmt(from_cents(r.decided))
            return mark + amount if overridden(r) else amount

        def decision_tip(r: ClaimRow) -> str | None:
            if not r.decision:
                return None
            text = f"{label(r.decision)}　{fmt(from_cents(r.decided))}" if r.decided is not None else label(r.decision)
            if overridden(r):
                text += "\n" + (self.tr("★ 人工调整：与系统建议不同（建议 {s}）").format(s=fmt(from_cents(r.suggested)))
                                if r.suggested is not None else self.tr("★ 人工调整：本事项无系统建议金额"))
            return text

        def decision_color(r: ClaimRow) -> QColor | None:
            return OVERRIDE_COLOR if overridden(r) else None

        super().__init__([
            Column(self.tr("申报单位"), lambda r: r.enterprise, lambda r: r.enterprise, tooltip=True),
            Column(self.tr("序号"), lambda r: "" if r.line is None else r.line, _line_key, right=True),
            Column(self.tr("条款"), lambda r: r.code or "", lambda r: _code_key(r.code),
                   tooltip=lambda r: f"{r.article} {r.code}".strip() if r.code else None),
            Column(self.tr("项目名称"), lambda r: r.project, lambda r: r.project, tooltip=True),
            money_column(self.tr("申请金额"), "requested", blank=self.tr("按测算"),
                         blank_tip=self.tr("申请金额未填，按测算金额计"), header_tip=self.tr("申请金额（元）")),
            money_column(self.tr("测算金额"), "computed", header_tip=self.tr("按规则公式测算的金额（元），未计上限")),
            money_column(self.tr("建议金额"), "suggested",
                         header_tip=self.tr("系统建议金额（元）；依据见计算说明")),
            Column(self.tr("规则结论"), lambda r: status_label(r.status), lambda r: r.status,
                   color=lambda r: status_color(r.status)),
            Column(self.tr("审核决定"), lambda r: label(r.decision) if r.decision else "",
                   lambda r: r.decision, color=decision_color, tooltip=decision_tip),
            Column(self.tr("审核金额"), decided_text,
                   lambda r: MISSING_LOW if r.decided is None else r.decided, right=True,
                   color=decision_color, tooltip=decision_tip, money="decided", amount_text=yuan_text,
                   header_tip=self.tr("审核人员核定的金额（元）；★ 表示与系统建议不同")),
            Column(self.tr("凭证编号"), lambda r: r.voucher, lambda r: r.voucher, tooltip=True),
        ], parent)

    key_field = 0
    # The same orders, by the database, for a window onto a large batch (core.claim_window).
    window_orders = dict(enumerate((
        "enterprise", "line", "code", "project", "requested", "computed", "suggested", "status",
        "decision", "decided", "voucher")))

    def row_key(self, row: ClaimRow):
        return row.key

    def update_row(self, row: ClaimRow) -> None:
        window = self.window()
        if window is not None:
            from workbench.core.domain.workflow import needs_explicit
            window.claim_changed(row.key, not row.decision and needs_explicit(row))
        super().update_row(row)

    def search_text(self, r: ClaimRow) -> str:
        return "\x1f".join((r.enterprise, r.code or "", r.project, r.voucher))

    def search_texts(self, rows: list[ClaimRow]) -> list[str]:
        return ["\x1f".join((r[2], r[4] or "", r[6], r[7])) for r in rows]

    def set_claim_filter(self, text: str | None = None, statuses: Iterable[str] | None = None,
                         pending_only: bool = False) -> None:
        wanted = frozenset(statuses) if statuses is not None else None
        if self.window() is not None:
            self.beginResetModel()
            self._pages.clear()
            self.window().set_filter(text or "", wanted, pending_only)
            self.endResetModel()
            return
        # The same predicate object for the same statuses lets typing narrow the shown rows.
        if (wanted, pending_only) != getattr(self, "_wanted", None):
            self._wanted = (wanted, pending_only)
            if wanted is None and not pending_only:
                self._status_ok = None
            else:
                # 待决定: what the core says a person must decide (the others are taken as
                # suggested at 完成初审) and nobody has decided yet.
                from workbench.core.domain.workflow import needs_explicit
                self._status_ok = (lambda r: (wanted is None or r.status in wanted)
                                   and not (pending_only and (r.decision or not needs_explicit(r))))
        self.set_filter(text, getattr(self, "_status_ok", None))
