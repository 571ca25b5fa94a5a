"""The review's one vocabulary and its one label table: stages, stage actions, roles, claim
statuses and decisions. Every screen, command, sheet and check takes its words from here."""
from __future__ import annotations

__all__ = ["STAGES", "STAGE_LABELS", "ACTION_LABELS", "ROLE_KEYS", "ROLE_LABELS", "ROLES",
           "role_key", "STATUSES", "STATUS_LABELS", "STATUS_ON_PAPER", "DECISION_KINDS",
           "DECISION_LABELS", "FIELD_LABELS"]

STAGES = ("imported", "first_done", "second_done", "finalized")
STAGE_LABELS = {
    "imported": "待初审",
    "first_done": "初审完成",
    "second_done": "复核完成",
    "finalized": "已审定",
}
ACTION_LABELS = {
    "first_review": "初审完成",
    "second_review": "复核通过",
    "return": "退回初审",
    "finalize": "审定",
    "recompute_return": "台账变化后退回初审",
}

# Roles in signing order. The keys stay ASCII because they name PDF signature fields, which
# some PDF tools print raw; people see the Chinese.
ROLE_KEYS = ("handler", "reviewer", "head")
ROLE_LABELS = {"handler": "经办人", "reviewer": "复核人", "head": "负责人"}
ROLES = tuple(ROLE_LABELS[k] for k in ROLE_KEYS)


def role_key(label: str) -> str | None:
    """'复核人' -> 'reviewer'; None for a word that is not a role."""
    return next((k for k, v in ROLE_LABELS.items() if v == label), None)


STATUSES = ("approve", "reduce", "reject", "manual")
# On screen and in the command line's tables, short; on the signed sheet and the summary, the
# wording of the bureau's paper form.
STATUS_LABELS = {"approve": "通过", "reduce": "核减", "reject": "不予支持", "manual": "人工审核"}
STATUS_ON_PAPER = {
    "approve": "建议全额支持",
    "reduce": "建议核减",
    "reject": "不予支持",
    "manual": "需人工审核",
}

DECISION_KINDS = ("accept", "amount", "reject")
DECISION_LABELS = {"accept": "同意建议", "amount": "调整金额", "reject": "不予支持"}

# The application sheet's columns as the template heads them (and as messages name them).
FIELD_LABELS = {
    "line": "序号", "code": "条款编号", "project": "项目名称", "basis": "计算基数（元）",
    "previous": "上年度基数（元）", "area": "面积（平方米）", "months": "月数",
    "rent": "租金单价（元/平方米/月）", "installment": "期次", "level": "标准级别",
    "product": "产品名称", "voucher": "凭证编号", "requested": "申请金额（元）", "remark": "备注",
}
