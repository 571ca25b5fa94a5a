"""The review sheet (审核表) as an A4 PDF, ready to be signed.

One sheet per application: who applied, one block per claim showing how its amount was
reached (inputs, formula, every cap and what was left under it, the suggestion, the
reviewers' decision), the totals in figures and in Chinese capitals, and one empty visible
signature field per signing role. The fields are made here, before anyone signs, so that
each signature only fills its own field: a countersignature then adds to the file without
invalidating the signatures before it.

`render_sheet` is a pure function of its SheetData (plus the font it finds).
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from workbench.core.domain.money import capital, fmt
from workbench.core.domain.totals import requested_text
from workbench.core.domain.vocabulary import ROLES
from workbench.core.pdf._reportlab_compat import (
    HeldPagesCanvas,
    KeptLinesParagraph,
    add_widget,
    document_of,
    page_ref,
    reserve_first_subset,
)
from workbench.core.pdf.fonts import CJKFont, find_cjk_font
from workbench.core.pdf.safe_text import clean, para
from workbench.core.pdf.sheet_data import (
    ROLE_LABELS,
    STATUS_LABELS,
    SheetClaim,
    SheetData,
    role_field,
)
from workbench.core.pdf.sheet_grid import GRID as _GRID
from workbench.core.pdf.sheet_grid import Grid as _Grid
from workbench.core.pdf.sheet_grid import wrap_text as _wrap  # noqa: F401 - tests compare it with Paragraph's

__all__ = ["render_sheet", "SigPlace", "PAGE_SIZE", "CREATOR"]

PAGE_SIZE = A4
CREATOR = "光明区智能传感器扶持资金申报审核工作台"
_MARGIN_X = 18 * mm
_MARGIN_TOP = 22 * mm
_MARGIN_BOTTOM = 20 * mm
_WIDTH = PAGE_SIZE[0] - 2 * _MARGIN_X
# A field longer than this is an input accident, not a name: it is shortened on paper (and
# says so) so that one cell can never outgrow a page and stop the sheet from being built.
_MAX_FIELD = 300
_MAX_LINE = 1200
_SIG_HEIGHT = 30 * mm
_SHADE = colors.Color(0.93, 0.93, 0.93)
_HEAD = colors.Color(0.86, 0.89, 0.94)
_SMALL = colors.Color(0.3, 0.3, 0.3)


# Characters every sheet prints (labels, headings, the note, the footer, capital digits,
# status words), in a fixed order. The first 159 fill the font's first subset, so that subset
# is the same on every sheet and embedded without being made again (fonts._share_subsets).
_FIRST_SUBSET = (
    "“”★、。一三不与业为事二产人代以件任会传位何信元光全共册写决准出则制办动助区单"
    "可号合同名后器四地址均填壹处复大字定审对工币年度建感扶批报持按支改数整文日时明智"
    "月期未本条核检次款民注测版理用由申电的目码示社称第签算系经统编署群联能色表被见规"
    "角计议话该说请调资金间集页项额（），：；零贰叁肆伍陆柒捌玖拾佰仟万亿分减予需已触"
    "及至剩余无负责深圳市"
)


@dataclass(frozen=True)
class SigPlace:
    """Where a role's signature field sits: page index from 0, box (x1, y1, x2, y2) in pt."""

    role: str
    page: int
    box: tuple[int, int, int, int]


def _short(text: object, limit: int = _MAX_FIELD) -> str:
    s = clean(text, keep_newlines=True)
    if len(s) <= limit:
        return s
    return f"{s[:limit]}…（以下省略，全文共 {len(s)} 字）"


class _Styles:
    """Paragraph styles of what is still set as paragraphs: headings, remarks, the note."""

    def __init__(self, font: str):
        self.font = font
        base = dict(fontName=font, wordWrap="CJK", leading=12.5, fontSize=9)
        self.body = ParagraphStyle("body", **base)
        self.small = ParagraphStyle("small", **{**base, "fontSize": 8, "leading": 10.5,
                                                "textColor": _SMALL})
        self.title = ParagraphStyle("title", **{**base, "fontSize": 16, "leading": 22,
                                                "alignment": TA_CENTER, "spaceAfter": 2})
        self.sub = ParagraphStyle("sub", **{**base, "fontSize": 10, "leading": 14,
                                            "alignment": TA_CENTER})
        self.h2 = ParagraphStyle("h2", **{**base, "fontSize": 11, "leading": 16,
                                          "spaceBefore": 8, "spaceAfter": 4})


@lru_cache(maxsize=8)
def _styles(font: str) -> _Styles:
    return _Styles(font)


class _SignatureBox(Flowable):
    """The empty box a role's signature goes into; records where it landed on the page."""

    def __init__(self, role: str, width: float, height: float, font: str,
                 places: list[SigPlace]):
        super().__init__()
        self.role, self.width, self.height = role, width, height
        self._font, self._places = font, places

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(_GRID)
        c.setDash(2, 2)
        c.rect(0, 0, self.width, self.height)
        c.setFillColor(colors.Color(0.6, 0.6, 0.6))
        c.setFont(self._font, 9)
        c.drawCentredString(self.width / 2, self.height / 2 - 3, "（数字签名处）")
        c.restoreState()
        x1, y1 = c.absolutePosition(0, 0)
        x2, y2 = c.absolutePosition(self.width, self.height)
        box = (round(x1), round(y1), round(x2), round(y2))
        place = SigPlace(self.role, c.getPageNumber() - 1, box)
        self._places.append(place)
        _add_sig_field(c, place)


def _add_sig_field(c: rl_canvas.Canvas, place: SigPlace) -> None:
    """Write the empty signature field for a role as a widget of the page being drawn.

    reportlab's acroform module has no signature fields, so the field is written as plain
    PDF objects, the same ones pyHanko's append_signature_field makes (an unsigned /Sig
    field merged with its widget, printed and locked, an empty appearance of the box's size,
    listed in the catalog's /AcroForm). Doing it while the page is drawn spares copying the
    whole file into a second writer afterwards, which cost more than a signature.
    """
    doc = document_of(c)
    x1, y1, x2, y2 = place.box
    appearance = pdfdoc.PDFStream(pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("XObject"), "Subtype": pdfdoc.PDFName("Form"),
        "BBox": pdfdoc.PDFArray([0, 0, x2 - x1, y2 - y1]),
        "Resources": pdfdoc.PDFDictionary({}),
    }), content=b"")
    name = role_field(place.role)
    widget = pdfdoc.PDFDictionary({
        "FT": pdfdoc.PDFName("Sig"), "T": pdfdoc.PDFString(name),
        "TU": pdfdoc.PDFString(f"{ROLE_LABELS[place.role]}签名"),
        "Type": pdfdoc.PDFName("Annot"), "Subtype": pdfdoc.PDFName("Widget"),
        "F": 132,                                        # print | locked
        "Rect": pdfdoc.PDFArray(list(place.box)),
        # Pages get their object names when the held-back pages are written out at the end.
        "P": page_ref(place.page + 1),
        "AP": pdfdoc.PDFDictionary({"N": doc.Reference(appearance)}),
    })
    add_widget(c, widget, name)


def _numbered_canvas(font: str, left: str, head: str):
    """A canvas that holds pages back until the end, so each footer can say 'of y'."""

    class NumberedCanvas(HeldPagesCanvas):
        def __init__(self, *args, **kwargs):
            # Without this the canvas opens every page in Helvetica, an unembedded font.
            kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            reserve_first_subset(font, self, _FIRST_SUBSET)

        def decorate(self, total: int) -> None:
            w, _h = PAGE_SIZE
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.Color(0.35, 0.35, 0.35))
            self.setStrokeColor(_GRID)
            right = f"第 {self.getPageNumber()} 页 共 {total} 页"
            room = _WIDTH - stringWidth(right, font, 8) - 6 * mm
            self.drawString(_MARGIN_X, 12 * mm, _fit(left, font, 8, room))
            self.drawRightString(w - _MARGIN_X, 12 * mm, right)
            self.line(_MARGIN_X, 15.5 * mm, w - _MARGIN_X, 15.5 * mm)
            top = PAGE_SIZE[1] - 13 * mm
            self.drawString(_MARGIN_X, top, _fit(head, font, 8, _WIDTH))
            self.line(_MARGIN_X, top - 2.5 * mm, w - _MARGIN_X, top - 2.5 * mm)
            self.restoreState()

    return NumberedCanvas


def _fit(text: str, font: str, size: float, width: float) -> str:
    text = clean(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _date_text(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _money(value: Decimal | None, empty: str = "—") -> tuple[str, str]:
    return (fmt(value) if value is not None else empty, "num")


_COLS = [31 * mm, _WIDTH / 2 - 31 * mm, 29 * mm, _WIDTH / 2 - 29 * mm]
_LABEL_SHADE = [("BACKGROUND", (0, 0), (0, -1), _SHADE)]


def _applicant(data: SheetData, font: str) -> Table:
    g = _Grid(font, _COLS)
    g.add(("申报单位", "label"), (_short(data.applicant_name), "body", 3))
    g.add(("统一社会信用代码", "label"), (_short(data.credit_code, 40), "body"),
          ("申报年度", "label"), (str(data.year), "body"))
    g.add(("联系人", "label"), (_short(data.contact, 80), "body"),
          ("联系电话", "label"), (_short(data.phone, 80), "body"))
    g.add(("注册地址", "label"), (_short(data.address), "body", 3))
    return g.table([*_LABEL_SHADE, ("BACKGROUND", (2, 1), (2, 2), _SHADE)])


def _claim_block(claim: SheetClaim, index: int, st: _Styles) -> Table:
    g = _Grid(st.font, _COLS)
    line = claim.line if claim.line is not None else index
    code = clean(claim.code) if claim.code else "—"
    head = (f"事项 {line}　条款{clean(claim.article)}（编号 {code}）"
            f"{_short(claim.rule_title, 80)}")
    g.add((head, "claim", 4))
    shade = [("BACKGROUND", (0, 0), (-1, 0), _HEAD), *_LABEL_SHADE]

    def pair(l1, v1, l2, v2) -> None:
        r = g.add((l1, "label"), v1, (l2, "label"), v2)
        shade.append(("BACKGROUND", (2, r), (2, r), _SHADE))

    g.add(("项目名称", "label"), (_short(claim.project), "body", 3))
    inputs = [(_short(k, 60), _short(v, 200)) for k, v in claim.inputs]
    for i in range(0, len(inputs), 2):
        (k1, v1), rest = inputs[i], inputs[i + 1:i + 2]
        if rest:
            pair(k1, (v1, "body"), rest[0][0], (rest[0][1], "body"))
        else:
            g.add((k1, "label"), (v1, "body", 3))
    pair("申请金额（元）", (requested_text(claim.requested, claim.computed, "未填"), "num"),
         "测算金额（元）", _money(claim.computed, "不测算"))
    approved = _money(claim.approved) if claim.approved is not None else ("待定", "num")
    pair("建议金额（元）", _money(claim.suggested, "由审核人员确定"), "核定金额（元）", approved)
    decision = _short(claim.decision, 80) or "待审核"
    if claim.overridden:
        # Two colours in one cell: the one paragraph left in the claim block.
        decision = _paragraph(f"{para(decision)}　<font color='#b31a1a'>★人工调整</font>",
                              st.body)
    else:
        decision = (decision, "body")
    pair("系统建议", (STATUS_LABELS.get(claim.status, clean(claim.status)), "body"),
         "审核决定", decision)
    if claim.reason or claim.overridden:
        reason = _short(claim.reason, _MAX_LINE) or "（未填写理由）"
        g.add(("理由", "label"), (reason, "mark" if claim.overridden else "body", 3))
    if claim.caps:
        inner_w = _WIDTH - _COLS[0] - 8
        caps = _Grid(st.font, [inner_w * f for f in (0.28, 0.18, 0.18, 0.18, 0.18)], pad=3)
        caps.add(*((h, "small") for h in ("上限", "限额", "已计", "剩余", "结果")))
        for cap in claim.caps:
            caps.add((_short(cap.label, 60), "small"), _money(cap.limit), _money(cap.used),
                     _money(cap.left),
                     ("已触及，核减至剩余额", "mark") if cap.bit else ("未触及", "small"))
        g.add(("适用上限", "label"),
              caps.table([("BACKGROUND", (0, 0), (-1, 0), _SHADE)]), "", "")
        shade.append(("SPAN", (1, len(g.rows) - 1), (3, len(g.rows) - 1)))
    # One row per explanation line, so a long trail can break across pages between lines.
    for i, text in enumerate(claim.explanation or ["（无）"]):
        numbered = f"{i + 1}. {_short(text, _MAX_LINE)}" if claim.explanation else "（无）"
        r = g.add(("计算说明" if i == 0 else "", "label"), (numbered, "body", 3))
        if i:
            shade.append(("LINEABOVE", (0, r), (0, r), 0.5, _SHADE))
    return g.table(shade, repeatRows=1, splitByRow=1)


def _totals(data: SheetData, font: str) -> Table:
    approved = fmt(data.total_approved)
    if data.undecided:
        approved += f"（尚有 {data.undecided} 项未决定，未计入）"
    g = _Grid(font, [40 * mm, _WIDTH / 2 - 40 * mm, 36 * mm, _WIDTH / 2 - 36 * mm])
    requested = fmt(data.total_requested)
    if data.as_computed:
        requested += f"（含按测算 {data.as_computed} 项）"
    g.add(("申请金额合计（元）", "label"), (requested, "num"),
          ("建议金额合计（元）", "label"), _money(data.total_suggested))
    g.add(("核定资助金额合计（元）", "label"), (approved, "body", 3))
    g.add(("核定资助金额合计（大写）", "label"), (capital(data.total_approved), "claim", 3))
    return g.table([*_LABEL_SHADE, ("BACKGROUND", (2, 0), (2, 0), _SHADE)])


def _signatures(data: SheetData, font: str, places: list[SigPlace]) -> Table:
    n = len(data.roles)
    col = _WIDTH / n
    g = _Grid(font, [col] * n, pad=5, top=3, bottom=3)
    g.add(*((f"{ROLE_LABELS[role]}（数字签名）", "center") for role in data.roles))
    g.add(*((_SignatureBox(role, col - 10, _SIG_HEIGHT, font, places), "center")
            for role in data.roles))
    g.add(*(("签署人、角色与时间以数字签名为准", "note") for _role in data.roles))
    return g.table(grid=False)


# The bureau's paper 审核表 is also signed by hand: a line to sign and one to date for each.
_PAPER_ROLES = ROLES


def _handwritten(font: str) -> Table:
    col = _WIDTH / len(_PAPER_ROLES)
    g = _Grid(font, [col] * len(_PAPER_ROLES), pad=6, top=6, bottom=6)
    g.add(*((f"{role}（签字）", "center") for role in _PAPER_ROLES))
    g.add(*(("签字：____________________", "body") for _r in _PAPER_ROLES))
    g.add(*(("日期：________年_____月_____日", "body") for _r in _PAPER_ROLES))
    return g.table([("BACKGROUND", (0, 0), (-1, 0), _SHADE)])


_PARSED: dict[tuple[str, ParagraphStyle], tuple[ParagraphStyle, tuple]] = {}


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph whose markup was parsed once for this text and style (~0.2 ms a
    paragraph; the headings, the note and the title repeat on every sheet), and whose lines
    are broken once per width (KeptLinesParagraph). Laying out, splitting and drawing a
    paragraph read its fragments without changing them (test)."""
    key = (text, style)
    found = _PARSED.get(key)
    if found is None:
        p = Paragraph(text, style)
        if len(_PARSED) >= 256:
            _PARSED.clear()
        found = _PARSED[key] = (p.style, tuple(p.frags))
    return KeptLinesParagraph(text, found[0], frags=list(found[1]))


def _story(data: SheetData, st: _Styles, font: str, places: list[SigPlace]) -> list:
    P = _paragraph
    story: list = [P(para(_short(data.title, 80)), st.title)]
    if data.issuer:
        story.append(P(para(_short(data.issuer, 80)), st.sub))
    g = _Grid(font, _COLS)
    g.add(("批次", "label"), (_short(data.batch, 80), "body"),
          ("文号", "label"), (_short(data.doc_no, 80), "body"))
    g.add(("规则版本", "label"), (_short(data.rule_set, 80), "body"),
          ("制表日期", "label"), (_date_text(data.sheet_date), "body"))
    meta = g.table([*_LABEL_SHADE, ("BACKGROUND", (2, 0), (2, -1), _SHADE)])
    story += [Spacer(1, 3 * mm), meta, P("一、申报单位", st.h2), _applicant(data, font),
              P(f"二、申报事项审核（共 {len(data.claims)} 项）", st.h2)]
    for i, claim in enumerate(data.claims, start=1):
        story += [_claim_block(claim, i, st), Spacer(1, 3 * mm)]
    if not data.claims:
        story.append(P("（本申报无事项）", st.body))
    note = ("说明：金额单位为人民币元；“★人工调整”表示审核决定与系统建议不同，理由见该事项。"
            "本表以数字签名签署，签署后对文件的任何改动均可被检出。")
    # Totals and signatures stay on one page: a signature page that shows no figures
    # could be stapled to any other sheet.
    closing = [P("三、合计", st.h2), _totals(data, font)]
    if data.remarks:
        closing += [P("备注", st.h2), P(para(_short(data.remarks, 2000)), st.body)]
    closing += [P("四、签署", st.h2), _signatures(data, font, places), Spacer(1, 2 * mm),
                _handwritten(font), Spacer(1, 2 * mm), P(note, st.small)]
    story.append(KeepTogether(closing))
    return story


def render_sheet(data: SheetData, out: str | os.PathLike | BinaryIO | None = None, *,
                 font: CJKFont | None = None, font_path: str | None = None) -> bytes:
    """Build the sheet; return its bytes and, if `out` is a path or binary file, write it.

    The font is `font`, else the one `find_cjk_font(font_path)` finds (FontNotFound if none).
    """
    font = font or find_cjk_font(font_path)
    st = _styles(font.name)
    places: list[SigPlace] = []
    buf = io.BytesIO()
    name = _short(data.applicant_name, 60)
    doc = SimpleDocTemplate(
        buf, pagesize=PAGE_SIZE, leftMargin=_MARGIN_X, rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP, bottomMargin=_MARGIN_BOTTOM,
        title=clean(f"{data.title} {name}"), author=clean(data.issuer) or CREATOR,
        subject=clean(f"文号 {data.doc_no}"), creator=CREATOR,
        keywords=clean(f"{data.batch} {data.credit_code} {data.rule_set}"),
    )
    left = f"文号：{data.doc_no}　规则版本：{data.rule_set}"
    head = f"{data.title}　{name}（{clean(data.credit_code)}）"
    doc.build(_story(data, st, font.name, places),
              canvasmaker=_numbered_canvas(font.name, left, head))
    pdf = buf.getvalue()
    if out is not None:
        if hasattr(out, "write"):
            out.write(pdf)
        else:
            with open(out, "wb") as fh:
                fh.write(pdf)
    return pdf
