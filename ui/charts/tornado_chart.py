"""Which inputs move the total cost most: a tornado of planner.analysis.sensitivity.tornado() swings.

Row i (from the top; the y axis is inverted) is the i-th largest swing. Each bar runs from the cost
with that input at its low value to the cost at its high value, in two colours either side of the
point-estimate total: one for the input's low end, one for its high end, so an input whose cost falls
as it rises (utilization) reads as such. Built on ui.charts.Chart like the other charts.
"""

from __future__ import annotations


from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.model.quantities import engineering, money, price, short_money

from ui.charts.chart import FONT_POINTS, Chart, MoneyAxis, move_item, show_item

# The Okabe-Ito blue and orange of ui.colors (CATEGORY_COLORS "seed_repeats" and "final"): about 3:1
# against light and dark backgrounds, and told apart with any colour vision.
LOW_COLOR, HIGH_COLOR = "#0072B2", "#C98A00"


def _wrap(text: str, width: int = 70) -> str:
    import textwrap
    return "\n".join(textwrap.wrap(text, width)[:6])


def _mark(swing) -> str:
    """How a point value was swung ("±25%", or "±1" for a count); empty for the file's own range."""
    return "" if swing.ranged else (swing.swing or "+-25%").replace("+-", "±")


def _row_label(swing) -> str:
    return f"{swing.label}  {_mark(swing)}" if _mark(swing) else swing.label


def _input_text(key: str, value: float, currency: str) -> str:
    if key == "price":
        return price(value, currency)
    return engineering(value) if abs(value) >= 1e3 else f"{value:.4g}"


class TornadoChart(Chart):
    BAR_HEIGHT = 0.64

    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("bottom")
        super().__init__(parent, for_print, axisItems={"bottom": self._money_axis})
        self.hideAxis("top")
        self.hideAxis("right")
        vb = self.getViewBox()
        vb.invertY(True)
        vb.setZValue(1)  # bars over the grid lines the axis draws
        self._tick_font = QtGui.QFont(self.chart_font)
        self._tick_font.setPointSizeF(FONT_POINTS - 1)
        self._tick_metrics = QtGui.QFontMetricsF(self._tick_font)
        self.getAxis("left").setTickFont(self._tick_font)
        self.getAxis("left").setStyle(tickLength=0)
        self._money_axis.setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self._swings: list = []
        self._base = 0.0
        self._currency = "USD"
        self._sides = {}   # "low" / "high" -> the bar item from the base to that end's cost
        for side, color in (("low", LOW_COLOR), ("high", HIGH_COLOR)):
            self._sides[side] = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0],
                                                brush=QtGui.QBrush(QtGui.QColor(color)))
            vb.addItem(self._sides[side])
        self._base_line = pg.InfiniteLine(angle=90, movable=False)
        self._base_line.setZValue(5)
        vb.addItem(self._base_line, ignoreBounds=True)
        self._base_label = self._text(anchor=(0.5, 1))
        self._legend = self._text(anchor=(1, 1))
        self._legend.setHtml(f'<span style="color:{LOW_COLOR}">■</span>&nbsp;input low&nbsp;&nbsp; '
                             f'<span style="color:{HIGH_COLOR}">■</span>&nbsp;input high')
        self._ends: list[tuple[pg.TextItem, pg.TextItem]] = []   # cost labels at each bar's two ends
        self._more = self._text(anchor=(0, 0.5))                 # how many smaller swings are not drawn
        self._drawn = 0
        self.set_theme(self._theme)
        self.set_swings([], 0.0, "USD")
        self._ready()

    def bars(self) -> list[tuple[str, float, float]]:
        """(planner label, cost with the input low, cost with it high) of every swing, largest first:
        the first `drawn()` are drawn (as many as have room for a readable label)."""
        return [(s.label, s.low_cost, s.high_cost) for s in self._swings]

    def drawn(self) -> int:
        return self._drawn

    def tick_labels(self) -> list[tuple[int, str]]:
        """(row, text) of every bar label drawn."""
        return list(self._last.get("ticks", []))

    def _draw_bars(self, n: int) -> None:
        """The n largest swings' bars."""
        swings = self._swings[:n]
        if self._changed("bars", (self._base, tuple((s.low_cost, s.high_cost) for s in swings))):
            for side in ("low", "high"):
                ends = [getattr(s, f"{side}_cost") for s in swings]
                self._sides[side].setOpts(x0=[min(end, self._base) for end in ends], y=list(range(n)),
                                          height=[self.BAR_HEIGHT] * n, width=[abs(end - self._base) for end in ends])

    def set_refusal(self, reason: str, base_cost: float, currency: str) -> None:
        """The planner refused the tornado (as `nlp-budget sensitivity` does): say why, draw no bars."""
        self.set_swings([], base_cost, currency, reason)

    def set_swings(self, swings, base_cost: float, currency: str, refusal: str = "") -> None:
        """Draw planner.analysis.sensitivity.tornado() swings (any order: drawn largest first) around `base_cost`."""
        self._refusal = refusal
        self._swings = sorted(swings, key=lambda s: s.spread, reverse=True)
        self._base, self._currency = float(base_cost), currency
        self._money_axis.currency = currency
        n = len(self._swings)
        if self._changed("any", n > 0):
            for item in (*self._sides.values(), self._base_line, self._base_label, self._legend):
                item.setVisible(n > 0)
            for name in ("left", "bottom"):   # a message alone needs no axes (nor their grid)
                self.showAxis(name, n > 0)
        if n:
            self._base_line.setValue(self._base)
        if n and self._changed("currency", currency):
            self._money_axis.setLabel(f"Project cost ({currency})")
            self._money_axis.picture = None  # tick strings depend on the currency
        if self._changed("base label", (self._base, currency)):
            self._base_label.setText(f"Point estimate {money(self._base, currency)}")
        self._set_ends()
        self._layout()

    def _set_ends(self) -> None:
        while len(self._ends) < len(self._swings):
            pair = (self._text(anchor=(1, 0.5)), self._text(anchor=(0, 0.5)))
            for label in pair:
                label.setColor(self._theme.muted)
            self._ends.append(pair)
        for i, pair in enumerate(self._ends):
            if i < len(self._swings):
                s = self._swings[i]
                left, right = sorted((s.low_cost, s.high_cost))
                for label, cost in zip(pair, (left, right)):
                    text = short_money(cost, self._currency)
                    if label.toPlainText() != text:   # setText re-lays the text out: skip it when unchanged
                        label.setText(text)

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        n = len(self._swings)
        if not n:
            self._drawn = 0
            show_item(self._more, False)
            self._set_ticks([])
            for pair in self._ends:
                for label in pair:
                    show_item(label, False)
            self._show_message(f"Sensitivity cannot be computed:\n{_wrap(self._refusal)}" if self._refusal
                               else "No input moves the total cost")
            return
        show_item(self._message, False)
        width, height = self._view_size()
        line = self._metrics.height() + 2
        header = line + 6                                      # the base line's label above the rows
        # As many of the largest swings as have room for a readable label; a last row then says how
        # many smaller ones are left out (`nlp-budget sensitivity` lists them all).
        need = 1.05 * self._tick_metrics.height()
        rows = n if n * need <= height - header else max(1, int((height - header - line) // need))
        hidden = n - rows
        self._drawn = rows
        self._draw_bars(rows)
        self._set_ticks(list(range(rows)))
        more = f"+ {hidden} smaller swing{'s' if hidden > 1 else ''} (nlp-budget sensitivity)" if hidden else ""
        if self._more.toPlainText() != more:
            self._more.setText(more)
        show_item(self._more, hidden > 0)
        n = rows + (1 if hidden else 0)                        # view rows: the note takes the last
        sy = n / max(height - header, 20.0)                    # rows per pixel
        pitch = 1 / sy
        # x: every bar, and room for the cost labels at their ends when rows are tall enough for them.
        lows = [min(s.low_cost, s.high_cost, self._base) for s in self._swings[:rows]]
        highs = [max(s.low_cost, s.high_cost, self._base) for s in self._swings[:rows]]
        lo, hi = min(lows), max(highs)
        ends = pitch >= self._tick_metrics.height()
        pad_l = pad_r = 0.0
        if ends:
            pad_l = max(p[0].textItem.boundingRect().width() for p in self._ends[:rows]) + 6
            pad_r = max(p[1].textItem.boundingRect().width() for p in self._ends[:rows]) + 6
            if width - pad_l - pad_r < 0.5 * width:
                ends, pad_l, pad_r = False, 0.0, 0.0
        span = max(hi - lo, 1e-9 * max(abs(hi), 1.0))
        sx = span / max(width - pad_l - pad_r - 12, 20.0)
        x0, x1 = lo - (pad_l + 6) * sx, hi + (pad_r + 6) * sx
        y0 = -0.5 - header * sy
        self._set_range(x0, x1, y0, n - 0.5)
        move_item(self._more, x0 + 4 * sx, rows)
        for i, (left, right) in enumerate(self._ends):
            shown = ends and i < rows
            # An end at the point estimate (seeds swing only upwards from 1) needs no label of its own.
            near = 1e-9 * max(abs(self._base), 1.0)
            show_item(left, shown and self._base - lows[i] > near)
            show_item(right, shown and highs[i] - self._base > near)
            if shown:
                move_item(left, lows[i] - 4 * sx, i)
                move_item(right, highs[i] + 4 * sx, i)
        move_item(self._base_label, self._base, -0.5 - 3 * sy)
        # The key in the top corner farther from the base line, left out when it would meet the label.
        base_px = (self._base - x0) / sx
        label_w = self._base_label.textItem.boundingRect().width()
        legend_w = self._legend.textItem.boundingRect().width()
        right = base_px < width / 2
        room = (width - base_px - label_w / 2) if right else (base_px - label_w / 2)
        show_item(self._legend, room > legend_w + 16)
        self._legend.setAnchor((1, 1) if right else (0, 1))
        move_item(self._legend, x1 - 4 * sx if right else x0 + 4 * sx, -0.5 - 3 * sy)

    def _set_ticks(self, shown: list[int]) -> None:
        self._set_row_labels(shown, [_row_label(self._swings[i]) for i in shown], 0.4)

    def _apply_theme(self) -> None:
        theme = self._theme
        pen = pg.mkPen(theme.background, width=1)
        for item in self._sides.values():
            item.setOpts(pen=pen)
        self._base_line.setPen(pg.mkPen(theme.text, width=1.5))
        self._base_label.setColor(theme.text)
        self._base_label.fill = pg.mkBrush(theme.background)
        self._base_label.update()
        self._legend.setColor(theme.muted)
        self._more.setColor(theme.muted)
        for pair in self._ends:
            for label in pair:
                label.setColor(theme.muted)
        self._money_axis.setGrid(40)

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        i = round(point.y())
        if not 0 <= i < self._drawn or abs(point.y() - i) > self.BAR_HEIGHT / 2:
            return "", None
        s = self._swings[i]
        left, right = min(s.low_cost, s.high_cost, self._base), max(s.low_cost, s.high_cost, self._base)
        slack = 0.01 * self.getViewBox().viewRect().width()    # thin bars stay hoverable
        if not left - slack <= point.x() <= right + slack:
            return "", None
        rect = QtCore.QRectF(left - slack, i - self.BAR_HEIGHT / 2, right - left + 2 * slack, self.BAR_HEIGHT)
        return self._tooltip(s), rect

    def _tooltip(self, s) -> str:
        cur, base = self._currency, self._base

        def end(name: str, value: float, cost: float) -> str:
            diff = cost - base
            sign = "+" if diff > 0 else "-" if diff < 0 else "±"
            return (f"{name} {_input_text(s.key, value, cur)}: {money(cost, cur)} "
                    f"({sign}{money(abs(diff), cur)})")

        how = ("swung across the file's 90% interval" if s.ranged
               else f"a point value, swung by {_mark(s)} (no range given)")
        return "\n".join([s.label, how,
                          end("Low", s.low_input, s.low_cost), end("High", s.high_input, s.high_cost),
                          f"Spread {money(s.spread, cur)} around {money(base, cur)}"])

    def copy_into(self, other: TornadoChart) -> None:
        other.set_swings(self._swings, self._base, self._currency, self._refusal)
