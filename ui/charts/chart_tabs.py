"""The window's four charts as tabs. Only the chart on screen is drawn on an edit (the others catch up
when shown), and every chart but the iceberg is built the first time it is shown: start-up builds only
what the first screen needs (a pyqtgraph plot costs about 40 ms to build)."""

from __future__ import annotations

from PySide6 import QtWidgets

from ui.charts.base import IcebergChart, OptionsChart


def _uncertainty():
    from ui.charts.uncertainty_view import UncertaintyView
    return UncertaintyView()


def _tornado():
    from ui.charts.tornado_chart import TornadoChart
    return TornadoChart()


def _schedule():
    from ui.charts.schedule_view import ScheduleView
    return ScheduleView()


# In tab order after the iceberg (tab 0).
LAZY = {"options_chart": ("Every offer", OptionsChart), "uncertainty": ("Uncertainty", _uncertainty),
        "tornado": ("Sensitivity", _tornado), "schedule": ("Schedule", _schedule)}


class ChartTabs(QtWidgets.QTabWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.iceberg = IcebergChart()
        self.addTab(self.iceberg, "Iceberg")
        self._built: dict[str, QtWidgets.QWidget] = {}
        for title, _make in LAZY.values():
            self.addTab(QtWidgets.QWidget(), title)   # a placeholder until first shown
        self.currentChanged.connect(self._shown)

    @property
    def options_chart(self):
        return self.chart("options_chart")

    @property
    def uncertainty(self):
        return self.chart("uncertainty")

    @property
    def tornado(self):
        return self.chart("tornado")

    def chart(self, name: str) -> QtWidgets.QWidget:
        """The chart called `name`, built (in its tab) if it is not yet."""
        if name not in self._built:
            self._build(name)
        return self._built[name]

    def current_chart(self):
        """The chart on screen, for export: the uncertainty tab's is its histogram (under the cap field),
        the schedule tab's its Gantt chart."""
        tab = self.currentWidget()
        return tab.chart if tab in (self._built.get("uncertainty"), self._built.get("schedule")) else tab

    def redraw(self) -> None:
        """Draw the current scenario on the chart on screen."""
        doc, tab = self.document, self.currentWidget()
        if tab is self.iceberg:
            self.iceberg.set_summary(doc.summary)
        elif tab is self._built.get("options_chart"):
            tab.set_options(doc.options())
        elif tab is self._built.get("uncertainty"):
            tab.set_state(doc.summary, doc.cost_draws())
        elif tab is self._built.get("tornado"):
            from planner.analysis.sensitivity import tornado
            tab.set_swings(tornado(doc.scenario, doc.catalogs), doc.summary.total.cost, doc.summary.currency)
        elif tab is self._built.get("schedule"):
            from planner.model.errors import PlannerError
            try:
                tab.set_schedule(doc.schedule())
            except PlannerError as exc:   # too long for a calendar: said, not raised
                tab.show_problem(str(exc))

    def _shown(self, index: int) -> None:
        for offset, name in enumerate(LAZY, start=1):
            if index == offset and name not in self._built:
                self._build(name)
        self.redraw()

    def _build(self, name: str) -> None:
        index = 1 + list(LAZY).index(name)
        title, make = LAZY[name]
        chart = self._built[name] = make()
        placeholder, current = self.widget(index), self.currentIndex()
        self.blockSignals(True)   # a swap, not a change of tab: _shown redraws once it is done
        self.removeTab(index)
        self.insertTab(index, chart, title)
        self.setCurrentIndex(current)
        self.blockSignals(False)
        placeholder.deleteLater()
