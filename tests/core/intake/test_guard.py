"""The guard refuses what is not a plain xlsx, quickly and before any parser runs."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from tests.core.workbooks import application_bytes, cfb_bytes, set_declared_size, zip_bytes
from workbench.core.domain.model import Problem
from workbench.core.intake import guard


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    assert problems[0].where == "文件"
    return problems[0]


def test_a_real_workbook_passes():
    data = application_bytes()
    assert guard.check_bytes(data) == []
    zf, problems = guard.open_package(data)
    assert problems == [] and zf is not None
    assert "xl/workbook.xml" in guard.part_names(zf)


def test_empty_file():
    assert "空" in only(guard.check_bytes(b"")).message


def test_renamed_csv():
    data = "企业名称,统一社会信用代码\n某公司,91440300MA5G7K2Q0X\n".encode("gbk")
    msg = only(guard.check_bytes(data)).message
    assert msg.startswith("不是 xlsx 工作簿")
    assert "CSV" in msg


def test_renamed_html_and_pdf():
    assert "网页" in only(guard.check_bytes(b"<html><table><tr><td>1</td></tr></table></html>")).message
    assert "PDF" in only(guard.check_bytes(b"%PDF-1.7\n...")).message


def test_old_xls_is_asked_to_be_saved_as_xlsx():
    msg = only(guard.check_bytes(cfb_bytes("Workbook", "SummaryInformation"))).message
    assert ".xls" in msg and "另存为" in msg
    assert ".xls" in only(guard.check_bytes(cfb_bytes("Book"))).message


def test_password_protected_workbook():
    data = cfb_bytes("EncryptionInfo", "EncryptedPackage", "DataSpaces")
    assert only(guard.check_bytes(data)).message == "文件已加密（设置了密码），请去掉密码后重新提交"


def test_other_ole_document():
    assert "其他 Office" in only(guard.check_bytes(cfb_bytes("WordDocument"))).message


def test_zip_with_encrypted_entries():
    data = bytearray(application_bytes())
    # set the "encrypted" flag bit of every central directory entry
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        data[pos + 8] |= 0x01
        pos += 4
    assert "已加密" in only(guard.check_bytes(bytes(data))).message


@pytest.mark.parametrize("cut", [10, 100, 0.5, -30, -1])
def test_truncated_zip(cut):
    data = application_bytes()
    n = int(len(data) * cut) if isinstance(cut, float) else cut
    problem = only(guard.check_bytes(data[:n]))
    assert "损坏" in problem.message


def test_zip_without_workbook_part():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "docProps/app.xml": "<x/>"})
    assert "缺少 xl/workbook.xml" in only(guard.check_bytes(data)).message


def test_ods_and_docx_are_named():
    ods = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
                    compression=zipfile.ZIP_STORED)
    assert "ODS" in only(guard.check_bytes(ods)).message
    docx = zip_bytes({"word/document.xml": "<x/>", "[Content_Types].xml": "<x/>"})
    assert "Word" in only(guard.check_bytes(docx)).message


def test_file_too_large():
    data = b"PK\x03\x04" + b"\0" * guard.MAX_FILE_BYTES
    problem = only(guard.check_bytes(data))
    assert "文件过大" in problem.message and "20 MB" in problem.message


def test_declared_sizes_beyond_the_limit_are_refused_without_decompressing():
    data = application_bytes()
    bomb = set_declared_size(data, "xl/worksheets/sheet1.xml", 3_000_000_000)
    start = time.perf_counter()
    problem = only(guard.check_bytes(bomb))
    assert time.perf_counter() - start < 1
    assert "疑似恶意" in problem.message and "xl/worksheets/sheet1.xml" in problem.message


def test_sum_of_declared_sizes_is_limited():
    parts = {"xl/workbook.xml": "<workbook/>"}
    data = zip_bytes(parts | {f"xl/media/p{i}.bin": b"x" for i in range(3)})
    for i in range(3):
        data = set_declared_size(data, f"xl/media/p{i}.bin", 90 * 1024 * 1024, local=False)
    # each part alone is under the per-part limit; together they are not (and ratios are huge)
    assert "疑似恶意" in only(guard.check_bytes(data)).message


def _zeros_zip(name: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open(name, "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
    return out.getvalue()


def test_compression_ratio_is_limited():
    data = _zeros_zip("xl/worksheets/sheet1.xml", 8 << 20)    # ~8 KB on disk, 8 MB inside
    assert len(data) < 100_000
    problem = only(guard.check_bytes(data))
    assert "压缩比" in problem.message


def test_lying_declared_size_is_caught_while_decompressing():
    data = _zeros_zip("xl/worksheets/sheet1.xml", 8 << 20)
    liar = set_declared_size(data, "xl/worksheets/sheet1.xml", 1000)
    zf, problems = guard.open_package(liar)
    assert problems == []          # the directory looks harmless
    start = time.perf_counter()
    with pytest.raises(guard.GuardError) as caught:
        b"".join(guard.read_part(zf, "xl/worksheets/sheet1.xml", chunk=4096))
    assert time.perf_counter() - start < 2
    assert caught.value.problem.where == "文件"


def test_read_part_limits_to_the_declared_size(monkeypatch):
    data = zip_bytes({"xl/workbook.xml": "<workbook/>", "xl/a.xml": b"a" * 5000})
    zf, _ = guard.open_package(data)
    monkeypatch.setattr(guard, "MAX_PART_BYTES", 1000)
    with pytest.raises(guard.GuardError) as caught:
        guard.read_whole(zf, "xl/a.xml")
    assert "超过声明" in caught.value.problem.message


def test_missing_part_is_damage():
    zf, _ = guard.open_package(application_bytes())
    with pytest.raises(guard.GuardError) as caught:
        guard.read_whole(zf, "xl/nothing.xml")
    assert "损坏" in caught.value.problem.message


def test_too_many_parts():
    parts = {"xl/workbook.xml": "<workbook/>"} | {f"p{i}": b"" for i in range(guard.MAX_PARTS + 1)}
    data = zip_bytes(parts, compression=zipfile.ZIP_STORED)
    assert "内部文件" in only(guard.check_bytes(data)).message


def test_corrupted_compressed_bytes_are_damage():
    data = bytearray(application_bytes())
    zf, _ = guard.open_package(bytes(data))
    info = zf.getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + info.compress_size - 10, 7):
        data[i] ^= 0x5A
    zf, problems = guard.open_package(bytes(data))
    assert problems == []
    with pytest.raises(guard.GuardError) as caught:
        guard.read_whole(zf, "xl/worksheets/sheet2.xml")
    assert caught.value.problem.where == "文件" and "损坏" in caught.value.problem.message
