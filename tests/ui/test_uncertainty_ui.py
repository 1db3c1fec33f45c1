"""The spread of the cost, the tornado and the plan dialog, driven offscreen on the bundled scenarios."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets  # before pyqtgraph, which binds to the Qt imported first

import planner
from support import SCENARIOS
from gui_helpers import euro_pricing
from planner.analysis import plan
from planner.model.quantities import engineering, money
from planner.analysis.offers import price_options
from planner.model.quantities import parse_quantity
from planner.model.scenario import with_value
from planner.analysis.sensitivity import tornado
from planner.engine.summary import cost_samples, probability_over
from ui.document import ScenarioDocument
from ui.export.exports import export_chart
from ui.dialogs.plan_dialog import PlanDialog
from ui.charts.tornado_chart import TornadoChart
from planner.model.quantities import parse_money
from ui.charts.uncertainty_view import BINS, NO_RANGES, UncertaintyView

RANGED = ("decoder-7b-h100.toml", "t5-11b.toml")


@pytest.fixture
def catalogs():
    return planner.load_catalogs()  # per test: the autouse fixture isolates the user's catalog folder


def loaded(name: str, catalogs):
    scenario = planner.load(SCENARIOS / name, catalogs)
    return scenario, planner.summarize(scenario, catalogs)


def summarized(scenario, catalogs) -> tuple[dict, np.ndarray | None]:
    """A summary and its own Monte Carlo draws of the total cost, kept as the window keeps them."""
    kept: dict = {}
    summary = planner.summarize(scenario, catalogs, draws_out=kept)
    return summary, kept.get("cost")


def show_bundled(view, name: str, catalogs):
    """The view drawing a bundled scenario, as the window draws it (and again after each edit of its
    document, as the window redraws the tab on screen); its scenario and summary."""
    doc = view.document
    doc.replace_all(planner.load(SCENARIOS / name, catalogs), SCENARIOS / name)
    doc.changed.connect(lambda *_: view.set_state(doc.summary, doc.cost_draws()))
    view.set_state(doc.summary, doc.cost_draws())
    return doc.scenario, doc.summary


def draws(scenario, summary, catalogs) -> np.ndarray:
    """The draws sampled afresh from the scenario: the same as the summary's (seeded)."""
    unc = summary["uncertainty"]
    return cost_samples(scenario, catalogs, unc["samples"], unc["seed"])


def exported(chart, tmp_path, size) -> QtGui.QImage:
    path = tmp_path / "chart.png"
    export_chart(str(path), chart, size)
    return QtGui.QImage(str(path))


@pytest.fixture
def view(qtbot, catalogs):
    path = SCENARIOS / "bert-large.toml"
    widget = UncertaintyView(ScenarioDocument(planner.load(path, catalogs), catalogs, path))
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    widget.show()
    return widget


def type_cap(qtbot, view, text: str) -> None:
    view.cap_field.clear()
    qtbot.keyClicks(view.cap_field, text)   # textEdited per key, as a person types


def non_background_pixels(image: QtGui.QImage) -> int:
    background = image.pixel(0, 0)
    return sum(image.pixel(x, y) != background
               for x in range(0, image.width(), 4) for y in range(0, image.height(), 4))


# -- uncertainty view -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", RANGED)
def test_histogram_holds_every_draw_and_its_lines_are_the_summarys_range(view, catalogs, name):
    scenario, summary = show_bundled(view, name, catalogs)
    counts = view.histogram_counts()
    assert 50 <= len(counts) <= 70
    assert sum(counts) == summary["uncertainty"]["samples"] == 20_000
    lines, cost = view.chart.lines(), summary["uncertainty"]["cost"]
    for key in ("p5", "p50", "p95"):
        assert lines[key] == pytest.approx(cost[key], rel=1e-12)
    assert view.message_text() == ""
    assert np.array_equal(counts, np.histogram(draws(scenario, summary, catalogs), bins=len(counts))[0])


def test_cap_is_the_scenarios_and_its_chance_the_summarys(view, catalogs, qtbot):
    scenario, summary = show_bundled(view, "decoder-7b-h100.toml", catalogs)
    samples = draws(scenario, summary, catalogs)
    doc = view.document
    type_cap(qtbot, view, "650k")
    assert doc.scenario.budget.cap == view.cap_value() == 650_000
    assert doc.undo_stack.count() == 1            # four keys, one typing session, one step
    p = probability_over(samples, 650_000)
    assert 0.05 < p < 0.95     # a cap inside the spread, so the figure means something
    assert doc.summary.budget.probability_over == p
    assert view.probability_text() == f"P(total > cap) = {p:.1%}"
    assert view.chart.lines()["cap"] == 650_000
    doc.end_merge()
    type_cap(qtbot, view, "$1.2M")
    assert doc.scenario.budget.cap == 1.2e6 and doc.undo_stack.count() == 2
    assert view.probability_text() == f"P(total > cap) = {probability_over(samples, 1.2e6):.1%}"
    doc.undo_stack.undo()
    assert doc.scenario.budget.cap == 650_000 and view.cap_field.text() == "650,000"
    assert view.probability_text() == f"P(total > cap) = {p:.1%}"
    doc.undo_stack.undo()
    assert doc.scenario.budget.cap is None and view.cap_field.text() == "" and view.probability_text() == ""
    assert "cap" not in view.chart.lines()


@pytest.mark.parametrize("text, reason", [("lots", "not a number"), ("-5k", "greater than zero"),
                                          ("$", "enter a number")])
def test_invalid_cap_is_marked_with_its_reason_and_changes_nothing(view, catalogs, qtbot, text, reason):
    show_bundled(view, "decoder-7b-h100.toml", catalogs)
    type_cap(qtbot, view, "650k")
    view.document.end_merge()
    shown, before = view.probability_text(), view.document.scenario
    type_cap(qtbot, view, text)
    assert view.invalid and view.cap_field.invalid
    assert reason in view.cap_field.toolTip()
    assert view.document.scenario == before and view.document.undo_stack.count() == 1
    assert view.cap_value() == 650_000 and view.probability_text() == shown
    assert view.chart.lines()["cap"] == 650_000
    type_cap(qtbot, view, "700k")
    assert not view.invalid and not view.cap_field.invalid
    assert view.cap_value() == view.document.scenario.budget.cap == 700_000


def test_money_as_typed():
    assert parse_money("250k") == 250_000
    assert parse_money(" $1.2M ") == 1.2e6
    assert parse_money("1,500,000 USD") == 1.5e6
    assert parse_money("€80k") == 80_000
    assert parse_money("") is None


def test_scenario_without_ranges_shows_the_message_and_no_bars(view, catalogs, qtbot):
    scenario, summary = show_bundled(view, "bert-large.toml", catalogs)
    type_cap(qtbot, view, "100k")
    summary = view.document.summary
    assert "uncertainty" not in summary
    assert view.message_text() == NO_RANGES
    assert view.histogram_counts() == [] and "cap" not in view.chart.lines()
    # The summary's figure all the same: the point total ($172,800) is over the cap.
    assert summary.budget.probability_over == 1.0 and view.probability_text() == "P(total > cap) = 100.0%"
    # A range typed afterwards brings the histogram and the cap's chance from its draws.
    doc = view.document
    doc.edit(planner.validate(with_value(doc.scenario, "compute", "hours", parse_quantity("80-120")), catalogs),
             "range")
    assert view.message_text() == "" and sum(view.histogram_counts()) == 20_000
    assert view.probability_text() == f"P(total > cap) = {doc.summary.budget.probability_over:.1%}"
    assert view.chart.lines()["cap"] == 100_000


def test_the_histogram_is_of_the_summarys_draws_and_redrawn_only_for_new_ones(view, catalogs, monkeypatch):
    scenario, _ = loaded("decoder-7b-h100.toml", catalogs)
    summary, cost_draws = summarized(scenario, catalogs)
    drawn = []
    real = view.chart.set_histogram
    monkeypatch.setattr(view.chart, "set_histogram", lambda *a, **k: drawn.append(a) or real(*a, **k))
    view.set_state(summary, cost_draws)
    expected = np.histogram(cost_draws, bins=BINS, range=(cost_draws.min(), cost_draws.max()))[0]
    assert view.histogram_counts() == list(expected)
    view.set_state(summary, cost_draws)            # the same draws (a redraw of the same state): kept
    assert len(drawn) == 1
    half = cost_draws[: cost_draws.size // 2]      # other draws: the histogram is theirs
    view.set_state(summary, half)
    assert len(drawn) == 2 and sum(view.histogram_counts()) == half.size


def test_histogram_hover_gives_the_bins_range_and_share(view, catalogs, tmp_path):
    scenario, summary = show_bundled(view, "decoder-7b-h100.toml", catalogs)
    counts, edges = np.histogram(draws(scenario, summary, catalogs), bins=len(view.histogram_counts()))
    i = int(np.argmax(counts))
    tip = view.chart.tooltip_at(QtCore.QPointF((edges[i] + edges[i + 1]) / 2, 0.001))
    assert f"{money(edges[i])} to {money(edges[i + 1])}" in tip
    assert f"{counts[i] / 20_000:.1%} of the draws ({counts[i]:,} of 20,000)" in tip
    image = exported(view.chart, tmp_path, (800, 450))
    assert (image.width(), image.height()) == (1600, 900) and non_background_pixels(image) > 2000


# -- tornado --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", RANGED + ("bert-large.toml",))
def test_tornado_bars_are_the_planners_swings_largest_first(qtbot, catalogs, name):
    scenario, summary = loaded(name, catalogs)
    swings = tornado(scenario, catalogs)
    chart = TornadoChart()
    qtbot.addWidget(chart)
    chart.set_swings(swings, summary["total"]["cost"], summary["currency"])
    assert chart.bars() == [(s.label, s.low_cost, s.high_cost) for s in swings]
    # Given in another order, drawn largest first all the same (ties, such as price and tokens, may swap).
    chart.set_swings(list(reversed(swings)), summary["total"]["cost"], summary["currency"])
    bars = chart.bars()
    spreads = [abs(high - low) for _, low, high in bars]
    assert spreads == sorted(spreads, reverse=True) and spreads[0] > 0
    assert sorted(bars) == sorted((s.label, s.low_cost, s.high_cost) for s in swings)
    top = swings[0]
    tip = chart.tooltip_at(QtCore.QPointF((top.low_cost + top.high_cost) / 2, 0))
    assert money(top.low_cost) in tip and money(top.high_cost) in tip
    assert ("90% interval" in tip) == top.ranged


def test_tornado_marks_default_swings_and_exports(qtbot, catalogs, tmp_path):
    scenario, summary = loaded("decoder-7b-h100.toml", catalogs)
    chart = TornadoChart()
    qtbot.addWidget(chart)
    chart.resize(760, 460)
    chart.show()
    chart.set_swings(tornado(scenario, catalogs), summary["total"]["cost"], "USD")
    ticks = dict(chart.getAxis("left")._tickLevels[0])
    utilization = next(i for i, (label, *_r) in enumerate(chart.bars()) if label == "Utilization")
    assert ticks[utilization] == "Utilization"                    # the file's range: no mark
    rows = {label: i for i, (label, *_r) in enumerate(chart.bars())}
    assert ticks[rows["Price per accelerator-hour"]].endswith("±25%")   # a point value
    assert ticks[rows["Seeds per configuration"]].endswith("±1")        # a count is swung by one
    image = exported(chart, tmp_path, (900, 500))
    assert non_background_pixels(image) > 4000
    chart.set_swings([], 0.0, "USD")
    assert chart.bars() == [] and chart._message.isVisible()


# -- plan dialog ----------------------------------------------------------------------------------
@pytest.fixture
def document(qtbot, catalogs):
    path = SCENARIOS / "decoder-7b-h100.toml"
    return ScenarioDocument(planner.load(path, catalogs), catalogs, path)


@pytest.fixture
def dialog(qtbot, document):
    widget = PlanDialog(document)
    qtbot.addWidget(widget)
    return widget


def test_tokens_answer_priced_forwards_meets_the_budget(dialog, document):
    dialog.set_request("tokens", "$1.2M")
    assert dialog.solve_now() and not dialog.error_shown()
    scenario = planner.validate(dialog.solved.scenario, document.catalogs)
    cost = planner.summarize(scenario, document.catalogs)["total"]["cost"]
    assert cost == pytest.approx(1.2e6, rel=0.01)
    tokens = scenario.training.tokens
    assert tokens > document.scenario.training.tokens
    assert dialog.result_text().startswith(f"{engineering(tokens)} training tokens")
    assert money(cost) in dialog.result_text()


def test_count_answer_finishes_within_the_deadline_and_one_fewer_would_not(dialog, document):
    dialog.set_request("count", "", "20")
    assert dialog.solve_now()
    scenario = dialog.solved.scenario
    count = scenario.compute.count

    def days(s):
        return planner.summarize(s, document.catalogs, samples=0)["total"]["wall_clock_hours"] / 24

    assert days(scenario) <= 20 < days(with_value(scenario, "compute", "count", count - 1))
    assert f"{count:,.0f} × h100 accelerators" in dialog.result_text()


def test_apply_is_one_undoable_edit(dialog, document, qtbot):
    before = document.scenario
    dialog.set_request("trials", "700k")
    assert dialog.solve_now()
    trials = dialog.solved.value
    with qtbot.waitSignal(document.changed):
        assert dialog.apply()
    assert dialog.result() == QtWidgets.QDialog.Accepted
    assert document.scenario.project.trials == trials != before.project.trials
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText().startswith("Plan: ")
    document.undo_stack.undo()
    assert document.scenario == before


def test_impossible_request_shows_the_planners_message_and_applies_nothing(dialog, document):
    with pytest.raises(planner.RequestError) as refused:
        plan.solve(document.scenario, "trials", budget=100_000, catalogs=document.catalogs)
    dialog.set_request("trials", "100k")
    assert dialog.solve_now() is False
    assert dialog.error_shown() and refused.value.expected in dialog.result_text()
    assert "#d55e00" in dialog.answer.styleSheet()
    assert not dialog.apply_button.isEnabled() and dialog.apply() is False
    assert document.undo_stack.count() == 0


def test_tokens_are_solved_from_measured_hours_through_their_utilization(qtbot, catalogs):
    path = SCENARIOS / "bert-large.toml"
    document = ScenarioDocument(planner.load(path, catalogs), catalogs, path)
    dialog = PlanDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_request("tokens", "$250k")
    assert dialog.solve_now()
    assert "28.3% implied utilization kept for the solved token count" in dialog.result_text()
    assert dialog.apply()
    total = planner.summarize(document.scenario, catalogs).total.cost
    assert 249_000 < total <= 250_000 and document.scenario.compute.hours is None
    document.undo_stack.undo()
    dialog.set_request("count", "", "2")   # the count too: hours scale with it
    assert dialog.solve_now() and dialog.apply()
    assert planner.summarize(document.scenario, catalogs)["total"]["wall_clock_hours"] <= 48


@pytest.mark.parametrize("what, budget, deadline, shown", [
    ("count", "", "", "Deadline: expected a deadline in days greater than zero"),
    ("tokens", "", "", "Budget: expected a budget greater than zero"),
    ("tokens", "a lot", "", 'Budget: "a lot" is not a number'),
    ("trials", "2M", "-3", "Deadline: enter a number of days greater than zero"),
])
def test_missing_or_unreadable_fields_are_explained_inline(dialog, what, budget, deadline, shown):
    dialog.set_request(what, budget, deadline)
    assert dialog.solve_now() is False
    assert dialog.result_text().startswith(shown)


def test_a_changed_request_withdraws_the_answer(dialog):
    dialog.set_request("tokens", "1M")
    assert dialog.solve_now() and dialog.apply_button.isEnabled()
    dialog.budget.textEdited.emit("2M")
    assert dialog.solved is None and not dialog.apply_button.isEnabled() and dialog.result_text() == ""


def test_offers_table_ranks_every_option_and_marks_the_current_one(dialog, document, qtmodeltester):
    model = dialog.offers_model
    qtmodeltester.check(model)
    expected = price_options(document.scenario, document.catalogs)
    assert model.rowCount() == len(expected)
    costs = [o.cost for o in model.options()]
    assert costs == sorted(costs)
    current = [r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "▶"]
    assert len(current) == 1 and model.options()[current[0]].current
    assert model.data(model.index(current[0], 6)) == money(document.summary["total"]["cost"])
    dialog.sort.setCurrentIndex(dialog.sort.findData("wall_clock"))
    hours = [o.wall_clock_hours for o in model.options()]
    assert hours == sorted(hours)
    qtmodeltester.check(model)
    model.set_options([])
    qtmodeltester.check(model)
    assert all(math.isfinite(o.cost) for o in expected)
    assert dialog.unranked.isHidden()   # every bundled catalog is in USD


def test_offers_are_in_their_catalogs_currency_and_other_currencies_are_named(qtbot, tmp_path):
    catalogs, euro = euro_pricing(tmp_path)
    document = ScenarioDocument(planner.load(euro, catalogs), catalogs, euro)
    dialog = PlanDialog(document)
    qtbot.addWidget(dialog)
    model = dialog.offers_model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert ["▶", "tpu-v2", "gcp-eur", "on-demand", "2019-01-01", "€1.125", "€138,240", "80.0 days"] in rows
    assert len(rows) > 1 and all(r[2] == "gcp-eur" and r[5][0] == r[6][0] == "€" for r in rows)
    assert not dialog.unranked.isHidden() and dialog.unranked.text().startswith(
        "Not ranked, priced in another currency: ")
    assert "gcp-2019 (USD)" in dialog.unranked.text()
