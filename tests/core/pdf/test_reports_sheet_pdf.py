"""The review sheet PDF: A4, Chinese embedded, nothing cut off, fields ready for signing."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal as D

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from workbench.core.domain.money import capital
from workbench.core.pdf.fonts import FontNotFound, find_cjk_font
from workbench.core.pdf.sheet_data import CapLine, SheetClaim, SheetData
from workbench.core.pdf.sheet_pdf import render_sheet

try:
    find_cjk_font()
    HAVE_FONT = True
except FontNotFound:
    HAVE_FONT = False

needs_font = pytest.mark.skipif(not HAVE_FONT, reason="no Chinese TrueType font on this machine")
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")

LONG_NAME = "深圳市光明区" + "超长名称智能传感器研发制造" * 14 + "ABCDEFGHIJ" * 6 + "有限公司"
MARKUP = "<b>未闭合 & 标签</b> <font"


def sample_claim(line: int, *, overridden: bool = False, project: str | None = None) -> SheetClaim:
    return SheetClaim(
        line=line, code="3.1", article="（三）", rule_title="先进封测服务平台建设",
        project=project or f"MEMS 先进封测公共服务平台 <一期> & 配套 {line}",
        inputs=[("计算基数（元）", "12,345,678.00"), ("凭证编号", f"HT-2025-<{line:03d}>&"),
                ("备注", "=1+1")],
        requested=D("1200000.00"), computed=D("4938271.20"), suggested=D("1200000.00"),
        approved=D("1000000.00") if overridden else D("1200000.00"),
        status="approve", decision="核减" if overridden else "同意",
        reason="会议决定按预算核减" if overridden else "", overridden=overridden,
        caps=[CapLine("项目累计上限", D("10000000"), D("8000000"), D("2000000"), False)],
        explanation=["投资额 12,345,678.00 × 40% = 4,938,271.20",
                     "项目累计上限 10,000,000.00，已获 8,000,000.00，剩余 2,000,000.00 → 2,000,000.00"],
    )


def sample_sheet(*, claims: int = 2, roles=("handler", "reviewer"), name: str | None = None,
                 project: str | None = None) -> SheetData:
    items = [sample_claim(i, overridden=(i == 1), project=project) for i in range(1, claims + 1)]
    return SheetData(
        batch="2025年第一批", doc_no="深光工信〔2025〕12号-0001",
        applicant_name=name or "深圳市光明<智能>传感&科技有限公司",
        credit_code="91440300MA5G0XXXXX", year=2025, rule_set="GM-SENSOR-2023.1",
        sheet_date=date(2025, 3, 1), claims=items, contact="张三", phone="0755-12345678",
        address="深圳市光明区凤凰街道", roles=roles, issuer="深圳市光明区工业和信息化局",
    )


def _text(pdf_path, *args) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf_path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@needs_font
def test_render_returns_pdf_bytes_and_writes_file(tmp_path):
    out = tmp_path / "sheet.pdf"
    data = render_sheet(sample_sheet(), out)
    assert data.startswith(b"%PDF-") and out.read_bytes() == data
    buf = io.BytesIO()
    render_sheet(sample_sheet(), buf)
    assert buf.getvalue().startswith(b"%PDF-")


@needs_font
def test_signature_field_per_role_empty_and_visible():
    pdf = render_sheet(sample_sheet(roles=("handler", "reviewer", "head")))
    reader = PdfFileReader(io.BytesIO(pdf))
    found = {name: (value, ref) for name, value, ref in enumerate_sig_fields(reader)}
    assert set(found) == {"sig_handler", "sig_reviewer", "sig_head"}
    for value, ref in found.values():
        assert value is None
        rect = [float(v) for v in ref.get_object()["/Rect"]]
        assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 50     # visible, stamp-sized
    # The widgets are written by the sheet builder itself: each is listed on the page its
    # /P names, printed and locked, with an empty appearance of the field's size.
    pages = [p.get_object() for p in reader.root["/Pages"]["/Kids"]]
    for _name, (_value, ref) in found.items():
        widget = ref.get_object()
        assert widget["/FT"] == "/Sig" and widget["/F"] == 132
        page = widget["/P"].get_object()
        assert page in pages and ref in page["/Annots"]
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        bbox = [float(v) for v in widget["/AP"]["/N"].get_object()["/BBox"]]
        assert bbox == [0, 0, x2 - x1, y2 - y1]
    assert reader.root["/AcroForm"]["/SigFlags"] == 1


@needs_font
@needs_poppler
def test_a4_chinese_embedded_and_all_text_present(tmp_path):
    out = tmp_path / "sheet.pdf"
    sheet = sample_sheet(claims=5, name=LONG_NAME, project=MARKUP)
    render_sheet(sheet, out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 2
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:                      # every font embedded: prints on any machine
        cols = row.split()
        assert cols[-5] == "yes", row

    text = _squash(_text(out))
    assert _squash(LONG_NAME) in text
    assert _squash(MARKUP) in text
    assert "HT-2025-<001>&" in text and "=1+1" in text
    total = sheet.total_approved
    assert total == D("5800000.00")
    assert capital(total) == "人民币伍佰捌拾万元整"
    assert capital(total) in text
    assert "5,800,000.00" in text and "6,000,000.00" in text      # approved and requested
    assert "★人工调整" in text and "会议决定按预算核减" in text
    assert "项目累计上限" in text and "4,938,271.20" in text
    assert "GM-SENSOR-2023.1" in text and "深光工信〔2025〕12号-0001" in text
    for role in ("经办人", "复核人"):
        assert role in text
    # No digital field for the head here; 负责人 now appears only on the handwritten line.
    assert "负责人（数字签名）" not in text and "负责人（签字）" in text
    layout = _text(out, "-layout")
    for n in range(1, pages + 1):
        assert f"第{n}页共{pages}页" in _squash(layout)


@needs_font
@needs_poppler
def test_nothing_printed_in_the_right_margin(tmp_path):
    from PIL import Image

    out = tmp_path / "sheet.pdf"
    render_sheet(sample_sheet(claims=4, name=LONG_NAME + "X" * 80, project="Y" * 250), out)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "p")], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert images
    for path in images:
        img = Image.open(path).convert("L")
        w, h = img.size
        assert abs(w / h - 210 / 297) < 0.01                 # A4 portrait
        x0 = int(w * 194 / 210)                              # 2 mm right of the text block
        strip = img.crop((x0, 0, w, h))
        assert strip.getextrema()[0] > 245, f"ink in the right margin of {path.name}"


@needs_font
def test_very_long_fields_are_shortened_not_breaking_the_layout():
    huge = "很长" * 5000
    sheet = sample_sheet(name=huge, project=huge)
    sheet.claims[0].explanation = [huge]
    pdf = render_sheet(sheet)
    assert pdf.startswith(b"%PDF-")


@needs_font
def test_sheet_without_decisions_says_undecided(tmp_path):
    sheet = sample_sheet(claims=2)
    for c in sheet.claims:
        c.approved = None
    out = tmp_path / "s.pdf"
    render_sheet(sheet, out)
    if POPPLER:
        text = _squash(_text(out))
        assert "尚有2项未决定" in text and "人民币零元整" in text


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="未知的签署角色"):
        sample_sheet(roles=("handler", "boss"))


@needs_font
@pytest.mark.parametrize("text", [
    LONG_NAME, MARKUP * 9, "Y" * 250, "项目累计上限 10,000,000.00，已获 8,000,000.00，剩余 2,000,000.00",
    "按专家评审意见核减。" * 12 + "（以下省略）", "Smart MEMS sensor platform phase two " * 4 + "二期",
    "两个  空格\t和制表符　全角空格",
])
@pytest.mark.parametrize("size, width", [(9, 150.0), (9, 420.0), (8, 60.0), (10, 200.0)])
def test_cells_wrap_where_a_paragraph_would(text, size, width):
    """Table cells are pre-wrapped strings; they break where a CJK Paragraph breaks."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from workbench.core.pdf.safe_text import para
    from workbench.core.pdf.sheet_pdf import _wrap

    font = find_cjk_font().name
    style = ParagraphStyle("t", fontName=font, fontSize=size, leading=size * 1.4,
                           wordWrap="CJK")
    p = Paragraph(para(text), style)
    p.wrap(width, 10_000)
    # One-fragment paragraphs keep (room, [text]) lines; several fragments (markup escaped
    # as entities) keep FragLines, which keep a space at a break (a cell strips it).
    expected = ["".join(w.text for w in line.words).strip(" ") if hasattr(line, "words")
                else "".join(line[1]) for line in p.blPara.lines]
    assert _wrap(text, font, size, width).split("\n") == expected


@needs_font
def test_first_font_subset_is_shared_and_embedded_as_reportlab_would(monkeypatch):
    """Every sheet's first subset holds the same fixed wording, made once and embedded again
    in later sheets; the file is byte for byte the one reportlab writes making it anew."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(rl_config, "invariant", 1)      # no dates or random ids in the file
    font = find_cjk_font()
    face = pdfmetrics.getFont(font.name).face
    made: list[int] = []
    make = face.addSubsetObjects.make                    # the subsets made (_SubsetMaker)
    monkeypatch.setattr(face.addSubsetObjects, "make", lambda subset: made.append(len(subset))
                        or make(subset))
    render_sheet(sample_sheet(name="甲乙丙丁传感有限公司"), font=font)
    made.clear()
    sheet = sample_sheet(name="戊己庚辛微电子有限公司", claims=3)
    shared = render_sheet(sheet, font=font)
    assert len(made) == 1 and made[0] < 256            # only the sheet's own characters made
    monkeypatch.delattr(face, "addSubsetObjects")        # reportlab's own methods
    monkeypatch.delattr(pdfmetrics.getFont(font.name), "addObjects")
    assert render_sheet(sheet, font=font) == shared


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_paper_sheet_has_lines_to_sign_and_date_by_hand(tmp_path):
    try:
        find_cjk_font()
    except FontNotFound:
        pytest.skip("no CJK font")
    out = tmp_path / "sheet.pdf"
    render_sheet(sample_sheet(), out)
    text = _squash(_text(out))
    for role in ("经办人", "复核人", "负责人"):
        assert f"{role}（签字）" in text
    assert text.count("签字：") == 3 and text.count("日期：") == 3 and text.count("年") >= 3
