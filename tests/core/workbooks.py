"""Workbooks for the reader and submission tests: typical, odd and hostile ones, built in memory."""
from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook

from workbench.core.domain.credit_code import check_digit
from workbench.core.intake.submission import CLAIM_HEADERS, header_key

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

CODE17 = "91440300MA5G7K2Q0"
CREDIT_CODE = CODE17 + check_digit(CODE17)

APPLICANT = {
    "模板版本": "GMSENSOR-1",
    "企业名称": "深圳市光明智感微系统有限公司",
    "统一社会信用代码": CREDIT_CODE,
    "注册地址": "深圳市光明区凤凰街道光明科学城",
    "是否注册在光明区": "是",
    "联系人": "李晓明",
    "联系电话": "0755-2345 6789",
    "申报年度": 2025,
    "申报日期": "2025-03-15",
    "上年度区级地方财力贡献（元）": Decimal("8000000.00"),
}

# Ten claims covering the codes and the optional columns.
CLAIMS = [
    {"line": 1, "code": "3.1 先进封测服务平台建设", "project": "MEMS先进封测平台", "basis": Decimal("12345678.00"),
     "voucher": "HT-2025-001"},
    {"line": 2, "code": "3.2", "project": "封测线对外开放", "basis": Decimal("3000000.50"), "voucher": "HT-2025-002",
     "requested": Decimal("300000.05")},
    {"line": 3, "code": "4.1", "project": "技术协同平台", "installment": 2, "voucher": "HT-2025-003",
     "requested": Decimal("3000000.00")},
    {"line": 4, "code": "6.1", "project": "首轮流片A", "basis": Decimal("2500000.00"), "voucher": "FP-2025-0001"},
    {"line": 5, "code": "10", "project": "园区租赁", "area": Decimal("800.5"), "months": 12, "rent": Decimal("23.40"),
     "basis": Decimal("0"), "voucher": "ZL-2025-07"},
    {"line": 6, "code": "11.2", "project": "新型传感器采购", "product": "九轴惯性模组", "basis": Decimal("4000000.00"),
     "voucher": "FP-2025-0002"},
    {"line": 7, "code": "12.1", "project": "芯片销售", "basis": Decimal("9000000.00"), "previous": Decimal("6000000.00"),
     "voucher": "XS-2025-01"},
    {"line": 8, "code": "13", "project": "压力传感器团体标准", "level": "团体", "basis": Decimal("0"),
     "voucher": "T/GMSIA 001-2025"},
    {"line": 9, "code": "14", "project": "智能传感器产业峰会", "basis": Decimal("1800000.00"), "voucher": "HY-2025-9",
     "remark": "第二届"},
    {"line": 10, "code": "2", "project": "MEMS中试线", "voucher": "ZS-2025-1", "requested": Decimal("5000000.00")},
]


def openpyxl_bytes(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook of plain rows per sheet (first row of each list = sheet row 1)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def info_rows(applicant: Mapping[str, object] = APPLICANT) -> list[list[object]]:
    return [["项目", "填写内容"]] + [[label, value] for label, value in applicant.items()]


def claim_rows(claims: Sequence[Mapping[str, object]] = CLAIMS, headers: Sequence[str] | None = None) -> list[list[object]]:
    headers = list(headers or CLAIM_HEADERS)
    by_key = {header_key(h): f for h, f in CLAIM_HEADERS.items()}
    fields = [by_key.get(header_key(h), h) for h in headers]
    rows: list[list[object]] = [headers]
    for claim in claims:
        rows.append([claim.get(f) for f in fields])
    return rows


def application_bytes(applicant: Mapping[str, object] = APPLICANT, claims=CLAIMS, *, headers=None,
                      extra: Mapping[str, Sequence[Sequence[object]]] | None = None) -> bytes:
    sheets = {"申报信息": info_rows(applicant), "申报事项": claim_rows(claims, headers)}
    sheets.update(extra or {})
    return openpyxl_bytes(sheets)


def xlsxwriter_application(path: Path, applicant: Mapping[str, object] = APPLICANT, claims=CLAIMS) -> Path:
    """The same layout written by XlsxWriter (shared strings, another writer's XML)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    info = wb.add_worksheet("申报信息")
    for r, row in enumerate(info_rows(applicant)):
        for c, value in enumerate(row):
            _xw_write(info, r, c, value)
    items = wb.add_worksheet("申报事项")
    for r, row in enumerate(claim_rows(claims)):
        for c, value in enumerate(row):
            _xw_write(items, r, c, value)
    wb.close()
    return path


def _xw_write(ws, r: int, c: int, value) -> None:
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(r, c, value)
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value))
    else:
        ws.write(r, c, value)


# -- hand-made packages ---------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = REL_NS + "/worksheet"
STRINGS_TYPE = REL_NS + "/sharedStrings"


def sheet_xml(rows: Mapping[int, Sequence[tuple[str, str, str]]] | None = None, *, body: str | None = None,
              prefix: str = "") -> str:
    """Worksheet XML; rows = {row: [(ref, type, inner_xml)]}, or a literal sheetData body."""
    p = f"{prefix}:" if prefix else ""
    if body is None:
        parts = []
        for r, cells in (rows or {}).items():
            inner = "".join(
                f'<{p}c r="{ref}"' + (f' t="{t}"' if t else "") + f">{xml}</{p}c>" for ref, t, xml in cells
            )
            parts.append(f'<{p}row r="{r}">{inner}</{p}row>')
        body = "".join(parts)
    xmlns = f'xmlns:{prefix}="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{p}worksheet {xmlns}><{p}sheetData>{body}</{p}sheetData></{p}worksheet>'


def strings_xml(items: Sequence[str]) -> str:
    """sharedStrings.xml; each item is the inner XML of an <si>."""
    body = "".join(f"<si>{item}</si>" for item in items)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(items)}">{body}</sst>'


def package(sheets: Mapping[str, str], *, strings: str | None = None, absolute: bool = False,
            sheet_paths: Mapping[str, str] | None = None, workbook_pr: str = "",
            extra_parts: Mapping[str, bytes | str] | None = None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal but valid xlsx package from sheet XML texts (name -> worksheet XML)."""
    sheet_paths = dict(sheet_paths or {})
    entries, rels, overrides = [], [], []
    for i, name in enumerate(sheets, start=1):
        part = sheet_paths.get(name, f"xl/worksheets/sheet{i}.xml")
        target = "/" + part if absolute else part.removeprefix("xl/")
        entries.append(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{SHEET_TYPE}" Target="{target}"/>')
        overrides.append(f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        sheet_paths[name] = part
    if strings is not None:
        target = "/xl/sharedStrings.xml" if absolute else "sharedStrings.xml"
        rels.append(f'<Relationship Id="rIdS" Type="{STRINGS_TYPE}" Target="{target}"/>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
                f"{workbook_pr}<sheets>{''.join(entries)}</sheets></workbook>")
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                                '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
                        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>',
    }
    for name, xml in sheets.items():
        parts[sheet_paths[name]] = xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    parts.update(extra_parts or {})
    return zip_bytes(parts, compression)


def zip_bytes(parts: Mapping[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()


def inline(text: str) -> str:
    return f"<is><t>{escape(text)}</t></is>"


def cells_sheet(values: Mapping[str, object]) -> str:
    """Worksheet XML from {ref: value}: str -> inline string, numbers -> n (text as given)."""
    from workbench.core.intake.xlsx_reader import _REF

    rows: dict[int, list[tuple[str, str, str]]] = {}
    for ref, value in values.items():
        r = int(_REF.match(ref).group(2))
        if isinstance(value, str):
            cell = (ref, "inlineStr", inline(value))
        else:
            cell = (ref, "", f"<v>{value}</v>")
        rows.setdefault(r, []).append(cell)
    return sheet_xml(dict(sorted(rows.items())))


def set_declared_size(data: bytes, part: str, size: int, *, local: bool = True) -> bytes:
    """Rewrite the uncompressed size a zip declares for `part` (central directory, and local header)."""
    buf = bytearray(data)
    name = part.encode()
    pos = 0
    while True:
        pos = buf.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + n_len]) == name:
            struct.pack_into("<I", buf, pos + 24, size)
            if local:
                offset = struct.unpack_from("<I", buf, pos + 42)[0]
                struct.pack_into("<I", buf, offset + 22, size)
        pos += 4
    return bytes(buf)


def cfb_bytes(*stream_names: str) -> bytes:
    """Enough of a Compound File (OLE2) for the guard: the magic and directory entry names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entries = b""
    for name in ("Root Entry",) + stream_names:
        raw = name.encode("utf-16-le") + b"\0\0"
        entries += raw.ljust(64, b"\0") + struct.pack("<H", len(raw)) + b"\x02" * 62
    return header + entries.ljust(4096, b"\0")
