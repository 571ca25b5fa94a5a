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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from ..money import capital, fmt
from .fonts import CJKFont, binary_streams, find_cjk_font
from .safe_text import clean, para
from .sheet_data import ROLE_LABELS, STATUS_LABELS, SheetClaim, SheetData, role_field

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
_GRID = colors.Color(0.55, 0.55, 0.55)
_SHADE = colors.Color(0.93, 0.93, 0.93)
_HEAD = colors.Color(0.86, 0.89, 0.94)
_MARK = colors.Color(0.70, 0.10, 0.10)


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
    def __init__(self, font: str):
        self.font = font
        base = dict(fontName=font, wordWrap="CJK", leading=12.5, fontSize=9)
        self.body = ParagraphStyle("body", **base)
        self.small = ParagraphStyle("small", **{**base, "fontSize": 8, "leading": 10.5,
                                                "textColor": colors.Color(0.3, 0.3, 0.3)})
        self.label = ParagraphStyle("label", **{**base, "textColor": colors.Color(0.2, 0.2, 0.2)})
        self.num = ParagraphStyle("num", **{**base, "alignment": TA_RIGHT})
        self.title = ParagraphStyle("title", **{**base, "fontSize": 16, "leading": 22,
                                                "alignment": TA_CENTER, "spaceAfter": 2})
        self.sub = ParagraphStyle("sub", **{**base, "fontSize": 10, "leading": 14,
                                            "alignment": TA_CENTER})
        self.h2 = ParagraphStyle("h2", **{**base, "fontSize": 11, "leading": 16,
                                          "spaceBefore": 8, "spaceAfter": 4})
        self.claim = ParagraphStyle("claim", **{**base, "fontSize": 10, "leading": 13})
        self.mark = ParagraphStyle("mark", **{**base, "textColor": _MARK})
        self.center = ParagraphStyle("center", **{**base, "alignment": TA_CENTER})


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
    doc = c._doc
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
        "P": pdfdoc.PDFObjectReference(f"Page{place.page + 1}"),
        "AP": pdfdoc.PDFDictionary({"N": doc.Reference(appearance)}),
    })
    c._addAnnotation(widget, name)
    form = getattr(doc.Catalog, "AcroForm", None)
    if form is None:
        form = doc.Catalog.AcroForm = pdfdoc.PDFDictionary({
            "Fields": pdfdoc.PDFArray([]), "SigFlags": 1})   # 1: the file holds signatures
    form["Fields"].sequence.append(doc.refAnnotation(name))


def _numbered_canvas(font: str, left: str, head: str):
    """A canvas that holds pages back until the end, so each footer can say 'of y'."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            # Without this the canvas opens every page in Helvetica, an unembedded font.
            kwargs["initialFontName"] = font
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, _h = PAGE_SIZE
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.Color(0.35, 0.35, 0.35))
            self.setStrokeColor(_GRID)
            right = f"第 {self._pageNumber} 页 共 {total} 页"
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


def _money(value: Decimal | None, st: _Styles, empty: str = "—") -> Paragraph:
    return Paragraph(fmt(value) if value is not None else empty, st.num)


def _date_text(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _grid_style(st: _Styles, extra: Sequence = ()) -> TableStyle:
    return TableStyle([
        # Empty cells are drawn as strings in the table's font: keep that the embedded one.
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


_COLS = [31 * mm, _WIDTH / 2 - 31 * mm, 29 * mm, _WIDTH / 2 - 29 * mm]


def _applicant(data: SheetData, st: _Styles) -> Table:
    P = Paragraph
    rows = [
        [P("申报单位", st.label), P(para(_short(data.applicant_name)), st.body), "", ""],
        [P("统一社会信用代码", st.label), P(para(_short(data.credit_code, 40)), st.body),
         P("申报年度", st.label), P(str(data.year), st.body)],
        [P("联系人", st.label), P(para(_short(data.contact, 80)), st.body),
         P("联系电话", st.label), P(para(_short(data.phone, 80)), st.body)],
        [P("注册地址", st.label), P(para(_short(data.address)), st.body), "", ""],
    ]
    t = Table(rows, colWidths=_COLS)
    t.setStyle(_grid_style(st, [
        ("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 3), (3, 3)),
        ("BACKGROUND", (0, 0), (0, -1), _SHADE), ("BACKGROUND", (2, 1), (2, 2), _SHADE),
    ]))
    return t


def _claim_block(claim: SheetClaim, index: int, st: _Styles) -> Table:
    P = Paragraph
    line = claim.line if claim.line is not None else index
    code = clean(claim.code) if claim.code else "—"
    head = (f"事项 {line}　条款{para(claim.article)}（编号 {para(code)}）"
            f"{para(_short(claim.rule_title, 80))}")
    rows: list[list] = [[P(head, st.claim), "", "", ""]]
    spans = [("SPAN", (0, 0), (3, 0))]
    shade = [("BACKGROUND", (0, 0), (-1, 0), _HEAD)]

    def full(label: str, flow) -> None:
        r = len(rows)
        rows.append([P(label, st.label), flow, "", ""])
        spans.append(("SPAN", (1, r), (3, r)))
        shade.append(("BACKGROUND", (0, r), (0, r), _SHADE))

    def pair(l1, v1, l2, v2) -> None:
        r = len(rows)
        rows.append([P(l1, st.label), v1, P(l2, st.label) if l2 else "", v2])
        shade.append(("BACKGROUND", (0, r), (0, r), _SHADE))
        if l2:
            shade.append(("BACKGROUND", (2, r), (2, r), _SHADE))

    full("项目名称", P(para(_short(claim.project)), st.body))
    inputs = [(para(_short(k, 60)), para(_short(v, 200))) for k, v in claim.inputs]
    for i in range(0, len(inputs), 2):
        (k1, v1), rest = inputs[i], inputs[i + 1:i + 2]
        if rest:
            pair(k1, P(v1, st.body), rest[0][0], P(rest[0][1], st.body))
        else:
            full(k1, P(v1, st.body))
    pair("申请金额（元）", _money(claim.requested, st, "未填（按测算）"),
         "测算金额（元）", _money(claim.computed, st, "不测算"))
    approved = (_money(claim.approved, st) if claim.approved is not None
                else P("待定", st.num))
    pair("建议金额（元）", _money(claim.suggested, st, "由审核人员确定"),
         "核定金额（元）", approved)
    decision = para(_short(claim.decision, 80)) or "待审核"
    if claim.overridden:
        decision = f"{decision}　<font color='#b31a1a'>★人工调整</font>"
    pair("系统建议", P(STATUS_LABELS.get(claim.status, para(claim.status)), st.body),
         "审核决定", P(decision, st.body))
    if claim.reason or claim.overridden:
        reason = para(_short(claim.reason, _MAX_LINE)) or "（未填写理由）"
        full("理由", P(reason, st.mark if claim.overridden else st.body))
    if claim.caps:
        cap_rows = [[P(h, st.small) for h in ("上限", "限额", "已计", "剩余", "结果")]]
        for cap in claim.caps:
            cap_rows.append([
                P(para(_short(cap.label, 60)), st.small), _money(cap.limit, st),
                _money(cap.used, st), _money(cap.left, st),
                P("已触及，核减至剩余额" if cap.bit else "未触及",
                  st.mark if cap.bit else st.small),
            ])
        inner_w = _WIDTH - _COLS[0] - 8
        caps = Table(cap_rows, colWidths=[inner_w * f for f in (0.28, 0.18, 0.18, 0.18, 0.18)])
        caps.setStyle(_grid_style(st, [("BACKGROUND", (0, 0), (-1, 0), _SHADE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
        full("适用上限", caps)
    # One row per explanation line, so a long trail can break across pages between lines.
    for i, text in enumerate(claim.explanation or ["（无）"]):
        r = len(rows)
        numbered = f"{i + 1}. {para(_short(text, _MAX_LINE))}" if claim.explanation \
            else "（无）"
        rows.append([P("计算说明" if i == 0 else "", st.label), P(numbered, st.body), "", ""])
        spans.append(("SPAN", (1, r), (3, r)))
        shade.append(("BACKGROUND", (0, r), (0, r), _SHADE))
        if i:
            shade.append(("LINEABOVE", (0, r), (0, r), 0.5, _SHADE))
    t = Table(rows, colWidths=_COLS, repeatRows=1, splitByRow=1)
    t.setStyle(_grid_style(st, spans + shade))
    return t


def _totals(data: SheetData, st: _Styles) -> Table:
    P = Paragraph
    approved = fmt(data.total_approved)
    if data.undecided:
        approved += f"（尚有 {data.undecided} 项未决定，未计入）"
    rows = [
        [P("申请金额合计（元）", st.label), _money(data.total_requested, st),
         P("建议金额合计（元）", st.label), _money(data.total_suggested, st)],
        [P("核定资助金额合计（元）", st.label), P(approved, st.body), "", ""],
        [P("核定资助金额合计（大写）", st.label), P(capital(data.total_approved), st.claim), "", ""],
    ]
    t = Table(rows, colWidths=[40 * mm, _WIDTH / 2 - 40 * mm, 36 * mm, _WIDTH / 2 - 36 * mm])
    t.setStyle(_grid_style(st, [
        ("SPAN", (1, 1), (3, 1)), ("SPAN", (1, 2), (3, 2)),
        ("BACKGROUND", (0, 0), (0, -1), _SHADE), ("BACKGROUND", (2, 0), (2, 0), _SHADE),
    ]))
    return t


def _signatures(data: SheetData, st: _Styles, font: str, places: list[SigPlace]) -> Table:
    n = len(data.roles)
    col = _WIDTH / n
    heads, boxes, notes = [], [], []
    for role in data.roles:
        heads.append(Paragraph(f"{ROLE_LABELS[role]}（数字签名）", st.center))
        boxes.append(_SignatureBox(role, col - 10, _SIG_HEIGHT, font, places))
        notes.append(Paragraph("签署人、角色与时间以数字签名为准",
                               ParagraphStyle("note", parent=st.small, alignment=TA_CENTER)))
    t = Table([heads, boxes, notes], colWidths=[col] * n)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]))
    return t


def _story(data: SheetData, st: _Styles, font: str, places: list[SigPlace]) -> list:
    P = Paragraph
    story: list = [P(para(_short(data.title, 80)), st.title)]
    if data.issuer:
        story.append(P(para(_short(data.issuer, 80)), st.sub))
    meta = Table([
        [P("批次", st.label), P(para(_short(data.batch, 80)), st.body),
         P("文号", st.label), P(para(_short(data.doc_no, 80)), st.body)],
        [P("规则版本", st.label), P(para(_short(data.rule_set, 80)), st.body),
         P("制表日期", st.label), P(_date_text(data.sheet_date), st.body)],
    ], colWidths=_COLS)
    meta.setStyle(_grid_style(st, [("BACKGROUND", (0, 0), (0, -1), _SHADE),
                               ("BACKGROUND", (2, 0), (2, -1), _SHADE)]))
    story += [Spacer(1, 3 * mm), meta, P("一、申报单位", st.h2), _applicant(data, st),
              P(f"二、申报事项审核（共 {len(data.claims)} 项）", st.h2)]
    for i, claim in enumerate(data.claims, start=1):
        story += [_claim_block(claim, i, st), Spacer(1, 3 * mm)]
    if not data.claims:
        story.append(P("（本申报无事项）", st.body))
    note = ("说明：金额单位为人民币元；“★人工调整”表示审核决定与系统建议不同，理由见该事项。"
            "本表以数字签名签署，签署后对文件的任何改动均可被检出。")
    # Totals and signatures stay on one page: a signature page that shows no figures
    # could be stapled to any other sheet.
    closing = [P("三、合计", st.h2), _totals(data, st)]
    if data.remarks:
        closing += [P("备注", st.h2), P(para(_short(data.remarks, 2000)), st.body)]
    closing += [P("四、签署", st.h2), _signatures(data, st, font, places),
                Spacer(1, 2 * mm), P(note, st.small)]
    story.append(KeepTogether(closing))
    return story


def render_sheet(data: SheetData, out: str | os.PathLike | BinaryIO | None = None, *,
                 font: CJKFont | None = None, font_path: str | None = None) -> bytes:
    """Build the sheet; return its bytes and, if `out` is a path or binary file, write it.

    The font is `font`, else the one `find_cjk_font(font_path)` finds (FontNotFound if none).
    """
    font = font or find_cjk_font(font_path)
    st = _Styles(font.name)
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
    with binary_streams():
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
