"""Chain heads read back from signed sheets and exported workbooks, for `verify-store --sheets`:
each signature's reason (and a workbook's document keywords) names the audit entry it was made at."""
from __future__ import annotations

import io
import zipfile

from pyhanko.pdf_utils.reader import PdfFileReader

from workbench.core.store.anchor import HEAD_PATTERN

__all__ = ["sheet_heads", "export_heads"]


def sheet_heads(pdf: bytes) -> list[tuple[str, int, str]]:
    """(field, seq, hash) for every signature of a sheet that names a chain head."""
    out = []
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for sig in reader.embedded_regular_signatures:
        reason = str(sig.sig_object.get("/Reason", "") or "")
        m = HEAD_PATTERN.search(reason)
        if m:
            out.append((sig.field_name, int(m.group(1)), m.group(2)))
    return out


def export_heads(path, data: bytes) -> list[tuple[str, int, str]]:
    """(what, seq, hash) heads a signed sheet (.pdf) or an exported workbook (.xlsx, in its
    document properties' keywords) carries."""
    if str(path).lower().endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
        return [("文档属性", int(m.group(1)), m.group(2)) for m in HEAD_PATTERN.finditer(core)]
    return sheet_heads(data)
