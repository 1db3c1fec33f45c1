"""The window's charts as tabs. Only the chart on screen is drawn on an edit (the others catch up
when shown), and every chart but the iceberg is built the first time it is shown: start-up builds only
what the first screen needs (a pyqtgraph plot costs about 40 ms to build)."""

from __future__ import annotations

from PySide6 import QtWidgets

from ui.charts.iceberg import IcebergChart


def _offers():   # imported when first shown, like the others: start-up builds only the iceberg
    from ui.charts.offers_chart import OptionsChart
    return OptionsChart()


def _uncertainty(document):
    from ui.charts.uncertainty_view import UncertaintyView
    return UncertaintyView(document)   # its cap field edits the scenario's [budget] cap


def _tornado():
    from ui.charts.tornado_chart import TornadoChart
    return TornadoChart()


def _memory():
    from ui.charts.memory_chart import MemoryChart
    return MemoryChart()


def _buy_or_rent():
    from ui.charts.buy_or_rent_chart import BuyOrRentChart
    return BuyOrRentChart()


def _schedule():
    from ui.charts.schedule_view import ScheduleView
    return ScheduleView()


# In tab order after the iceberg (tab 0).
LAZY = {"options_chart": ("Every offer", _offers), "uncertainty": ("Uncertainty", _uncertainty),
        "tornado": ("Sensitivity", _tornado), "memory": ("Memory", _memory),
        "buy_or_rent": ("Buy or rent", _buy_or_rent), "schedule": ("Schedule", _schedule)}


WITH_DOCUMENT = {"uncertainty"}   # tabs that edit the scenario, not only draw it


def buy_or_rent_state(doc) -> tuple:
    """(comparison, None) or (None, why there is none): no rental catalog, no purchase price."""
    from planner.analysis.buy_or_rent import buy_or_rent
    from planner.model.errors import PlannerError, RequestError
    try:
        return buy_or_rent(doc.scenario, doc.catalogs), ""
    except RequestError as exc:   # said as the editor's fields name it, without the file
        return None, f"No buy-or-rent comparison: {exc.field}: {exc.expected}"
    except PlannerError as exc:
        return None, f"No buy-or-rent comparison: {exc}"


ACCESSIBLE = {"iceberg": "Iceberg chart: the final run's cost above the waterline, the rest of the project below",
              "options_chart": "Every offer chart: the project's cost under each catalog offer, ranked",
              "uncertainty": "Uncertainty chart: histogram of the Monte Carlo total cost",
              "tornado": "Sensitivity chart: each input's swing of the total cost, largest first",
              "memory": "Memory chart: weights, gradients, Adam state and activations per accelerator against its memory",
              "buy_or_rent": "Buy or rent chart: a year's cost of owning against renting, with the break-even",
              "schedule": "Schedule chart: the project's phases over time and the compute spend per period"}


class ChartTabs(QtWidgets.QTabWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.iceberg = IcebergChart()
        self.iceberg.setAccessibleName(ACCESSIBLE["iceberg"])
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

    @property
    def buy_or_rent(self):
        return self.chart("buy_or_rent")

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
        elif tab is self._built.get("memory"):
            checks = doc.summary.checks
            tab.set_memory(checks.memory if checks is not None else None)
        elif tab is self._built.get("tornado"):
            from planner.analysis.sensitivity import tornado
            from planner.model.errors import PlannerError
            base, currency = doc.summary.total.cost, doc.summary.currency
            try:
                swings = tornado(doc.scenario, doc.catalogs)
            except PlannerError as exc:   # what `nlp-budget sensitivity` says, not "no input moves"
                tab.set_refusal(str(exc), base, currency)
                return
            tab.set_swings(swings, base, currency)
        elif tab is self._built.get("buy_or_rent"):
            tab.set_result(*buy_or_rent_state(doc))
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
        chart = self._built[name] = make(self.document) if name in WITH_DOCUMENT else make()
        chart.setAccessibleName(ACCESSIBLE[name])
        placeholder, current = self.widget(index), self.currentIndex()
        self.blockSignals(True)   # a swap, not a change of tab: _shown redraws once it is done
        self.removeTab(index)
        self.insertTab(index, chart, title)
        self.setCurrentIndex(current)
        self.blockSignals(False)
        placeholder.deleteLater()
