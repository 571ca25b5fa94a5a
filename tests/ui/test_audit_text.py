"""Audit times in Shenzhen's zone with the zone shown; details in words, not JSON."""
from __future__ import annotations

from workbench.ui.audit_text import local_time, readable_details


def test_utc_times_are_shown_in_beijing_time_with_the_zone():
    assert local_time("2026-12-03T08:20:44.123456+00:00") == "2026-12-03 16:20:44 (UTC+08:00)"
    assert local_time("2026-12-31T17:00:00+00:00") == "2027-01-01 01:00:00 (UTC+08:00)"
    assert local_time("2026-12-03T08:20:44") == "2026-12-03 16:20:44 (UTC+08:00)"   # naive = UTC


def test_details_read_as_words():
    text = readable_details({"reason": "一事一议", "line": 5, "override_reason": ""})
    assert text == "理由：一事一议；行：5；超额理由：—"
    assert "{" not in readable_details({"decisions": {"12": {"kind": "amount"}}})


def test_the_audit_dialog_shows_local_times(window, qtbot):
    window.a.audit.trigger()
    dlg = window.audit_dialog
    qtbot.waitUntil(dlg.isVisible)
    m = dlg.model
    assert m.rowCount() >= 1   # the reviewer's own registration
    shown = m.data(m.index(0, 1))
    assert shown.endswith("(UTC+08:00)")
    dlg.close()
