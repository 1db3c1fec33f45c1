"""Scenarios side by side: one bar per scenario, stacked by cost category, the same scale for all.

Built on the `Chart` base of ui.charts (theme from the palette, hover tooltips, export on a twin), so
it looks and exports like the iceberg. The final run is the bottom of each stack: what a paper reports
sits on the axis, and everything the project ran around it is piled on top. When the scenarios' names
do not fit under their bars, the bars are numbered 1..N and a key beside the legend names them.
Scenarios priced in different currencies share no scale: the chart then says so and draws no bars
(the comparison table shows each in its own currency).
"""

from __future__ import annotations

import html
import math

from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.analysis.compare import category, category_names, comparison_rows
from planner.present.compare_text import delta_text, short_name
from planner.engine.categories import CATEGORIES, EXTRA_CATEGORIES
from planner.engine.categories import category_label
from planner.model.quantities import money, short_money

from ui.charts.chart import FONT_POINTS, Chart, MoneyAxis, move_item, show_item
from ui.charts.colors import category_color

KEY_NAME_CHARS = 18   # a key entry: "10 DeepSeek-V3"
MIXED_CURRENCIES = "Priced in different currencies ({}): not drawn on one scale"


def plain_tooltip(text: str) -> str:
    """Text shown literally in a tooltip: Qt renders a tooltip that looks like HTML as rich text, so a
    scenario named "<b>x</b>" would print in bold. Escaped inside a pre-formatted paragraph instead."""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>" if text else ""


class CompareChart(Chart):
    """Bar i (centred on x=i) is scenario i; its blocks are category costs stacked from y=0."""

    BAR_WIDTH = 0.6
    STACKED = CATEGORIES + EXTRA_CATEGORIES

    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("left")
        super().__init__(parent, for_print, axisItems={"left": self._money_axis})
        self.hideAxis("top")
        self.hideAxis("right")
        self.getViewBox().setZValue(1)  # bars over the grid lines the axis draws
        self._money_axis.setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self._tick_font = QtGui.QFont(self.chart_font)
        self._tick_font.setPointSizeF(FONT_POINTS)
        self._tick_metrics = QtGui.QFontMetricsF(self._tick_font)
        bottom = self.getAxis("bottom")
        bottom.setTickFont(self._tick_font)
        bottom.setStyle(tickLength=0)
        self._summaries: list[dict] = []
        self._numbered: bool | None = None
        self._drawn: list[tuple[int, str, float, float]] = []   # (scenario index, category, y0, cost)
        self._items = {c: pg.BarGraphItem(x=[0], y0=[0], width=[0], height=[0], brush=category_color(c))
                       for c in self.STACKED}
        for item in self._items.values():
            self.getViewBox().addItem(item)
        self._legend = {c: self._text(anchor=(0, 0.5)) for c in self.STACKED}
        for c, label in self._legend.items():
            label.setHtml(f'<span style="color:{category_color(c).name()}">■</span>&nbsp;{category_label(c)}')
        self._key = self._text(anchor=(0, 0))
        self._totals: list[pg.TextItem] = []
        self._total_rects: list[QtCore.QRectF] = []
        self._cost_rows: dict[str, dict] | None = None
        self.set_theme(self._theme)
        self.set_summaries([])
        self._ready()

    def bars(self) -> list[tuple[str, str, float]]:
        """(scenario name, category, cost) of every block drawn, scenario by scenario, bottom up."""
        return [(self._summaries[i].name, c, cost) for i, c, _y0, cost in self._drawn]

    def tick_labels(self) -> list[str]:
        """The labels under the bars, first to last: names, or 1..N when the names do not fit."""
        return [label for _, label in self._last.get("ticks", [])]

    def key_text(self) -> str:
        """The key beside the legend naming numbered bars ("1 BERT-Large"...), "" when there is none."""
        return self._key.textItem.toPlainText() if self._key.isVisible() else ""

    def set_summaries(self, summaries: list[dict], numbered: bool | None = None) -> None:
        """Draw planner.summarize() results, first on the left; zero and unknown costs draw nothing.
        `numbered`: label the bars 1..N (the caller names them, as the report's list does); None:
        numbers, with a key in the chart, only when the names do not fit under the bars."""
        self._summaries = list(summaries)
        self._numbered = numbered
        self._drawn = []
        self._cost_rows = None   # comparison_rows' cost rows, for the tooltips: made on the first hover
        names = category_names(self._summaries) if len(self._currencies()) <= 1 else []
        for i, summary in enumerate(self._summaries):
            top = 0.0
            for name in names:
                cost = float(category(summary, name).cost)
                if cost > 0 and math.isfinite(cost) and name in self._items:
                    self._drawn.append((i, name, top, cost))
                    top += cost
        for category_name, item in self._items.items():
            blocks = [b for b in self._drawn if b[1] == category_name]
            show_item(item, bool(blocks))
            show_item(self._legend[category_name], bool(blocks))
            if blocks and self._changed(category_name, tuple(blocks)):
                item.setOpts(x=[b[0] for b in blocks], y0=[b[2] for b in blocks],
                             height=[b[3] for b in blocks], width=self.BAR_WIDTH)
        self._set_totals()
        currency = self._summaries[0].currency if self._summaries else "USD"
        self._money_axis.currency = currency
        if self._changed("currency", currency):
            self._money_axis.setLabel(f"Project cost ({currency})")
            self._money_axis.picture = None   # tick strings depend on the currency
        self._layout()

    def _currencies(self) -> list[str]:
        return list(dict.fromkeys(s.currency for s in self._summaries))

    def _set_totals(self) -> None:
        while len(self._totals) < len(self._summaries):
            label = self._text(anchor=(0.5, 1))
            label.setColor(self._theme.text)
            self._totals.append(label)
        for i, label in enumerate(self._totals):
            shown = i < len(self._summaries) and any(b[0] == i for b in self._drawn)
            show_item(label, shown)
            if shown:
                s = self._summaries[i]
                label.setText(short_money(float(s.total.cost), s.currency))

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        n = len(self._summaries)
        drawing = bool(self._drawn)
        if self._changed("drawing", drawing):   # a message alone needs no axes (nor their grid)
            for name in ("left", "bottom"):
                self.showAxis(name, drawing)
        if not drawing:
            self._total_rects = []
            self._set_ticks([], 0)
            show_item(self._key, False)
            currencies = self._currencies()
            self._show_message(MIXED_CURRENCIES.format(", ".join(currencies)) if len(currencies) > 1
                               else "No cost to show" if n else "")
            return
        show_item(self._message, False)
        width, height = self._view_size()
        names = [short_name(s.name) for s in self._summaries]
        numbered = self._numbered
        if numbered is None:   # names under the bars, unless one would not fit its slot
            slot = (width - self._legend_width(False)) / n - 8
            numbered = max(self._tick_metrics.horizontalAdvance(name) for name in names) > slot
        self._set_key(names if numbered and self._numbered is None else [])
        legend_px = self._legend_width(self._key.isVisible())
        bars_px = max(width - legend_px, 0.5 * width)
        sx = n / bars_px                                          # data units per pixel, x
        line = self._metrics.height() + 2
        top = max(float(s.total.cost) for s in self._summaries if math.isfinite(s.total.cost))
        sy = top / max(height - 1.5 * line, 20.0)                 # room for the totals above the bars
        y1 = height * sy
        self._set_range(-0.5, -0.5 + width * sx, 0.0, y1)
        self._set_ticks([str(i + 1) for i in range(n)] if numbered else names, bars_px / n - 8)
        self._set_axis_width(top)
        self._total_rects = []
        for i, s in enumerate(self._summaries):
            cost = float(s.total.cost)
            move_item(self._totals[i], i, cost + 2 * sy)
            w = self._totals[i].textItem.boundingRect().width() * sx
            self._total_rects.append(QtCore.QRectF(i - w / 2, cost, w, line * sy))
        x_legend = n - 0.5 + 12 * sx
        shown = [c for c in reversed(self.STACKED) if self._legend[c].isVisible()]  # top of the stack first
        for k, category_name in enumerate(shown):
            move_item(self._legend[category_name], x_legend, y1 - ((k + 0.5) * line + 4) * sy)
        move_item(self._key, x_legend, y1 - (len(shown) * line + 12) * sy)

    def _legend_width(self, with_key: bool) -> float:
        shown = [c for c in self.STACKED if self._legend[c].isVisible()]
        widths = [self._legend[c].textItem.boundingRect().width() for c in shown]
        if with_key:
            widths.append(self._key.textItem.boundingRect().width())
        return max(widths, default=0.0) + 16

    def _set_key(self, names: list[str]) -> None:
        """Numbered bars named beside the legend: "1 BERT-Large", one a line."""
        show_item(self._key, bool(names))
        text = "\n".join(f"{i} {short_name(name, KEY_NAME_CHARS)}" for i, name in enumerate(names, 1))
        if names and self._changed("key", text):
            self._key.setText(text)

    def _set_ticks(self, names: list[str], slot_px: float) -> None:
        """Labels under their bars, elided to the bar's slot so neighbours never overlap."""
        fm = self._tick_metrics
        ticks = [(i, fm.elidedText(name, QtCore.Qt.TextElideMode.ElideRight, max(slot_px, 24.0)))
                 for i, name in enumerate(names)]
        if self._changed("ticks", ticks):
            self.getAxis("bottom").setTicks([ticks])

    def _set_axis_width(self, top: float) -> None:
        # Left to itself the axis only widens after a first paint: an exported image would be clipped.
        widest = self._metrics.horizontalAdvance(short_money(top, self._money_axis.currency) + "0")
        if self._changed("axis width", math.ceil(widest)):
            self._money_axis.setWidth(self._last["axis width"] + 28)  # + the rotated axis label

    def _apply_theme(self) -> None:
        pen = pg.mkPen(self._theme.background, width=1)   # separates stacked blocks in any theme
        for item in self._items.values():
            item.setOpts(pen=pen)
        for label in list(self._legend.values()) + self._totals + [self._key]:
            label.setColor(self._theme.text)
        self._money_axis.setGrid(40)

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        i, half = round(point.x()), self.BAR_WIDTH / 2
        for j, category_name, y0, cost in self._drawn:
            if j == i and abs(point.x() - i) <= half and y0 <= point.y() <= y0 + cost:
                return (plain_tooltip(self._block_tooltip(i, category_name)),
                        QtCore.QRectF(i - half, y0, self.BAR_WIDTH, cost))
        for j, rect in enumerate(self._total_rects):
            if rect.contains(point):
                return plain_tooltip(self._total_tooltip(j)), rect
        return "", None

    def _block_tooltip(self, i: int, category_name: str) -> str:
        s = self._summaries[i]
        cost, cur = float(category(s, category_name).cost), s.currency
        lines = [f"{i + 1}. {s.name}", f"{category_label(category_name)}: {money(cost, cur)} "
                 f"({cost / s.total.cost:.1%} of the project)", f"Exact: {cost:,.2f} {cur}"]
        if i:
            lines.append(self._versus(i, category_name))
        return "\n".join(lines)

    def _total_tooltip(self, i: int) -> str:
        s = self._summaries[i]
        cost, cur = float(s.total.cost), s.currency
        lines = [f"{i + 1}. {s.name}", f"Whole project: {money(cost, cur)}", f"Exact: {cost:,.2f} {cur}"]
        if i:
            lines.append(self._versus(i, "total"))
        return "\n".join(lines)

    def _versus(self, i: int, category_name: str) -> str:
        """'vs BERT-Large: -$93,312 (-75%)': scenario i's cost in a category ("total": the whole
        project) against the first's, worded as every comparison output words it."""
        if self._cost_rows is None:
            self._cost_rows = {row["category"]: row for row in comparison_rows(self._summaries)
                               if row["group"] == "Cost"}
        difference = delta_text(self._cost_rows[category_name], i) or "same"
        return f"vs {short_name(self._summaries[0].name)}: {difference}"

    def copy_into(self, other: CompareChart) -> None:
        other.set_summaries(self._summaries, self._numbered)

