"""One vocabulary of stages, roles, statuses and decisions, with one label table."""
import re
from pathlib import Path

from workbench.core.domain import vocabulary, workflow
from workbench.core.pdf import sheet_data
from workbench.core.rules import explain
from workbench.core.signing import sheet_rules

SOURCE = Path(__file__).resolve().parents[3] / "workbench"


def test_every_layer_names_the_same_table():
    assert workflow.ROLES is vocabulary.ROLES
    assert workflow.STAGE_LABELS is vocabulary.STAGE_LABELS
    assert workflow.DECISION_LABELS is vocabulary.DECISION_LABELS
    assert sheet_data.ROLE_LABELS is vocabulary.ROLE_LABELS
    assert sheet_data.STATUS_LABELS is vocabulary.STATUS_ON_PAPER
    assert explain.STATUS_LABELS is vocabulary.STATUS_LABELS
    assert sheet_rules.STAGE_ORDER is vocabulary.STAGES


def test_roles_in_signing_order_and_both_ways():
    assert vocabulary.ROLES == ("经办人", "复核人", "负责人")
    assert [vocabulary.role_key(r) for r in vocabulary.ROLES] == list(vocabulary.ROLE_KEYS)
    assert vocabulary.role_key("处长") is None
    assert set(vocabulary.STATUS_LABELS) == set(vocabulary.STATUS_ON_PAPER) == set(vocabulary.STATUSES)


def test_no_second_table_of_labels_in_the_source():
    """A literal list of the three roles, or a dict of stage labels, outside the vocabulary
    would be a second table that can drift."""
    roles = re.compile(r'"经办人",\s*"复核人",\s*"负责人"')
    stages = re.compile(r'"imported":\s*"待初审"')
    offenders = [p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*.py")
                 if p.name != "vocabulary.py"
                 and (roles.search(t := p.read_text(encoding="utf-8")) or stages.search(t))]
    assert offenders == []
