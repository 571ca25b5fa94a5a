"""What the signing code relies on in pyHanko beyond its documented API: still there on the
installed version, in one module, version-bounded."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils import content
from pyhanko.stamp import TextStampStyle

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.signing import _pyhanko_compat as C

ROOT = Path(__file__).resolve().parents[3]


def test_installed_pyhanko_is_a_tested_version():
    assert C.IN_RANGE, (f"pyHanko {C.VERSION} is outside {C.TESTED}: check _pyhanko_compat.py, "
                        "then widen TESTED and pyproject.toml")


def test_pyproject_bound_is_the_tested_range():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'"pyHanko>=([\d.]+),<([\d.]+)"', text)
    assert m, "pyHanko needs a lower and an upper bound in pyproject.toml"
    assert tuple(C._version(v) for v in m.groups()) == C.TESTED


def test_every_attribute_relied_on_still_exists():
    style = TextStampStyle()
    for attr in C.TOUCHED["TextStampStyle"]:
        assert hasattr(style, attr), f"TextStampStyle.{attr}"
    piece = content.PdfContent()
    for attr in C.TOUCHED["PdfContent"]:
        assert hasattr(piece, attr), f"PdfContent.{attr}"
    assert piece.writer is None


def test_content_without_a_writer_is_refused_clearly():
    with pytest.raises(C.UnsupportedPyhanko, match="pyHanko .*已测试版本"):
        C.writer_of(content.PdfContent())


def test_a_stamp_without_the_signing_time_is_refused():
    class Style(C.TimedStampStyle):
        def stamp(self, writer, box, ts):
            return ts

    assert Style().create_stamp(None, None, {"ts": "2025-06-01"}) == "2025-06-01"
    with pytest.raises(C.UnsupportedPyhanko, match="签署时间"):
        Style().create_stamp(None, None, {})


@pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")
def test_pyhanko_still_hands_the_signing_time_to_the_stamp(tmp_path, monkeypatch):
    from workbench.core.pdf.sheet_pdf import render_sheet
    from workbench.core.signing import sheet_verify as V
    from workbench.core.signing import signer as S

    root = S.create_bureau_root(tmp_path / "root", passphrase="Gm-root-2026!")
    S.issue_identity(root, "王经办", "handler", "Gm-handler-2026!", tmp_path / "h.p12")
    identity = S.load_identity(tmp_path / "h.p12", "Gm-handler-2026!")
    got: list[str] = []
    stamp = S._SheetStampStyle.stamp

    def spy(self, writer, box, ts):
        got.append(ts)
        return stamp(self, writer, box, ts)

    monkeypatch.setattr(S._SheetStampStyle, "stamp", spy)
    out = io.BytesIO()
    S.sign_sheet(render_sheet(sample_sheet()), out, identity)
    assert len(got) == 1
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}", got[0])
    assert V.verify_sheet(out.getvalue(), root).ok
