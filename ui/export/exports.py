"""Window exports: the report (PDF, Markdown, CSV), printing (ui.report's print_report, re-exported),
and the charts as PNG or SVG.

Every file is written atomically (planner.atomic: a temporary file in the same folder, fsync, rename),
keeping an existing file's permissions; a failed write leaves the old file as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtSvg

from planner.files.atomic import write_atomic
from planner.present.report_text import write_text_report

from ui.charts.printer import ChartPrinter
from ui.export.report import print_report, write_pdf

__all__ = ["CHART_FILTER", "REPORT_FILTER", "export_chart", "export_report", "print_report"]

REPORT_FILTER = "PDF (*.pdf);;Markdown (*.md);;CSV (*.csv)"
CHART_FILTER = "PNG image (*.png);;SVG image (*.svg)"
EXPORT_SIZE = (600, 350)   # a chart laid out for export, in pixels at 96 dpi: PNG at twice that, 1200 x 700


def export_report(path: str, summaries: list[dict], scenarios: list) -> None:
    """By extension: .pdf, .md or .csv. Raises ValueError for another, OSError when it cannot write."""
    if Path(path).suffix.lower() == ".pdf":
        write_pdf(path, summaries, scenarios)
    else:
        write_text_report(path, summaries, scenarios)


def export_chart(path: str, chart, size=EXPORT_SIZE) -> None:
    """A chart in the print palette (black on white whatever the screen theme), laid out at `size`
    whatever its size on screen: PNG drawn at twice that, or SVG (vector). Written atomically."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"{path}: expected a .png or .svg file name")
    printer = ChartPrinter(type(chart), size, scale=2)
    try:
        chart.copy_into(printer.chart)
        data = _png_bytes(printer) if suffix == ".png" else _svg_bytes(printer)
    finally:
        printer.close()
    write_atomic(path, data)


def _png_bytes(printer: ChartPrinter) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.WriteOnly)
    if not printer.image().save(buffer, "PNG"):
        raise OSError(5, "the PNG could not be encoded")
    return bytes(buffer.data())


def _svg_bytes(printer: ChartPrinter) -> bytes:
    # pyqtgraph's SVGExporter crashes on this stack (pyqtgraph#3495): draw the chart's scene into
    # QSvgGenerator instead, at 96 dpi so text keeps its size.
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.WriteOnly)
    w, h = printer.size
    generator = QtSvg.QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QtCore.QSize(w, h))
    generator.setViewBox(QtCore.QRect(0, 0, w, h))
    generator.setResolution(96)
    generator.setTitle("NLP Budget Planner chart")
    printer.draw_widget(generator)
    return bytes(buffer.data())

