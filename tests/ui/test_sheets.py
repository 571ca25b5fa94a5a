"""Review sheets from the window: export, sign with a passphrase (a wrong one asked again),
countersign, verify, and the print preview painted onto a PDF printer."""
from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtPrintSupport import QPrinter

from workbench.core.signing.identities import Keys
from workbench.ui.pdf_pages import a4_printer, can_render, paint_pages, render_pages


@pytest.fixture
def keys(tmp_path, settings):
    k = Keys(tmp_path / "keys")
    k.init_root("Gm-root-2026!")
    k.issue("张三", "handler", "Gm-handler-2026!", root_passphrase="Gm-root-2026!")
    k.issue("李四", "reviewer", "Gm-review-2026!", root_passphrase="Gm-root-2026!")
    settings.set("sign/keys_dir", str(k.folder))
    return k


def _answers(monkeypatch, *texts):
    """The passphrase dialog answered in turn, as a reviewer typing would."""
    queue = list(texts)
    asked = []

    def get_text(_parent, _title, prompt, *a, **k):
        asked.append(prompt)
        return (queue.pop(0), True) if queue else ("", False)

    monkeypatch.setattr("workbench.ui.sheets_flow.QInputDialog.getText", get_text)
    return asked


def test_export_sign_countersign_verify_and_print(window, qtbot, workbooks, keys, tmp_path, monkeypatch):
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_paths([workbooks], batch="2025年第一批")
    window.import_report_dialog.close()
    app = window.apps.current()
    line5 = next(r for r in window.claims.model.rows() if r.line == 5)
    assert window.review.set_amount(line5.key, Decimal("1000000.00"), "一事一议")

    out = tmp_path / "导出"
    with qtbot.waitSignal(window.sheets.exported, timeout=60000) as blocker:
        window.sheets.export(out)
    paths = blocker.args[0]
    assert len([p for p in paths if p.suffix == ".pdf"]) == 3 and any(p.suffix == ".xlsx" for p in paths)
    assert "已导出" in window.sheets.result_dialog.text.toPlainText()
    window.sheets.result_dialog.close()

    # 张三 signs the current application's sheet; the first passphrase is wrong.
    asked = _answers(monkeypatch, "不对", "Gm-handler-2026!")
    with qtbot.waitSignal(window.sheets.signed, timeout=60000) as blocker:
        window.sheets.sign()
    (pdf, result), = blocker.args[0]
    assert pdf == window.sheets.sheets[app.id] and result.signer == "张三" and result.role == "handler"
    assert len(asked) == 2 and "口令不正确" in asked[1]
    window.sheets.result_dialog.close()

    # Cancelling the passphrase signs nothing.
    _answers(monkeypatch)
    assert window.sheets.sign() is None

    # 李四 countersigns as 复核人 from a window of their own.
    assert window.show_settings().add_profile({"name": "李四", "title": "复核人", "key": ""})
    window.settings_dialog.close()
    from workbench.ui.app import create_main_window
    other = create_main_window(window.workspace.path, window.settings, reviewer="李四")
    qtbot.addWidget(other)
    monkeypatch.setattr("workbench.ui.sheets_flow.QInputDialog.getItem", lambda *a, **k: ("复核人", True))
    _answers(monkeypatch, "Gm-review-2026!")
    with qtbot.waitSignal(other.sheets.signed, timeout=60000) as blocker:
        other.sheets.sign([pdf], countersign=True)
    assert blocker.args[0][0][1].role == "reviewer"
    other.sheets.result_dialog.close()
    other.workspace.close()

    with qtbot.waitSignal(window.sheets.verified, timeout=60000) as blocker:
        window.sheets.verify([pdf])
    (_pdf, report), = blocker.args[0]
    assert report.ok and {s.signer for s in report.signatures} == {"张三", "李四"}
    assert "签名有效" in window.sheets.result_dialog.text.toPlainText()
    window.sheets.result_dialog.close()

    if can_render():
        # The preview dialog asks for its pages, painted from the rendered PDF.
        with qtbot.waitSignal(window.sheets.printed, timeout=30000) as blocker:
            dlg = window.sheets.print_preview(pdf)
        assert blocker.args[0] >= 1
        # The dialog only points at its printer: it must outlive a garbage collection.
        import gc

        from PySide6.QtPrintSupport import QPrintPreviewWidget
        gc.collect()
        with qtbot.waitSignal(window.sheets.printed, timeout=30000):
            dlg.findChild(QPrintPreviewWidget).updatePreview()
        dlg.close()


@pytest.mark.skipif(not can_render(), reason="pdftoppm (poppler-utils) is not installed")
def test_pages_print_on_a4_into_a_pdf_printer(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    src = tmp_path / "两页.pdf"
    c = canvas.Canvas(str(src), pagesize=A4)
    for n in (1, 2):
        c.rect(10, 10, A4[0] - 20, A4[1] - 20)   # a frame at the page edge: must not be cut
        c.drawString(100, 700, f"page {n}")
        c.showPage()
    c.save()
    pages = render_pages(src, tmp_path / "pages")
    assert len(pages) == 2
    printer = a4_printer(QPrinter(QPrinter.HighResolution))
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pages(printer, pages) == 2
    # Two A4 pages, each keeping the whole frame: dark pixels near every edge.
    again = render_pages(tmp_path / "printed.pdf", tmp_path / "again", dpi=40)
    assert len(again) == 2
    from PySide6.QtGui import QImage
    img = QImage(str(again[0]))
    w, h = img.width(), img.height()

    def dark(x, y):
        return img.pixelColor(x, y).lightness() < 128

    assert any(dark(x, y) for x in range(w // 10) for y in range(h // 3, h // 2))          # left edge
    assert any(dark(x, y) for x in range(w - w // 10, w) for y in range(h // 3, h // 2))   # right edge
    assert any(dark(x, y) for y in range(h - h // 10, h) for x in range(w // 3, w // 2))   # bottom
