"""The real window, driven offscreen: edits, undo, files, errors, every bundled scenario."""

from __future__ import annotations

import planner
import json

import pytest
from PySide6 import QtGui

from support import SCENARIOS
from gui_helpers import copy_scenario, drop
from planner.model.quantities import money


def total_shown(window) -> str:
    return window.results.figures["total_cost"].value.text()


def type_into(qtbot, field, text: str):
    field.selectAll()
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_edit_changes_the_total_to_what_the_engine_gives_and_undo_restores(make_window, tmp_path, qtbot):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    before = total_shown(window)
    assert before == money(planner.summarize(planner.load(path))["total"]["cost"])
    count = window.editor.fields["project.final_seeds"]   # compute.count keeps measured accelerator-hours
    type_into(qtbot, count, "128")
    expected = planner.summarize(planner.model.scenario.with_value(planner.load(path), "project", "final_seeds",
                                                                   128.0))
    assert total_shown(window) == money(expected["total"]["cost"])
    assert total_shown(window) != before
    assert window.isWindowModified()
    assert window.document.undo_stack.count() == 1  # "1", "12", "128" typed: one merged step
    window.undo_action.trigger()
    assert total_shown(window) == before
    assert count.text() == "10"
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert total_shown(window) == money(expected["total"]["cost"])


def test_large_numbers_typed_readably(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    tokens = window.editor.fields["training.tokens"]
    type_into(qtbot, tokens, "1.4T")
    assert window.document.scenario.training.tokens == 1.4e12
    assert window.document.summary["final_run"]["tokens"] == 1.4e12


def test_invalid_entry_is_marked_with_reason_and_changes_nothing(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    scenario = window.document.scenario
    heads = window.editor.fields["model.heads"]
    heads.setText("15")
    heads.textEdited.emit("15")  # pasted in one go: no valid "1" on the way
    assert heads.invalid is True
    assert "divisor of model.d_model" in heads.toolTip()
    assert window.document.scenario == scenario
    type_into(qtbot, heads, "lots")
    assert "not a number" in heads.toolTip()
    assert "Not applied" in window.statusBar().currentMessage()
    type_into(qtbot, heads, "32")
    assert heads.invalid is False
    assert window.document.scenario.model.heads == 32


def test_save_then_reopen_keeps_scenario_and_comment(make_window, tmp_path, qtbot, dialogs_log):
    path = copy_scenario(tmp_path)
    original = path.read_text()
    comment = next(line for line in original.splitlines() if line.startswith("#"))
    window = make_window(path)
    type_into(qtbot, window.editor.fields["project.trials"], "3")
    dialogs_log["answers"]["save"] = str(tmp_path / "copy")
    assert window.save_as()
    saved = tmp_path / "copy.toml"
    assert comment in saved.read_text()
    assert not window.isWindowModified()
    assert "copy.toml" in window.windowTitle()
    assert planner.load(saved) == window.document.scenario
    assert path.read_text() == original  # Save As leaves the original alone
    window2 = make_window(saved)
    assert window2.document.scenario == window.document.scenario
    assert total_shown(window2) == total_shown(window)


def test_bad_file_shows_the_message_and_changes_nothing(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    scenario, title = window.document.scenario, window.windowTitle()
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nname = "x"\n[model]\nparams = 1e9\n[training]\ntokens = 1e9\n'
                   '[compute]\naccelerator = "h100"\ncount = 0\n[pricing]\ncatalog = "lambda-2025"\n')
    before = bad.read_bytes()
    assert not window.open_path(str(bad))
    assert dialogs_log["errors"] and "compute.count" in dialogs_log["errors"][0]
    assert str(bad) in dialogs_log["errors"][0]
    assert window.document.scenario == scenario and window.windowTitle() == title
    assert bad.read_bytes() == before


def test_unsaved_changes_ask_before_new_and_cancel_keeps_them(make_window, tmp_path, qtbot, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    type_into(qtbot, window.editor.fields["compute.count"], "32")
    dialogs_log["answers"]["confirm"] = "cancel"
    window.new_file()
    assert dialogs_log["confirm"] == ["bert-large.toml"]
    assert window.document.scenario.compute.count == 32
    dialogs_log["answers"]["confirm"] = "discard"
    window.new_file()
    assert window.document.scenario.name == "Untitled scenario" and window.document.path is None
    assert "Untitled[*]" in window.windowTitle() or "Untitled" in window.windowTitle()


def test_close_with_unsaved_changes_asks(make_window, tmp_path, qtbot, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    type_into(qtbot, window.editor.fields["compute.count"], "32")
    dialogs_log["answers"]["confirm"] = "cancel"
    assert not window.close()
    dialogs_log["answers"]["confirm"] = "discard"
    assert window.close()


def test_drop_a_toml_opens_it(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    other = copy_scenario(tmp_path, "t5-11b.toml")
    drop(window, other)
    assert window.document.path == other
    assert window.document.scenario.name == planner.load(other).name


def test_recent_files_remembered(make_window, tmp_path, isolated_settings):
    from ui import settings
    window = make_window(copy_scenario(tmp_path))
    other = copy_scenario(tmp_path, "gpt2-1.5b.toml")
    window.open_path(str(other))
    assert settings.recent_files()[0] == str(other.resolve())
    assert [a.text() for a in window.recent_menu.actions()][0] == str(other.resolve())
    assert str(isolated_settings) in settings.settings().fileName()


def test_revert_restores_the_file(make_window, tmp_path, qtbot, dialogs_log):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    type_into(qtbot, window.editor.fields["compute.count"], "8")
    window.revert()
    assert window.document.scenario == planner.load(path)
    assert not window.isWindowModified()


def test_ablation_table_add_edit_remove_with_undo(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    table = window.editor.fields["project.ablations"]
    start = window.document.summary["total"]["cost"]
    table.add.click()
    assert table.model.rowCount() == 1
    index = table.model.index(0, 2)
    assert table.model.setData(index, "0.5")
    assert window.document.scenario.project.ablations[0].scale == 0.5
    assert not table.model.setData(table.model.index(0, 1), "-3")  # refused, unchanged
    assert window.document.scenario.project.ablations[0].runs == 1
    assert window.document.summary["total"]["cost"] > start
    table.view.selectRow(0)
    table.remove.click()
    assert table.model.rowCount() == 0
    assert window.document.summary["total"]["cost"] == pytest.approx(start)
    window.undo_action.trigger()
    assert table.model.rowCount() == 1


def test_pricing_shows_price_date_and_source_and_switches_catalog(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    label = window.editor.price_label.text()
    assert "as of 2019" in label and "Strubell" in label
    accel = window.editor.fields["compute.accelerator"]
    accel.setCurrentIndex(accel.findData("h100"))
    accel.activated.emit(accel.currentIndex())
    assert window.document.scenario.compute.accelerator == "h100"
    assert window.document.scenario.pricing.catalog != "gcp-2019"  # gcp-2019 has no H100: moved on
    assert window.document.summary["pricing"]["accelerator"] == "h100"


def test_throughput_mode_switch_keeps_the_answer(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    hours_before = window.document.summary["final_run"]["accelerator_hours"]
    mode = window.editor.fields["compute.mode"]
    mode.setCurrentIndex(mode.findData("utilization"))
    mode.activated.emit(mode.currentIndex())
    assert window.document.scenario.compute.hours is None
    assert window.document.scenario.compute.utilization is not None
    assert window.document.summary["final_run"]["accelerator_hours"] == pytest.approx(hours_before, rel=0.01)


def test_preset_applies_a_published_shape(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))
    preset = window.editor.fields["model.preset"]
    index = next(i for i in range(preset.count()) if preset.itemText(i).startswith("GPT-3"))
    preset.setCurrentIndex(index)
    preset.activated.emit(index)
    assert window.document.summary["final_run"]["params"] == pytest.approx(175e9, rel=0.01)
    assert window.editor.fields["model.layers"].text() == "96"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.name)
def test_every_bundled_scenario_opens_and_renders(make_window, path):
    window = make_window(path)
    summary = planner.summarize(planner.load(path))
    assert total_shown(window) == money(summary["total"]["cost"])
    window.charts.setCurrentIndex(1)
    image = window.grab().toImage()
    assert image.width() >= 1280 and image.height() >= 800


def test_table_models_pass_qtmodeltester(make_window, tmp_path, qtmodeltester):
    from ui.dialogs.catalogs_view import CatalogTableModel
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    qtmodeltester.check(window.results.table_model)
    qtmodeltester.check(window.editor.fields["project.ablations"].model)
    qtmodeltester.check(CatalogTableModel(window.document.catalogs))


def test_catalog_import_validates_and_copies(make_window, tmp_path, dialogs_log, _isolated_config):
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path))
    dialog = CatalogsDialog(window.document.catalogs, window)
    bad = tmp_path / "evil.toml"
    bad.write_text('schema = 1\nid = "../../evil"\ncurrency = "USD"\nas_of = "2026-01-01"\nsource = "x"\n'
                   '[[price]]\naccelerator = "h100"\nper = "accelerator"\non-demand = 1.0\n')
    assert not dialog.import_file(str(bad))
    assert "id" in dialogs_log["errors"][-1]
    good = tmp_path / "ours.toml"
    good.write_text(bad.read_text().replace("../../evil", "our-cluster"))
    assert dialog.import_file(str(good))
    assert (_isolated_config / "nlp-budget-planner" / "catalogs" / "our-cluster.toml").exists()
    assert dialog.model.rowCount() == len(window.document.catalogs.pricing) + 1


def test_export_report_and_charts_from_the_window(make_window, tmp_path, dialogs_log):
    from pypdf import PdfReader
    window = make_window(copy_scenario(tmp_path))
    for name in ("r.pdf", "r.md", "r.csv"):
        dialogs_log["answers"]["save"] = str(tmp_path / name)
        assert window.export_report()
        assert (tmp_path / name).stat().st_size > 0
    assert money(window.document.summary["total"]["cost"]) in (tmp_path / "r.md").read_text()
    assert PdfReader(tmp_path / "r.pdf").pages
    dialogs_log["answers"]["save"] = str(tmp_path / "c.png")
    assert window.export_chart()
    image = QtGui.QImage(str(tmp_path / "c.png"))
    assert (image.width(), image.height()) == (1200, 700)
    dialogs_log["answers"]["save"] = str(tmp_path / "c.svg")
    assert window.export_chart()
    svg = (tmp_path / "c.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "Seed repeats" in svg
    dialogs_log["answers"]["save"] = str(tmp_path / "c.gif")
    assert not window.export_chart()
    assert ".png or .svg" in dialogs_log["errors"][-1]


def test_every_chart_tab_exports(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))   # ranged: a histogram to export
    for index in range(window.charts.count()):
        window.charts.setCurrentIndex(index)
        path = tmp_path / f"tab{index}.png"
        dialogs_log["answers"]["save"] = str(path)
        assert window.export_chart(), window.charts.tabText(index)
        image = QtGui.QImage(str(path))
        assert (image.width(), image.height()) == (1200, 700)
    assert dialogs_log["errors"] == []


def test_print_preview_renders_pages(make_window, tmp_path, monkeypatch):
    from PySide6 import QtPrintSupport
    window = make_window(copy_scenario(tmp_path))
    pages = []

    def fake_exec(dialog):
        printer = QtPrintSupport.QPrinter()
        printer.setOutputFormat(QtPrintSupport.QPrinter.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        dialog.paintRequested.emit(printer)
        pages.append((tmp_path / "preview.pdf").exists())
        return 0

    monkeypatch.setattr(QtPrintSupport.QPrintPreviewDialog, "exec", fake_exec)
    window.print_preview()
    assert pages == [True]


def test_whatif_lever_changes_the_total_and_shows_its_effect(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    before = window.document.summary["total"]["cost"]
    type_into(qtbot, window.editor.fields["whatif.sample_efficiency"], "4")
    assert window.document.summary["total"]["cost"] == pytest.approx(before / 4)
    assert "ELECTRA" in window.results.notes.text()
    assert "tokens per parameter" in window.results.notes.text()  # the sanity check is shown too
    window.undo_action.trigger()
    assert window.document.summary["total"]["cost"] == pytest.approx(before)


def test_uncertainty_and_sensitivity_tabs_follow_edits(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    window.charts.setCurrentWidget(window.uncertainty)
    counts = window.uncertainty.histogram_counts()
    assert sum(counts) == window.document.summary["uncertainty"]["samples"]
    window.charts.setCurrentWidget(window.tornado)
    from planner.analysis.sensitivity import tornado
    swings = tornado(window.document.scenario, window.document.catalogs)
    assert window.tornado.bars() == [(s.label, s.low_cost, s.high_cost) for s in swings]
    type_into(qtbot, window.editor.fields["compute.count"], "512")
    window.charts.setCurrentWidget(window.uncertainty)
    assert sum(window.uncertainty.histogram_counts()) == sum(counts)


def test_name_and_description_are_editable_and_saved(make_window, tmp_path, qtbot):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    type_into(qtbot, window.editor.fields["name"], "Our plan <v2>")
    window.editor.fields["description"].setPlainText("Grant proposal, spring")
    assert window.document.scenario.name == "Our plan <v2>"
    assert "Our plan <v2>" in window.windowTitle()
    assert window.save()
    again = planner.load(path)
    assert again.name == "Our plan <v2>" and again.description == "Grant proposal, spring"


def test_catalog_switch_follows_the_command_lines_repricing_rule(make_window, tmp_path, capsys):
    """One rule: choosing a catalog replaces a price_per_hour override, as `--catalog` does, and the
    window then shows the figure the command line gives."""
    from nlp_budget.main import main
    path = copy_scenario(tmp_path, "decoder-7b-h100.toml")
    text = path.read_text().replace("[pricing]\n", "[pricing]\nprice_per_hour = 9.99\n", 1)
    path.write_text(text)
    window = make_window(path)
    assert window.document.scenario.pricing.price_per_hour == 9.99
    choice = window.editor.fields["pricing.catalog"]
    choice.setCurrentIndex(choice.findData("aws-2025"))
    choice.activated.emit(choice.currentIndex())
    assert window.document.scenario.pricing.catalog == "aws-2025"
    assert window.document.scenario.pricing.price_per_hour is None   # was kept, and still won, before
    assert "replaces the file's pricing.price_per_hour = 9.99" in window.statusBar().currentMessage()
    assert main(["summary", str(path), "--catalog", "aws-2025", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert window.document.summary.total.cost == pytest.approx(out["total"]["cost"], rel=1e-12)
