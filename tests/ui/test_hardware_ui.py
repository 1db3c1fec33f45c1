"""The window's accelerator and count controls use the command line's rules (planner.analysis.edits)."""

from __future__ import annotations

import json

import pytest

from nlp_budget.main import main

from gui_helpers import copy_scenario
from test_ui_edits import type_into


def choose(combo, data) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def cli_summary(capsys, *argv) -> dict:
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_switching_to_h100_prices_what_the_offers_chart_shows(make_window, tmp_path, capsys):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    offered = {(o.accelerator, o.catalog, o.offer): o.cost for o in window.document.options()}
    choose(window.editor.fields["compute.accelerator"], "h100")
    summary = window.document.summary
    assert summary.total.cost == offered[("h100", "aws-skypilot-2026", "on-demand")]   # $38,467, not $756,941
    assert window.results.figures["total_cost"].value.text() == "$38,467"
    message = window.statusBar().currentMessage()
    assert "28.3% implied utilization kept on h100" in message and "aws-skypilot-2026" in message
    assert window.editor.fields["compute.mode"].currentData() == "utilization"
    assert window.document.undo_stack.count() == 1
    cli = cli_summary(capsys, "summary", str(path), "--accelerator", "h100")
    assert cli["total"]["cost"] == pytest.approx(summary.total.cost, rel=1e-14)   # JSON holds 15 figures


def test_typing_a_count_keeps_measured_accelerator_hours(make_window, tmp_path, qtbot, capsys):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    type_into(qtbot, window.editor.fields["compute.count"], "128")   # "1", "12", "128" on the way
    s = window.document.scenario
    assert (s.compute.count, s.compute.hours) == (128, 48)
    assert window.results.figures["total_cost"].value.text() == "$138,240"
    assert "linear scaling assumed" in window.statusBar().currentMessage()
    assert window.document.undo_stack.count() == 1
    cli = cli_summary(capsys, "summary", str(path), "--count", "128")
    assert cli["total"] == window.document.summary.total.to_dict()
    window.undo_action.trigger()
    assert window.document.scenario.compute.hours == 96


def test_a_switch_without_flops_is_refused_in_the_status_bar(make_window, tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('schema = 1\nname = "m"\n[model]\nparams = 1e9\n[compute]\naccelerator = "a100-80gb"\n'
                    'count = 8\nhours = 10\n[pricing]\ncatalog = "aws-2025"\n')
    window = make_window(path)
    before = window.document.scenario
    combo = window.editor.fields["compute.accelerator"]
    choose(combo, "h100")
    assert window.document.scenario == before and combo.currentData() == "a100-80gb"
    assert "FLOPs are unknown" in window.statusBar().currentMessage()


def test_the_offers_chart_of_a_measured_run_without_flops_shows_its_own_offers(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path, "gpt2-1.5b.toml"))
    window.charts.setCurrentIndex(1)
    bars = window.options_chart.bars()
    assert bars and all(label.startswith("tpu-v3 · ") for label, _cost, _current in bars)
    assert any("(3-yr min.)" in label for label, _c, _cur in bars)
    current = next(cost for _label, cost, cur in bars if cur)
    assert current == window.document.summary.total.cost
