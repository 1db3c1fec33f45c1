"""The cost iceberg: the final run above a waterline, everything else the project runs stacked below."""

from __future__ import annotations

from dataclasses import dataclass

import math

from PySide6 import QtCore, QtGui  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.engine.categories import CATEGORIES
from planner.engine.categories import category_label
from planner.model.quantities import money

from ui.charts.chart import Chart, move_item, show_item, spread
from ui.charts.colors import category_color

LINE_ITEMS = "line_items"


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
        if "final" in self._rows and summary.iceberg_ratio:
            text += f", {summary.iceberg_ratio:,.1f}× the final run"
        uncertainty = summary.uncertainty.cost if summary.uncertainty else None
        if uncertainty:
            text += f"\n90% range {money(uncertainty.p5, currency)} to {money(uncertainty.p95, currency)}"
        self._total_label.setText(text)

    # -- layout ------------------------------------------------------------------------------------
    def _layout(self) -> None:
        unc = self._summary.uncertainty if self._summary is not None else None
        uncertainty = unc.cost if unc and self._drawn else None
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


@dataclass(frozen=True)
class _ItemsBlock:
    """The line items beyond compute ([[costs]]) as one block under the compute categories."""
    category: str
    cost: float
    runs: float = 0.0


def _line_items(summary) -> list:
    costs = summary.costs or []
    return [_ItemsBlock(LINE_ITEMS, sum(c.cost for c in costs))] if costs else []
