"""The compare dialog, driven offscreen on the bundled scenarios: figures, differences, files, export."""

from __future__ import annotations

import json
import sys
import types

import pytest
from PySide6 import QtCore, QtGui  # before pyqtgraph, which binds to the Qt imported first

import planner
from conftest import SCENARIOS
from gui_helpers import dialogs_log  # noqa: F401
from planner.formats import money
from ui.compare_chart import CompareChart, short_name
from ui.compare_view import ComparisonTableModel, CompareDialog, format_delta
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
    assert model.columnCount() == 4
    headers = [model.headerData(c, QtCore.Qt.Horizontal) for c in range(4)]
    assert headers[1].startswith("(open) BERT-Large") and "baseline" in headers[1]
    assert headers[2].startswith("BERT-Base") and headers[3].startswith("T5-11B")
    drawn = list(dict.fromkeys(name for name, _, _ in dialog.chart.bars()))
    assert drawn == [s["name"] for s in dialog.summaries()]


def test_table_shows_each_total_as_the_engine_gives_it_and_the_difference(dialog, catalogs):
    large, base, t5 = (summary_of(n, catalogs) for n in ("bert-large", "bert-base", "t5-11b"))
    assert cell(dialog, "Cost", "Total", 1) == money(large["total"]["cost"])
    for column, other in ((2, base), (3, t5)):
        text = cell(dialog, "Cost", "Total", column)
        assert text.startswith(money(other["total"]["cost"]) + "  (")
        diff = other["total"]["cost"] - large["total"]["cost"]
        assert (("+" if diff > 0 else "-") + money(abs(diff))) in text
    assert cell(dialog, "Cost", "Total", 2) == "$34,560  (-$103,680, -75.0%)"
    tip = cell(dialog, "Cost", "Total", 3, QtCore.Qt.ToolTipRole)
    assert f"{t5['total']['cost']:,.2f}" in tip and "Difference from BERT-Large" in tip


def test_changed_cells_are_highlighted_and_bold_and_unchanged_are_not(dialog):
    # BERT-Base: same tokens and accelerator as BERT-Large, a quarter of the chips.
    for label in ("Training tokens", "Accelerator"):
        assert cell(dialog, "Assumptions", label, 2, BACKGROUND) is None
        assert cell(dialog, "Assumptions", label, 2, FONT) is None
        assert cell(dialog, "Assumptions", label, 2) == cell(dialog, "Assumptions", label, 1)  # no difference
    changed = cell(dialog, "Assumptions", "Count", 2, BACKGROUND)
    assert isinstance(changed, QtGui.QBrush) and cell(dialog, "Assumptions", "Count", 2, FONT).bold()
    assert cell(dialog, "Assumptions", "Count", 2) == "16  (-48, -75.0%)"
    assert cell(dialog, "Assumptions", "Accelerator", 3, BACKGROUND) == changed      # tpu-v3 vs tpu-v2
    assert cell(dialog, "Cost", "Total", 1, BACKGROUND) is None                      # the baseline itself


def test_highlight_follows_the_palette(dialog):
    light = cell(dialog, "Assumptions", "Count", 2, BACKGROUND).color()
    dark = QtGui.QPalette()
    dark.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1e1e1e"))
    dark.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#e6e6e6"))
    dialog.setPalette(dark)
    shaded = cell(dialog, "Assumptions", "Count", 2, BACKGROUND).color()
    assert shaded.lightnessF() < 0.5 < light.lightnessF()
    assert dialog.chart.backgroundBrush().color() == QtGui.QColor("#1e1e1e")


def test_a_bad_file_is_refused_with_its_message_and_nothing_is_added(dialog, tmp_path, dialogs_log):  # noqa: F811
    bad = tmp_path / "broken.toml"
    bad.write_text((SCENARIOS / "bert-base.toml").read_text().replace("[model]", "[model]\nlayers = \"many\""))
    before = [s["name"] for s in dialog.summaries()]
    assert dialog.add_paths([bad, tmp_path / "missing.toml"]) == 0
    assert [s["name"] for s in dialog.summaries()] == before and dialog.model.columnCount() == 4
    assert len(dialogs_log["errors"]) == 2
    assert "broken.toml" in dialogs_log["errors"][0] and "line" in dialogs_log["errors"][0]
    assert "missing.toml" in dialogs_log["errors"][1]


def test_add_files_asks_for_toml_files(dialog, monkeypatch, catalogs):
    from ui import dialogs
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_paths",
                        lambda parent, title, folder="", filter_="": asked.append(filter_) or
                        [str(SCENARIOS / "gpt2-1.5b.toml")])
    dialog.add_button.click()
    assert "*.toml" in asked[0]
    assert dialog.summaries()[-1]["name"] == summary_of("gpt2-1.5b", catalogs)["name"]


def test_move_to_first_changes_the_baseline_and_remove_keeps_the_open_one(dialog):
    dialog.table.selectColumn(3)
    assert dialog.selected() == [2] and dialog.first_button.isEnabled() and dialog.remove_button.isEnabled()
    dialog.first_button.click()
    assert dialog.summaries()[0]["name"].startswith("T5-11B")
    assert "baseline" in dialog.model.headerData(1, QtCore.Qt.Horizontal)
    assert cell(dialog, "Assumptions", "Accelerator", 1, BACKGROUND) is None
    assert cell(dialog, "Assumptions", "Accelerator", 2, BACKGROUND) is not None    # now BERT-Large differs
    dialog.remove([0, 1, 2])                                                       # T5, the open one, BERT-Base
    assert [e.is_open for e in dialog.entries] == [True]
    assert dialog.model.columnCount() == 2 and not dialog.remove_button.isEnabled()


def test_follows_edits_to_the_open_scenario(dialog, catalogs):
    document = dialog.document
    document.edit_value("compute", "count", 128.0)
    expected = planner.summarize(document.scenario, catalogs)["total"]["cost"]
    assert cell(dialog, "Cost", "Total", 1) == money(expected)
    assert cell(dialog, "Assumptions", "Count", 1) == "128"
    assert dialog.chart.bars()[0][0] == document.scenario.name


@pytest.mark.parametrize("suffix", [".csv", ".md"])
def test_export_text_holds_both_names_and_totals(dialog, tmp_path, suffix, catalogs):
    path = tmp_path / f"comparison{suffix}"
    assert dialog.export(path)
    text = path.read_text(encoding="utf-8")
    for summary in dialog.summaries():
        total = summary["total"]["cost"]
        if suffix == ".csv":
            assert summary["name"] in text and repr(float(total)) in text
        else:   # Markdown escapes the names' punctuation
            assert short_name(summary["name"]).replace("-", "\\-") in text and money(total) in text


def test_export_json_holds_the_summaries_and_their_differences(dialog, tmp_path):
    path = tmp_path / "comparison.json"
    assert dialog.export(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    a, b = dialog.summaries()[:2]
    assert [s["name"] for s in data["scenarios"]] == [s["name"] for s in dialog.summaries()]
    assert data["deltas"][0]["total"]["cost"] == pytest.approx(b["total"]["cost"] - a["total"]["cost"])
    assert not list(tmp_path.glob(".*.tmp"))   # written atomically: no temporary file left behind


def test_export_pdf_goes_to_the_report_writer(dialog, tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("ui.report")
    fake.write_pdf = lambda path, summaries, scenarios: calls.append((path, summaries, scenarios))
    monkeypatch.setitem(sys.modules, "ui.report", fake)
    assert dialog.export(tmp_path / "comparison.pdf")
    (path, summaries, scenarios), = calls
    assert path.suffix == ".pdf" and summaries == dialog.summaries() and len(scenarios) == 3


def test_export_pdf_for_real_when_the_report_module_exists(dialog, tmp_path):
    pytest.importorskip("ui.report")
    path = tmp_path / "comparison.pdf"
    assert dialog.export(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_export_refuses_an_unknown_extension_or_folder(dialog, tmp_path, dialogs_log):  # noqa: F811
    assert not dialog.export(tmp_path / "comparison.txt")
    assert not dialog.export(tmp_path / "no-such-folder" / "comparison.csv")
    assert ".csv, .md, .pdf or .json" in dialogs_log["errors"][0] and len(dialogs_log["errors"]) == 2
    assert not (tmp_path / "comparison.txt").exists()


def test_export_button_asks_where_and_offers_every_format(dialog, tmp_path, monkeypatch):
    from ui import dialogs
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_path",
                        lambda parent, suggested="", filter_="": asked.append(filter_) or str(tmp_path / "out"))
    dialog.export_button.click()
    assert all(ext in asked[0] for ext in ("*.csv", "*.md", "*.pdf", "*.json"))
    assert (tmp_path / "out.csv").exists()   # no extension typed: CSV, the first format offered


def test_model_passes_qtmodeltester(qtmodeltester, catalogs):
    model = ComparisonTableModel()
    model.set_comparison([summary_of(n, catalogs) for n in ("bert-large", "t5-11b", "deepseek-v3-moe")])
    qtmodeltester.check(model)
    model.set_comparison([])
    qtmodeltester.check(model)


def test_differences_read_in_absolute_and_relative_terms():
    assert format_delta(-103_680.0, -0.75, "money", "USD") == "-$103,680, -75.0%"
    assert format_delta(0.09, 0.317, "share", "USD") == "+9.0 pp, +31.7%"
    assert format_delta(10.67e9, 31.9, "count", "USD") == "+10.7B, 32.9×"
    assert format_delta(128_778.24, None, "money", "USD") == "+$128,778"


def test_chart_bars_are_the_summaries_category_costs(qtbot, catalogs):
    summaries = [summary_of(n, catalogs) for n in ("bert-large", "bert-base", "t5-11b")]
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries(summaries)
    expected = [(s["name"], row["category"], row["cost"]) for s in summaries
                for row in s["categories"] if row["cost"] > 0]
    assert chart.bars() == expected
    ticks = [label for _, label in chart.getAxis("bottom")._tickLevels[0]]
    assert ticks == ["BERT-Large", "BERT-Base", "T5-11B"]


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
    assert "Seed repeats: $31,104" in text and "31,104.00 USD" in text and "vs BERT-Large: -$93,312" in text
    assert chart.tooltip_at(QtCore.QPointF(0.5, y)) == ""       # between the bars


@pytest.mark.parametrize("for_print", [False, True])
def test_chart_renders_a_drawing_of_the_requested_size(qtbot, catalogs, for_print):
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries([summary_of(n, catalogs) for n in ("bert-large", "t5-11b")])
    image = chart.render_to_image(640, 360, for_print=for_print)
    assert (image.width(), image.height()) == (640, 360)
    corner = image.pixel(0, 0)
    drawn = sum(image.pixel(x, y) != corner for x in range(0, 640, 4) for y in range(0, 360, 4))
    assert drawn > 0.05 * 160 * 90
    if for_print:
        assert QtGui.QColor(corner) == QtGui.QColor("white")


def test_chart_with_nothing_to_draw(qtbot):
    chart = CompareChart()
    qtbot.addWidget(chart)
    chart.set_summaries([])
    assert chart.bars() == [] and chart.tooltip_at(QtCore.QPointF(0, 0)) == ""
    assert chart.render_to_image(300, 200).width() == 300


def test_every_bundled_scenario_can_be_compared(dialog):
    paths = sorted(SCENARIOS.glob("*.toml"))
    dialog.add_paths(paths)
    assert len(dialog.entries) == 1 + len(paths)   # each file once, the open one's file beside it
    assert dialog.model.find("Cost", "Total") > 0 and len(dialog.chart.bars()) > len(paths)
