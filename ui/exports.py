"""Window exports: the report (PDF, Markdown, CSV), printing, and the charts as PNG or SVG.

Every file is written atomically (a temporary file in the same folder, then renamed).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg

from planner.atomic import write_atomic
from planner.report_text import write_text_report

from .report import build_document, print_document, write_pdf

REPORT_FILTER = "PDF (*.pdf);;Markdown (*.md);;CSV (*.csv)"
CHART_FILTER = "PNG image (*.png);;SVG image (*.svg)"


def export_report(path: str, summaries: list[dict], scenarios: list) -> None:
    """By extension: .pdf, .md or .csv. Raises ValueError for another, OSError when it cannot write."""
    if Path(path).suffix.lower() == ".pdf":
        write_pdf(path, summaries, scenarios)
    else:
        write_text_report(path, summaries, scenarios)


def export_chart(path: str, chart, size=(1200, 700)) -> None:
    """A chart as PNG (drawn at `size` in the print palette) or SVG (vector, as shown)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        image = chart.render_to_image(*size, for_print=True)
        buffer = QtCore.QBuffer()
        buffer.open(QtCore.QIODevice.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise OSError(5, "the PNG could not be encoded")
        write_atomic(path, bytes(buffer.data()))
    elif suffix == ".svg":
        write_atomic(path, _svg_bytes(chart))
    else:
        raise ValueError(f"{path}: expected a .png or .svg file name")


def _svg_bytes(chart) -> bytes:
    # pyqtgraph's SVGExporter crashes on this stack (pyqtgraph#3495): draw the widget into
    # QSvgGenerator instead, at the widget's own resolution so text keeps its size.
    fd, tmp = tempfile.mkstemp(suffix=".svg")
    os.close(fd)
    try:
        generator = QtSvg.QSvgGenerator()
        generator.setFileName(tmp)
        generator.setSize(chart.size())
        generator.setViewBox(QtCore.QRect(QtCore.QPoint(0, 0), chart.size()))
        generator.setResolution(chart.logicalDpiX())
        generator.setTitle("NLP Budget Planner chart")
        painter = QtGui.QPainter(generator)
        chart.render(painter)
        painter.end()
        return Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)


def print_report(printer, summaries: list[dict], scenarios: list) -> None:
    print_document(build_document(summaries, scenarios), printer)
