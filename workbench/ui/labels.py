"""Words for the core's codes (statuses, stages, decisions), through Qt's translator.

The Chinese text comes from the core where it exists (domain/vocabulary.py), so the window
and the printed sheet say the same thing; the markers below let lupdate collect the strings.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from workbench.core.domain.vocabulary import STATUS_LABELS
from workbench.core.domain.workflow import DECISION_LABELS, STAGE_LABELS

__all__ = ["status_label", "status_color", "decision_label", "stage_label", "tr"]

_CTX = "Labels"
_MARKERS = (
    QT_TRANSLATE_NOOP("Labels", "通过"),
    QT_TRANSLATE_NOOP("Labels", "核减"),
    QT_TRANSLATE_NOOP("Labels", "不予支持"),
    QT_TRANSLATE_NOOP("Labels", "人工审核"),
    QT_TRANSLATE_NOOP("Labels", "拒收"),
    QT_TRANSLATE_NOOP("Labels", "事项填写有误"),
    QT_TRANSLATE_NOOP("Labels", "同意建议"),
    QT_TRANSLATE_NOOP("Labels", "调整金额"),
    QT_TRANSLATE_NOOP("Labels", "待初审"),
    QT_TRANSLATE_NOOP("Labels", "初审完成"),
    QT_TRANSLATE_NOOP("Labels", "复核完成"),
    QT_TRANSLATE_NOOP("Labels", "已审定"),
)

# Foreground colours chosen to stay readable on white and on the selection highlight.
_COLORS = {
    "approve": QColor("#1b7f3b"),
    "reduce": QColor("#b25e00"),
    "reject": QColor("#c0262d"),
    "manual": QColor("#1f5fbf"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def status_label(status: str | None) -> str:
    if not status:
        return ""
    return tr(STATUS_LABELS.get(status, status))


def status_color(status: str | None) -> QColor | None:
    return _COLORS.get(status or "")


def decision_label(kind: str | None) -> str:
    """The core's words for a decision kind (workflow.DECISION_LABELS), translated."""
    if not kind:
        return ""
    return tr(DECISION_LABELS.get(kind, kind))


def stage_label(stage: str | None) -> str:
    if not stage:
        return ""
    return tr(STAGE_LABELS.get(stage, stage))
