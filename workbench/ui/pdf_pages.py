"""Printing a review sheet PDF: its pages rendered to images by poppler's `pdftoppm` (QtPdf is
not part of PySide6-Essentials), then painted one per A4 sheet, scaled to the printable area
so that nothing is cut off. Where pdftoppm is missing (Windows without poppler) the caller
opens the PDF in the system viewer instead.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

__all__ = ["can_render", "render_pages", "paint_pages", "a4_printer", "PrintError"]

DPI = 150   # sharp on paper, light enough for a 10-page sheet


class PrintError(RuntimeError):
    pass


def can_render() -> bool:
    return shutil.which("pdftoppm") is not None


def render_pages(pdf: str | Path, out_dir: str | Path | None = None, dpi: int = DPI) -> list[Path]:
    """Every page of `pdf` as a PNG in out_dir (a new temporary folder by default), in order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PrintError("未找到 pdftoppm（poppler-utils），无法在本程序内预览打印")
    out = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="workbench-print-"))
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), str(out / "page")],
                         capture_output=True, text=True, timeout=120)
    pages = sorted(out.glob("page*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    if run.returncode != 0 or not pages:
        raise PrintError(f"无法读取 {Path(pdf).name}：{run.stderr.strip() or '没有页面'}")
    return pages


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    printer = printer or QPrinter(QPrinter.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                      QMarginsF(5, 5, 5, 5), QPageLayout.Millimeter))
    return printer


def paint_pages(printer: QPrinter, pages: list[Path]) -> int:
    """Paint each page image on its own sheet, fitted to the printable area (aspect kept,
    centred). Returns the number of pages painted."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印（打印机不可用）")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        target = QRectF(0, 0, area.width(), area.height())
        for i, path in enumerate(pages):
            if i:
                printer.newPage()
            image = QImage(str(path))
            if image.isNull():
                raise PrintError(f"无法读取页面图像 {path.name}")
            size = image.size().scaled(target.size().toSize(), Qt.KeepAspectRatio)
            x = (target.width() - size.width()) / 2
            y = (target.height() - size.height()) / 2
            painter.drawImage(QRectF(x, y, size.width(), size.height()), image)
    finally:
        painter.end()
    return len(pages)
