"""Signing keys in the window, as a person uses them: the guide when a key is missing offers to
create the root and issue the key; the keys dialog changes a passphrase; a weak passphrase is
refused inside the form, which keeps what was typed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.core.signing.identities import Keys
from workbench.core.signing.signer import WrongPassphrase, load_identity
from workbench.ui.dialogs.keys import KeyForm, KeysDialog

from .person import type_text, when_modal

ROOT_PW, PW = "Gm-root-2026!", "Zs-sign-2026!"


def _fill_root_then_issue(form: KeyForm):
    w = form.widgets
    if form.windowTitle() == "创建根证书":
        type_text(w["passphrase"], ROOT_PW)
        type_text(w["again"], ROOT_PW)
    else:
        assert w["name"].currentText() == "张三"
        type_text(w["passphrase"], PW)
        type_text(w["again"], PW)
        type_text(w["root_passphrase"], ROOT_PW)
    QTest.keyClick(w["again"], Qt.Key_Return)


def test_a_missing_key_guide_creates_the_root_and_issues_the_key(window, qtbot, tmp_path, settings):
    settings.set("sign/keys_dir", str(tmp_path / "keys"))
    texts = []

    def guide(box: QMessageBox):
        texts.append((box.text(), box.informativeText()))
        next(b for b in box.buttons() if "创建根证书并签发" in b.text()).click()
    seen_guide = when_modal(guide, QMessageBox)
    seen_forms = when_modal(_fill_root_then_issue, KeyForm, times=2, limit_ms=60000)
    # Signing then goes on and asks which sheet: the person cancels that.
    seen_files = when_modal(lambda d: d.reject(), QFileDialog, limit_ms=60000)
    window.a.sign.trigger()
    qtbot.waitUntil(lambda: len(seen_files) == 1, timeout=60000)
    assert seen_guide and seen_forms and seen_files
    text, info = texts[0]
    assert "张三 还没有可用的签名密钥" in text and "根证书" in info
    keys = Keys(tmp_path / "keys")
    assert keys.can_issue()
    ident = load_identity(keys.find("张三"), PW)
    assert ident.name == "张三" and ident.role == "handler"    # the role the store has for 张三


def test_keys_dialog_changes_a_passphrase_and_refuses_a_weak_one(window, qtbot, tmp_path, settings):
    keys = Keys(tmp_path / "keys")
    keys.init_root(ROOT_PW)
    p12 = keys.issue("张三", "handler", PW, root_passphrase=ROOT_PW)
    settings.set("sign/keys_dir", str(keys.folder))
    steps = []

    def change(form: KeyForm):
        w = form.widgets
        assert w["file"].currentData() == p12
        type_text(w["old"], PW)
        type_text(w["new"], "aaaaaaaaaaaa")          # one character repeated: refused by the core
        type_text(w["again"], "aaaaaaaaaaaa")
        QTest.keyClick(w["again"], Qt.Key_Return)
        qtbot.waitUntil(lambda: form.op is not None and form.op.finished, timeout=30000)
        steps.append((form.isVisible(), form.error.text(), w["old"].text()))
        type_text(w["new"], "Neu-Kennwort-77#")
        type_text(w["again"], "Neu-Kennwort-77#")
        QTest.keyClick(w["again"], Qt.Key_Return)

    def dialog(d: KeysDialog):
        assert d.table.rowCount() == 1 and d.table.item(0, 0).text() == "张三"
        assert not d.create_root.isEnabled() and d.issue.isEnabled()
        seen.append(when_modal(change, KeyForm, limit_ms=60000))
        QTest.mouseClick(d.change, Qt.LeftButton)
        d.close()

    seen = []
    window.a.keys.trigger()
    dialog(window.keys_dialog)
    visible, error, old = steps[0]
    assert visible and "口令" in error and old == PW
    assert load_identity(p12, "Neu-Kennwort-77#").name == "张三"
    try:
        load_identity(p12, PW)
        raise AssertionError("the old passphrase still opens the key")
    except WrongPassphrase:
        pass
