"""The spread of the whole project's cost: a histogram of the Monte Carlo totals and a budget cap.

The draws are the very draws behind the summary's 90% range (the window passes those summarize()
kept), and the percentile lines are the summary's own figures. Drawing only updates items made once
(see ui.charts); nothing is drawn again when the draws have not changed, and a new cap only moves a
line and recounts the draws above it.
"""

from __future__ import annotations


import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.model.quantities import money, short_money

from ui.charts.chart import Chart, MoneyAxis, move_item, show_item, spread
from ui.charts.colors import CURRENT_OPTION, OTHER_OPTION
from ui.editor.fields import MoneyField
from ui.editor.help_text import FIELD_HELP

BINS = 60
NO_RANGES = "No input is a range: type a range such as 0.3-0.5 in any number field to see the spread"
NO_SPREAD = "The total cost does not vary: the ranges given move only wall-clock, energy or CO2"
PERCENTILES = (("p5", "5%"), ("p50", "median"), ("p95", "95%"))


class _ShareAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        digits = 0 if spacing >= 0.01 else 1
        return [f"{100 * v:.{digits}f}%" for v in values]


class CostHistogram(Chart):
    """Bars are shares of the draws per bin (view x is money, y a fraction); lines mark 5/50/95% and the cap."""

    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("bottom")
        super().__init__(parent, for_print, axisItems={"bottom": self._money_axis, "left": _ShareAxis("left")})
        self.hideAxis("top")
        self.hideAxis("right")
        self.getViewBox().setZValue(1)  # bars over the grid lines the axis draws
        for name in ("left", "bottom"):
            self.getAxis(name).setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self.getAxis("left").setWidth(40)
        self._counts = np.zeros(0, dtype=int)
        self._edges = np.zeros(0)
        self._points: dict[str, float] = {}
        self._cap: float | None = None
        self._probability: float | None = None
        self._currency = "USD"
        self._cap_text = ""
        self._note = ""
        self._brushes = {over: QtGui.QBrush(QtGui.QColor(CURRENT_OPTION if over else OTHER_OPTION))
                         for over in (False, True)}
        vb = self.getViewBox()
        self._bars = pg.BarGraphItem(x0=[0], y0=[0], width=[0], height=[0])
        vb.addItem(self._bars)
        self._lines = {key: pg.InfiniteLine(angle=90, movable=False) for key, _ in PERCENTILES}
        self._lines["cap"] = pg.InfiniteLine(angle=90, movable=False)
        for line in self._lines.values():
            line.setZValue(5)
            vb.addItem(line, ignoreBounds=True)
        self._labels = {key: self._text(anchor=(0.5, 0)) for key in self._lines}
        self.set_theme(self._theme)
        self.set_histogram(self._counts, self._edges, {}, "USD")
        self._ready()

    # -- for tests and the view --------------------------------------------------------------------
    def counts(self) -> list[int]:
        return [int(c) for c in self._counts]

    def lines(self) -> dict[str, float]:
        """Where each line is drawn (money): p5, p50, p95 and, when set, cap."""
        out = dict(self._points)
        if self._cap is not None and self._points:
            out["cap"] = self._cap
        return out

    # -- drawing -----------------------------------------------------------------------------------
    def set_histogram(self, counts, edges, points: dict[str, float], currency: str, note: str = "") -> None:
        """Bins (numpy.histogram's counts and edges) and the percentile positions; no bins draws `note`."""
        self._counts, self._edges = np.asarray(counts, dtype=int), np.asarray(edges, dtype=float)
        self._points, self._note = dict(points), note
        self._currency = self._money_axis.currency = currency
        drawing = self._counts.size > 0
        for item in [self._bars, *self._lines.values(), *self._labels.values()]:
            show_item(item, drawing)
        if self._changed("drawing", drawing):   # a message alone needs no axes (nor their grid)
            for name in ("left", "bottom"):
                self.showAxis(name, drawing)
        if drawing:
            if self._changed("currency", currency):
                self._money_axis.setLabel(f"Total project cost ({currency})")
                self._money_axis.picture = None  # tick strings depend on the currency
            for key, name in PERCENTILES:
                self._lines[key].setValue(points[key])
                self._labels[key].setText(f"{name} {short_money(points[key], currency)}")
        self._draw_bars()
        self._layout()

    def set_cap(self, cap: float | None, probability: float | None = None) -> None:
        self._cap, self._probability = cap, probability
        if cap is not None:
            self._lines["cap"].setValue(cap)
            over = "" if probability is None else f": {probability:.1%} over"
            self._cap_text = f"cap {short_money(cap, self._currency)}{over}"
        self._draw_bars()
        self._layout()

    def _draw_bars(self) -> None:
        n = self._counts.size
        if not n:
            return
        over = [self._cap is not None and (a + b) / 2 > self._cap for a, b in zip(self._edges[:-1], self._edges[1:])]
        if self._changed("bars", (self._counts.tobytes(), self._edges.tobytes(), tuple(over))):
            self._bars.setOpts(x0=self._edges[:-1], width=np.diff(self._edges), y0=np.zeros(n),
                               height=self._counts / self._counts.sum(), brushes=[self._brushes[o] for o in over])

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        cap_label, cap_line = self._labels["cap"], self._lines["cap"]
        if not self._counts.size:
            show_item(cap_label, False)
            show_item(cap_line, False)
            self._show_message(self._note)
            self._message.setTextWidth(-1)
            width = self._view_size()[0] - 24
            if self._message.textItem.boundingRect().width() > width:  # wrap a long note to the plot
                self._message.setTextWidth(max(width, 120.0))
                self._message.textItem.document().setDefaultTextOption(
                    QtGui.QTextOption(QtCore.Qt.AlignmentFlag.AlignHCenter))
            return
        show_item(self._message, False)
        width, height = self._view_size()
        line = self._metrics.height() + 2
        lo, hi = float(self._edges[0]), float(self._edges[-1])
        span = hi - lo
        cap = self._cap
        if cap is not None and lo - span <= cap <= hi + span:  # near enough to show without squashing the bars
            lo, hi = min(lo, cap), max(hi, cap)
        x0, x1 = lo - 0.03 * (hi - lo), hi + 0.03 * (hi - lo)
        sx = (x1 - x0) / width
        peak = float(self._counts.max() / self._counts.sum())
        y1 = peak / max(1 - (2 * line + 10) / height, 0.3)     # two label rows above the tallest bar
        sy = y1 / height
        self._set_range(x0, x1, 0.0, y1)
        # Percentile labels on the top row, pushed apart where the lines are close (in pixels).
        keys = [key for key, _ in PERCENTILES]
        widths = [self._labels[k].textItem.boundingRect().width() for k in keys]
        gap = max(widths) + 8
        placed = spread([(self._points[k] - x0) / sx for k in keys], gap, gap / 2, width - gap / 2)
        for key, px in zip(keys, placed):
            move_item(self._labels[key], x0 + px * sx, y1 - 3 * sy)
        # The cap's label on the second row, beside its line, on the side with room.
        show_item(cap_label, cap is not None)
        show_item(cap_line, cap is not None and x0 <= cap <= x1)
        if cap is not None:
            # Off the chart (too far to show without squashing the bars): pinned to that edge.
            beyond = 1 if cap > x1 else -1 if cap < x0 else 0
            text = ("◀ " if beyond < 0 else "") + self._cap_text + (" ▶" if beyond > 0 else "")
            if cap_label.toPlainText() != text:
                cap_label.setText(text)
            text_w = cap_label.textItem.boundingRect().width()
            right_of = beyond < 0 or (not beyond and (cap - x0) / sx + 6 + text_w < width)
            cap_label.setAnchor((0, 0) if right_of else (1, 0))
            x = x0 + 4 * sx if beyond < 0 else x1 - 4 * sx if beyond > 0 else cap + (6 if right_of else -6) * sx
            move_item(cap_label, x, y1 - (line + 5) * sy)

    def _apply_theme(self) -> None:
        theme = self._theme
        self._bars.setOpts(pen=pg.mkPen(theme.background, width=1))   # separates neighbouring bins
        dash = QtCore.Qt.PenStyle.DashLine
        self._lines["p5"].setPen(pg.mkPen(theme.muted, width=1.5, style=dash))
        self._lines["p95"].setPen(pg.mkPen(theme.muted, width=1.5, style=dash))
        self._lines["p50"].setPen(pg.mkPen(theme.text, width=1.5))
        self._lines["cap"].setPen(pg.mkPen(theme.text, width=2, style=QtCore.Qt.PenStyle.DashDotLine))
        for key, label in self._labels.items():  # filled, so a line never runs through a label
            label.setColor(theme.text if key in ("p50", "cap") else theme.muted)
            label.fill = pg.mkBrush(theme.background)
            label.update()
        self.getAxis("left").setGrid(40)

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        if not self._counts.size:
            return "", None
        i = int(np.searchsorted(self._edges, point.x(), side="right")) - 1
        if not 0 <= i < self._counts.size or point.y() < 0:
            return "", None
        a, b = float(self._edges[i]), float(self._edges[i + 1])
        n, count = int(self._counts.sum()), int(self._counts[i])
        lines = [f"{money(a, self._currency)} to {money(b, self._currency)}",
                 f"{count / n:.1%} of the draws ({count:,} of {n:,})"]
        if self._cap is not None:
            lines.append("Over the cap" if (a + b) / 2 > self._cap else "Within the cap")
        top = self.getViewBox().viewRect().bottom()
        return "\n".join(lines), QtCore.QRectF(a, 0, b - a, top)

    def copy_into(self, other: CostHistogram) -> None:
        other.set_histogram(self._counts, self._edges, self._points, self._currency, self._note)
        other.set_cap(self._cap, self._probability)


class UncertaintyView(QtWidgets.QWidget):
    """The scenario's budget cap and the chance of going over it, above the histogram of sampled totals.

    The cap field edits `[budget] cap` of the scenario (the very key the editor's Budget group edits:
    one undo step per typing session, saved with the file), and the chance shown is the summary's
    `budget.probability_over`, so the tab, the headline and `nlp-budget summary` give one figure.
    """

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._samples: np.ndarray | None = None   # the draws drawn (priced in _currency)
        self._currency = "USD"
        self._budget = None   # the summary's budget block drawn
        self.cap_field = MoneyField(document, "budget", "cap", "Budget cap", allow_range=False, optional=True,
                                    placeholder="e.g. 750k or $1.2M")
        # Named apart from the editor's field; its typing still merges under the key's name, budget.cap.
        self.cap_field.setObjectName("uncertainty.budget_cap")
        self.cap_field.setFixedWidth(self.cap_field.fontMetrics().horizontalAdvance("e.g. 750k or $1.2M") + 24)
        self.cap_field.set_help(FIELD_HELP["budget.cap"] + " (the editor's Budget group edits the same key)")
        self.cap_field.setAccessibleName("Budget cap")
        document.changed.connect(self._scenario_changed)
        self.cap_field.refresh(document.scenario)
        self.probability = QtWidgets.QLabel()
        self.probability.setObjectName("probability_over")
        self.probability.setTextFormat(QtCore.Qt.PlainText)
        font = self.probability.font()
        font.setBold(True)
        self.probability.setFont(font)
        self.chart = CostHistogram()
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 0)
        label = QtWidgets.QLabel("Budget cap")
        label.setBuddy(self.cap_field)
        for w in (label, self.cap_field, self.probability):
            row.addWidget(w)
        row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        # The tab as a whole needs no more height than the other charts: the cap row comes out of the
        # histogram's minimum, or the window outgrew 1024x640 on this tab (667 high).
        taken = row.sizeHint().height() + layout.spacing() + layout.contentsMargins().top()
        self.chart.setMinimumHeight(max(1, self.chart.minimumHeight() - taken))

    # -- public ------------------------------------------------------------------------------------
    def set_state(self, summary, draws: np.ndarray | None) -> None:
        """Draw the spread of a summary's total cost: `draws`, the summary's own Monte Carlo draws of
        it (None for a summary without ranges), and its budget block's cap and chance. The histogram
        is binned again only for other draws (a new cap keeps the draws' values)."""
        self._budget = summary.budget
        unc = summary.uncertainty
        currency = summary.currency
        if not unc or draws is None:
            self._samples = None
            self.chart.set_histogram([], [], {}, currency, NO_RANGES)
        elif not self._same_draws(draws, currency):
            self._samples, self._currency = draws, currency
            low, high = float(draws.min()), float(draws.max())
            if not high - low > 1e-9 * max(abs(high), 1.0):
                self.chart.set_histogram([], [], {}, currency, NO_SPREAD)
            else:
                counts, edges = np.histogram(draws, bins=BINS, range=(low, high))
                self.chart.set_histogram(counts, edges, {k: unc.cost[k] for k, _name in PERCENTILES}, currency)
        self._show_cap()

    def cap_value(self) -> float | None:
        return None if self._budget is None else self._budget.cap

    def probability_text(self) -> str:
        return self.probability.text()

    def histogram_counts(self) -> list[int]:
        return self.chart.counts()

    def message_text(self) -> str:
        return self.chart.message()

    @property
    def invalid(self) -> bool:
        return self.cap_field.invalid

    # -- cap ---------------------------------------------------------------------------------------
    def _scenario_changed(self, scenario, _summary) -> None:
        self.cap_field.refresh(scenario)   # cheap; the chart itself is redrawn when on screen

    def _same_draws(self, draws: np.ndarray, currency: str) -> bool:
        s = self._samples
        return s is not None and currency == self._currency and (
            s is draws or (s.shape == draws.shape and np.array_equal(s, draws)))

    def _show_cap(self) -> None:
        b, drawn = self._budget, self._samples is not None
        self.chart.set_cap(b.cap if b is not None and drawn else None,
                           b.probability_over if b is not None and drawn else None)
        if b is None or b.cap is None:
            self.probability.setText("")
            return
        p = b.probability_over   # the summary's own figure, as the headline and the command line give it
        self.probability.setText(f"P(total > cap) = {p:.1%}")
        self.probability.setToolTip(
            f"{p:.2%} of {self._samples.size:,} sampled totals exceed {money(b.cap, self._currency)} "
            "(the summary's budget.probability_over)" if drawn else
            "No input is a range: the point total is " + ("over" if p else "within") + " the cap")
