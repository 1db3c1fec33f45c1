"""The `Chart` base every chart of the window shares, the money axis and the helpers their redraws use.

Charts are pyqtgraph plots with panning, zooming and the context menu switched off: they are read, not
explored, and hovering gives exact figures. They redraw on every keystroke, so a redraw only updates
items made once, and skips every Qt call whose input has not changed (`_changed`, `show_item`,
`move_item`). That keeps redraws fast (PySide6 6.12.0 also leaked a reference per such call; see
pyproject.toml). Anything placed in pixels (label columns, margins, which tick labels fit) is laid out
again on resize.
"""

from __future__ import annotations

import math
import os

from PySide6 import QtCore, QtGui, QtWidgets  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.present.escape import html_text
from planner.model.quantities import short_money

from ui.charts.colors import ChartTheme, chart_theme

MIN_WIDTH, MIN_HEIGHT = 360, 180   # the window stays whole at 1024x640
FONT_POINTS = 9


def show_item(item: QtWidgets.QGraphicsItem, visible: bool) -> None:
    """Show or hide an item, without a Qt call when it already is."""
    if item.isVisible() != visible:
        item.setVisible(visible)


def move_item(item: QtWidgets.QGraphicsItem, x: float, y: float) -> None:
    """Move an item to (x, y) in view coordinates, without a Qt call when it is there."""
    pos = item.pos()
    if pos.x() != x or pos.y() != y:
        item.setPos(x, y)


class Chart(pg.PlotWidget):
    """What every chart shares: no mouse navigation, theme from the palette, tooltips, a twin for export.

    `for_print`: black on white, whatever the screen theme, and kept when the theme changes (a chart
    laid out for a report or a file: see ChartPrinter).
    """

    # A class default: Qt sends palette events from inside PlotWidget.__init__, before ours has run.
    _built = False

    def __init__(self, parent=None, for_print: bool = False, **plot_kwargs):
        super().__init__(parent, background=None, **plot_kwargs)
        self._for_print = for_print
        plot = self.getPlotItem()
        plot.setMouseEnabled(False, False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.vb.disableAutoRange()
        for name in ("left", "bottom"):
            # Major ticks only, half as dense again: the minor level's faint grid lines cost more to paint
            # than the whole rest of a chart (several ms a paint, on every keystroke).
            plot.getAxis(name).setStyle(maxTickLevel=0)
            plot.getAxis(name).setTickDensity(1.5)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.chart_font = QtGui.QFont(self.font())
        self.chart_font.setPointSizeF(FONT_POINTS)
        self._metrics = QtGui.QFontMetricsF(self.chart_font)
        self._theme = chart_theme(self.palette(), for_print)
        self._last: dict[str, object] = {}
        self._message = self._text(anchor=(0.5, 0.5))

    def _ready(self) -> None:
        """Called by subclasses once their items exist: from then on a resize lays them out again."""
        self.getViewBox().sigResized.connect(self._layout)
        self._built = True

    # -- for subclasses ----------------------------------------------------------------------------
    def _changed(self, key: str, value) -> bool:
        """True, and remembered, when `value` differs from the last one given under `key`."""
        if key in self._last and self._last[key] == value:
            return False
        self._last[key] = value
        return True

    def _set_row_labels(self, rows: list[int], texts: list[str], share: float) -> None:
        """Labels for the bar rows shown on the left axis, elided to `share` of the widget's width, the
        axis sized to fit now: left to itself it only widens after a first paint, so an exported image
        (a single paint) would lose its labels. Subclasses set `_tick_metrics` for their tick font."""
        fm, limit = self._tick_metrics, share * self.width()
        labels = distinct_elided(texts, fm, limit)
        axis = self.getAxis("left")
        if self._changed("axis width", math.ceil(max((fm.horizontalAdvance(t) for t in labels), default=0))):
            axis.setWidth(self._last["axis width"] + 12)
        if self._changed("ticks", list(zip(rows, labels))):
            axis.setTicks([self._last["ticks"]])

    def _text(self, anchor, z: float = 10) -> pg.TextItem:
        item = pg.TextItem(anchor=anchor)
        item.textItem.document().setDocumentMargin(1)  # Qt's 4 px margin would make fills overlap
        item.setFont(self.chart_font)
        item.setZValue(z)
        self.getViewBox().addItem(item, ignoreBounds=True)
        return item

    def _set_range(self, x0: float, x1: float, y0: float, y1: float) -> None:
        if self._changed("range", (x0, x1, y0, y1)):
            vb = self.getViewBox()
            vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            # pyqtgraph applies a new range while painting, which moves every text item and so asks
            # for a second paint of the whole chart: apply it now, so one paint draws the edit.
            vb.updateMatrix()

    def _view_size(self) -> tuple[float, float]:
        """The plot area in pixels; a guess until the widget is first laid out (redone on resize)."""
        rect = self.getViewBox().rect()
        return (rect.width(), rect.height()) if rect.width() > 10 and rect.height() > 10 else (400.0, 240.0)

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        move_item(self._message, 0.5, 0.5)
        show_item(self._message, bool(text))
        if text:
            self._set_range(0, 1, 0, 1)

    def _layout(self) -> None:
        raise NotImplementedError

    def _apply_theme(self) -> None:
        raise NotImplementedError

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        """Tooltip text at a point in view coordinates and the view rectangle it holds for."""
        raise NotImplementedError

    # -- public ------------------------------------------------------------------------------------
    def copy_into(self, other: Chart) -> None:
        """Give `other`, a chart of the same type, this one's data (ChartPrinter draws the copy)."""
        raise NotImplementedError

    def tooltip_at(self, view_point: QtCore.QPointF) -> str:
        """The hover text at a point in view (data) coordinates, "" where there is nothing."""
        return self._hit(view_point)[0]

    def message(self) -> str:
        """The message drawn instead of a chart ("No cost to show"...), "" when there is none."""
        return self._message.toPlainText() if self._message.isVisible() else ""

    def set_theme(self, theme: ChartTheme) -> None:
        self._theme = theme
        self.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setPen(theme.muted)
            axis.setTextPen(theme.text)
        self._message.setColor(theme.muted)
        self._apply_theme()

    # -- Qt events ---------------------------------------------------------------------------------
    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() in (QtCore.QEvent.Type.PaletteChange, QtCore.QEvent.Type.ApplicationPaletteChange) \
                and self._built and not self._for_print:
            self.set_theme(chart_theme(self.palette()))
        super().changeEvent(event)

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.ToolTip:
            return super().viewportEvent(event)
        vb = self.getViewBox()
        scene_pos = self.mapToScene(event.pos())
        text, rect = ("", None)
        if vb.sceneBoundingRect().contains(scene_pos):
            text, rect = self._hit(vb.mapSceneToView(scene_pos))
        if not text:
            QtWidgets.QToolTip.hideText()
            return True
        # The tip hides as soon as the mouse leaves the block or bar it describes.
        area = self.mapFromScene(vb.mapViewToScene(rect)).boundingRect() if rect is not None else QtCore.QRect()
        # Names and sources come from files: shown literally, never as rich text (compare_chart's
        # tooltips arrive already escaped in a <p>).
        shown = text if text.startswith("<p style='white-space:pre'>") else \
            f"<p style='white-space:pre'>{html_text(text)}</p>"
        QtWidgets.QToolTip.showText(event.globalPos(), shown, self.viewport(), area)
        return True


def _clashes(labels: list[str], texts: list[str]) -> list[int]:
    """Indices of the non-empty labels that read the same as the label of another text (the same text
    twice, as an offer in two groups, is no clash)."""
    seen: dict[str, set[str]] = {}
    for label, text in zip(labels, texts):
        seen.setdefault(label, set()).add(text)
    return [i for i, label in enumerate(labels) if label and len(seen[label]) > 1]


def distinct_elided(texts: list[str], fm: QtGui.QFontMetricsF, limit: float) -> list[str]:
    """Each text cut to `limit` pixels, no two distinct texts reading the same: cut in the middle,
    else at the end or the start, else kept from where it differs from the text it clashes with, and
    as a last resort numbered (two inputs must never read the same)."""
    modes = QtCore.Qt.TextElideMode
    labels = [fm.elidedText(t, modes.ElideMiddle, limit) for t in texts]
    for mode in (modes.ElideRight, modes.ElideLeft):
        for i in _clashes(labels, texts):
            labels[i] = fm.elidedText(texts[i], mode, limit)
    clashing = _clashes(labels, texts)
    for i in clashing:
        others = [texts[j] for j in clashing if labels[j] == labels[i] and texts[j] != texts[i]]
        same = max((len(os.path.commonprefix([texts[i], o])) for o in others), default=0)
        labels[i] = fm.elidedText("…" + texts[i][max(0, same - 8):], modes.ElideRight, limit)
    for n, i in enumerate(_clashes(labels, texts), start=1):
        mark = f" #{n}"
        labels[i] = fm.elidedText(texts[i], modes.ElideMiddle, limit - fm.horizontalAdvance(mark)) + mark
    return labels


def spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as close as possible to `wanted` (sorted) but at least `gap` apart, within [lo, hi].

    Overlapping labels merge into clusters centred on the mean of what they wanted (the usual
    label-placement heuristic); a cluster pushed past an end is shifted back inside. When they
    cannot all fit, `lo` wins and the last ones go past `hi`.
    """
    clusters: list[list[float]] = []  # [count, sum of wanted]
    for w in wanted:
        clusters.append([1, w])
        while len(clusters) > 1:
            (na, sa), (nb, sb) = clusters[-2], clusters[-1]
            if sa / na + (na + 1) * gap / 2 <= sb / nb - (nb - 1) * gap / 2:
                break
            clusters[-2:] = [[na + nb, sa + sb]]
    out = []
    for n, s in clusters:
        out.extend(s / n + (k - (n - 1) / 2) * gap for k in range(int(n)))
    for i in range(len(out) - 1, -1, -1):   # keep the last inside, pushing earlier ones up
        out[i] = min(out[i], hi if i == len(out) - 1 else out[i + 1] - gap)
    for i in range(len(out)):               # then the first, pushing later ones down
        out[i] = max(out[i], lo if i == 0 else out[i - 1] + gap)
    return out


class MoneyAxis(pg.AxisItem):
    """A money axis: tick labels in `currency`, short ("$1.2M")."""

    currency = "USD"

    def tickStrings(self, values, scale, spacing):
        return [short_money(v, self.currency, digits=6) for v in values]

