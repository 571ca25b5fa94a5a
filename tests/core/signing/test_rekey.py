"""Changing a key file's passphrase: the new one opens it (and its time-stamping key), the old
one no longer does, a weak new one or a wrong old one changes nothing."""
from __future__ import annotations

import pytest

from workbench.core.signing import identities as I
from workbench.core.signing.keyfiles import WeakPassphrase
from workbench.core.signing.rekey import change_passphrase
from workbench.core.signing.signer import WrongPassphrase, load_identity


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    k = I.Keys(tmp_path_factory.mktemp("pc") / "keys")
    k.init_root("Gm-root-2026!")
    k.issue("王经办", "handler", "Gm-handler-2026!", root_passphrase="Gm-root-2026!")
    return k


def test_identity_passphrase_changed_with_its_time_stamper(keys):
    p12 = keys.find("王经办")
    written = change_passphrase(p12, "Gm-handler-2026!", "Neu-Kennwort-77#")
    assert p12 in written and len(written) == 2          # the identity and its TSA key
    ident = load_identity(p12, "Neu-Kennwort-77#")
    assert ident.name == "王经办" and ident.role == "handler"
    assert ident.timestamper is not None                  # the TSA key follows the identity
    with pytest.raises(WrongPassphrase):
        load_identity(p12, "Gm-handler-2026!")
    assert not list(p12.parent.glob("*.new"))


def test_wrong_old_or_weak_new_passphrase_leaves_the_file(keys):
    p12 = keys.issue("赵复核", "reviewer", "Gm-review-2026!", root_passphrase="Gm-root-2026!")
    before = p12.read_bytes()
    with pytest.raises(WrongPassphrase, match="原口令不正确"):
        change_passphrase(p12, "not-the-one-123", "Neu-Kennwort-77#")
    with pytest.raises(WeakPassphrase):
        change_passphrase(p12, "Gm-review-2026!", "赵复核123")
    assert p12.read_bytes() == before


def test_root_key_passphrase_changed(keys):
    change_passphrase(keys.root_key_path, "Gm-root-2026!", "Root-Neu-2026!x")
    assert keys.root("Root-Neu-2026!x", with_key=True).key is not None
    with pytest.raises(WrongPassphrase):
        keys.root("Gm-root-2026!", with_key=True)
