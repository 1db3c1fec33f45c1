"""Every offer: the project priced under each catalog offer, compared like for like.

Rows come from planner.analysis.offer_groups: a heading row per group (on-demand, spot, each
commitment term with its minimum, owned, an override; the scenario's own group first), then that
group's best offer per accelerator, cheapest first, plus the scenario's own row. As many rows are
drawn as have room for a readable label (`fit`); a heading says how many of its offers are shown and
its tooltip names the rest (`nlp-budget offers` lists them all). Every label carries its catalog's
date. Commitments are hatched. One outlier (a p100 at $6.8M beside $200k offers) would squash every
other bar to a sliver, so bars longer than a few times the median are cut at the scale's end and
marked with "»"; every bar has its cost written after it.

Row i (from the top) is centred on y=i (the y axis is inverted); bar length is the project cost.
Every figure is in its option's own currency; price_options ranks only options in the scenario's
currency (never across currencies), so one axis holds them all.
"""

from __future__ import annotations

import math
import statistics

from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.analysis.offer_groups import OfferGroup, fit, group_offers
from planner.model.quantities import money, price, short_money

from ui.charts.chart import FONT_POINTS, Chart, MoneyAxis, move_item, show_item
from ui.charts.colors import CURRENT_OPTION, OTHER_OPTION

CLIP_MEDIANS = 4     # a bar longer than this many times the median is cut at the scale's end
OFF_SCALE = "» "     # before the cost of a cut bar
LISTED = 12          # offers a heading's tooltip names before pointing to `nlp-budget offers`


def _bar_label(option) -> str:
    """Accelerator, catalog and the catalog's date; the offer is the group's heading."""
    date = f" · {option.as_of}" if option.as_of else ""
    return ("▶ " if option.current else "") + f"{option.accelerator} · {option.catalog}{date}" \
        + (" *" if option.estimate else "")


def _scale_end(costs: list[float], keep: float | None) -> float:
    """The largest cost drawn whole: every cost, unless one is more than CLIP_MEDIANS medians
    (the scenario's own bar, `keep`, is never cut)."""
    top = max(costs)
    limit = CLIP_MEDIANS * statistics.median(costs)
    if top <= limit or limit <= 0:
        return top
    return max(max(c for c in costs if c <= limit), keep or 0.0)


class OptionsChart(Chart):
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
        self._heading_font = QtGui.QFont(self._tick_font)
        self._heading_font.setBold(True)
        self.getAxis("left").setTickFont(self._tick_font)
        self.getAxis("left").setStyle(tickLength=0)
        self._money_axis.setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self._options: list = []
        self._groups: list[OfferGroup] = []   # every offer, grouped
        self._rows: list = []                 # drawn, top to bottom: an OfferGroup (heading) or an Option
        self._end = 1.0                       # the scale's end: longer bars are cut there
        self._currency = "USD"
        colors = {True: QtGui.QColor(CURRENT_OPTION), False: QtGui.QColor(OTHER_OPTION)}
        self._pens = {current: pg.mkPen(color, width=1) for current, color in colors.items()}
        self._brushes = {}  # (current, estimate, committed) -> brush; estimated lighter, commitments hatched
        for current in (True, False):
            for estimate in (True, False):
                color = QtGui.QColor(colors[current])
                color.setAlphaF(0.55 if estimate else 1.0)
                self._brushes[current, estimate, False] = QtGui.QBrush(color)
                self._brushes[current, estimate, True] = QtGui.QBrush(color, QtCore.Qt.BrushStyle.BDiagPattern)
        self._bars_item = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])
        vb.addItem(self._bars_item)
        self._rules = pg.PlotDataItem(connect="pairs")   # a line above each heading after the first
        vb.addItem(self._rules, ignoreBounds=True)
        self._headings: list[pg.TextItem] = []
        self._values: list[pg.TextItem] = []   # the cost after each bar
        self._legend = self._text(anchor=(1, 0.5))
        self.set_theme(self._theme)
        self.set_options([])
        self._ready()

    # -- for tests and exports ---------------------------------------------------------------------
    def bars(self) -> list[tuple[str, float, bool]]:
        """(label, cost, current) of every bar drawn, top to bottom (Option.label: with the offer)."""
        return [(o.label, o.cost, o.current) for o in self._rows if not isinstance(o, OfferGroup)]

    def row_of(self, label: str) -> int:
        """The row of the bar with this Option.label (view y), for hovering it."""
        return next(i for i, r in enumerate(self._rows) if not isinstance(r, OfferGroup) and r.label == label)

    def headings(self) -> list[tuple[int, str]]:
        """(row, text) of every group heading drawn."""
        return [(i, r.heading) for i, r in enumerate(self._rows) if isinstance(r, OfferGroup)]

    def tick_labels(self) -> list[tuple[int, str]]:
        """(row, text) of every bar label drawn."""
        return [(row, text) for row, text in self._last.get("ticks", []) if text]

    def value_labels(self) -> list[tuple[int, str]]:
        """(row, text) of the cost written after each bar."""
        return [(i, item.toPlainText()) for i, item in enumerate(self._values[:len(self._rows)]) if item.isVisible()]

    # -- data --------------------------------------------------------------------------------------
    def set_options(self, options: list) -> None:
        """Draw planner.analysis.offers.price_options() results (any order)."""
        self._options = sorted(options, key=lambda o: o.cost)
        self._groups = group_offers(self._options)
        currency = self._options[0].currency if self._options else "USD"   # no options: no axis drawn
        self._currency = self._money_axis.currency = currency
        n = len(self._options)
        if self._changed("any", n > 0):
            for item in (self._bars_item, self._legend, self._rules):
                item.setVisible(n > 0)
            for name in ("left", "bottom"):
                self.getAxis(name).setStyle(showValues=n > 0)
            if not n:
                self._show_axis_label(False)
        if n and self._changed("currency", currency):
            self._money_axis.setLabel(f"Project cost ({currency})")
            self._money_axis.showLabel(self._axis_title)   # setLabel shows it: keep what _layout chose
            self._money_axis.picture = None  # tick strings depend on the currency
        self._layout()

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        if not self._options:
            self._set_rows([])
            self._show_message("No prices for this project's FLOPs")
            return
        show_item(self._message, False)
        width, height = self._view_size()
        # As many rows as have room for a readable label. The axis title gives its row to the bars
        # when that lets every offer have one (the legend then names the axis); decided on the height
        # with the title hidden, so it is stable.
        need = 1.05 * self._tick_metrics.height()
        whole = sum(1 + len(g.shown) + len(g.others) for g in self._groups)
        title_h = self._money_axis.label.boundingRect().height()
        bare = height + (title_h if self._axis_title else 0)
        if self._show_axis_label(bare - title_h >= need * whole):
            height = bare - (title_h if self._axis_title else 0)   # before the resize that follows
        rows: list = []
        for group in fit(self._groups, int(height // need)):
            rows.append(group)
            rows.extend(group.shown)
        self._set_rows(rows)
        self._set_scale(width)

    def _set_rows(self, rows: list) -> None:
        self._rows = rows
        self._set_row_labels(list(range(len(rows))), [
            "" if isinstance(r, OfferGroup) else _bar_label(r) for r in rows], 0.5)
        bars = [(i, r) for i, r in enumerate(rows) if not isinstance(r, OfferGroup)]
        heads = [(i, r) for i, r in enumerate(rows) if isinstance(r, OfferGroup)]
        while len(self._headings) < len(heads):
            item = self._text(anchor=(0, 0.5))
            item.setFont(self._heading_font)
            item.setColor(self._theme.text)
            self._headings.append(item)
        for k, item in enumerate(self._headings):
            show_item(item, k < len(heads))
        while len(self._values) < len(rows):
            item = self._text(anchor=(0, 0.5))
            item.setColor(self._theme.text)
            self._values.append(item)
        for i, item in enumerate(self._values):
            show_item(item, i < len(rows) and not isinstance(rows[i], OfferGroup))
        self._bar_rows = bars

    def _set_scale(self, width: float) -> None:
        rows, bars = self._rows, self._bar_rows
        current = next((o for _i, o in bars if o.current), None)
        costs = [o.cost for _i, o in bars]
        end = _scale_end(costs, current.cost if current else None)
        if not (end > 0 and math.isfinite(end)):   # all free (or unknown): still a valid range
            end = 1.0
        self._end = end
        texts = {}
        for i, o in bars:
            text = money(o.cost, o.currency) if o.current else short_money(o.cost, o.currency)
            texts[i] = (OFF_SCALE + text) if o.cost > end else text
            if self._values[i].toPlainText() != texts[i]:
                self._values[i].setText(texts[i])
        room = max(self._metrics.horizontalAdvance(t) for t in texts.values()) + 10
        x_max = end / max(0.3, 1 - room / width)
        if self._changed("bars", tuple((i, min(o.cost, end), o.current, o.estimate, o.term_years) for i, o in bars)):
            self._bars_item.setOpts(
                x0=[0.0] * len(bars), y=[i for i, _o in bars], height=[self.BAR_HEIGHT] * len(bars),
                width=[min(o.cost, end) for _i, o in bars],
                brushes=[self._brushes[o.current, o.estimate, bool(o.term_years)] for _i, o in bars],
                pens=[self._pens[o.current] for _i, o in bars])
        for i, o in bars:
            move_item(self._values[i], min(o.cost, end) + 4 * x_max / width, i)
        heads = [i for i, r in enumerate(rows) if isinstance(r, OfferGroup)]
        fm = QtGui.QFontMetricsF(self._heading_font)
        for k, i in enumerate(heads):   # cut to the plot's width: the tooltip has the whole heading
            text = fm.elidedText(rows[i].heading, QtCore.Qt.TextElideMode.ElideRight, width - 8)
            if self._headings[k].toPlainText() != text:
                self._headings[k].setText(text)
            move_item(self._headings[k], 2 * x_max / width, i)
        rules = ([], [])
        for i in heads[1:]:
            rules[0].extend([0, x_max])
            rules[1].extend([i - 0.5, i - 0.5])
        if self._changed("rules", rules):
            self._rules.setData(*rules)
        self._set_range(0, x_max, -0.5, len(rows) - 0.5)
        self._place_legend(width)

    def _show_axis_label(self, shown: bool) -> bool:
        """Show or hide the axis title; True when that changed (the plot area resizes)."""
        if shown == self._axis_title:
            return False
        self._axis_title = shown
        self._money_axis.showLabel(shown)
        return True

    def _place_legend(self, width: float) -> None:
        """The key at the right of the heading row with the most room, shortened or left out where it
        would meet the heading."""
        heads = [(i, self._headings[k]) for k, i in enumerate(
            i for i, r in enumerate(self._rows) if isinstance(r, OfferGroup))]
        row, used = min(((i, item.textItem.boundingRect().width()) for i, item in heads),
                        key=lambda h: h[1], default=(0, 0.0))
        marks = ["▶ this scenario", "* estimated"] + (["» off the scale"] if any(
            o.cost > self._end for _i, o in self._bar_rows) else [])
        axis = "" if self._axis_title else f"Project cost ({self._currency})   "
        for text in (axis + "  ".join(marks), "  ".join(marks), "  ".join(marks[:2]), ""):
            if self._metrics.horizontalAdvance(text) + used + 16 < width:
                break
        if self._legend.toPlainText() != text:
            self._legend.setText(text)
        x_max = self.getViewBox().viewRange()[0][1]
        move_item(self._legend, x_max * (1 - 4 / width), row)

    def _apply_theme(self) -> None:
        self._legend.setColor(self._theme.muted)
        self._rules.setPen(pg.mkPen(self._theme.muted, width=1))
        for item in (*self._headings, *self._values):
            item.setColor(self._theme.text)
        self._money_axis.setGrid(40)

    # -- hover -------------------------------------------------------------------------------------
    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        i = round(point.y())
        if not 0 <= i < len(self._rows):
            return "", None
        row, x_max = self._rows[i], self.getViewBox().viewRect().width()
        if isinstance(row, OfferGroup):
            return self._group_tooltip(row), QtCore.QRectF(0, i - 0.5, x_max, 1.0)
        if abs(point.y() - i) > self.BAR_HEIGHT / 2:
            return "", None
        reach = max(min(row.cost, self._end), 0.02 * x_max)  # short bars stay hoverable
        if not 0 <= point.x() <= reach:
            return "", None
        return self._option_tooltip(row), QtCore.QRectF(0, i - self.BAR_HEIGHT / 2, reach, self.BAR_HEIGHT)

    def _option_tooltip(self, o) -> str:
        cur = o.currency
        as_of = f", as of {o.as_of}" if o.as_of else ""
        lines = [o.label + ("  (this scenario)" if o.current else ""),
                 f"Price: {price(o.price_per_hour, cur)} per accelerator-hour{as_of}",
                 f"Project cost: {money(o.cost, cur)}"
                 + ("  (bar cut at the scale's end)" if o.cost > self._end else ""),
                 f"Wall-clock: {o.wall_clock_hours / 24:,.1f} days ({o.wall_clock_hours:,.0f} h)",
                 "Estimated price" if o.estimate else "Listed price"]
        if o.term_years:
            lines.append(f"A {o.term_years}-year commitment: every hour of the term is paid whatever the "
                         f"project's length; that minimum is not in this cost")
        return "\n".join(lines)

    def _group_tooltip(self, group: OfferGroup) -> str:
        lines = [group.heading]
        if group.others:
            lines.append("Also in this group (not drawn):")
            lines += [f"  {o.label}, as of {o.as_of or 'n/a'}: {money(o.cost, o.currency)}"
                      for o in group.others[:LISTED]]
            if len(group.others) > LISTED:
                lines.append(f"  and {len(group.others) - LISTED} more")
            lines.append("`nlp-budget offers FILE` lists every offer.")
        return "\n".join(lines)

    def copy_into(self, other: OptionsChart) -> None:
        other.set_options(self._options)
