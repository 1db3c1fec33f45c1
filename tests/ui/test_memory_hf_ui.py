"""The Memory tab draws the figures `nlp-budget memory` prints, after every edit; File > New from Hugging
Face Config... writes a scenario from a config.json and opens it."""

import json

import pytest

import planner
from gui_helpers import copy_scenario
from nlp_budget.main import main
from support import DATA


def memory_tab(window):
    window.charts.setCurrentIndex(list(window.charts.tabText(i) for i in range(window.charts.count())).index("Memory"))
    return window.charts.chart("memory")


def test_memory_tab_shows_the_command_lines_figures_and_follows_edits(make_window, tmp_path, capsys, qtbot):
    path = copy_scenario(tmp_path, "gpt2-1.5b.toml")
    window = make_window(path)
    chart = memory_tab(window)
    assert main(["memory", str(path), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    shown = dict(chart.segments())
    gb = cli["per_accelerator_gb"]
    assert shown == pytest.approx({"Weights": gb["weights"], "Gradients": gb["gradients"],
                                   "Adam state": gb["optimizer"], "Activations": gb["activations"]})
    assert f"Fewest that fit: {cli['min_accelerators']}" in " ".join(chart.verdict().split()) and " fits in 32 GB" in " ".join(chart.verdict().split())
    # An edit redraws the tab on screen: one accelerator cannot hold the run.
    window.document.edit_value("compute", "count", 1.0)
    assert "(ZeRO 3, tp 1, pp 1, 1 accelerators)" in " ".join(chart.verdict().split())
    assert "does not fit" in " ".join(chart.verdict().split())


def test_new_from_hugging_face_config_writes_and_opens_the_scenario(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    out = tmp_path / "llama"
    dialogs_log["answers"]["open_many"] = [str(DATA / "hf" / "llama-3-8b-instruct.json")]
    dialogs_log["answers"]["save"] = str(out)
    assert window.new_from_hf()
    written = tmp_path / "llama.toml"
    assert window.document.path == written and written.exists()
    assert window.document.summary["final_run"]["params"] == pytest.approx(8.0305e9, rel=1e-4)
    assert planner.load(written).model.tie_embeddings is False
    assert "pretraining_tp" in window.statusBar().currentMessage()
    assert not dialogs_log["errors"]


def test_a_config_that_is_not_one_is_refused_and_changes_nothing(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    before = window.document.scenario
    bad = tmp_path / "config.json"
    bad.write_text("[]", encoding="utf-8")
    dialogs_log["answers"]["open_many"] = [str(bad)]
    dialogs_log["answers"]["save"] = str(tmp_path / "out.toml")
    assert not window.new_from_hf()
    assert dialogs_log["errors"] and "expected a JSON object" in dialogs_log["errors"][0]
    assert window.document.scenario == before and not (tmp_path / "out.toml").exists()
