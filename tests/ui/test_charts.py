"""The iceberg and options charts draw what the engine returns, hover with exact figures, export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets  # before pyqtgraph, which binds to the Qt imported first

import pyqtgraph as pg

import planner
from planner.engine.categories import LABELS
from planner.model.quantities import money
from planner.analysis.offers import price_options
from gui_helpers import euro_pricing
from ui.charts.iceberg import IcebergChart
from ui.charts.offers_chart import OptionsChart
from ui.export.exports import export_chart

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))
BERT_LARGE = SCENARIOS[0].parent / "bert-large.toml"


@pytest.fixture(scope="module")
def bert_large():
    scenario = planner.load(BERT_LARGE)
    return planner.summarize(scenario), price_options(scenario)


def visible_texts(chart) -> list[str]:
    return [item.toPlainText() for item in chart.getViewBox().childGroup.childItems()
            if isinstance(item, pg.TextItem) and item.isVisible()]


def non_background_pixels(image: QtGui.QImage) -> int:
    """Pixels differing from the corner pixel (the background), on a coarse grid."""
    background = image.pixel(0, 0)
    return sum(image.pixel(x, y) != background
               for x in range(0, image.width(), 4) for y in range(0, image.height(), 4))


def test_iceberg_puts_the_final_run_above_the_waterline_and_the_rest_below(qtbot, bert_large):
    summary, _ = bert_large
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.set_summary(summary)
    blocks = chart.blocks()
    costs = {row["category"]: row["cost"] for row in summary["categories"]}
    assert blocks[0] == ("final", 0.0, costs["final"], costs["final"])
    edge = 0.0
    for category, y0, height, cost in blocks[1:]:            # stacked downwards, touching
        assert y0 + height == pytest.approx(edge) and y0 < 0
        edge = y0
    total = summary["total"]["cost"]
    assert sum(height for _, _, height, _ in blocks) == pytest.approx(total)
    for category, _, height, _ in blocks:                    # one scale for every block
        assert height / total == pytest.approx(costs[category] / total)
    # BERT-Large (Sharir's 20 runs): tuning and 18 seed repeats; no ensemble, ablations, baselines, contingency
    assert [b[0] for b in blocks] == ["final", "tuning", "seed_repeats"]
    texts = visible_texts(chart)
    assert "Seed repeats  $124,416 (90%)" in texts and "Final run  $6,912 (5%)" in texts
    assert "waterline" in texts and not any("Ablations" in t for t in texts)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_iceberg_draws_exactly_the_costed_categories_of_every_scenario(qtbot, path):
    summary = planner.summarize(planner.load(path))
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.set_summary(summary)
    drawn = [b[0] for b in chart.blocks()]
    assert set(drawn) == {row["category"] for row in summary["categories"] if row["cost"] > 0}
    assert sum(b[2] for b in chart.blocks()) == pytest.approx(summary["total"]["cost"])


def test_iceberg_tooltip_gives_the_exact_figures_of_the_block_under_the_point(qtbot, bert_large):
    summary, _ = bert_large
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.set_summary(summary)
    rows = {row["category"]: row for row in summary["categories"]}
    for category, y0, height, cost in chart.blocks():
        text = chart.tooltip_at(QtCore.QPointF(0.0, y0 + height / 2))
        assert LABELS[category] in text
        assert money(cost, "USD") in text
        assert f"Runs: {rows[category]['runs']:,.0f}" in text
    seeds = chart.tooltip_at(QtCore.QPointF(0.3, -100_000.0))
    assert "Seed repeats" in seeds and "$124,416 (90.0% of the project)" in seeds
    assert "Accelerator-hours: 110,592" in seeds
    assert chart.tooltip_at(QtCore.QPointF(0.0, 50_000.0)) == ""     # above the tip
    assert chart.tooltip_at(QtCore.QPointF(-3.0, -100_000.0)) == ""  # beside the iceberg


def test_hovering_a_block_shows_its_tooltip(qtbot, bert_large):
    chart = _iceberg(qtbot, bert_large[0])
    vb = chart.getViewBox()
    pos = chart.mapFromScene(vb.mapViewToScene(QtCore.QPointF(0.0, -100_000.0)))
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, pos, chart.viewport().mapToGlobal(pos))
    QtWidgets.QApplication.sendEvent(chart.viewport(), event)
    assert "Seed repeats" in QtWidgets.QToolTip.text()
    QtWidgets.QToolTip.hideText()


def test_iceberg_without_a_summary_draws_nothing(qtbot, bert_large):
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.set_summary(bert_large[0])
    chart.set_summary(None)
    assert chart.blocks() == [] and visible_texts(chart) == []


def test_charts_are_read_not_navigated(qtbot):
    for chart in (IcebergChart(), OptionsChart()):
        qtbot.addWidget(chart)
        vb = chart.getViewBox()
        assert vb.state["mouseEnabled"] == [False, False] and not vb.menuEnabled()
        assert chart.minimumWidth() <= 400 and chart.minimumHeight() <= 300


def test_options_are_grouped_like_for_like_each_group_cheapest_first(qtbot, bert_large):
    summary, options = bert_large
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 900)   # room for every group's best offers
    chart.set_options(list(reversed(options)))   # order given does not matter
    headings = chart.headings()
    # The scenario's own group (on-demand) first; commitments after it, each with its minimum term.
    assert [h.split(" · ")[0] for _row, h in headings] == [
        "On-demand", "Spot (preemptible)", "1-year commitment: min. 1 year paid, not in costs",
        "3-year commitment: min. 3 years paid, not in costs"]
    rows = [row for row, _h in headings] + [10**6]
    bars = chart.bars()
    for start, end in zip(rows, rows[1:]):   # within a group: cheapest first
        costs = [cost for _l, cost, _c in bars[start + 1 - rows.index(start) - 1: end - rows.index(start) - 1]]
        assert costs == sorted(costs)
    assert not any("commit" in label or "spot" in label for label, _c, _cur in bars[:rows[1] - 1])
    # tpu-v2's 3-year commitment ($60,826) sits under its heading, never ranked among on-demand offers.
    assert "tpu-v2 · gcp-2019 commit-3y (3-yr min.)" in [label for label, _c, _cur in bars[rows[3] - 3:]]
    current = [label for label, _, is_current in bars if is_current]
    assert current == ["tpu-v2 · gcp-2019 on-demand"]
    own = next(cost for _, cost, is_current in bars if is_current)
    assert own == pytest.approx(summary.total.cost)  # the scenario's own bar is its total


def test_every_bar_label_carries_its_catalog_s_date(qtbot, bert_large):
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(bert_large[1])
    labels = dict(chart.tick_labels())
    assert labels and set(labels) == {chart.row_of(label) for label, _c, _cur in chart.bars()}
    by_label = {o.label: o for o in bert_large[1]}
    for label, _cost, _current in chart.bars():
        assert by_label[label].as_of in labels[chart.row_of(label)]


def test_an_outlier_is_cut_at_the_scale_s_end_with_its_cost_written(qtbot, bert_large):
    options = bert_large[1]
    p100 = max(options, key=lambda o: o.cost)            # $424,906, 3x the next; the issue's $2M
    outlier = dataclasses.replace(p100, cost=2e6)
    options = [o for o in options if o is not p100]
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 900)
    chart.set_options([*options, outlier])
    row = chart.row_of(outlier.label)
    values = dict(chart.value_labels())
    assert values[row] == "» $2M"
    x_max = chart.getViewBox().viewRange()[0][1]
    second = sorted(o.cost for o in options)[-1]
    assert x_max < 2 * second                 # the others keep the scale ...
    assert "bar cut at the scale's end" in chart.tooltip_at(QtCore.QPointF(x_max * 0.3, row))
    assert "off the scale" in chart._legend.toPlainText()   # ... and the key says what » means


def test_options_tooltip_gives_the_exact_figures_of_the_bar(qtbot, bert_large):
    summary, options = bert_large
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(options)
    row = chart.row_of("tpu-v2 · gcp-2019 on-demand")
    text = chart.tooltip_at(QtCore.QPointF(50_000.0, row))
    assert "tpu-v2 · gcp-2019 on-demand" in text and "(this scenario)" in text
    assert "$1.125 per accelerator-hour, as of 2019-01-01" in text
    assert "$138,240" in text and "80.0 days" in text and "Listed price" in text
    first = chart.bars()[0]
    cheapest = chart.tooltip_at(QtCore.QPointF(first[1] / 2, 1.0))   # row 0 is the group's heading
    assert first[0] in cheapest and money(first[1], "USD") in cheapest
    assert chart.tooltip_at(QtCore.QPointF(first[1] * 3, 1.0)) == ""   # past the bar's end
    assert chart.tooltip_at(QtCore.QPointF(1_000.0, row + 0.5)) == ""          # between bars
    commitment = next(label for label, _c, _cur in chart.bars() if "commit-3y" in label)
    tip = chart.tooltip_at(QtCore.QPointF(1.0, chart.row_of(commitment)))
    assert "every hour of the term is paid whatever the project's length" in tip


def test_a_heading_names_the_offers_of_its_group_not_drawn(qtbot, bert_large):
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.resize(600, 200)   # few rows: most offers go to the headings' tooltips
    chart.set_options(bert_large[1])
    drawn = {label for label, _c, _cur in chart.bars()}
    assert len(drawn) < len(bert_large[1])
    tips = [chart.tooltip_at(QtCore.QPointF(1.0, row)) for row, _h in chart.headings()]
    named = [line for tip in tips for line in tip.splitlines() if line.startswith("  ") and ": $" in line]
    more = sum(int(line.split()[1]) for tip in tips for line in tip.splitlines() if line.startswith("  and "))
    assert len(named) + more == len(bert_large[1]) - len(drawn)   # every offer not drawn, named or counted
    assert all(any(line.startswith(f"  {o.label}, as of {o.as_of}") for line in named)
               for o in sorted(bert_large[1], key=lambda o: o.cost)[:5] if o.label not in drawn)
    assert "nlp-budget offers FILE" in tips[0]


def test_options_are_labelled_in_their_own_currency(qtbot, tmp_path):
    catalogs, euro = euro_pricing(tmp_path)
    options = price_options(planner.load(euro, catalogs), catalogs)
    assert options and {o.currency for o in options} == {"EUR"}   # never ranked with USD catalogs
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(options)
    row = chart.row_of("tpu-v2 · gcp-eur on-demand")
    assert "€138,240" in visible_texts(chart)                       # beside the scenario's own bar
    tip = chart.tooltip_at(QtCore.QPointF(50_000.0, row))
    assert "€1.125 per accelerator-hour" in tip and "Project cost: €138,240" in tip
    assert chart.getAxis("bottom").labelText == "Project cost (EUR)"
    assert chart.getAxis("bottom").tickStrings([100_000.0], 1, 1) == ["€100k"]


def test_each_bar_is_labelled_in_its_options_currency(qtbot, bert_large):
    options = [dataclasses.replace(o, currency="EUR") if o.current else o for o in bert_large[1]]
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(options)
    row = chart.row_of(next(label for label, _c, current in chart.bars() if current))
    assert "€138,240" in visible_texts(chart) and "$138,240" not in visible_texts(chart)
    assert "Project cost: €138,240" in chart.tooltip_at(QtCore.QPointF(50_000.0, row))
    assert "Project cost: $" in chart.tooltip_at(QtCore.QPointF(chart.bars()[0][1] / 2, 1.0))


def test_no_options_shows_a_message_and_no_bars(qtbot, bert_large):
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(bert_large[1])
    chart.set_options([])
    assert chart.bars() == []
    assert visible_texts(chart) == ["No prices for this project's FLOPs"]
    assert chart.tooltip_at(QtCore.QPointF(0.5, 0.5)) == ""


def exported(chart, tmp_path, size) -> QtGui.QImage:
    """The chart as File > Export Chart writes it: PNG, laid out at `size`, drawn at twice that."""
    path = tmp_path / "chart.png"
    export_chart(str(path), chart, size)
    return QtGui.QImage(str(path))


@pytest.mark.parametrize("size", [(640, 400), (300, 200)])
def test_exported_image_has_the_requested_size_and_a_drawing(qtbot, bert_large, tmp_path, size):
    summary, options = bert_large
    iceberg, bars = IcebergChart(), OptionsChart()
    for chart in (iceberg, bars):
        qtbot.addWidget(chart)
    iceberg.set_summary(summary)
    bars.set_options(options)
    for chart in (iceberg, bars):
        before = chart.size()
        image = exported(chart, tmp_path, size)
        assert (image.width(), image.height()) == (2 * size[0], 2 * size[1])
        assert non_background_pixels(image) > 0.05 * (image.width() // 4) * (image.height() // 4)
        assert chart.size() == before      # drawn on a twin: the chart on screen does not move


def test_options_that_cost_nothing_still_draw(qtbot, bert_large, tmp_path):
    free = [dataclasses.replace(o, cost=0.0) for o in bert_large[1][:3]]
    chart = OptionsChart()
    qtbot.addWidget(chart)
    chart.set_options(free)
    assert chart.bars() and {b[1] for b in chart.bars()} == {0.0}
    assert exported(chart, tmp_path, (400, 300)).width() == 800


def test_export_is_black_on_white_whatever_the_theme(qtbot, bert_large, tmp_path):
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.setPalette(dark_palette())
    chart.set_summary(bert_large[0])
    assert chart.backgroundBrush().color() == QtGui.QColor("#1e1e1e")
    image = exported(chart, tmp_path, (400, 300))
    assert QtGui.QColor(image.pixel(0, 0)) == QtGui.QColor("white")
    dark = sum(QtGui.QColor(image.pixel(x, y)).lightnessF() < 0.2 for x in range(0, 800, 4) for y in range(0, 600, 4))
    assert dark > 100   # black text on the white


def test_a_chart_made_for_print_keeps_the_print_palette_when_the_theme_changes(qtbot):
    chart = IcebergChart(for_print=True)
    qtbot.addWidget(chart)
    assert chart.backgroundBrush().color() == QtGui.QColor("white")
    chart.setPalette(dark_palette())
    assert chart.backgroundBrush().color() == QtGui.QColor("white")


def dark_palette() -> QtGui.QPalette:
    palette = QtGui.QPalette()
    for role, color in (("Window", "#2b2b2b"), ("Base", "#1e1e1e"), ("Text", "#e6e6e6"), ("WindowText", "#e6e6e6")):
        palette.setColor(getattr(QtGui.QPalette.ColorRole, role), QtGui.QColor(color))
    return palette


def test_charts_follow_a_palette_change(qtbot, bert_large):
    for chart in (IcebergChart(), OptionsChart()):
        qtbot.addWidget(chart)
        light = chart.backgroundBrush().color()
        chart.setPalette(dark_palette())
        assert chart.backgroundBrush().color() == QtGui.QColor("#1e1e1e") != light
        assert chart.getAxis("bottom").textPen().color() == QtGui.QColor("#e6e6e6")


def _scene_rect(chart, item) -> QtCore.QRectF:
    """Where a text item is drawn, in pixels of the chart."""
    return chart.mapFromScene(item.mapToScene(item.boundingRect())).boundingRect().toRectF()


def _waterline_y(chart) -> float:
    return chart.mapFromScene(chart.getViewBox().mapViewToScene(QtCore.QPointF(0, 0))).y()


def _iceberg(qtbot, summary) -> IcebergChart:
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.resize(700, 360)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_summary(summary)
    QtWidgets.QApplication.processEvents()
    return chart


def _ranged(scenario_text: str):
    return planner.summarize(planner.files.scenario_load.parse(scenario_text, "test.toml", planner.load_catalogs()))


RANGED = """schema = 1
name = "t"
[model]
params = 1e9
[training]
tokens = 2e10
[compute]
accelerator = "h100"
count = 8
utilization = [0.3, 0.5]
[pricing]
catalog = "aws-2025"
[project]
"""


@pytest.mark.parametrize("project", ["contingency = 0", "ensemble = 60", "contingency = 0.1"])
def test_iceberg_labels_stay_clear_of_the_waterline_and_each_other(qtbot, project):
    summary = _ranged(RANGED + project)
    chart = _iceberg(qtbot, summary)
    water = _waterline_y(chart)
    final = _scene_rect(chart, chart._labels["final"])
    assert final.bottom() <= water - 1                       # above the dashes, not on them
    for category, _y0, _h, _cost in chart.blocks()[1:]:
        assert _scene_rect(chart, chart._labels[category]).top() >= water + 1
    range_label, water_label = _scene_rect(chart, chart._range_label), _scene_rect(chart, chart._water_label)
    assert chart._range_label.isVisible()
    assert not range_label.intersects(water_label)            # iceberg ratio 1.0 put "90%" on "waterline"
    assert range_label.top() >= water or range_label.bottom() <= water
