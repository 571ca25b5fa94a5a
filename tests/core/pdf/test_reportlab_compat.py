"""reportlab's internals the sheet uses: still there on the installed version, confined to
one module, version-bounded, and no process-wide switch flipped while sheets are made."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Table
from reportlab.platypus.tables import CellStyle

from tests.core.pdf.test_reports_sheet_pdf import HAVE_FONT, sample_sheet
from workbench.core.pdf import _reportlab_compat as C
from workbench.core.pdf.fonts import find_cjk_font
from workbench.core.pdf.sheet_pdf import render_sheet

ROOT = Path(__file__).resolve().parents[3]
needs_font = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")


def test_installed_reportlab_is_a_tested_version():
    assert C.IN_RANGE, (f"reportlab {reportlab.Version} is outside {C.TESTED}: check every "
                        "touch in _reportlab_compat/, then widen TESTED and pyproject.toml")


def test_pyproject_bound_is_the_tested_range():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'"reportlab>=([\d.]+),<([\d.]+)"', text)
    assert m, "reportlab needs a lower and an upper bound in pyproject.toml"
    low, high = (C._version(v) for v in m.groups())
    assert (low, high) == tuple(v[:len(x)] for v, x in zip(C.TESTED, (low, high), strict=False))


def test_every_private_attribute_used_still_exists():
    c = rl_canvas.Canvas(io.BytesIO())
    for attr in C.TOUCHED["Canvas"]:
        assert hasattr(c, attr), f"Canvas.{attr}"
    text = c.beginText()
    for attr in C.TOUCHED["PDFTextObject"]:
        assert hasattr(text, attr), f"PDFTextObject.{attr}"
    doc = C.document_of(c)
    assert isinstance(doc, pdfdoc.PDFDocument)
    for attr in C.TOUCHED["PDFDocument"]:
        assert hasattr(doc, attr), f"PDFDocument.{attr}"
    for attr in C.TOUCHED["Table"]:
        assert callable(getattr(Table, attr, None)), f"Table.{attr}"
    style = CellStyle("x")
    for attr in C.TOUCHED["CellStyle"]:
        assert hasattr(style, attr), f"CellStyle.{attr}"
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    for attr in ("splitString", "getSubsetInternalName"):
        assert callable(getattr(TTFont, attr, None)), f"TTFont.{attr}"
    assert callable(getattr(TTFontFace, "addSubsetObjects", None))
    assert callable(getattr(TTFontFace, "makeSubset", None))
    from reportlab.pdfbase import ttfonts

    for attr in C.TOUCHED["ttfonts"]:
        assert hasattr(ttfonts, attr), f"ttfonts.{attr}"
    if HAVE_FONT:
        font = pdfmetrics.getFont(find_cjk_font().name)
        assert isinstance(font, TTFont)
        for attr in C.TOUCHED["TTFont"]:
            assert hasattr(font, attr), f"TTFont.{attr}"
        state = font.State(font._asciiReadable, font)
        for attr in C.TOUCHED["TTFont.State"]:
            assert hasattr(state, attr), f"TTFont.State.{attr}"
        for attr in C.TOUCHED["TTFontFace"]:
            assert hasattr(font.face, attr), f"TTFontFace.{attr}"


def test_page_names_are_the_ones_page_ref_gives():
    c = rl_canvas.Canvas(io.BytesIO())
    doc = C.document_of(c)
    names = []
    for _ in range(3):
        names.append(doc.thisPageName())
        c.showPage()
    assert names == [C.page_ref(n).name for n in (1, 2, 3)]


@needs_font
def test_signature_widgets_point_at_the_page_that_lists_them():
    from pyhanko.pdf_utils.reader import PdfFileReader

    pdf = render_sheet(sample_sheet(claims=6))        # more than one page
    reader = PdfFileReader(io.BytesIO(pdf))
    found = 0
    for i in range(len(reader.root["/Pages"]["/Kids"])):
        page_ref, _res = reader.find_page_for_modification(i)
        page = page_ref.get_object()
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/FT") == "/Sig":
                found += 1
                assert widget.raw_get("/P").idnum == page_ref.idnum
    assert found == 2


def test_private_touches_only_in_the_compat_modules():
    """Outside _reportlab_compat / _pyhanko_compat no reportlab or pyHanko internals:
    no `._name` on objects of theirs, no `_drawCell`, `_doc`, page names, rl_config."""
    banned = re.compile(r"\._(doc|addAnnotation|startPage|pageNumber|drawCell|ensure_writer|code)\b"
                        r"|rl_config\.use|\"Page\{|'Page\{|addSubsetObjects|create_stamp")
    allowed = {"workbench/core/pdf/_reportlab_compat/", "workbench/core/signing/_pyhanko_compat.py"}
    assert (ROOT / "workbench/core/pdf/_reportlab_compat/__init__.py").is_file()
    hits = []
    for folder in ("workbench", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed or rel.startswith("workbench/core/pdf/_reportlab_compat/"):
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if banned.search(line.split("#")[0]):
                    hits.append(f"{rel}:{n}: {line.strip()}")
    assert hits == []


def test_unusable_canvas_is_refused_clearly():
    with pytest.raises(C.UnsupportedReportlab, match="reportlab .*已测试版本"):
        C.document_of(object())


@needs_font
def test_no_process_wide_switch_is_flipped_while_sheets_are_made():
    """Sheets written at the same time in several threads all come out without ASCII85,
    and rendering leaves reportlab's configuration as it found it."""
    before = {k: getattr(rl_config, k) for k in dir(rl_config) if not k.startswith("_")
              and isinstance(getattr(rl_config, k), (int, str, float))}
    assert rl_config.useA85 == 0              # set once when the compat module was imported
    font = find_cjk_font()
    out: dict[int, bytes] = {}
    seen: list[int] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.append(rl_config.useA85)

    def work(i):
        out[i] = render_sheet(sample_sheet(name=f"第{i}号传感有限公司"), font=font)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    watcher.join()
    assert set(seen) <= {0}
    assert all(b"ASCII85Decode" not in pdf for pdf in out.values()) and len(out) == 4
    after = {k: getattr(rl_config, k) for k in before}
    assert after == before


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_font
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_outside_the_tested_versions_the_sheet_falls_back_to_reportlab_drawing(
        monkeypatch, tmp_path):
    """With the fast cell drawing off (as outside TESTED) the sheet reads the same."""
    font = find_cjk_font()
    data = sample_sheet(claims=2)
    fast = render_sheet(data, font=font)
    monkeypatch.setattr(C, "_FAST_CELLS", False)
    monkeypatch.setattr(C, "IN_RANGE", False)
    slow = render_sheet(data, font=font)
    assert fast != slow
    assert _text(slow, tmp_path) == _text(fast, tmp_path)


def test_share_subsets_changes_nothing_outside_the_tested_versions(monkeypatch):
    class Face:
        pass

    class Font:
        face = Face()

    monkeypatch.setattr(C, "IN_RANGE", False)
    assert C.share_subsets(Font()) is False
    assert not hasattr(Font.face, "addSubsetObjects")


@needs_font
def test_font_tables_are_read_once_and_are_the_fonts_own_bytes():
    from reportlab.pdfbase.ttfonts import TTFontFace

    face = pdfmetrics.getFont(find_cjk_font().name).face
    first = face.get_table("glyf")
    assert face.get_table("glyf") is first            # kept, not copied again
    assert first == TTFontFace.get_table(face, "glyf")
    assert face.get_table("name") == TTFontFace.get_table(face, "name")


@needs_font
@pytest.mark.parametrize("claims", [1, 4])
def test_lines_written_directly_are_what_reportlab_writes(monkeypatch, claims):
    """The table's lines written straight into the text object (and encoded once for the
    reserved wording) are byte for byte what setTextOrigin + textOut write."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    font = find_cjk_font()
    data = sample_sheet(claims=claims, name="甲乙丙丁戊己庚辛传感有限公司")
    render_sheet(sample_sheet(), font=font)              # the encodings cached by another sheet
    fast = render_sheet(data, font=font)
    assert C._ENCODED.get(font.name)                     # some lines came from the cache
    monkeypatch.setattr(C, "_FAST_TEXT", False)
    assert render_sheet(data, font=font) == fast
