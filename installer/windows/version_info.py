"""The Windows version resource of both programs, from the one project version.

PyInstaller reads a version file as Python text (`VSVersionInfo(...)`); it is written from
workbench.__version__ at build time so that Explorer's Properties show the real version.
"""
from __future__ import annotations

from pathlib import Path

TEMPLATE = """# Generated from workbench.__version__ by installer/windows/version_info.py
VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '深圳市光明区工业和信息化局'),
      StringStruct('FileDescription', '{description}'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{name}'),
      StringStruct('OriginalFilename', '{name}.exe'),
      StringStruct('ProductName', '光明区扶持资金审核工作台'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


def numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a suffix such as '1.2.3rc1' keeps its leading digits."""
    parts = []
    for piece in version.split(".")[:4]:
        digits = piece[:len(piece) - len(piece.lstrip("0123456789"))] or "0"
        parts.append(int(digits))
    return tuple((parts + [0, 0, 0, 0])[:4])


def write(path: Path, version: str, name: str, description: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(nums=numbers(version), version=version, name=name,
                                    description=description), encoding="utf-8")
    return path
