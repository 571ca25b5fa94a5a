"""Keys resist guessing: strong PKCS#12 encryption, a passphrase policy, private file modes."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives.serialization import pkcs12

from workbench.core.signing import clock, keyfiles
from workbench.core.signing import identities as I
from workbench.core.signing import signer as S

pytestmark = pytest.mark.slow  # seconds each: key derivation at 600,000 rounds

ROOT = Path(__file__).resolve().parents[3]
GOOD = "Gm-review-2026!"


def p12_parameters(data: bytes) -> dict:
    """KDF and MAC parameters of a PKCS#12 file, read from its ASN.1 (not from our code)."""
    pfx = asn1_pkcs12.Pfx.load(data)
    mac = pfx["mac_data"]
    out = {"mac_iterations": mac["iterations"].native,
           "mac_hash": mac["mac"]["digest_algorithm"]["algorithm"].native, "bags": []}
    safes = asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native)
    for ci in safes:
        if ci["content_type"].native == "encrypted_data":
            alg = ci["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            out["bags"].append(_pbes2(alg))
        else:
            for bag in asn1_pkcs12.SafeContents.load(ci["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    out["bags"].append(_pbes2(bag["bag_value"]["encryption_algorithm"]))
    return out


def _pbes2(alg) -> tuple:
    assert alg["algorithm"].native == "pbes2", alg["algorithm"].native
    kdf = alg["parameters"]["key_derivation_func"]
    return (kdf["parameters"]["iteration_count"].native,
            kdf["parameters"]["prf"]["algorithm"].native,
            alg["parameters"]["encryption_scheme"]["algorithm"].native)


@pytest.mark.parametrize("bad, why", [
    ("1", "太短"), ("", "必须设置"), (None, "必须设置"), ("123456", "太短"),
    ("1234567890123", "一类字符"), ("abcdefghijkl", "一类字符"), ("aaaaaaaaaaaaaa", "重复"),
    ("Password123", "常见口令"), ("qwertyuiop12", "容易被猜中"), ("9876543210aa", "容易被猜中"), ("张三2026123456", "姓名"),
    ("张三张三张三张三张三1", "姓名"), ("!张三张三张三张三张三!", "姓名"),
])
def test_weak_passphrases_are_refused_in_chinese(bad, why):
    with pytest.raises(keyfiles.WeakPassphrase, match=why):
        keyfiles.check_passphrase(bad, names=("张三",))


@pytest.mark.parametrize("good", [GOOD, "lantern-orbit-73", "光明区审核工作台的口令"])
def test_reasonable_passphrases_pass(good):
    assert keyfiles.check_passphrase(good, names=("张三",)) == good


def test_root_refuses_no_or_weak_passphrase_and_writes_nothing(tmp_path):
    for pw in (None, "", "1", "12345678901"):
        with pytest.raises(S.SigningError):
            S.create_bureau_root(tmp_path / "k", passphrase=pw)
    assert not (tmp_path / "k").exists()
    k = I.Keys(tmp_path / "k2")
    with pytest.raises(keyfiles.WeakPassphrase):
        k.init_root(None)
    assert not k.root_key_path.exists() and not k.has_root()


def test_key_files_are_strongly_encrypted(tmp_path):
    k = I.Keys(tmp_path / "keys")
    k.init_root("Gm-root-2026!")
    p12 = k.issue("张三", "handler", GOOD, root_passphrase="Gm-root-2026!")
    from workbench.core.signing.timestamping import tsa_path

    for path in (k.root_key_path, p12, tsa_path(p12)):
        data = path.read_bytes()
        assert b"PRIVATE KEY" not in data
        params = p12_parameters(data)
        assert params["mac_iterations"] >= 600_000 and params["mac_hash"] == "sha256"
        assert params["bags"] and all(it >= 600_000 and prf == "sha256" and enc == "aes256_cbc"
                                      for it, prf, enc in params["bags"]), params
    key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), GOOD.encode())
    assert key is not None and cert is not None


def test_an_imported_weak_p12_is_kept_under_strong_encryption(tmp_path):
    from cryptography.hazmat.primitives import serialization

    k = I.Keys(tmp_path / "keys")
    k.init_root("Gm-root-2026!")
    p12 = k.issue("李四", "reviewer", GOOD, root_passphrase="Gm-root-2026!")
    key, cert, extra = pkcs12.load_key_and_certificates(p12.read_bytes(), GOOD.encode())
    weak = tmp_path / "from-it.p12"
    weak.write_bytes(pkcs12.serialize_key_and_certificates(
        b"x", key, cert, extra, serialization.BestAvailableEncryption(GOOD.encode())))
    assert p12_parameters(weak.read_bytes())["mac_iterations"] < 600_000
    other = I.Keys(tmp_path / "other")
    other.import_root(k.root_cert_path)
    dest = other.import_identity(weak, GOOD)
    assert p12_parameters(dest.read_bytes())["mac_iterations"] >= 600_000
    assert other.load(dest, GOOD).name == "李四"


def test_modes_are_private_under_umask_000(tmp_path):
    script = f"""
import os, sys
os.umask(0)
from workbench.core.signing import identities as I
k = I.Keys({str(tmp_path / 'keys')!r})
k.init_root("Gm-root-2026!")
from workbench.core.signing.signer import import_bureau_root
import_bureau_root(k.root_cert_path, {str(tmp_path / 'deep' / 'er' / 'trust')!r})
k.issue("张三", "handler", {GOOD!r}, root_passphrase="Gm-root-2026!")
"""
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    keys = tmp_path / "keys"
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    assert mode(keys) == 0o700 and mode(keys / "identities") == 0o700
    assert mode(keys / "identities" / "tsa") == 0o700
    deep = tmp_path / "deep"
    assert [mode(d) for d in (deep, deep / "er", deep / "er" / "trust")] == [0o700] * 3
    tsa = list((keys / "identities" / "tsa").glob("*.p12"))
    assert tsa and all(mode(p) == 0o600 for p in tsa)
    assert mode(keys / "bureau-root-key.p12") == 0o600
    p12s = list((keys / "identities").glob("*.p12"))
    assert p12s and all(mode(p) == 0o600 for p in p12s)
    for cert in [keys / "bureau-root.pem", *(keys / "identities").glob("*.pem")]:
        assert mode(cert) & 0o022 == 0, (cert, oct(mode(cert)))


def test_cli_refuses_a_weak_passphrase_with_exit_2(tmp_path):
    env = dict(os.environ, WORKBENCH_ROOT_PASSPHRASE="123456")
    r = subprocess.run([sys.executable, "-m", "workbench", "--db", str(tmp_path / "s.sqlite"),
                        "identity", "init-root"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "口令太短" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "keys" / "bureau-root-key.p12").exists()


def test_sign_refuses_an_expired_or_not_yet_valid_certificate(tmp_path, monkeypatch):
    from datetime import timedelta

    k = I.Keys(tmp_path / "keys")
    k.init_root("Gm-root-2026!")
    p12 = k.issue("张三", "handler", GOOD, root_passphrase="Gm-root-2026!", valid_days=30)
    ident = k.load(p12, GOOD)
    real_now = clock.now()
    for shift, what in ((timedelta(days=31), "已于"), (timedelta(days=-1), "尚未生效")):
        monkeypatch.setattr(clock, "now", lambda shift=shift: real_now + shift)
        with pytest.raises(S.SigningError, match=what):
            S.sign_sheet(b"%PDF-1.7 not reached", None, ident, "handler")
