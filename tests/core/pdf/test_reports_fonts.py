"""Finding an embeddable Chinese font: configured, bundled, then the system's."""
from __future__ import annotations

import pytest

from workbench.core.pdf import font_files, fonts
from workbench.core.pdf.fonts import FontNotFound, find_cjk_font

WQY = fonts.Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")


@pytest.fixture(autouse=True)
def fresh_cache():
    fonts._find.cache_clear()
    yield
    fonts._find.cache_clear()


@needs_wqy
def test_configured_font_comes_first(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_bundled_candidates", lambda: [])
    font = find_cjk_font(f"{WQY}#1")
    assert font.path == WQY and font.subfont_index == 1
    assert font.label == "wqy-microhei.ttc#1"


def test_configured_but_missing_font_is_an_error_not_a_silent_fallback(tmp_path):
    with pytest.raises(FontNotFound, match="指定的字体文件不存在"):
        find_cjk_font(tmp_path / "nope.ttf")


def test_configured_font_that_cannot_be_embedded(tmp_path):
    bad = tmp_path / "NotoSansCJK.otf"
    bad.write_bytes(b"OTTO" + b"\0" * 64)
    with pytest.raises(FontNotFound, match="无法嵌入"):
        find_cjk_font(bad)


@needs_wqy
def test_bundled_font_before_system(tmp_path, monkeypatch):
    bundled = tmp_path / "fonts"
    bundled.mkdir()
    (bundled / "broken.ttf").write_bytes(b"\0\1\0\0 broken")       # skipped: unusable
    monkeypatch.setattr(font_files, "resource_path", lambda *p: tmp_path.joinpath(*p))
    seen = [p for p, _ in fonts.candidate_fonts()]
    assert seen[0] == bundled / "broken.ttf"
    assert find_cjk_font().path == WQY


def test_no_font_anywhere_says_what_to_do(monkeypatch):
    monkeypatch.setattr(fonts, "_bundled_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_system_candidates", lambda: [(fonts.Path("/nonexistent.ttc"), 0)])
    with pytest.raises(FontNotFound) as exc:
        find_cjk_font()
    message = str(exc.value)
    assert "fonts-wqy-microhei" in message and "/nonexistent.ttc" in message


BUNDLED = fonts.Path(__file__).resolve().parents[3] / "resources" / "fonts"


def test_the_shipped_font_is_bundled_with_its_licence_and_embeds(monkeypatch):
    # The sheets must get a Chinese font on a PC that has none: the bundled one alone.
    monkeypatch.setattr(fonts, "_system_candidates", lambda: [])
    font = find_cjk_font()
    assert font.path == BUNDLED / "wqy-microhei.ttc"
    assert fonts.pdfmetrics.getFont(font.name).face.unitsPerEm > 0   # TrueType outlines, embeddable
    licence = (BUNDLED / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    assert "Apache-2.0" in (BUNDLED / "wqy-microhei.copyright").read_text(encoding="utf-8")


def test_no_font_file_at_start_is_warned_on_stderr(monkeypatch, capsys, tmp_path):
    from workbench.cli import main

    monkeypatch.setattr(font_files, "_bundled_candidates", lambda: [])
    monkeypatch.setattr(font_files, "_system_candidates", lambda: [(tmp_path / "none.ttc", 0)])
    assert font_files.usable_font_file() is None
    main(["--db", str(tmp_path / "s.sqlite"), "log"])
    assert "未找到可显示中文的 TrueType 字体" in capsys.readouterr().err
    monkeypatch.undo()
    assert font_files.usable_font_file() == BUNDLED / "wqy-microhei.ttc"
    main(["--db", str(tmp_path / "s.sqlite"), "log"])
    assert "字体" not in capsys.readouterr().err
