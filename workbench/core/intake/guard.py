"""First look at an applicant's file, before any parser sees it.

Applicants' files are untrusted. A renamed CSV, an old .xls, a password-protected workbook or a
damaged download must be refused with a message a clerk can act on, and a crafted file (a zip
bomb, a part that decompresses far beyond its declared size) must be refused quickly and with
little memory. Everything here works on the raw bytes and the zip's central directory; nothing
is decompressed except through `read_part`, which enforces a hard byte limit whatever the
directory claims.

Problems are returned as values (`model.Problem`, where="文件"); nothing here raises for bad
input.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from workbench.core.domain.model import Problem

__all__ = [
    "MAX_FILE_BYTES", "MAX_PARTS", "MAX_TOTAL_BYTES", "MAX_PART_BYTES", "MAX_RATIO",
    "GuardError", "check_bytes", "check_directory", "open_package", "read_part", "read_whole",
    "part_names",
]

FILE = "文件"

# An application with ten thousand claim rows is well under 2 MB; 20 MB leaves room for
# embedded logos and scanned attachments without letting a file exhaust the reviewer's PC.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PARTS = 10_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
# Spreadsheet XML compresses 5-30x, very repetitive sheets up to ~100x; bombs reach 1000x+.
# Small parts are exempt because a tiny part cannot hurt whatever its ratio.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


_ENCRYPTED = _utf16("EncryptedPackage")
_XLS_STREAMS = (_utf16("Workbook"), _utf16("Book"))


class GuardError(Exception):
    """Raised inside the reader when a part breaks a limit; carries the user-facing problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _not_zip(data: bytes) -> Problem:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        kind = "是 PDF 文件"
    elif head.startswith((b"<?xml", b"<html", b"<!doctype", b"<table")):
        kind = "看起来是网页或 XML 文件（可能是“XML 电子表格”或导出的网页）"
    elif b"\x00" not in head:
        kind = "看起来是 CSV 或文本文件（可能只是改了扩展名）"
    else:
        kind = "文件格式无法识别"
    return Problem(FILE, f"不是 xlsx 工作簿：{kind}。请用 Excel 打开申报模板填写，另存为“Excel 工作簿 (*.xlsx)”后重新提交")


def _cfb(data: bytes) -> Problem:
    # The directory entries hold stream names in UTF-16LE; a search is enough to tell the
    # three cases apart, and it never trusts the container's own sector chains.
    if _ENCRYPTED in data:
        return Problem(FILE, "文件已加密（设置了密码），请去掉密码后重新提交")
    if any(name in data for name in _XLS_STREAMS):
        return Problem(FILE, "这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中“另存为”Excel 工作簿（.xlsx）后重新提交")
    return Problem(FILE, "不是 xlsx 工作簿（是其他 Office 旧格式文档），请使用申报模板另存为 .xlsx 后重新提交")


def _damaged(detail: str = "") -> Problem:
    extra = f"（{detail}）" if detail else ""
    return Problem(FILE, f"文件已损坏，无法作为 xlsx 工作簿打开{extra}，请重新保存或重新下载后提交")


def _bomb(detail: str) -> Problem:
    return Problem(FILE, f"文件内部数据异常（{detail}），疑似恶意构造的文件，已拒绝读取")


def check_directory(zf: zipfile.ZipFile) -> list[Problem]:
    """Limits on the central directory, checked before anything is decompressed."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        return [_bomb(f"包含 {len(infos)} 个内部文件")]
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            return [Problem(FILE, "文件已加密（设置了密码），请去掉密码后重新提交")]
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return [_damaged("使用了不支持的压缩方式")]
        size = info.file_size
        if size > MAX_PART_BYTES:
            return [_bomb(f"{info.filename} 解压后达 {_mb(size)}")]
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            return [_bomb(f"{info.filename} 压缩比超过 {MAX_RATIO} 倍")]
        total += size
    if total > MAX_TOTAL_BYTES:
        return [_bomb(f"解压后总计 {_mb(total)}")]
    return []


def part_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Part names by their lower-case form: OPC part names are case-insensitive."""
    return {name.lower(): name for name in zf.namelist()}


def open_package(data: bytes) -> tuple[zipfile.ZipFile | None, list[Problem]]:
    """The workbook's zip, opened and checked, or None and the reasons it was refused."""
    if not data:
        return None, [Problem(FILE, "文件是空的（0 字节），请重新提交")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(FILE, f"文件过大（{_mb(len(data))}），申报表不应超过 {_mb(MAX_FILE_BYTES)}；请删除图片等附件后重新提交")]
    if data.startswith(_CFB_MAGIC):
        return None, [_cfb(data)]
    if not data.startswith(_ZIP_MAGIC):
        return None, [_not_zip(data)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None, [_damaged()]
    except Exception:  # a corrupt directory can trip zipfile in unexpected ways
        return None, [_damaged()]
    problems = check_directory(zf)
    if problems:
        return None, problems
    # Kept for read_whole's fast path: small parts are inflated straight from the bytes.
    zf.gm_data = data
    names = part_names(zf)
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and _ODS_MIME in data[:200]:
            msg = "这是 ODS 表格（WPS/LibreOffice 格式），请另存为 Excel 工作簿（.xlsx）后重新提交"
        elif "word/document.xml" in names:
            msg = "这是 Word 文档，不是 xlsx 工作簿；请使用申报模板填写后提交"
        else:
            msg = "不是 xlsx 工作簿（缺少 xl/workbook.xml），请使用申报模板另存为 .xlsx 后重新提交"
        return None, [Problem(FILE, msg)]
    return zf, []


def check_bytes(data: bytes) -> list[Problem]:
    """Every reason to refuse these bytes before parsing; empty when they look like an xlsx."""
    zf, problems = open_package(data)
    if zf is not None:
        zf.close()
    return problems


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes, limit: int) -> bytes:
    """One part straight from the archive bytes: cheaper than ZipFile.open for small parts."""
    name = info.filename
    off = info.header_offset
    if data[off:off + 4] != b"PK\x03\x04":
        raise GuardError(_damaged(f"{name} 无法解压"))
    name_len, extra_len = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + name_len + extra_len
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise GuardError(_damaged(f"{name} 不完整"))
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    else:
        try:
            out = zlib.decompressobj(-15).decompress(raw, limit + 1)
        except zlib.error:
            raise GuardError(_damaged(f"{name} 无法解压")) from None
    if len(out) > limit:
        raise GuardError(_bomb(f"{name} 实际解压大小超过声明"))
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise GuardError(_damaged(f"{name} 校验失败"))
    return out


def read_part(zf: zipfile.ZipFile, name: str, chunk: int = 1 << 20):
    """Yield the decompressed bytes of one part, in chunks, never beyond its limits.

    The declared size is only a claim: the data is counted as it comes out, and a part that
    yields more than it declared (or more than MAX_PART_BYTES) raises GuardError.
    """
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise GuardError(_damaged(f"缺少 {name}")) from None
    limit = min(info.file_size, MAX_PART_BYTES)
    data = getattr(zf, "gm_data", None)
    if data is not None and info.file_size <= chunk:
        yield _inflate(zf, info, data, limit)
        return
    seen = 0
    try:
        with zf.open(info) as stream:
            while True:
                block = stream.read(chunk)
                if not block:
                    break
                seen += len(block)
                if seen > limit:
                    raise GuardError(_bomb(f"{name} 实际解压大小超过声明"))
                yield block
    except GuardError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile (CRC), EOFError …: not what it claims
        raise GuardError(_damaged(f"{name} 无法解压")) from exc


def read_whole(zf: zipfile.ZipFile, name: str) -> bytes:
    """A small part in one piece, under the same limits as `read_part`."""
    return b"".join(read_part(zf, name, chunk=MAX_PART_BYTES + 1))
