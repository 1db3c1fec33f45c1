"""Every key the domain reads has a field in the editor, and an edit there gives the command line's figures."""

from __future__ import annotations

import json

import pytest

from nlp_budget.main import main
from planner.model.scenario import section_keys
from ui.editor.help_text import FIELD_HELP

from gui_helpers import copy_scenario

THROUGHPUT = {"compute.tokens_per_second", "compute.hours"}   # edited by the one throughput field
NEW = ("model.tie_embeddings", "model.encoder_layers", "model.decoder_layers", "model.target_len",
       "compute.zero", "compute.tp", "compute.pp", "training.micro_batch")


def type_into(qtbot, field, text: str):
    field.selectAll()
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)   # one key at a time: every prefix is an edit


def choose(combo, value):
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def cli_summary(capsys, path) -> dict:
    capsys.readouterr()
    assert main(["summary", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_key_of_every_section_has_a_field_with_help(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path, "t5-11b.toml"))
    fields = window.editor.fields
    keys = {f"{s}.{k}" for s in ("model", "training", "compute", "pricing", "energy", "whatif", "budget",
                                 "schedule") for k in section_keys(s)}
    assert sorted(keys - set(fields) - THROUGHPUT) == []
    for key in NEW:
        tip = fields[key].toolTip()
        assert tip == FIELD_HELP[key] and "Default" in tip, key   # what it is, and where the default comes from


def test_encoder_decoder_keys_show_only_for_that_family(make_window, tmp_path, qtbot):
    editor = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml")).editor
    stacks = [editor.fields[f"model.{k}"] for k in ("encoder_layers", "decoder_layers", "target_len")]
    assert not any(f.isVisibleTo(editor) for f in stacks)
    assert editor.model_form.labelForField(editor.fields["model.layers"]).text() == "Layers"
    t5 = make_window(copy_scenario(tmp_path, "t5-11b.toml")).editor
    stacks = [t5.fields[f"model.{k}"] for k in ("encoder_layers", "decoder_layers", "target_len")]
    assert all(f.isVisibleTo(t5) for f in stacks)
    assert [f.placeholderText() for f in stacks] == ["24 (layers / 2)", "24 (layers / 2)",
                                                     "= sequence length (512)"]
    assert t5.model_form.labelForField(t5.fields["model.layers"]).text() == "Layers (both stacks)"


def test_edits_of_the_new_keys_give_the_command_lines_totals_and_memory(make_window, tmp_path, qtbot, capsys):
    path = copy_scenario(tmp_path, "t5-11b.toml")
    window = make_window(path)
    doc, fields = window.document, window.editor.fields
    choose(fields["compute.mode"], "utilization")   # priced from FLOPs, so that the shape moves the cost
    assert doc.scenario.compute.hours is None and doc.scenario.compute.utilization is not None
    before = doc.summary
    type_into(qtbot, fields["model.encoder_layers"], "20")
    assert fields["model.decoder_layers"].placeholderText() == "28 (layers - encoder)"
    type_into(qtbot, fields["model.target_len"], "114")
    tied = fields["model.tie_embeddings"]
    assert tied.isChecked() and doc.scenario.model.tie_embeddings is None   # the file leaves it out: tied
    tied.click()
    choose(fields["compute.zero"], 1)
    for key, text in (("compute.tp", "8"), ("compute.pp", "4"), ("training.micro_batch", "2")):
        type_into(qtbot, fields[key], text)
    m, c = doc.scenario.model, doc.scenario.compute
    assert (m.encoder_layers, m.target_len, m.tie_embeddings) == (20, 114, False)
    assert (c.zero, c.tp, c.pp, doc.scenario.training.micro_batch) == (1, 8, 4, 2)
    assert doc.summary.total.cost < 0.9 * before.total.cost   # the edits moved the figures compared
    assert window.save()
    out = cli_summary(capsys, path)
    s = doc.summary
    assert s.total.cost == pytest.approx(out["total"]["cost"], rel=1e-12)
    assert s.final_run.params == pytest.approx(out["final_run"]["params"], rel=1e-12)
    assert s.final_run.flops == pytest.approx(out["final_run"]["flops"], rel=1e-12)
    assert json.loads(s.to_json())["checks"]["memory"] == out["checks"]["memory"]
    assert out["checks"]["memory"]["zero"] == 1 and out["checks"]["memory"]["tp"] == 8
    assert out["checks"]["memory"]["micro_batch"] == 2
    gb = out["checks"]["memory"]["per_accelerator_gb"]["total"]
    assert f"{gb:,.1f} GB per accelerator" in window.editor.memory_note.text()


def test_untying_adds_the_output_matrix_to_the_parameters(make_window, tmp_path, capsys):
    path = copy_scenario(tmp_path, "t5-11b.toml")
    window = make_window(path)
    before = window.document.summary.final_run.params
    window.editor.fields["model.tie_embeddings"].click()
    assert window.document.summary.final_run.params - before == 32128 * 1024   # vocab x d_model
    assert window.save() and "tie_embeddings = false" in path.read_text()
    assert cli_summary(capsys, path)["final_run"]["params"] == window.document.summary.final_run.params
    window.editor.fields["model.tie_embeddings"].click()   # back to the default: the key goes
    assert window.document.scenario.model.tie_embeddings is None


@pytest.mark.parametrize("key, text, reason", [
    ("compute.tp", "3", "divisor of model.heads (128)"), ("compute.tp", "0", "greater than zero"),
    ("compute.pp", "49", "at most the model's layers (48)"), ("compute.tp", "1024",
                                                               "at most compute.count"),
    ("training.micro_batch", "1.5", "whole number"), ("model.encoder_layers", "48", "fewer than model.layers"),
    ("model.target_len", "-1", "greater than zero")])
def test_an_invalid_entry_is_red_with_its_reason_and_changes_nothing(make_window, tmp_path, qtbot, key, text,
                                                                     reason):
    window = make_window(copy_scenario(tmp_path, "t5-11b.toml"))
    original = window.document.scenario
    field = window.editor.fields[key]
    type_into(qtbot, field, text)
    assert field.invalid and reason in field.toolTip(), field.toolTip()
    assert window.document.scenario == original and window.document.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == f"Not applied: {field.toolTip()}"


def test_one_typing_session_is_one_undo_step(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "t5-11b.toml"))
    doc = window.document
    type_into(qtbot, window.editor.fields["compute.tp"], "16")   # "1" then "16"
    assert doc.scenario.compute.tp == 16 and doc.undo_stack.count() == 1
    window.editor.fields["compute.pp"].setFocus()                # leaving the field ends the session
    type_into(qtbot, window.editor.fields["compute.pp"], "2")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.scenario.compute.tp is None and window.editor.fields["compute.tp"].text() == ""


def test_leaving_encoder_decoder_drops_its_keys_in_one_step(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "t5-11b.toml"))
    doc, fields = window.document, window.editor.fields
    type_into(qtbot, fields["model.target_len"], "114")
    doc.end_merge()
    edited = doc.scenario
    choose(fields["model.family"], "decoder")
    assert doc.scenario.model.family == "decoder" and doc.scenario.model.target_len is None
    assert "model.target_len dropped" in window.statusBar().currentMessage()
    assert not fields["model.target_len"].isVisibleTo(window.editor)
    doc.undo_stack.undo()
    assert doc.scenario == edited and fields["model.target_len"].isVisibleTo(window.editor)


def test_the_uncertainty_tabs_cap_is_the_scenarios_budget_cap(make_window, tmp_path, qtbot, capsys):
    path = copy_scenario(tmp_path, "decoder-7b-h100.toml")
    window = make_window(path)
    doc, tab = window.document, window.charts.uncertainty
    window.charts.setCurrentWidget(tab)
    type_into(qtbot, tab.cap_field, "650k")
    assert doc.scenario.budget.cap == 650_000 and doc.undo_stack.count() == 1
    assert window.editor.fields["budget.cap"].text() == "650,000"        # one key, two places
    p = doc.summary.budget.probability_over
    assert 0.05 < p < 0.95 and tab.probability_text() == f"P(total > cap) = {p:.1%}"
    assert window.results.figures["committed"].band.text().startswith(f"{p:.1%} chance over the")
    assert window.save() and "cap = 650000" in path.read_text()
    assert cli_summary(capsys, path)["budget"]["probability_over"] == p
    # And the editor's field moves the tab's.
    type_into(qtbot, window.editor.fields["budget.cap"], "$1.2M")
    assert tab.cap_field.text() == "1,200,000" and tab.cap_value() == 1.2e6
    assert tab.probability_text() == f"P(total > cap) = {doc.summary.budget.probability_over:.1%}"
