"""The chain anchored outside the file: signed checkpoints at every stage change and finalize,
and the chain head carried by every signature on a sheet. A store rewritten with every hash
recomputed is found; so is a checkpoint dropped, forged or signed by the wrong person."""
from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal as D

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT
from tests.core.review.test_review import DOC
from tests.core.review_support import FIRST, HEAD, SECOND, add_reviewers, write_app
from workbench.core.review import awards, batches
from workbench.core.review import decisions as review
from workbench.core.signing import heads as heads_of_sheets
from workbench.core.signing import identities as I
from workbench.core.store import anchor, audit, coverage
from workbench.core.store.database import Store

pytestmark = pytest.mark.slow  # seconds each: processes, key derivation, signing

PW = "Gm-review-2026!"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    k = I.Keys(tmp_path_factory.mktemp("pc") / "keys")
    k.init_root("Gm-root-2026!")
    ids = {}
    for name, role in ((FIRST, "handler"), (SECOND, "reviewer"), (HEAD, "head")):
        ids[name] = k.load(k.issue(name, role, PW, root_passphrase="Gm-root-2026!"), PW)
    stranger = I.Keys(tmp_path_factory.mktemp("stranger") / "keys")
    stranger.init_root("Gm-stranger-root-2026!")
    ids["forger"] = stranger.load(stranger.issue(FIRST, "handler", PW,
                                                 root_passphrase="Gm-stranger-root-2026!"), PW)
    return {"keys": k, "ids": ids, "roots": [k.root().cert]}


@pytest.fixture(scope="module")
def anchored_file(pki, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("anchored")
    db = tmp / "store.sqlite"
    ids = pki["ids"]
    with Store.open(db) as s:
        add_reviewers(s)
        batches.import_files(s, "2025-1", [write_app(tmp / "in", i) for i in (1, 2)], FIRST)
        art2 = [c.claim_id for c in review.claims(s, 1)][2]
        review.decide(s, FIRST, art2, "amount", D("250000"), "按中试线实际投入核定")
        with anchor.signing_as(s, ids[FIRST]):
            review.complete_first_review(s, FIRST, 1)
        with anchor.signing_as(s, ids[SECOND]):
            review.confirm_second_review(s, SECOND, 1)
        with anchor.signing_as(s, ids[HEAD]):
            awards.finalize(s, HEAD, DOC, batch="2025-1")
    return db


def verify(db, pki, **kw):
    with Store.open_readonly(db) as s:
        return audit.verify_store(s, roots=pki["roots"], **kw)


def copy(src, tmp_path):
    db = tmp_path / "attacked.sqlite"
    shutil.copy(src, db)
    return db


def rewrite_chain(conn: sqlite3.Connection, start: int) -> None:
    """What a determined editor does: every hash from `start` on computed again."""
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", [start - 1]).fetchone()
    prev = prev[0] if prev else audit.GENESIS
    rows = conn.execute("SELECT seq, at, actor, action, subject, details FROM audit_log "
                        "WHERE seq >= ? ORDER BY seq", [start]).fetchall()
    conn.execute("UPDATE audit_log SET hash = 'x' || seq WHERE seq >= ?", [start])
    for seq, at, actor, action, subject, details in rows:
        h = audit.entry_hash(prev, seq, at, actor, action, subject, json.loads(details))
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, h, seq])
        prev = h
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'log_head'").fetchone():
        conn.execute("UPDATE log_head SET seq = (SELECT MAX(seq) FROM audit_log), hash = ?", [prev])


def forge_claim(conn: sqlite3.Connection) -> int:
    """Multiply a finalized claim's suggested amount, with its row hash, the entry's digest
    and the whole chain after it recomputed. Returns the first rewritten seq."""
    cid = conn.execute("SELECT id FROM claims WHERE application_id = 1 AND code = '3.1'").fetchone()[0]
    conn.execute("UPDATE claims SET suggested_cents = suggested_cents * 10 WHERE id = ?", [cid])
    cur = conn.execute("SELECT * FROM claims WHERE id = ?", [cid])
    h = coverage.row_hash("claims", cid, [d[0] for d in cur.description], cur.fetchone())
    seq = conn.execute("SELECT MAX(seq) FROM row_hashes WHERE tbl = 'claims' AND rid = ?",
                       [cid]).fetchone()[0]
    conn.execute("UPDATE row_hashes SET hash = ? WHERE tbl = 'claims' AND rid = ? AND seq = ?",
                 [h, cid, seq])
    lines = conn.execute("SELECT tbl, rid, hash FROM row_hashes WHERE seq = ? ORDER BY tbl, rid",
                         [seq]).fetchall()
    details = json.loads(conn.execute("SELECT details FROM audit_log WHERE seq = ?", [seq]).fetchone()[0])
    details["covered"] = {"n": len(lines), "digest": coverage._digest(lines)}
    conn.execute("UPDATE audit_log SET details = ? WHERE seq = ?",
                 [audit.canonical(details).decode(), seq])
    rewrite_chain(conn, seq)
    return seq


def test_an_anchored_store_verifies_with_a_checkpoint_per_stage_change(anchored_file, pki):
    report = verify(anchored_file, pki, require_checkpoints=True)
    assert report.ok, report.problems
    assert report.anchor.checkpoints == 3 and report.anchor.unanchored_actions == []
    with Store.open_readonly(anchored_file) as s:
        es = audit.entries(s)
    assert es[-1].action == "checkpoint" and es[-1].actor == HEAD
    assert es[-1].details["head_hash"] == es[-2].hash and es[-2].action == "finalize"
    assert report.anchor.roots == [anchor.fingerprint(pki["roots"][0])]


def test_history_rewritten_with_every_hash_recomputed_is_found(anchored_file, pki, tmp_path):
    db = copy(anchored_file, tmp_path)
    conn = sqlite3.connect(db)
    forge_claim(conn)
    conn.commit()
    conn.close()
    report = verify(db, pki)
    assert not report.ok
    assert any("历史被改写" in p.message for p in report.problems), report.problems


def test_dropping_the_checkpoints_and_recomputing_is_found_when_they_are_required(
        anchored_file, pki, tmp_path):
    db = copy(anchored_file, tmp_path)
    conn = sqlite3.connect(db)
    forge_claim(conn)
    # Each checkpoint becomes a harmless-looking entry (the numbering stays), then every hash
    # is computed again.
    conn.execute("UPDATE audit_log SET action = 'export', subject = 'batch:2025-1', "
                 "details = '{}' WHERE action = 'checkpoint'")
    rewrite_chain(conn, 1)
    conn.commit()
    conn.close()
    report = verify(db, pki, require_checkpoints=True)
    assert not report.ok and any("检查点" in p.message for p in report.problems)
    relaxed = verify(db, pki)
    # Consistent without the anchors (what a rewrite achieves), but reported as unanchored.
    assert relaxed.ok and relaxed.anchor.checkpoints == 0 and relaxed.anchor.unanchored_actions


def test_a_checkpoint_from_another_root_or_person_is_refused(anchored_file, pki, tmp_path):
    for who, expect in (("forger", "不是由受信任的局根证书签发"), (SECOND, "与操作人")):
        db = copy(anchored_file, tmp_path)
        with Store.open(db) as s:
            conn = s.db.conn
            conn.execute("BEGIN IMMEDIATE")
            e = anchor.checkpoint(conn, pki["ids"][who])
            conn.execute("UPDATE audit_log SET actor = ? WHERE seq = ?", [FIRST, e.seq])
            conn.execute("COMMIT")
            rewrite_chain(conn, e.seq)
            conn.commit()
        report = verify(db, pki)
        assert not report.ok and expect in report.first.message, (who, report.problems)


@pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font")
def test_a_signed_sheet_carries_the_chain_head_and_catches_a_rewrite(anchored_file, pki, tmp_path):
    from workbench.core.reports.export import export_application

    db = copy(anchored_file, tmp_path)
    with Store.open(db) as s:
        sheet = export_application(s, 1, tmp_path / "out", actor=FIRST)
        I.sign_recorded(s, sheet, pki["ids"][FIRST], "handler")
        head_seq, head = audit.last_entry(s.db.conn)
    heads = heads_of_sheets.sheet_heads(sheet.read_bytes())
    assert len(heads) == 1 and heads[0][1] == head_seq - 1   # the sign entry came after
    assert verify(db, pki, sheet_heads=[(sheet.name, *heads[0])]).ok
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET action = 'export', details = '{}' WHERE action = 'checkpoint'")
    forge_claim(conn)
    conn.commit()
    conn.close()
    report = verify(db, pki, sheet_heads=[(sheet.name, *heads[0])])
    assert not report.ok and any(sheet.name in p.where for p in report.problems)


def test_command_line_signs_checkpoints_and_shows_the_root_fingerprint(pki, tmp_path, capsys,
                                                                       monkeypatch):
    from workbench.cli import main

    db = tmp_path / "store.sqlite"
    keys = str(pki["keys"].folder)
    with Store.open(db) as s:
        add_reviewers(s)
        batches.import_files(s, "2025-1", [write_app(tmp_path / "in", 1)], FIRST)
        art2 = [c.claim_id for c in review.claims(s, 1)][2]
        review.decide(s, FIRST, art2, "amount", D("250000"), "按中试线实际投入核定")
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PW)
    assert main(["--db", str(db), "review", "first", "1", "--as", FIRST, "--p12", FIRST,
                 "--keys", keys]) == 0
    # Someone else's key for this actor is refused, nothing is written.
    assert main(["--db", str(db), "review", "second", "1", "--as", SECOND, "--p12", HEAD,
                 "--keys", keys]) == 2
    assert main(["--db", str(db), "review", "second", "1", "--as", SECOND]) == 0
    # A checkpoint by someone else anchors the log, not the second review as its actor's act.
    assert main(["--db", str(db), "checkpoint", "--as", HEAD, "--p12", HEAD,
                 "--keys", keys]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "verify-store", "--keys", keys]) == 0
    out = capsys.readouterr().out
    assert anchor.fingerprint(pki["roots"][0]) in out and "签名检查点 2 个" in out
    assert "未经签名锚定的阶段变更、审定或更正 1 次" in out
    assert main(["--db", str(db), "verify-store", "--keys", keys, "--require-checkpoints"]) == 4
    assert main(["--db", str(db), "verify-store", "--sheets", str(tmp_path / "none.pdf")]) == 2


def test_an_exported_workbook_carries_the_chain_head(anchored_file, pki, tmp_path, capsys):
    from workbench.cli import main
    from workbench.core.reports.export import export_batch

    db = copy(anchored_file, tmp_path)
    with Store.open(db) as s:
        result = export_batch(s, "2025-1", tmp_path / "out", kinds=("summary",), actor=FIRST)
        head_seq, head = audit.last_entry(s.db.conn)
    summary = result.paths[0]
    heads = heads_of_sheets.export_heads(summary, summary.read_bytes())
    assert heads == [("文档属性", head_seq - 1, heads[0][2])]
    capsys.readouterr()
    assert main(["--db", str(db), "verify-store", "--sheets", str(summary)]) == 0
    assert "已对照 1 个文件所记的 1 处审计链位置：均与数据库相符" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET action = 'export', details = '{}' WHERE action = 'checkpoint'")
    forge_claim(conn)
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(db), "verify-store"]) == 0          # consistent on its own…
    assert main(["--db", str(db), "verify-store", "--sheets", str(summary)]) == 4   # …not with it
    assert "历史被改写" in capsys.readouterr().err
