"""Buy or rent: a year's cost against accelerator-hours used a year, owning and renting
(planner.analysis.buy_or_rent). Two straight lines: renting from zero, owning from its fixed yearly share
of the purchase; the break-even where they cross is marked, and so are this project and a year of such
projects. Built on ui.charts.Chart like the other charts.
"""

from __future__ import annotations

import textwrap

from PySide6 import QtCore  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.model.quantities import count, money

from ui.charts.chart import Chart, MoneyAxis, move_item, show_item
from ui.charts.colors import CURRENT_OPTION, OTHER_OPTION

RENT_COLOR, OWN_COLOR = OTHER_OPTION, CURRENT_OPTION


class HoursAxis(pg.AxisItem):
    """Accelerator-hours with thousands separators ("100,000"), as the planner writes counts."""

    def tickStrings(self, values, scale, spacing):
        return [count(v) for v in values]


class BuyOrRentChart(Chart):
    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("left")
        super().__init__(parent, for_print, axisItems={"left": self._money_axis, "bottom": HoursAxis("bottom")})
        self.hideAxis("top")
        self.hideAxis("right")
        self._money_axis.enableAutoSIPrefix(False)
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.getAxis("bottom").setLabel("Accelerator-hours used a year")
        vb = self.getViewBox()
        self._rent = pg.PlotDataItem(pen=pg.mkPen(RENT_COLOR, width=2))
        self._own = pg.PlotDataItem(pen=pg.mkPen(OWN_COLOR, width=2))
        self._points = pg.ScatterPlotItem(size=9)
        for item in (self._rent, self._own, self._points):
            vb.addItem(item)
        self._break_even = pg.InfiniteLine(angle=90, movable=False)
        vb.addItem(self._break_even, ignoreBounds=True)
        self._break_label = self._text(anchor=(0, 0))
        self._project_label = self._text(anchor=(0, 1))
        self._year_label = self._text(anchor=(1, 1))
        self._legend = self._text(anchor=(0, 0))
        self._result = None
        self.set_theme(self._theme)
        self.set_result(None, "")
        self._ready()

    # -- public ------------------------------------------------------------------------------------
    def set_result(self, result, message: str = "") -> None:
        """Draw a planner BuyOrRent, or, with None, `message` (why there is no comparison)."""
        self._result = result
        shown = result is not None
        for item in (self._rent, self._own, self._points, self._break_label, self._project_label,
                     self._year_label, self._legend):
            show_item(item, shown)
        show_item(self._break_even, shown and result.break_even_hours_per_year is not None)
        for name in ("left", "bottom"):
            self.showAxis(name, shown)
        # Wrapped to the chart's width at 1024x640: a planner's reason is a long sentence.
        self._show_message("" if shown else textwrap.fill(message or "No comparison to show", 70))
        if not shown:
            return
        self._money_axis.currency = result.currency
        self._money_axis.setLabel(f"Cost for a year ({result.currency})")
        self._money_axis.picture = None
        x_max = self._x_max(result)
        xs = [0.0, x_max]
        self._rent.setData(xs, [result.rent_cost(x) for x in xs])
        self._own.setData(xs, [result.own_cost(x) for x in xs])
        points = [(result.project_hours, result.own_cost(result.project_hours)),
                  (result.project_hours, result.rent_cost(result.project_hours)),
                  (result.year_hours, result.own_cost(result.year_hours)),
                  (result.year_hours, result.rent_cost(result.year_hours))]
        self._points.setData([p[0] for p in points], [p[1] for p in points],
                             brush=[pg.mkBrush(c) for c in (OWN_COLOR, RENT_COLOR) * 2])
        self._set_texts(result)
        y_max = max(result.rent_cost(x_max), result.own_cost(x_max)) * 1.08
        self._set_range(0.0, x_max, 0.0, y_max)
        self._layout()

    def lines(self) -> dict[str, tuple[float, float, float]]:
        """(cost at 0 hours, cost per accelerator-hour, x at the right edge) of each line drawn."""
        r = self._result
        if r is None:
            return {}
        x_max = self._x_max(r)
        return {"rent": (0.0, r.rent_price_per_hour, x_max), "own": (r.capex_per_year, r.energy_per_hour, x_max)}

    def break_even(self) -> float | None:
        """The x of the break-even line drawn (None when none is)."""
        return self._break_even.value() if self._break_even.isVisible() else None

    def copy_into(self, other: "BuyOrRentChart") -> None:
        other.set_result(self._result, self.message())

    # -- drawing -----------------------------------------------------------------------------------
    @staticmethod
    def _x_max(r) -> float:
        """Every hour the cluster has, and room for the marks beyond it."""
        marks = [r.capacity_hours_per_year, r.project_hours * 1.1, r.year_hours * 1.05]
        if r.break_even_hours_per_year is not None:
            marks.append(r.break_even_hours_per_year * 1.25)
        return max(max(marks), 1.0)

    def _set_texts(self, r) -> None:
        cur = r.currency
        self._legend.setHtml(
            f'<span style="color:{OWN_COLOR}">━</span>&nbsp;owning {r.count:,g} x {r.accelerator}&nbsp;&nbsp; '
            f'<span style="color:{RENT_COLOR}">━</span>&nbsp;renting ({r.rent_catalog} {r.rent_offer})')
        if r.break_even_hours_per_year is None:
            self._break_label.setText("Owning never pays: renting costs less than the electricity")
        else:
            self._break_even.setValue(r.break_even_hours_per_year)
            # Two lines: one is wider than the plot right of the break-even at 1024 pixels wide.
            self._break_label.setText(f"Break-even {count(r.break_even_hours_per_year)} accelerator-hours a year\n"
                                      f"({r.break_even_share:.1%} of the cluster's hours)")
        self._project_label.setText(f"This project: {count(r.project_hours)} h, {_cheaper(r, r.project_hours)}")
        self._year_label.setText(f"A year of such projects: {count(r.year_hours)} h\n"
                                 f"({money(r.own_cost(r.year_hours), cur)} owning): {_cheaper(r, r.year_hours)}")

    def _layout(self) -> None:
        r = self._result
        if r is None:
            return
        vb = self.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        move_item(self._legend, x0, y1)
        be = r.break_even_hours_per_year
        move_item(self._break_label, be if be is not None and be < x1 * 0.6 else x0, y1 - (y1 - y0) * 0.08)
        move_item(self._project_label, r.project_hours, r.rent_cost(r.project_hours))
        # above the lower of the year's two points: the break-even label has the top of the plot
        move_item(self._year_label, r.year_hours, min(r.own_cost(r.year_hours), r.rent_cost(r.year_hours)))

    def _apply_theme(self) -> None:
        self._break_even.setPen(pg.mkPen(self._theme.muted, style=QtCore.Qt.PenStyle.DashLine))
        for label in (self._break_label, self._project_label, self._year_label, self._legend):
            label.setColor(self._theme.text)

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        r = self._result
        if r is None or point.x() < 0:
            return "", None
        hours = point.x()
        return (f"{count(hours)} accelerator-hours a year: owning {money(r.own_cost(hours), r.currency)}, "
                f"renting {money(r.rent_cost(hours), r.currency)}"), None


def _cheaper(r, hours: float) -> str:
    return "owning is cheaper" if r.cheaper(hours) == "own" else "renting is cheaper"
