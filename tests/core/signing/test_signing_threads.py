"""Signatures made in several threads at once (the window exports off its UI thread) all
verify; the event loop kept for signing is shared safely."""
from __future__ import annotations

import io
import threading

import pytest

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf.sheet_pdf import render_sheet
from workbench.core.signing import sheet_verify as V
from workbench.core.signing import signer as S

pytestmark = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


def test_sheets_signed_in_threads_at_once_all_verify(tmp_path):
    root = S.create_bureau_root(tmp_path / "root", passphrase="Gm-root-2026!")
    S.issue_identity(root, "王经办", "handler", "Gm-handler-2026!", tmp_path / "h.p12")
    identity = S.load_identity(tmp_path / "h.p12", "Gm-handler-2026!")
    out: dict[int, bytes] = {}
    errors: list[BaseException] = []

    def work(i):
        try:
            pdf = render_sheet(sample_sheet(name=f"第{i}号传感有限公司"))
            buf = io.BytesIO()
            S.sign_sheet(pdf, buf, identity)
            out[i] = buf.getvalue()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(out) == 4
    for pdf in out.values():
        report = V.verify_sheet(pdf, root)
        assert report.ok, report.lines()


def test_font_subsets_are_made_one_at_a_time(monkeypatch):
    """Making a font subset reads the font through one shared file position (reportlab's
    TTFontFile): two sheets rendered in threads at once must not make theirs together, or
    one reads the other's glyphs (a KeyError, or a wrong glyph on paper)."""
    import time

    from reportlab.pdfbase import pdfmetrics

    from workbench.core.pdf.fonts import find_cjk_font

    face = pdfmetrics.getFont(find_cjk_font().name).face
    real = face.addSubsetObjects.make
    inside, most, made = [0], [0], []
    count = threading.Lock()

    def make(subset):
        with count:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.05)          # long enough for another thread to arrive meanwhile
        try:
            made.append(len(subset))
            return real(subset)
        finally:
            with count:
                inside[0] -= 1

    monkeypatch.setattr(face.addSubsetObjects, "make", make)
    # Names no earlier sheet used: each sheet needs a subset of its own characters.
    names = ["甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未", "鼠牛虎兔龙蛇马羊", "金木水火土日月星"]
    threads = [threading.Thread(target=render_sheet, args=(sample_sheet(name=n + "有限公司"),))
               for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) >= 2 and most[0] == 1
