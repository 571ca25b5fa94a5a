"""The audit log viewer lists entries and shows the verify-store result."""
from __future__ import annotations

from workbench.core.store import audit


def test_audit_log_lists_entries_and_verifies_the_store(window, qtbot):
    audit.record(window.workspace.store, "张三", "export", "batch:2025年第一批", {"files": 3})
    dlg = window.show_audit_log()
    # Newest first: the export, after the reviewer profile was registered on this store.
    assert dlg.model.rowCount() >= 1
    assert dlg.model.row_at(0).action == "export" and dlg.model.data(dlg.model.index(0, 2)) == "张三"
    op = dlg.verify()
    qtbot.waitUntil(lambda: op.finished, timeout=10000)
    assert dlg.report is not None and dlg.report.ok
    assert "验证通过" in dlg.verdict.text()
