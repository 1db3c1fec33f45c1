"""Two read-only charts of what the engine returns, the cost iceberg and every price option, on the
`Chart` base every chart of the window shares, and `ChartPrinter`, which lays a chart out for a file.

Charts are pyqtgraph plots with panning, zooming and the context menu switched off: they are read, not
explored, and hovering gives exact figures. They redraw on every keystroke, so a redraw only updates
items made once, and skips every Qt call whose input has not changed (`_changed`, `show_item`,
`move_item`). That keeps redraws fast (PySide6 6.12.0 also leaked a reference per such call; see
pyproject.toml). Anything placed in pixels (label columns, margins, which tick labels fit) is laid out
again on resize.
"""

from __future__ import annotations

from dataclasses import dataclass

import math

from PySide6 import QtCore, QtGui, QtWidgets  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.present.escape import html_text

from planner.engine.categories import CATEGORIES
from planner.engine.categories import category_label
from planner.model.quantities import money, price, short_money

from ui.charts.colors import CURRENT_OPTION, OTHER_OPTION, ChartTheme, category_color, chart_theme

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
        labels = [fm.elidedText(t, QtCore.Qt.TextElideMode.ElideMiddle, limit) for t in texts]
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


def _share(fraction: float) -> str:
    pct = 100 * fraction
    if 0 < pct < 1:
        return "<1%"
    if 99 < pct < 100:
        return ">99%"
    return f"{pct:.0f}%"


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


class IcebergChart(Chart):
    """The final run above a waterline; everything else the project runs stacked below it.

    Block heights are costs (view units are money); blocks are one view unit wide, centred on x=0.
    """

    GAP_PX = 14  # block edge to label column
    CLEAR_PX = 3  # labels to the waterline

    def __init__(self, parent=None, for_print: bool = False):
        super().__init__(parent, for_print)
        for name in ("left", "bottom", "top", "right"):
            self.hideAxis(name)
        self._summary: dict | None = None
        self._drawn: list[tuple[str, float, float, float]] = []   # (category, y0, height, cost)
        self._rows: dict[str, dict] = {}
        self._label_rects: dict[str, QtCore.QRectF] = {}
        self._whisker_rect: QtCore.QRectF | None = None
        self._brushes: dict[str, QtGui.QBrush] = {}
        vb = self.getViewBox()
        self._bars = pg.BarGraphItem(x0=[0], y0=[0], width=[0], height=[0])
        vb.addItem(self._bars)
        self._waterline = pg.InfiniteLine(pos=0, angle=0, movable=False)
        self._waterline.setZValue(5)
        vb.addItem(self._waterline, ignoreBounds=True)
        self._leaders = pg.PlotDataItem(connect="pairs")
        self._whisker = pg.PlotDataItem(connect="pairs")
        for item in (self._leaders, self._whisker):
            vb.addItem(item, ignoreBounds=True)
        self._labels: dict[str, pg.TextItem] = {}   # made on first use: categories beyond the seven come and go
        for category in CATEGORIES:
            self._label(category)
        self._water_label = self._text(anchor=(0, 1))
        self._water_label.setText("waterline")
        self._total_label = self._text(anchor=(0, 0))
        self._range_label = self._text(anchor=(1, 0.5))
        self._range_label.setText("90%")
        self.set_theme(self._theme)
        self.set_summary(None)
        self._ready()

    def _label(self, category: str) -> pg.TextItem:
        if category not in self._labels:
            label = self._labels[category] = self._text(anchor=(0, 0.5))
            self._style_label(label)
        return self._labels[category]

    def _brush(self, category: str) -> QtGui.QBrush:
        if category not in self._brushes:
            self._brushes[category] = QtGui.QBrush(category_color(category))
        return self._brushes[category]

    def blocks(self) -> list[tuple[str, float, float, float]]:
        """(category, lower edge, height, cost) of every block drawn, top to bottom."""
        return list(self._drawn)

    def set_summary(self, summary: dict | None) -> None:
        """Draw a planner.summarize() result; None (or nothing costed) draws nothing."""
        self._summary = summary
        self._drawn, self._rows = [], {}
        top = 0.0
        for row in (list(summary.categories) + _line_items(summary)) if summary else []:
            cost = float(row.cost)
            if not (cost > 0 and math.isfinite(cost)):
                continue
            self._rows[row.category] = row
            if row.category == "final":
                self._drawn.insert(0, ("final", 0.0, cost, cost))
            else:
                self._drawn.append((row.category, top - cost, cost, cost))
                top -= cost
        if self._drawn and self._changed("blocks", tuple(self._drawn)):
            self._bars.setOpts(
                x0=[-0.5] * len(self._drawn), width=[1.0] * len(self._drawn),
                y0=[b[1] for b in self._drawn], height=[b[2] for b in self._drawn],
                brushes=[self._brush(b[0]) for b in self._drawn])
        for category, label in self._labels.items():
            show_item(label, category in self._rows)
        if self._drawn:
            self._set_texts(summary)
        for item in (self._bars, self._waterline, self._leaders, self._water_label, self._total_label):
            show_item(item, bool(self._drawn))
        self._layout()

    def _set_texts(self, summary: dict) -> None:
        total, currency = float(summary.total.cost), summary.currency
        for category, row in self._rows.items():
            self._label(category).setText(
                f"{category_label(category)}  {money(row.cost, currency)} ({_share(row.cost / total)})")
        text = f"Whole project {money(total, currency)}"
        if "final" in self._rows and summary.get("iceberg_ratio"):
            text += f", {summary.iceberg_ratio:,.1f}× the final run"
        uncertainty = (summary.get("uncertainty") or {}).get("cost")
        if uncertainty:
            text += f"\n90% range {money(uncertainty.p5, currency)} to {money(uncertainty.p95, currency)}"
        self._total_label.setText(text)

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        uncertainty = (self._summary or {}).get("uncertainty") or {}
        uncertainty = uncertainty.get("cost") if self._drawn else None
        show_item(self._whisker, bool(uncertainty))
        show_item(self._range_label, bool(uncertainty))
        if not self._drawn:
            self._show_message("No cost to show" if self._summary is not None else "")
            return
        show_item(self._message, False)
        width, height = self._view_size()
        line = self._metrics.height() + 2
        total = float(self._summary.total.cost)
        final = self._drawn[0][2] if self._drawn[0][0] == "final" else 0.0
        low = final - total                                        # lowest block edge
        if uncertainty:
            low = min(low, final - uncertainty.p95)
        top_pad = line + self.CLEAR_PX + 2   # room for the final run's label above the waterline
        bottom_pad = self._total_label.textItem.boundingRect().height() + 6
        sy = (final - low) / max(height - top_pad - bottom_pad, 20.0)          # data per pixel
        if not (math.isfinite(sy) and sy > 0):   # costs too small to tell apart (5e-324): any scale draws them
            sy = 1.0
        y_top, y_bottom = final + top_pad * sy, low - bottom_pad * sy
        # x: blocks are one unit wide, centred on 0; the widest label sets their width in pixels.
        label_w = max(self._labels[c].textItem.boundingRect().width() for c in self._rows)
        left_px = self._water_label.textItem.boundingRect().width() + 8
        block_px = min(max(width - left_px - self.GAP_PX - label_w - 4, 48.0), 0.45 * width)
        sx = 1.0 / block_px
        x_left = -0.5 - left_px * sx
        self._set_range(x_left, x_left + width * sx, y_bottom, y_top)
        # Labels in one column right of the blocks, spread apart where blocks are thin (in pixels
        # from the top); the final run's label stays above the waterline, the others below it.
        centres = [(y_top - (b[1] + b[2] / 2)) / sy for b in self._drawn]
        water = y_top / sy
        above = 1 if self._drawn[0][0] == "final" else 0
        clear = self.CLEAR_PX   # labels stay this far off the waterline's dashes
        placed = spread(centres[:above], line, line / 2, water - line / 2 - clear) \
            + spread(centres[above:], line, water + line / 2 + clear, height - bottom_pad)
        x_label = 0.5 + self.GAP_PX * sx
        leaders, self._label_rects = ([], []), {}
        for (category, y0, h, _cost), px in zip(self._drawn, placed):
            y = y_top - px * sy
            label = self._labels[category]
            move_item(label, x_label, y)
            w = label.textItem.boundingRect().width() * sx
            self._label_rects[category] = QtCore.QRectF(x_label, y - line / 2 * sy, w, line * sy)
            leaders[0].extend([0.5, x_label - 2 * sx])
            leaders[1].extend([y0 + h / 2, y])
        if self._changed("leaders", leaders):
            self._leaders.setData(*leaders)
        move_item(self._water_label, x_left + 4 * sx, 0)
        move_item(self._total_label, x_left + 4 * sx, low - 4 * sy)
        self._whisker_rect = None
        if uncertainty:
            x, cap = -0.5 - 7 * sx, 4 * sx
            y5, y50, y95 = (final - uncertainty[k] for k in ("p5", "p50", "p95"))
            whisker = ([x, x, x - cap, x + cap, x - cap, x + cap, x - cap, x + cap],
                       [y5, y95, y5, y5, y95, y95, y50, y50])
            if self._changed("whisker", whisker):
                self._whisker.setData(*whisker)
            self._whisker_rect = QtCore.QRectF(x - 2 * cap, y95, 4 * cap, y5 - y95)
            # Beside the median, unless that is on the waterline or its label (iceberg ratio ~1):
            # then just under the line.
            p50 = (y_top - y50) / sy
            if p50 - line / 2 < water + clear:
                p50 = water + line / 2 + clear
            move_item(self._range_label, x - cap - 2 * sx, y_top - p50 * sy)

    def _apply_theme(self) -> None:
        theme = self._theme
        # A background-coloured outline separates stacked blocks in any theme.
        self._bars.setOpts(pen=pg.mkPen(theme.background, width=1.5))
        self._waterline.setPen(pg.mkPen(theme.text, width=1.5, style=QtCore.Qt.PenStyle.DashLine))
        self._leaders.setPen(pg.mkPen(theme.muted, width=1))
        self._whisker.setPen(pg.mkPen(theme.text, width=1.5))
        for label in self._labels.values():
            self._style_label(label)
        self._water_label.setColor(theme.muted)
        self._range_label.setColor(theme.muted)
        self._total_label.setColor(theme.text)

    def _style_label(self, label: pg.TextItem) -> None:
        label.setColor(self._theme.text)
        label.fill = pg.mkBrush(self._theme.background)   # filled, so the waterline never runs through it
        label.update()

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        x, y = point.x(), point.y()
        for category, y0, h, _cost in self._drawn:
            rect = QtCore.QRectF(-0.5, y0, 1.0, h)
            if -0.5 <= x <= 0.5 and y0 <= y <= y0 + h:
                return self._block_tooltip(category), rect
            label_rect = self._label_rects.get(category)
            if label_rect is not None and label_rect.contains(point):
                return self._block_tooltip(category), label_rect
        if self._whisker_rect is not None and self._whisker_rect.contains(point):
            return self._range_tooltip(), self._whisker_rect
        return "", None

    def _block_tooltip(self, category: str) -> str:
        row, currency = self._rows[category], self._summary.currency
        share = row.cost / self._summary.total.cost
        if category == LINE_ITEMS:
            return "\n".join([f"{category_label(category)}: {money(row.cost, currency)} ({share:.1%} of the project)"]
                             + [f"{i.kind}: {i.name}  {money(i.cost, currency)}" for i in self._summary.costs])
        return "\n".join([
            category_label(category),
            f"Runs: {_number(row.runs)}",
            f"Cost: {money(row.cost, currency)} ({share:.1%} of the project)",
            f"Accelerator-hours: {_number(row.accelerator_hours)}",
            f"Energy: {_number(row.energy_kwh)} kWh",
            f"CO2: {_number(row.co2_kg)} kg",
        ])

    def _range_tooltip(self) -> str:
        unc, currency = self._summary.uncertainty, self._summary.currency
        c = unc.cost
        return (f"Whole project, 90% range: {money(c.p5, currency)} to {money(c.p95, currency)}\n"
                f"Median {money(c.p50, currency)} ({unc.get('samples', 0):,} Monte Carlo samples)")

    def copy_into(self, other: IcebergChart) -> None:
        other.set_summary(self._summary)


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


def _bar_label(option) -> str:
    return ("▶ " if option.current else "") + option.label + (" *" if option.estimate else "")


LINE_ITEMS = "line_items"


@dataclass(frozen=True)
class _ItemsBlock:
    """The line items beyond compute ([[costs]]) as one block under the compute categories."""
    category: str
    cost: float
    runs: float = 0.0


def _line_items(summary) -> list:
    costs = summary.get("costs") or []
    return [_ItemsBlock(LINE_ITEMS, sum(c.cost for c in costs))] if costs else []


class MoneyAxis(pg.AxisItem):
    """A money axis: tick labels in `currency`, short ("$1.2M")."""

    currency = "USD"

    def tickStrings(self, values, scale, spacing):
        return [short_money(v, self.currency, digits=6) for v in values]


class OptionsChart(Chart):
    """One bar per price option, cheapest at the top; the scenario's own option stands out.

    Row i (from the top) is centred on y=i (the y axis is inverted); bar length is the project cost.
    Every figure is in its option's own currency; price_options ranks only options in the scenario's
    currency (never across currencies), so one axis holds them all.
    """

    BAR_HEIGHT = 0.72
    _axis_title = True   # pyqtgraph shows an axis's label once it is set

    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("bottom")
        super().__init__(parent, for_print, axisItems={"bottom": self._money_axis})
        self.hideAxis("top")
        self.hideAxis("right")
        vb = self.getViewBox()
        vb.invertY(True)
        vb.setZValue(1)  # bars over the grid lines the axis draws (pyqtgraph puts them on top)
        self._tick_font = QtGui.QFont(self.chart_font)
        self._tick_font.setPointSizeF(FONT_POINTS - 1)   # one label per bar fits down to ~12 px a bar
        self._tick_metrics = QtGui.QFontMetricsF(self._tick_font)
        self.getAxis("left").setTickFont(self._tick_font)
        self.getAxis("left").setStyle(tickLength=0)
        self._money_axis.setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self._options: list = []
        self._currency = "USD"
        colors = {True: QtGui.QColor(CURRENT_OPTION), False: QtGui.QColor(OTHER_OPTION)}
        self._pens = {current: pg.mkPen(color, width=1) for current, color in colors.items()}
        self._brushes = {}  # (current, estimate) -> brush; an estimated price is drawn lighter
        for current, estimate in ((c, e) for c in (True, False) for e in (True, False)):
            color = QtGui.QColor(colors[current])
            color.setAlphaF(0.55 if estimate else 1.0)
            self._brushes[current, estimate] = QtGui.QBrush(color)
        self._bars_item = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])
        vb.addItem(self._bars_item)
        self._current_label = self._text(anchor=(0, 0.5))
        self._legend = self._text(anchor=(1, 0))  # top right: the cheapest, shortest bars leave it empty
        self.set_theme(self._theme)
        self.set_options([])
        self._ready()

    def bars(self) -> list[tuple[str, float, bool]]:
        """(label, cost, current) of every bar, top to bottom."""
        return [(o.label, o.cost, o.current) for o in self._options]

    def tick_labels(self) -> list[tuple[int, str]]:
        """(row, text) of every bar label drawn: all of them when they fit."""
        return list(self._last.get("ticks", []))

    def set_options(self, options: list) -> None:
        """Draw planner.analysis.offers.price_options() results (any order: they are drawn cheapest first)."""
        self._options = sorted(options, key=lambda o: o.cost)
        currency = self._options[0].currency if self._options else "USD"   # no options: no axis drawn
        self._currency = self._money_axis.currency = currency
        n = len(self._options)
        if self._changed("any", n > 0):
            for item in (self._bars_item, self._legend):
                item.setVisible(n > 0)
            for name in ("left", "bottom"):
                self.getAxis(name).setStyle(showValues=n > 0)
            if not n:
                self._show_axis_label(False)
        if n and self._changed("bars", tuple((o.cost, o.current, o.estimate) for o in self._options)):
            self._bars_item.setOpts(
                x0=[0.0] * n, y=list(range(n)), height=[self.BAR_HEIGHT] * n,
                width=[o.cost for o in self._options],
                brushes=[self._brushes[o.current, o.estimate] for o in self._options],
                pens=[self._pens[o.current] for o in self._options])
        if n and self._changed("currency", currency):
            self._money_axis.setLabel(f"Project cost ({currency})")
            self._money_axis.showLabel(self._axis_title)   # setLabel shows it: keep what _layout chose
            self._money_axis.picture = None  # tick strings depend on the currency
        current = next((o for o in self._options if o.current), None)
        show_item(self._current_label, current is not None)
        if current is not None:
            self._current_label.setText(money(current.cost, current.currency))
        self._layout()

    def _layout(self) -> None:
        n = len(self._options)
        if not n:
            self._set_ticks([])
            self._show_message("No prices for this project's FLOPs")
            return
        show_item(self._message, False)
        width, height = self._view_size()
        # The axis title gives its row to the bars when that lets every bar keep its label (the
        # legend then names the axis). Decided on the height with the title hidden, so it is stable.
        need = 0.9 * self._tick_metrics.height()   # a bar's pitch for its label
        title_h = self._money_axis.label.boundingRect().height()
        bare = height + (title_h if self._axis_title else 0)
        if self._show_axis_label(bare - title_h >= need * n or bare < need * n):
            height = bare - (title_h if self._axis_title else 0)   # before the resize that follows
        # Every label when they fit; otherwise every k-th, always keeping the current option's.
        step = max(1, math.ceil(need / (height / n)))
        current = next((i for i, o in enumerate(self._options) if o.current), None)
        shown = [i for i in range(0, n, step) if current is None or i == current or abs(i - current) >= step]
        if current is not None and current not in shown:
            shown.append(current)
        self._set_ticks(sorted(shown))
        x_max = max(o.cost for o in self._options) * 1.03
        if not (x_max > 0 and math.isfinite(x_max)):  # all free (or unknown): still a valid range
            x_max = 1.0
        if current is not None:  # room for the current option's cost after its bar
            room = 1 - (self._current_label.textItem.boundingRect().width() + 10) / width
            if room > 0.3:
                x_max = max(x_max, self._options[current].cost / room)
            move_item(self._current_label, self._options[current].cost + 4 * x_max / width, current)
        self._set_range(0, x_max, -0.7, n - 0.3)
        self._place_legend(width, height, x_max)

    def _show_axis_label(self, shown: bool) -> bool:
        """Show or hide the axis title; True when that changed (the plot area resizes)."""
        if shown == self._axis_title:
            return False
        self._axis_title = shown
        self._money_axis.showLabel(shown)
        return True

    def _place_legend(self, width: float, height: float, x_max: float) -> None:
        """The key in the top-right corner, shortened or left out where the top bars reach it."""
        rows = max(1, math.ceil((self._metrics.height() + 4) / (height / len(self._options))))
        reach = max(o.cost for o in self._options[:rows]) / x_max * width   # pixels
        key = "▶ this scenario   * estimated price"
        axis = "" if self._axis_title else f"Project cost ({self._currency})   "
        for text in (axis + key, key, "* estimated price", ""):
            if self._metrics.horizontalAdvance(text) + 12 < width - reach:
                break
        self._legend.setText(text)
        move_item(self._legend, x_max * (1 - 4 / width), -0.7)

    def _set_ticks(self, shown: list[int]) -> None:
        self._set_row_labels(shown, [_bar_label(self._options[i]) for i in shown], 0.45)

    def _apply_theme(self) -> None:
        self._current_label.setColor(self._theme.text)
        self._legend.setColor(self._theme.muted)
        self._money_axis.setGrid(40)

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        i = round(point.y())
        if not 0 <= i < len(self._options) or abs(point.y() - i) > self.BAR_HEIGHT / 2:
            return "", None
        option = self._options[i]
        reach = max(option.cost, 0.02 * self.getViewBox().viewRect().width())  # short bars stay hoverable
        if not 0 <= point.x() <= reach:
            return "", None
        return self._option_tooltip(option), QtCore.QRectF(0, i - self.BAR_HEIGHT / 2, reach, self.BAR_HEIGHT)

    def _option_tooltip(self, o) -> str:
        cur = o.currency
        as_of = f", as of {o.as_of}" if o.as_of else ""
        return "\n".join([
            o.label + ("  (this scenario)" if o.current else ""),
            f"Price: {price(o.price_per_hour, cur)} per accelerator-hour{as_of}",
            f"Project cost: {money(o.cost, cur)}",
            f"Wall-clock: {o.wall_clock_hours / 24:,.1f} days ({o.wall_clock_hours:,.0f} h)",
            "Estimated price" if o.estimate else "Listed price",
        ])

    def copy_into(self, other: OptionsChart) -> None:
        other.set_options(self._options)
