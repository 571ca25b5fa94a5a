"""The settings dialog: profiles registered on the store, rule set and fonts at once, the
store location and language kept for the next start."""
from __future__ import annotations

from workbench.core.rules.ruleset import available_rulesets
from workbench.core.store import reviewers


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


def test_settings_show_the_store_in_use_and_keys_in_the_keys_folder(window, qtbot, settings):
    from PySide6.QtWidgets import QApplication

    from workbench.core.signing.identities import Keys

    keys = Keys.beside(window.workspace.path)
    keys.init_root("Gm-root-2026!")
    keys.issue("张三", "handler", "Gm-review-2026!", root_passphrase="Gm-root-2026!")
    settings.set("review/profiles", [{"name": "张三", "title": "经办人", "key": ""}])
    window.a.settings.trigger()
    dlg = window.settings_dialog
    qtbot.waitUntil(dlg.isVisible)
    assert dlg.current_store.text() == str(window.workspace.path)
    line = dlg.profiles.item(0).text()
    assert "张三" in line and "无签名密钥" not in line and ".p12" in line
    dlg.close()
    QApplication.processEvents()
