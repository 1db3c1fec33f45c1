"""What the window shows at its default size: nothing clipped, charts with room, themes followed."""

from __future__ import annotations

import dataclasses

import planner
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from support import SCENARIOS
from gui_helpers import copy_scenario


def _settle(qtbot, window):
    qtbot.waitExposed(window)
    QtWidgets.QApplication.processEvents()


@pytest.mark.parametrize("name", ["decoder-7b-h100.toml", "bert-base.toml"])


def test_the_editor_fits_its_width(make_window, tmp_path, qtbot, name):
    window = make_window(copy_scenario(tmp_path, name))
    _settle(qtbot, window)
    editor = window.editor
    body, width = editor.widget(), editor.viewport().width()
    assert body.width() <= width
    past = [(w.objectName() or type(w).__name__, w.mapTo(body, QtCore.QPoint(w.width(), 0)).x())
            for w in body.findChildren(QtWidgets.QWidget)
            if w.isVisibleTo(body) and w.mapTo(body, QtCore.QPoint(w.width(), 0)).x() > width]
    assert past == []
    catalog = editor.fields["pricing.catalog"]
    assert catalog.width() < width   # the long "id - name (date)" items no longer set the width


def test_runs_table_buttons_and_columns_are_reachable(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    _settle(qtbot, window)
    for key in ("project.ablations", "project.baselines"):
        table = window.editor.fields[key]
        for button in (table.add, table.remove):
            window.editor.ensureWidgetVisible(button)
            QtWidgets.QApplication.processEvents()
            assert not button.visibleRegion().isEmpty()
        header = table.view.horizontalHeader()
        right = header.sectionViewportPosition(3) + header.sectionSize(3)
        assert right <= table.view.viewport().width()   # Scale and Compute are on screen


def test_dark_palette_reaches_the_fields(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    field = window.editor.fields["model.active_params"]   # empty: its middle is background
    window.editor.ensureWidgetVisible(field)
    app = QtWidgets.QApplication.instance()
    light = app.palette()
    dark = QtGui.QPalette(light)
    for role, color in ((QtGui.QPalette.Window, "#202020"), (QtGui.QPalette.Base, "#1e1e1e"),
                        (QtGui.QPalette.Text, "#f0f0f0"), (QtGui.QPalette.WindowText, "#f0f0f0")):
        dark.setColor(role, QtGui.QColor(color))
    try:
        app.setPalette(dark)
        QtWidgets.QApplication.processEvents()
        image = field.grab().toImage()
        middle = image.pixelColor(image.width() // 2, image.height() // 2)
        assert middle.lightnessF() < 0.3
        window.editor.fields["model.heads"].setText("x")
        window.editor.fields["model.heads"].textEdited.emit("x")
        assert window.editor.fields["model.heads"].invalid
    finally:
        app.setPalette(light)
    QtWidgets.QApplication.processEvents()
    image = field.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() // 2).lightnessF() > 0.7


def test_an_invalid_field_has_a_vermillion_frame(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    heads = window.editor.fields["model.heads"]
    window.editor.ensureWidgetVisible(heads)
    heads.setText("15")
    heads.textEdited.emit("15")
    image = heads.grab().toImage()
    edge = image.pixelColor(image.width() // 2, 1)
    assert (edge.red(), edge.green(), edge.blue()) == (0xd5, 0x5e, 0x00)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_every_offer_drawn_is_labelled_readably_with_its_catalog_s_date(make_window, tmp_path, qtbot, size):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))   # every bundled catalog: 44 offers
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(*size))
    window.charts.setCurrentWidget(window.options_chart)
    _settle(qtbot, window)
    chart = window.options_chart
    bars, labels = chart.bars(), dict(chart.tick_labels())
    # Fewer, readable rows: each group's best offer per accelerator, as many as have room for a label.
    assert len(bars) >= (16 if size == (1280, 800) else 8)
    assert sorted(labels) == sorted(chart.row_of(label) for label, _c, _cur in bars)   # one label a bar
    assert all("…" not in text for text in labels.values())                           # none cut
    pitch = chart.getViewBox().height() / (len(bars) + len(chart.headings()))
    font = QtGui.QFontMetricsF(chart.getAxis("left").style["tickFont"])
    assert pitch >= font.height()                                                    # none overlapping
    dates = {o.label: o.as_of for o in window.document.options()}
    assert all(dates[label] in labels[chart.row_of(label)] for label, _c, _cur in bars)
    assert {row for row, _t in chart.value_labels()} == set(labels)                  # every cost written
    assert any(cur for _l, _c, cur in bars)
    assert [h.split(":")[0].split(" · ")[0] for _r, h in chart.headings()][-1] == "3-year commitment"


def test_the_category_table_has_no_blank_rows(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    _settle(qtbot, window)
    table = window.results.table
    rows = window.results.table_model.rowCount()
    last = table.rowViewportPosition(rows - 1) + table.rowHeight(rows - 1)
    assert table.viewport().height() - last < table.rowHeight(0) / 2
    assert last <= table.viewport().height()


def test_headline_tiles_fill_their_grid_and_explain_themselves(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    _settle(qtbot, window)
    figures = window.results.figures
    for name, tile in figures.items():
        assert tile.toolTip(), name
    grid = figures["total_cost"].parentWidget().layout().itemAt(0).layout()
    cells = {(r, c) for i in range(grid.count()) for r, c, rs, cs in [grid.getItemPosition(i)]
             for r in range(r, r + rs) for c in range(c, c + cs)}
    assert cells == {(r, c) for r in range(2) for c in range(4)}   # 1024 pixels wide hold four columns
    summary = window.document.summary   # the committed budget beside the point estimate, at its confidence
    assert figures["committed"].caption.text() == f"Committed budget at {summary.budget.confidence:.0%}"
    assert figures["committed"].value.text() == f"${summary.budget.amount:,.0f}"
    schedule = window.document.schedule()   # wall-clock is the schedule's duration, its dates below it
    assert figures["wall_clock"].value.text() == f"{schedule.duration_days:.3g} days"
    assert figures["wall_clock"].band.text() == f"ends {schedule.end}"
    assert "Schedule tab" in figures["wall_clock"].toolTip()
    assert figures["energy"].band.text().endswith(" MWh") and figures["co2"].band.text().endswith(" t")


def test_small_projects_keep_three_significant_figures(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "bert-base.toml"))   # 4,644.7 kg CO2e, 10,726.8 kWh
    figures = window.results.figures
    assert figures["co2"].value.text() == "4.64 t"
    assert figures["energy"].value.text() == "10.7 MWh"


def test_one_accelerator_is_not_plural(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    field = window.editor.fields["compute.count"]
    field.setText("1")
    field.textEdited.emit("1")
    figures = window.results.figures
    assert "Back to back on 1 accelerator: " in figures["wall_clock"].toolTip()
    assert "each on 1 accelerator." in figures["wall_clock"].toolTip()
    assert figures["final_cost"].toolTip().endswith(" on 1 accelerator")


def test_screenshot_leaves_the_settings_alone(isolated_settings, tmp_path, qtbot):
    from ui import app as gui_app, settings
    out = tmp_path / "shot.png"
    assert gui_app.main([str(SCENARIOS / "bert-large.toml"), "--screenshot", str(out)]) == 0
    assert QtGui.QImage(str(out)).width() >= 1280
    assert settings.settings().value("geometry", None) is None


def test_closing_the_window_remembers_its_geometry(make_window, tmp_path, isolated_settings):
    from ui import settings
    window = make_window(copy_scenario(tmp_path))
    assert window.close()
    assert not settings.settings().value("geometry", QtCore.QByteArray(), type=QtCore.QByteArray).isEmpty()


def test_distillation_category_is_shown_by_name(make_window, tmp_path, qtbot):
    from ui.charts.iceberg import IcebergChart
    window = make_window(copy_scenario(tmp_path))
    summary = window.document.summary
    final = summary.category("final")
    extra = dataclasses.replace(final, category="distillation", runs=1, cost=final.cost * 0.1)
    summary = dataclasses.replace(summary, categories=[*summary.categories, extra])
    window.results.set_summary(summary)
    model = window.results.table_model
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert labels[-2:] == ["Distillation (serving)", "Total"]
    chart = IcebergChart()
    qtbot.addWidget(chart)
    chart.set_summary(summary)
    assert "distillation" in [b[0] for b in chart.blocks()]
    assert chart._labels["distillation"].toPlainText().startswith("Distillation (serving)")


def test_choosing_a_distilled_model_asks_for_the_distillation_compute_first(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    original = window.document.scenario
    distill = window.editor.fields["whatif.distill"]
    distill.setCurrentIndex(distill.findData("tinybert"))
    distill.activated.emit(distill.currentIndex())
    assert window.document.scenario == original
    assert distill.currentData() is None
    assert "distillation compute first" in window.statusBar().currentMessage()
    assert not window.editor.fields["whatif.distill_scale"].invalid   # a hint, not an error
    scale = window.editor.fields["whatif.distill_scale"]
    scale.setText("0.2")
    scale.textEdited.emit("0.2")
    distill.setCurrentIndex(distill.findData("tinybert"))
    distill.activated.emit(distill.currentIndex())
    assert window.document.scenario.whatif.distill == "tinybert"
    assert window.document.summary["total"]["cost"] == planner.summarize(window.document.scenario)["total"]["cost"]


def test_every_screenshot_tab_names_the_tab_it_shows(make_window, tmp_path):
    """--tab NAME selects the chart tab of that name: the list follows the window's tabs in order."""
    from ui.app import TABS
    window = make_window(copy_scenario(tmp_path))
    titles = {"iceberg": "Iceberg", "offers": "Every offer", "uncertainty": "Uncertainty", "sensitivity": "Sensitivity",
              "memory": "Memory", "buy-or-rent": "Buy or rent", "schedule": "Schedule"}
    assert [window.charts.tabText(i) for i in range(window.charts.count())] == [titles[t] for t in TABS]


def test_a_short_project_is_timed_in_hours_on_the_wall_clock_tile():
    from ui.results import duration_text
    assert duration_text(14.5) == "14.5 days" and duration_text(80) == "80 days"
    assert duration_text(2.2 / 24) == "2.2 h"   # not "0.0917 days"
