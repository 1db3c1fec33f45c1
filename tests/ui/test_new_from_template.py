"""File > New starts from a blank scenario or a bundled example, chosen."""

from __future__ import annotations

import planner

from gui_helpers import copy_scenario


def test_new_offers_blank_and_every_example_and_blank_has_no_description_or_comments(make_window, tmp_path,
                                                                                      dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    window.new_file()
    labels = [label for label, _ in dialogs_log["templates"]]
    assert labels[0].startswith("Blank scenario") and len(labels) == 1 + 6
    assert any("BERT-Large" in label for label in labels)
    s = window.document.scenario
    assert s.name == "Untitled scenario" and s.description == "" and "#" not in (s.source_text or "")
    assert window.document.path is None and window.document.summary.total.cost > 0
    report = window.document.summary
    assert report.final_run.tokens == 2e10 and s.compute.accelerator == "h100"
    saved = tmp_path / "mine.toml"
    dialogs_log["answers"]["save"] = str(saved)
    assert window.save() and "#" not in saved.read_text()
    assert planner.summarize(planner.load(saved)).total.cost == report.total.cost


def test_new_from_an_example_keeps_it_whole_but_unsaved(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    dialogs_log["answers"]["template"] = next(i for i, (label, _) in enumerate(
        __import__("ui.defaults", fromlist=["templates"]).templates()) if "T5-11B" in label)
    window.new_file()
    assert window.document.scenario.name.startswith("T5-11B") and window.document.path is None
