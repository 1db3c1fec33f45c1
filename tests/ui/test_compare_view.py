"""The compare dialog, driven offscreen on the bundled scenarios: figures, differences, files, export."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui  # before pyqtgraph, which binds to the Qt imported first

import planner
from support import SCENARIOS
from gui_helpers import euro_pricing
from planner.model.quantities import money
from planner.present.compare_text import short_name
from ui.charts.compare_chart import CompareChart
from ui.dialogs.compare_view import ComparisonTableModel, CompareDialog
from ui.export.exports import export_chart
from ui.document import ScenarioDocument

DISPLAY, BACKGROUND, FONT = QtCore.Qt.DisplayRole, QtCore.Qt.BackgroundRole, QtCore.Qt.FontRole


@pytest.fixture(scope="module")
def catalogs():
    return planner.load_catalogs()


def summary_of(name: str, catalogs) -> dict:
    return planner.summarize(planner.load(SCENARIOS / f"{name}.toml", catalogs), catalogs)


@pytest.fixture
def dialog(qtbot, catalogs, dialogs_log):  # noqa: F811 - the fixture, imported
    """BERT-Large open in the window, BERT-Base and T5-11B added beside it."""
    path = SCENARIOS / "bert-large.toml"
    document = ScenarioDocument(planner.load(path, catalogs), catalogs, path)
    dlg = CompareDialog(document)
    qtbot.addWidget(dlg)
    assert dlg.add_paths([SCENARIOS / "bert-base.toml", SCENARIOS / "t5-11b.toml"]) == 2
    return dlg


def cell(dlg, group: str, label: str, column: int, role=DISPLAY):
    row = dlg.model.find(group, label)
    assert row >= 0, (group, label)
    return dlg.model.data(dlg.model.index(row, column), role)


def test_open_scenario_comes_first_then_the_files_added(dialog):
    model = dialog.model
    assert model.columnCount() == 3
    headers = [model.headerData(c, QtCore.Qt.Horizontal) for c in range(3)]
    assert headers[0].startswith("1. (open) BERT-Large") and "baseline" in headers[0]
    assert headers[1].startswith("2. BERT-Base") and headers[2].startswith("3. T5-11B")
    drawn = list(dict.fromkeys(name for name, _, _ in dialog.chart.bars()))
    assert drawn == [s["name"] for s in dialog.summaries()]


def test_table_shows_each_total_as_the_engine_gives_it_and_the_difference(dialog, catalogs):
    large, base, t5 = (summary_of(n, catalogs) for n in ("bert-large", "bert-base", "t5-11b"))
    assert cell(dialog, "Cost", "Total", 0) == money(large["total"]["cost"])
    for column, other in ((1, base), (2, t5)):
        text = cell(dialog, "Cost", "Total", column)
        diff = other["total"]["cost"] - large["total"]["cost"]
        assert text.startswith(money(other["total"]["cost"]) + "  " + ("+" if diff > 0 else "-") + money(abs(diff)))
    assert cell(dialog, "Cost", "Total", 1) == "$34,560  -$103,680 (-75%)"
    tip = cell(dialog, "Cost", "Total", 2, QtCore.Qt.ToolTipRole)
    assert f"{t5['total']['cost']:,.2f}" in tip and "Difference from BERT-Large" in tip


def test_changed_cells_are_highlighted_and_bold_and_unchanged_are_not(dialog):
    # BERT-Base: same tokens and accelerator as BERT-Large, a quarter of the chips.
    for label in ("Training tokens", "Accelerator"):
        assert cell(dialog, "Assumptions", label, 1, BACKGROUND) is None
        assert cell(dialog, "Assumptions", label, 1, FONT) is None
        assert cell(dialog, "Assumptions", label, 1) == cell(dialog, "Assumptions", label, 0)  # no difference
    changed = cell(dialog, "Assumptions", "Count", 1, BACKGROUND)
    assert isinstance(changed, QtGui.QBrush) and cell(dialog, "Assumptions", "Count", 1, FONT).bold()
    assert cell(dialog, "Assumptions", "Count", 1) == "16  -48 (-75%)"
    # shares in points (BERT's learned position embeddings are lookups: no FLOPs, so 37.2% not 37.4%)
    assert cell(dialog, "Assumptions", "Utilization (MFU)", 1) == "37.2%  +8.9 pp"
    assert cell(dialog, "Assumptions", "Accelerator", 2, BACKGROUND) == changed      # tpu-v3 vs tpu-v2
    assert cell(dialog, "Cost", "Total", 0, BACKGROUND) is None                      # the baseline itself


def test_highlight_follows_the_palette(dialog):
    light = cell(dialog, "Assumptions", "Count", 1, BACKGROUND).color()
    dark = QtGui.QPalette()
    dark.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1e1e1e"))
    dark.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#e6e6e6"))
    dialog.setPalette(dark)
    shaded = cell(dialog, "Assumptions", "Count", 1, BACKGROUND).color()
    assert shaded.lightnessF() < 0.5 < light.lightnessF()
    assert dialog.chart.backgroundBrush().color() == QtGui.QColor("#1e1e1e")


def test_a_bad_file_is_refused_with_its_message_and_nothing_is_added(dialog, tmp_path, dialogs_log):  # noqa: F811
    bad = tmp_path / "broken.toml"
    bad.write_text((SCENARIOS / "bert-base.toml").read_text().replace("[model]", "[model]\nlayers = \"many\""))
    before = [s["name"] for s in dialog.summaries()]
    assert dialog.add_paths([bad, tmp_path / "missing.toml"]) == 0
    assert [s["name"] for s in dialog.summaries()] == before and dialog.model.columnCount() == 3
    assert len(dialogs_log["errors"]) == 2
    assert "broken.toml" in dialogs_log["errors"][0] and "line" in dialogs_log["errors"][0]
    assert "missing.toml" in dialogs_log["errors"][1]


def test_add_files_asks_for_toml_files(dialog, monkeypatch, catalogs):
    from ui.dialogs import messages as dialogs
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_paths",
                        lambda parent, title, folder="", filter_="": asked.append(filter_) or
                        [str(SCENARIOS / "gpt2-1.5b.toml")])
    dialog.add_button.click()
    assert "*.toml" in asked[0]
    assert dialog.summaries()[-1]["name"] == summary_of("gpt2-1.5b", catalogs)["name"]


def test_move_to_first_changes_the_baseline_and_remove_keeps_the_open_one(dialog):
    dialog.table.selectColumn(2)
    assert dialog.selected() == [2] and dialog.first_button.isEnabled() and dialog.remove_button.isEnabled()
    dialog.first_button.click()
    assert dialog.summaries()[0]["name"].startswith("T5-11B")
    assert "baseline" in dialog.model.headerData(0, QtCore.Qt.Horizontal)
    assert cell(dialog, "Assumptions", "Accelerator", 0, BACKGROUND) is None
    assert cell(dialog, "Assumptions", "Accelerator", 1, BACKGROUND) is not None    # now BERT-Large differs
    dialog.remove([0, 1, 2])                                                       # T5, the open one, BERT-Base
    assert [e.is_open for e in dialog.entries] == [True]
    assert dialog.model.columnCount() == 1 and not dialog.remove_button.isEnabled()


def test_follows_edits_to_the_open_scenario(dialog, catalogs):
    document = dialog.document
    document.edit_value("compute", "count", 128.0)
    expected = planner.summarize(document.scenario, catalogs)["total"]["cost"]
    assert cell(dialog, "Cost", "Total", 0) == money(expected)
    assert cell(dialog, "Assumptions", "Count", 0) == "128"
    assert dialog.chart.bars()[0][0] == document.scenario.name


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_export_text_holds_both_names_and_totals(dialog, tmp_path, suffix, catalogs):
    path = tmp_path / f"comparison{suffix}"
    assert dialog.export(path)
    text = path.read_text(encoding="utf-8")
    for summary in dialog.summaries():
        total = summary["total"]["cost"]
        if suffix == ".csv":
            assert summary["name"] in text and f",total,total,cost,{total:.2f},USD" in text
        else:
            assert short_name(summary["name"]) in text and money(total) in text


def test_export_json_holds_the_summaries_and_their_differences(dialog, tmp_path):
    path = tmp_path / "comparison.json"
    assert dialog.export(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    a, b = dialog.summaries()[:2]
    assert [s["name"] for s in data["scenarios"]] == [s["name"] for s in dialog.summaries()]
    assert data["deltas"][0]["total"]["cost"] == pytest.approx(b["total"]["cost"] - a["total"]["cost"])


def test_export_pdf_goes_to_the_report_writer(dialog, tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("ui.export.report")
    fake.write_pdf = lambda path, summaries, scenarios: calls.append((path, summaries, scenarios))
    monkeypatch.setitem(sys.modules, "ui.export.report", fake)
    assert dialog.export(tmp_path / "comparison.pdf")
    (path, summaries, scenarios), = calls
    assert path.suffix == ".pdf" and summaries == dialog.summaries() and len(scenarios) == 3


def test_export_pdf_for_real(dialog, tmp_path):
    path = tmp_path / "comparison.pdf"
    assert dialog.export(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_export_refuses_an_unknown_extension_or_folder(dialog, tmp_path, dialogs_log):  # noqa: F811
    assert not dialog.export(tmp_path / "comparison.txt")
    assert not dialog.export(tmp_path / "no-such-folder" / "comparison.csv")
    assert ".pdf, .md, .csv, .json, .png or .svg" in dialogs_log["errors"][0] and len(dialogs_log["errors"]) == 2
    assert not (tmp_path / "comparison.txt").exists()


@pytest.mark.parametrize("chosen, written", [("Markdown report (*.md)", "out.md"), ("", "out.csv"),
                                              ("PNG image of the chart (*.png)", "out.png")])
def test_export_button_asks_where_and_follows_the_chosen_format(dialog, tmp_path, monkeypatch, chosen, written):
    from ui.dialogs import compare_view
    asked = []

    def fake(parent, title, suggested, filter_):
        asked.append((title, filter_))
        return str(tmp_path / "out"), chosen     # a name typed without an extension

    monkeypatch.setattr(compare_view.QtWidgets.QFileDialog, "getSaveFileName", fake)
    dialog.export_button.click()
    title, filter_ = asked[0]
    assert title == "Export comparison"
    assert all(ext in filter_ for ext in ("*.csv", "*.md", "*.pdf", "*.json", "*.png", "*.svg"))
    assert [p.name for p in tmp_path.iterdir()] == [written]   # the chosen format; CSV when none


def test_model_passes_qtmodeltester(qtmodeltester, catalogs):
    model = ComparisonTableModel()
    model.set_comparison([summary_of(n, catalogs) for n in ("bert-large", "t5-11b", "deepseek-v3-moe")])
    qtmodeltester.check(model)
    model.set_comparison([])
    qtmodeltester.check(model)




def test_chart_bars_are_the_summaries_category_costs(qtbot, catalogs):
    summaries = [summary_of(n, catalogs) for n in ("bert-large", "bert-base", "t5-11b")]
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries(summaries)
    expected = [(s["name"], row["category"], row["cost"]) for s in summaries
                for row in s["categories"] if row["cost"] > 0]
    assert chart.bars() == expected
    assert chart.tick_labels() == ["BERT-Large", "BERT-Base", "T5-11B"] and chart.key_text() == ""


def test_chart_tooltip_gives_the_exact_cost_of_the_block(qtbot, catalogs):
    base, large = summary_of("bert-base", catalogs), summary_of("bert-large", catalogs)
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries([large, base])
    seeds = {s["name"]: next(r for r in s["categories"] if r["category"] == "seed_repeats") for s in (large, base)}
    final = next(r for r in base["categories"] if r["category"] == "final")["cost"]
    tuning = next(r for r in base["categories"] if r["category"] == "tuning")["cost"]
    y = final + tuning + seeds[base["name"]]["cost"] / 2        # middle of BERT-Base's seed repeats
    text = chart.tooltip_at(QtCore.QPointF(1.0, y))
    assert "Seed repeats: $31,104" in text and "31,104.00 USD" in text and "vs BERT-Large: -$93,312 (-75%)" in text
    assert chart.tooltip_at(QtCore.QPointF(0.5, y)) == ""       # between the bars


def exported(chart, tmp_path, size) -> QtGui.QImage:
    path = tmp_path / "chart.png"
    export_chart(str(path), chart, size)
    return QtGui.QImage(str(path))


def test_chart_exports_a_drawing_of_the_requested_size(qtbot, catalogs, tmp_path):
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries([summary_of(n, catalogs) for n in ("bert-large", "t5-11b")])
    image = exported(chart, tmp_path, (640, 360))
    assert (image.width(), image.height()) == (1280, 720)
    corner = image.pixel(0, 0)
    drawn = sum(image.pixel(x, y) != corner for x in range(0, 1280, 8) for y in range(0, 720, 8))
    assert drawn > 0.05 * 160 * 90
    assert QtGui.QColor(corner) == QtGui.QColor("white")


def test_chart_with_nothing_to_draw(qtbot, tmp_path):
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries([])
    assert chart.bars() == [] and chart.tooltip_at(QtCore.QPointF(0, 0)) == ""
    assert exported(chart, tmp_path, (300, 200)).width() == 600


def test_every_bundled_scenario_can_be_compared(dialog):
    paths = sorted(SCENARIOS.glob("*.toml"))
    dialog.add_paths(paths)
    assert len(dialog.entries) == len(paths)   # each file once: the open one is not added a second time
    assert dialog.model.find("Cost", "Total") > 0 and len(dialog.chart.bars()) > len(paths)


def write_named(tmp_path, source: str, name: str, extra: str = "") -> Path:
    text = (SCENARIOS / f"{source}.toml").read_text()
    old = next(line for line in text.splitlines() if line.startswith("name = "))
    path = tmp_path / f"{source}-renamed.toml"
    path.write_text(text.replace(old, f"name = {json.dumps(name)}").replace("[pricing]", extra + "[pricing]"))
    return path


def shown_as(tooltip: str) -> str:
    """What Qt shows for a tooltip: rich text when it looks like HTML."""
    doc = QtGui.QTextDocument()
    if tooltip.lstrip().startswith("<"):   # Qt.mightBeRichText's test, enough for these
        doc.setHtml(tooltip)
    else:
        doc.setPlainText(tooltip)
    return doc.toPlainText()


def test_tooltips_show_markup_in_names_literally(dialog, tmp_path):
    name = "<b>x</b> &amp;"
    assert dialog.add_paths([write_named(tmp_path, "gpt2-1.5b", name)]) == 1
    column = dialog.model.columnCount() - 1
    header = dialog.model.headerData(column, QtCore.Qt.Horizontal, QtCore.Qt.ToolTipRole)
    assert shown_as(header).startswith(name)
    assert name in shown_as(cell(dialog, "Cost", "Total", column, QtCore.Qt.ToolTipRole))
    chart = dialog.chart
    total = dialog.summaries()[column]["total"]["cost"]
    tip = chart.tooltip_at(QtCore.QPointF(column, total / 2))
    assert f"{column + 1}. {name}" in shown_as(tip)


def test_row_labels_are_row_headers_that_stay_when_columns_scroll(dialog):
    model = dialog.model
    r = model.find("Cost", "Total")
    assert model.headerData(r, QtCore.Qt.Vertical) == "Total"
    assert model.headerData(model.find("Assumptions", "Parameters") - 1, QtCore.Qt.Vertical) == "Assumptions"
    dialog.resize(420, 500)
    dialog.show()
    dialog.table.horizontalScrollBar().setValue(dialog.table.horizontalScrollBar().maximum())
    header = dialog.table.verticalHeader()
    assert dialog.table.horizontalScrollBar().maximum() > 0 and header.isVisible() and header.width() > 60
    assert all(model.data(model.index(row, 0)) != "Total" for row in range(model.rowCount()))


def test_mixed_currencies_are_shown_in_their_own_and_not_subtracted(qtbot, tmp_path, dialogs_log):  # noqa: F811
    catalogs, euro = euro_pricing(tmp_path)
    path = SCENARIOS / "bert-large.toml"
    dlg = CompareDialog(ScenarioDocument(planner.load(path, catalogs), catalogs, path))
    qtbot.addWidget(dlg)
    assert dlg.add_paths([euro]) == 1
    assert cell(dlg, "Cost", "Total", 1) == "€138,240  n/a (EUR vs USD)"
    assert cell(dlg, "Assumptions", "Price per accelerator-hour", 1).startswith("€1.125")
    assert dlg.currency_note.isVisibleTo(dlg) and "EUR, USD" in dlg.currency_note.text()
    # No common scale: the chart says so instead of drawing $138,240 and €138,240 as equal bars.
    assert dlg.chart.bars() == [] and dlg.chart.tick_labels() == []
    assert dlg.chart.message() == "Priced in different currencies (USD, EUR): not drawn on one scale"
    assert dlg.chart.tooltip_at(QtCore.QPointF(1.0, 50_000.0)) == ""


def test_chart_numbers_its_bars_when_the_names_do_not_fit(qtbot, catalogs):
    names = ("bert-base", "bert-large", "decoder-7b-h100", "deepseek-v3-moe", "gpt2-1.5b", "t5-11b")
    summaries = [summary_of(n, catalogs) for n in names] * 2
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    chart.set_summaries(summaries[:10])
    assert chart.tick_labels() == [str(i) for i in range(1, 11)]
    key = chart.key_text().splitlines()
    assert key[0] == "1 BERT-Base" and key[3] == "4 DeepSeek-V3" and len(key) == 10
    chart.set_summaries(summaries[:10], numbered=True)   # the report names them itself: no key
    assert chart.tick_labels()[9] == "10" and chart.key_text() == ""


def test_distillation_is_compared_with_a_scenario_without_it(dialog, tmp_path):
    extra = '[whatif]\ndistill = "tinybert"\ndistill_scale = 0.1\n\n'
    assert dialog.add_paths([write_named(tmp_path, "bert-base", "BERT-Base distilled", extra)]) == 1
    column = dialog.model.columnCount() - 1
    cost = next(c for c in dialog.summaries()[column]["categories"] if c["category"] == "distillation")["cost"]
    assert cell(dialog, "Cost", "Distillation (serving)", 0) == "$0"
    assert cell(dialog, "Cost", "Distillation (serving)", column) == f"{money(cost)}  +{money(cost)}"
    assert ("BERT-Base distilled", "distillation", pytest.approx(cost)) in dialog.chart.bars()


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_dialog_exports_its_chart_in_the_print_palette(dialog, tmp_path, suffix):
    dark = QtGui.QPalette()
    dark.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1e1e1e"))
    dark.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#e6e6e6"))
    dialog.setPalette(dark)
    path = tmp_path / f"chart{suffix}"
    assert dialog.export(path)
    if suffix == ".png":
        image = QtGui.QImage(str(path))
        assert (image.width(), image.height()) == (1200, 700)
        assert QtGui.QColor(image.pixel(2, 2)) == QtGui.QColor("white")
    else:
        svg = path.read_text()
        assert "<svg" in svg and "#1e1e1e" not in svg.lower() and "#e6e6e6" not in svg.lower()
        assert "Seed repeats" in svg and 'viewBox="0 0 600 350"' in svg


@pytest.mark.parametrize("name", ["comparison.json", "comparison.png", "comparison.csv"])
def test_a_failed_export_leaves_the_old_file(dialog, tmp_path, monkeypatch, dialogs_log, name):  # noqa: F811
    import os
    target = tmp_path / name
    target.write_text("previous")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert not dialog.export(target)
    assert target.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == [name]
    assert "No space left" in dialogs_log["errors"][-1]
