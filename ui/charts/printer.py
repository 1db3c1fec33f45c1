"""`ChartPrinter`: a chart laid out for a file (export, report), drawn on a twin of the one on screen."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

class ChartPrinter:
    """A chart laid out at `size` (pixels at 96 dpi) in the print palette, drawn `scale` times larger.

    The chart on screen never moves: a twin is made (`chart_type(for_print=True)`), given the data
    (Chart.copy_into) and drawn. A never-shown pyqtgraph view lays itself out at 640x480 whatever its
    size, so the twin is shown with WA_DontShowOnScreen, which sends the resize events that lay it out.
    Making a chart costs about 0.1 s; a ten-scenario report needs eleven images, so they share one.
    The chart's scene is drawn straight onto a larger image: pyqtgraph's text items ignore a painter's
    scale, so a scaled QWidget.render misplaces every label, but scaling the scene keeps them in place.
    """

    def __init__(self, chart_type, size: tuple[int, int], scale: float = 1.0):
        self.size, self.scale = size, scale
        self.chart = chart = chart_type(for_print=True)
        chart.setMinimumSize(1, 1)
        chart.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        chart.resize(*size)
        chart.show()
        chart.getPlotItem().layout.activate()

    def image(self) -> QtGui.QImage:
        """The chart as it is now, `scale` times its size; call after giving it its data."""
        w, h = self.size
        image = QtGui.QImage(round(w * self.scale), round(h * self.scale), QtGui.QImage.Format.Format_ARGB32)
        image.fill(QtGui.QColor("#ffffff"))
        self.draw(image, QtCore.QRectF(image.rect()))
        return image

    def draw(self, device: QtGui.QPaintDevice, target: QtCore.QRectF) -> None:
        """The chart as it is now, drawn into `target` of a paint device."""
        self.chart.getPlotItem().layout.activate()   # axis widths change with the data
        # A pyqtgraph text item finds its place during its first paint, after drawing in a wrong one
        # (white boxes over the bars): paint once to a scrap image, so the real drawing has none.
        scrap = QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32)
        for where, rect in ((scrap, QtCore.QRectF(scrap.rect())), (device, target)):
            painter = QtGui.QPainter(where)
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            source = self.chart.mapToScene(self.chart.viewport().rect()).boundingRect()
            self.chart.scene().render(painter, rect, source)
            painter.end()

    def draw_widget(self, device: QtGui.QPaintDevice) -> None:
        """The chart drawn at its own size through QWidget.render: an SVG generator then gets text and
        shapes as vector (scene rendering hands it some of them as images)."""
        self.draw(QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32), QtCore.QRectF(0, 0, 8, 8))
        painter = QtGui.QPainter(device)
        self.chart.render(painter)
        painter.end()

    def close(self) -> None:
        self.chart.close()
        self.chart.deleteLater()

