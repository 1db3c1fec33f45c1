"""Every offer: the project priced under each catalog offer, one bar per offer."""

from __future__ import annotations

import math

from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.model.quantities import money, price

from ui.charts.chart import FONT_POINTS, Chart, MoneyAxis, move_item, show_item
from ui.charts.colors import CURRENT_OPTION, OTHER_OPTION


def _bar_label(option) -> str:
    return ("▶ " if option.current else "") + option.label + (" *" if option.estimate else "")



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
