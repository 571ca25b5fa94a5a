"""The settings dialog: profiles registered on the store, rule set and fonts at once, the
store location and language kept for the next start."""
from __future__ import annotations

from workbench.core import reviewers
from workbench.core.ruleset import available_rulesets


def test_settings_register_a_profile_and_keep_choices(window, qtbot, settings, tmp_path, monkeypatch):
    dlg = window.show_settings()
    assert dlg.add_profile({"name": "李四", "title": "复核人", "key": str(tmp_path / "李四.p12")})
    assert reviewers.find(window.workspace.store, "李四").role == "复核人"
    # An invalid role is refused by the core, and the refusal shown.
    monkeypatch.setattr("workbench.ui.dialogs.settings_dialog.QMessageBox.warning", lambda *a: None)
    assert not dlg.add_profile({"name": "王五", "title": "局长", "key": ""})
    assert "角色" in dlg.messages[-1]

    dlg.store.setText(str(tmp_path / "other.sqlite"))
    dlg.rule_set.setCurrentIndex(dlg.rule_set.findData(str(available_rulesets()[-1])))
    dlg.font_size.setValue(12)
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    dlg.accept()
    assert settings.get("store/path") == str(tmp_path / "other.sqlite")
    assert settings.get("ui/language") == "en" and settings.get("ui/font_size") == 12
    assert [p["name"] for p in settings.get("review/profiles")] == ["李四"]
    assert window.rules.version == window.review.rules.version
    assert "重新启动" in window.statusBar().currentMessage()
