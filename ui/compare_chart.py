"""Scenarios side by side: one bar per scenario, stacked by cost category, the same scale for all.

Built on the `_Chart` base of ui.charts (theme from the palette, hover tooltips, export on a twin), so
it looks and exports like the iceberg. The final run is the bottom of each stack: what a paper reports
sits on the axis, and everything the project ran around it is piled on top.
"""

from __future__ import annotations

import math
import re

from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.engine import CATEGORIES
from planner.formats import LABELS, SYMBOLS, money

from .charts import FONT_POINTS, _Chart, _MoneyAxis, _move, _show
from .colors import CATEGORY_COLORS, category_color

# "BERT-Large, fully-loaded project (...)" -> "BERT-Large": scenario names carry a subtitle after these.
_SUBTITLE = re.compile(r",\s|\s\(|:\s|\s[-–—]\s")


def short_name(name: str, limit: int = 28) -> str:
    """A scenario name without its subtitle, and at most `limit` characters: for ticks and headers."""
    head = _SUBTITLE.split(name, maxsplit=1)[0].strip()
    head = head if len(head) >= 4 else name
    return head if len(head) <= limit else head[:limit - 1].rstrip() + "…"


def _short_money(value: float, currency: str) -> str:
    """$138k, $1.49M: three figures, short enough to sit above a narrow bar."""
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k"), (1, "")):
        if abs(value) >= factor or factor == 1:
            text = f"{value / factor:.3g}{suffix}"
            break
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


class CompareChart(_Chart):
    """Bar i (centred on x=i) is scenario i; its blocks are category costs stacked from y=0."""

    BAR_WIDTH = 0.6

    def __init__(self, parent=None):
        self._money_axis = _MoneyAxis("left")
        super().__init__(parent, axisItems={"left": self._money_axis})
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
        self._drawn: list[tuple[int, str, float, float]] = []   # (scenario index, category, y0, cost)
        self._items = {c: pg.BarGraphItem(x=[0], y0=[0], width=[0], height=[0], brush=category_color(c))
                       for c in CATEGORIES}
        for item in self._items.values():
            self.getViewBox().addItem(item)
        self._legend = {c: self._text(anchor=(0, 0.5)) for c in CATEGORIES}
        for c, label in self._legend.items():
            label.setHtml(f'<span style="color:{CATEGORY_COLORS[c]}">■</span>&nbsp;{LABELS[c]}')
        self._totals: list[pg.TextItem] = []
        self._total_rects: list[QtCore.QRectF] = []
        self.set_theme(self._theme)
        self.set_summaries([])
        self._ready()

    def bars(self) -> list[tuple[str, str, float]]:
        """(scenario name, category, cost) of every block drawn, scenario by scenario, bottom up."""
        return [(self._summaries[i]["name"], c, cost) for i, c, _y0, cost in self._drawn]

    def set_summaries(self, summaries: list[dict]) -> None:
        """Draw planner.summarize() results, first on the left; zero and unknown costs draw nothing."""
        self._summaries = list(summaries)
        self._drawn = []
        for i, summary in enumerate(self._summaries):
            top = 0.0
            for row in summary["categories"]:
                cost = float(row["cost"])
                if cost > 0 and math.isfinite(cost):
                    self._drawn.append((i, row["category"], top, cost))
                    top += cost
        for category, item in self._items.items():
            blocks = [b for b in self._drawn if b[1] == category]
            _show(item, bool(blocks))
            _show(self._legend[category], bool(blocks))
            if blocks and self._changed(category, tuple(blocks)):
                item.setOpts(x=[b[0] for b in blocks], y0=[b[2] for b in blocks],
                             height=[b[3] for b in blocks], width=self.BAR_WIDTH)
        self._set_totals()
        currency = self._summaries[0]["currency"] if self._summaries else "USD"
        self._money_axis.currency = currency
        if self._changed("currency", currency):
            self._money_axis.setLabel(f"Project cost ({currency})")
            self._money_axis.picture = None   # tick strings depend on the currency
        self._layout()

    def _set_totals(self) -> None:
        while len(self._totals) < len(self._summaries):
            label = self._text(anchor=(0.5, 1))
            label.setColor(self._theme.text)
            self._totals.append(label)
        for i, label in enumerate(self._totals):
            shown = i < len(self._summaries) and any(b[0] == i for b in self._drawn)
            _show(label, shown)
            if shown:
                s = self._summaries[i]
                label.setText(_short_money(float(s["total"]["cost"]), s["currency"]))

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        n = len(self._summaries)
        drawing = bool(self._drawn)
        self._money_axis.setStyle(showValues=drawing)
        self._money_axis.showLabel(drawing)
        if not drawing:
            self._set_ticks([], 0)
            self._show_message("No cost to show" if n else "")
            return
        _show(self._message, False)
        width, height = self._view_size()
        shown = [c for c in reversed(CATEGORIES) if self._legend[c].isVisible()]  # top of the stack first
        legend_px = max(self._legend[c].textItem.boundingRect().width() for c in shown) + 16
        bars_px = max(width - legend_px, 0.5 * width)
        sx = n / bars_px                                          # data units per pixel, x
        line = self._metrics.height() + 2
        top = max(float(s["total"]["cost"]) for s in self._summaries if math.isfinite(s["total"]["cost"]))
        sy = top / max(height - 1.5 * line, 20.0)                 # room for the totals above the bars
        y1 = height * sy
        self._set_range(-0.5, -0.5 + width * sx, 0.0, y1)
        self._set_ticks([short_name(s["name"]) for s in self._summaries], bars_px / n - 8)
        self._set_axis_width(top)
        self._total_rects = []
        for i, s in enumerate(self._summaries):
            cost = float(s["total"]["cost"])
            _move(self._totals[i], i, cost + 2 * sy)
            w = self._totals[i].textItem.boundingRect().width() * sx
            self._total_rects.append(QtCore.QRectF(i - w / 2, cost, w, line * sy))
        x_legend = n - 0.5 + 12 * sx
        for k, category in enumerate(shown):
            _move(self._legend[category], x_legend, y1 - ((k + 0.5) * line + 4) * sy)

    def _set_ticks(self, names: list[str], slot_px: float) -> None:
        """Scenario names under their bars, elided to the bar's slot so neighbours never overlap."""
        fm = self._tick_metrics
        ticks = [(i, fm.elidedText(name, QtCore.Qt.TextElideMode.ElideRight, max(slot_px, 24.0)))
                 for i, name in enumerate(names)]
        if self._changed("ticks", ticks):
            self.getAxis("bottom").setTicks([ticks])

    def _set_axis_width(self, top: float) -> None:
        # Left to itself the axis only widens after a first paint: an exported image would be clipped.
        widest = self._metrics.horizontalAdvance(_short_money(top, self._money_axis.currency) + "0")
        if self._changed("axis width", math.ceil(widest)):
            self._money_axis.setWidth(self._last["axis width"] + 28)  # + the rotated axis label

    def _apply_theme(self) -> None:
        pen = pg.mkPen(self._theme.background, width=1)   # separates stacked blocks in any theme
        for item in self._items.values():
            item.setOpts(pen=pen)
        for label in list(self._legend.values()) + self._totals:
            label.setColor(self._theme.text)
        self._money_axis.setGrid(40)

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        i, half = round(point.x()), self.BAR_WIDTH / 2
        for j, category, y0, cost in self._drawn:
            if j == i and abs(point.x() - i) <= half and y0 <= point.y() <= y0 + cost:
                return self._block_tooltip(i, category), QtCore.QRectF(i - half, y0, self.BAR_WIDTH, cost)
        for j, rect in enumerate(self._total_rects):
            if rect.contains(point):
                return self._total_tooltip(j), rect
        return "", None

    def _block_tooltip(self, i: int, category: str) -> str:
        s = self._summaries[i]
        row = next(r for r in s["categories"] if r["category"] == category)
        cost, cur = float(row["cost"]), s["currency"]
        lines = [s["name"], f"{LABELS[category]}: {money(cost, cur)} "
                 f"({cost / s['total']['cost']:.1%} of the project)", f"Exact: {cost:,.2f} {cur}"]
        if i:
            base = self._summaries[0]
            before = float(next(r for r in base["categories"] if r["category"] == category)["cost"])
            lines.append(_versus(cost, before, base, cur))
        return "\n".join(lines)

    def _total_tooltip(self, i: int) -> str:
        s = self._summaries[i]
        cost, cur = float(s["total"]["cost"]), s["currency"]
        lines = [s["name"], f"Whole project: {money(cost, cur)}", f"Exact: {cost:,.2f} {cur}"]
        if i:
            lines.append(_versus(cost, float(self._summaries[0]["total"]["cost"]), self._summaries[0], cur))
        return "\n".join(lines)

    def _copy_into(self, other: CompareChart) -> None:
        other.set_summaries(self._summaries)


def _versus(value: float, base_value: float, base: dict, currency: str) -> str:
    """'vs BERT-Large: -$93,312 (-75.0%)'; nothing to compare across currencies."""
    if base["currency"] != currency:
        return f"vs {short_name(base['name'])}: priced in {base['currency']}"
    diff = value - base_value
    sign = "+" if diff > 0 else "-" if diff < 0 else "±"
    text = f"vs {short_name(base['name'])}: {sign}{money(abs(diff), currency)}"
    return text + (f" ({diff / base_value:+.1%})" if base_value else "")
