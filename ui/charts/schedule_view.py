"""The Schedule tab: the phases of planner.analysis.schedule as a Gantt chart, and the compute spend per
period (year, quarter or month) as bars, under a line saying when the project starts and ends."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets  # first: pyqtgraph binds to the Qt already imported

import pyqtgraph as pg

from planner.engine.categories import category_label
from planner.model.quantities import money

from ui.charts.chart import FONT_POINTS, Chart, MoneyAxis
from ui.charts.colors import category_color

BAR = 0.64


def _entry_label(entry) -> str:
    label = category_label(entry.category)
    return label if entry.phase in (entry.category, "final") and entry.category != "seed_repeats" \
        else f"{label} ({entry.phase})"


class GanttChart(Chart):
    """A bar per phase entry, from its start to its end in days since the project's start."""

    def __init__(self, parent=None, for_print: bool = False):
        super().__init__(parent, for_print)
        self.hideAxis("top")
        self.hideAxis("right")
        vb = self.getViewBox()
        vb.invertY(True)
        self._tick_font = QtGui.QFont(self.chart_font)
        self._tick_font.setPointSizeF(FONT_POINTS - 1)
        self._tick_metrics = QtGui.QFontMetricsF(self._tick_font)
        self.getAxis("left").setTickFont(self._tick_font)
        self.getAxis("left").setStyle(tickLength=0)
        self.getAxis("bottom").setTickFont(self.chart_font)
        self.setLabel("bottom", "days from the start")
        self._bars = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])
        vb.addItem(self._bars)
        self._schedule = None
        self.set_theme(self._theme)
        self._ready()

    def set_schedule(self, schedule) -> None:
        self._schedule = schedule
        self._layout()

    def bars(self) -> list[tuple[str, float, float]]:
        """(label, start day, end day) of every bar, top to bottom."""
        s = self._schedule
        return [(_entry_label(e), e.start_hours / 24, e.end_hours / 24) for e in (s.phases if s else [])]

    def _layout(self) -> None:
        bars = self.bars()
        if not bars:
            self._bars.setOpts(x0=[0], y=[0], width=[0], height=[0])
            self._show_message("Nothing to schedule: the project has no runs")
            return
        self._show_message("")
        brushes = [QtGui.QBrush(category_color(e.category)) for e in self._schedule.phases]
        self._bars.setOpts(x0=[b[1] for b in bars], y=list(range(len(bars))),
                           width=[max(b[2] - b[1], 1e-9) for b in bars], height=BAR, brushes=brushes,
                           pens=[pg.mkPen(None)] * len(bars))
        self._set_row_labels(list(range(len(bars))), [b[0] for b in bars], 0.3)
        end = max(b[2] for b in bars) or 1.0
        self._set_range(0, end * 1.02, -0.6, len(bars) - 0.4)

    def _apply_theme(self) -> None:
        self.getAxis("bottom").setTextPen(self._theme.text)

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        s = self._schedule
        row = round(point.y())
        if s is None or not 0 <= row < len(s.phases):
            return "", None
        e = s.phases[row]
        if not e.start_hours / 24 <= point.x() <= e.end_hours / 24:
            return "", None
        text = (f"{_entry_label(e)}: {e.start.replace('T', ' ')} to {e.end.replace('T', ' ')}, "
                f"{e.accelerator_hours:,.0f} accelerator-hours, {money(e.cost, s.currency)}")
        return text, QtCore.QRectF(e.start_hours / 24, row - BAR / 2, (e.end_hours - e.start_hours) / 24, BAR)

    def copy_into(self, other: "GanttChart") -> None:
        other.set_schedule(self._schedule)


class PeriodChart(Chart):
    """A bar per period: the compute spend that falls in it."""

    def __init__(self, parent=None, for_print: bool = False):
        self._money_axis = MoneyAxis("left")
        super().__init__(parent, for_print, axisItems={"left": self._money_axis})
        self.hideAxis("top")
        self.hideAxis("right")
        self._money_axis.setTickFont(self.chart_font)
        self._money_axis.enableAutoSIPrefix(False)
        self.getAxis("bottom").setTickFont(self.chart_font)
        self._bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, brush=QtGui.QBrush(QtGui.QColor("#0072B2")))
        self.getViewBox().addItem(self._bars)
        self._labels: list[pg.TextItem] = []
        self._schedule = None
        self.set_theme(self._theme)
        self._ready()

    def set_schedule(self, schedule) -> None:
        self._schedule = schedule
        self._layout()

    def bars(self) -> list[tuple[str, float]]:
        s = self._schedule
        return [(p.period, p.cost) for p in (s.periods if s else [])]

    def _layout(self) -> None:
        bars = self.bars()
        if not bars:
            self._bars.setOpts(x=[0], height=[0], width=0.6)
            for label in self._labels:
                label.setVisible(False)
            return
        top = max(cost for _, cost in bars) or 1.0
        self._bars.setOpts(x=list(range(len(bars))), height=[c for _, c in bars], width=0.6)
        self.getAxis("bottom").setTicks([[(i, label) for i, (label, _) in enumerate(bars)]])
        while len(self._labels) < len(bars):
            self._labels.append(self._text(anchor=(0.5, 1)))
        cur = self._schedule.currency
        for i, label in enumerate(self._labels):
            label.setVisible(i < len(bars))
            if i < len(bars):
                label.setText(money(bars[i][1], cur))
                label.setColor(self._theme.text)
                label.setPos(i, bars[i][1])
        self._set_range(-0.6, len(bars) - 0.4, 0, top * 1.2)

    def _apply_theme(self) -> None:
        for label in self._labels:
            label.setColor(self._theme.text)

    def _hit(self, point: QtCore.QPointF) -> tuple[str, QtCore.QRectF | None]:
        s, i = self._schedule, round(point.x())
        if s is None or not 0 <= i < len(s.periods) or not 0 <= point.y() <= s.periods[i].cost:
            return "", None
        p = s.periods[i]
        return (f"{p.period} ({p.start} to {p.end}, end excluded): {money(p.cost, s.currency)} of compute, "
                f"{p.accelerator_hours:,.0f} accelerator-hours"), QtCore.QRectF(i - 0.3, 0, 0.6, p.cost)

    def copy_into(self, other: "PeriodChart") -> None:
        other.set_schedule(self._schedule)


class ScheduleView(QtWidgets.QWidget):
    """The Gantt chart over the spend per period, with the dates in a line above them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QtWidgets.QLabel()
        self.heading.setObjectName("schedule.heading")
        # One line, cut at the tab's width (the tooltip holds it whole): a word-wrapped label makes the tab
        # ask for height for its width, which squeezed the budget table above it at 1024x640.
        self.heading.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.heading.setTextFormat(QtCore.Qt.PlainText)
        self.gantt = GanttChart()
        self.periods = PeriodChart()
        self.chart = self.gantt   # what File > Export Chart writes
        # Side by side, not stacked: the tab then needs no more height than the other charts, so the
        # window keeps its 1024x640 layout (two stacked charts pushed it to 727 pixels).
        for chart in (self.gantt, self.periods):
            chart.setMinimumSize(160, 90)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        charts = QtWidgets.QHBoxLayout()
        charts.addWidget(self.gantt, 3)
        charts.addWidget(self.periods, 2)
        layout.addLayout(charts, 1)

    def show_problem(self, text: str) -> None:
        self.heading.setText(f"No schedule: {text}")
        self.heading.setToolTip(self.heading.text())
        self.gantt.set_schedule(None)
        self.periods.set_schedule(None)

    def set_schedule(self, schedule) -> None:
        self.heading.setText(schedule_heading(schedule))
        self.heading.setToolTip(self.heading.text())
        self.gantt.set_schedule(schedule)
        self.periods.set_schedule(schedule)


def schedule_heading(s) -> str:
    start = s.start if s.start_given else f"{s.start} (today; set schedule.start)"
    return (f"From {start} to {s.end}: {s.duration_days:,.1f} days on {s.accelerators:,g} accelerators, "
            f"{s.runs_at_once:,} run{'s' if s.runs_at_once != 1 else ''} at once. Compute spend per "
            f"{s.period_kind} beside; line items are not scheduled.")
