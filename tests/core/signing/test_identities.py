"""The keys folder (root, identities, listing) and signing recorded in the audit trail."""
from __future__ import annotations

import hashlib

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from tests.core.review_support import FIRST, add_reviewers, bulk_import
from workbench.core.pdf.sheet_pdf import render_sheet
from workbench.core.reports.export import export_application
from workbench.core.signing import identities as I
from workbench.core.signing.sheet_verify import verify_sheet
from workbench.core.signing.signer import SigningError, WrongPassphrase
from workbench.core.store import audit
from workbench.core.store.database import Store
from workbench.core.store.txn import StoreBusy

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

needs_font = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    k = I.Keys(tmp_path_factory.mktemp("pc") / "keys")
    k.init_root("Gm-root-2026!")
    k.issue("王经办", "handler", "Gm-handler-2026!", root_passphrase="Gm-root-2026!")
    k.issue("李复核", "复核人", "Gm-review-2026!", root_passphrase="Gm-root-2026!")
    return k


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "store.sqlite")
    add_reviewers(s)
    yield s
    s.close()


def test_keys_folder_beside_the_store_or_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_KEYS", raising=False)
    assert I.keys_folder(tmp_path / "a" / "store.sqlite") == (tmp_path / "a" / "keys").resolve()
    assert I.keys_folder(tmp_path / "s.sqlite", tmp_path / "elsewhere") == tmp_path / "elsewhere"
    monkeypatch.setenv("WORKBENCH_KEYS", str(tmp_path / "env"))
    assert I.keys_folder(tmp_path / "s.sqlite") == tmp_path / "env"


def test_roles_and_aliases():
    assert I.normalize_role("leader") == "head" and I.normalize_role("复核人") == "reviewer"
    assert I.normalize_role(None) is None
    with pytest.raises(SigningError, match="未知的签署角色"):
        I.normalize_role("boss")


def test_root_and_identities_are_listed_without_passphrases(keys):
    assert keys.has_root() and keys.can_issue()
    listed = {i.name: i for i in keys.identities()}
    assert set(listed) == {"王经办", "李复核"}
    assert listed["王经办"].role == "handler" and listed["李复核"].role_label == "复核人"
    assert listed["王经办"].issuer == keys.root().name
    assert keys.find("王经办") == listed["王经办"].path == keys.find("王经办-handler")
    with pytest.raises(SigningError, match="找不到签名证书"):
        keys.find("无此人")


def test_reissue_keeps_the_old_file(keys, tmp_path):
    k = I.Keys(tmp_path / "k")
    k.init_root("Gm-root-2026!")
    a = k.issue("张三", "handler", "Gm-first-2026!", root_passphrase="Gm-root-2026!")
    b = k.issue("张三", "handler", "Gm-second-2026!", root_passphrase="Gm-root-2026!")
    assert a != b and a.exists() and b.name == "张三-handler-2.p12"
    with pytest.raises(SigningError, match="对应多个"):
        k.find("张三")
    with pytest.raises(WrongPassphrase):
        k.issue("某人", "handler", "Gm-someone-2026!", root_passphrase="wrong")
    with pytest.raises(SigningError, match="已有根证书"):
        k.init_root("again")


def test_wrong_passphrase_is_a_clear_error(keys):
    with pytest.raises(WrongPassphrase, match="口令不正确"):
        keys.load("王经办", "nope")


def test_another_pc_imports_the_root_and_an_identity(keys, tmp_path):
    other = I.Keys(tmp_path / "other")
    with pytest.raises(SigningError, match="尚未设置根证书"):
        other.root()
    other.import_root(keys.root_cert_path)
    assert other.has_root() and not other.can_issue()
    with pytest.raises(SigningError, match="没有根证书私钥"):
        other.issue("某人", "handler", "Gm-someone-2026!")
    path = other.import_identity(keys.find("李复核"), "Gm-review-2026!")
    assert [i.name for i in other.identities()] == ["李复核"] and path.parent == other.identities_dir
    stranger = I.Keys(tmp_path / "stranger")
    stranger.init_root("Gm-stranger-root-2026!")
    foreign = stranger.issue("冒名者", "handler", "Gm-stranger-2026!", root_passphrase="Gm-stranger-root-2026!")
    with pytest.raises(SigningError, match="不是由根证书"):
        other.import_identity(foreign, "Gm-stranger-2026!")


@needs_font
def test_sign_recorded_writes_the_file_then_the_entry(keys, store, tmp_path):
    [app] = bulk_import(store, "b", [1])
    pdf = export_application(store, app, tmp_path / "out", actor=FIRST)
    exported = hashlib.sha256(pdf.read_bytes()).hexdigest()
    handler = keys.load("王经办", "Gm-handler-2026!")
    r1 = I.sign_recorded(store, pdf, handler, "handler")
    r2 = I.sign_recorded(store, pdf, keys.load("李复核", "Gm-review-2026!"), "reviewer", actor="李四")
    assert r2.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert verify_sheet(pdf, keys.trust_roots()).ok
    e1, e2 = audit.entries(store, action="sign")
    assert e1.subject == e2.subject == f"application:{app}"
    assert e1.actor == "王经办" and e2.actor == "李四"
    assert e1.details["sha256_before"] == exported and e1.details["sha256"] == r1.sha256
    assert e2.details["sha256_before"] == r1.sha256 and e2.details["role"] == "reviewer"
    mine = next(i for i in keys.identities() if i.name == "王经办")
    assert e1.details["certificate"] == mine.fingerprint
    assert audit.verify_store(store).ok
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name]             # no temp files


@needs_font
def test_sign_into_another_file_and_unknown_sheets(keys, store, tmp_path):
    src = tmp_path / "s.pdf"
    render_sheet(sample_sheet(claims=1), src)
    before = src.read_bytes()
    out = tmp_path / "signed"
    out.mkdir()
    I.sign_recorded(store, src, keys.load("王经办", "Gm-handler-2026!"), out=out)
    assert src.read_bytes() == before and (out / "s.pdf").exists()
    [e] = audit.entries(store, action="sign")
    assert e.subject == "file:s.pdf" and e.details["application"] is None


@needs_font
def test_a_refused_signature_changes_nothing(keys, store, tmp_path):
    src = tmp_path / "s.pdf"
    render_sheet(sample_sheet(claims=1, roles=("handler",)), src)
    before = src.read_bytes()
    with pytest.raises(SigningError, match="没有“复核人”签名栏"):
        I.sign_recorded(store, src, keys.load("李复核", "Gm-review-2026!"), "reviewer")
    assert src.read_bytes() == before and audit.entries(store, action="sign") == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["s.pdf"]


@needs_font
def test_signature_not_recorded_is_taken_back(keys, store, tmp_path, monkeypatch):
    src = tmp_path / "s.pdf"
    render_sheet(sample_sheet(claims=1), src)
    before = src.read_bytes()

    def busy(*a, **k):
        raise StoreBusy("数据库正忙")

    monkeypatch.setattr(I.audit, "record", busy)
    with pytest.raises(StoreBusy):
        I.sign_recorded(store, src, keys.load("王经办", "Gm-handler-2026!"))
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["s.pdf"]
    monkeypatch.undo()
    assert audit.entries(store, action="sign") == []
