"""Fields take what people type, refuse an emptied required value, and combos leave no empty undo step."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtTest import QTest

import planner
from planner.model.values import Range

from gui_helpers import copy_scenario
from test_hardware_ui import choose
from test_ui_edits import type_into


@pytest.mark.parametrize("mode_key", ["compute.hours", "compute.utilization"])
def test_an_emptied_throughput_field_is_refused_and_keeps_the_mode(make_window, tmp_path, qtbot, mode_key):
    name = "bert-large.toml" if mode_key == "compute.hours" else "decoder-7b-h100.toml"
    window = make_window(copy_scenario(tmp_path, name))
    before, total = window.document.scenario, window.results.figures["total_cost"].value.text()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    field = window.editor.throughput
    type_into(qtbot, field, "9")   # valid on the way, then emptied
    field.selectAll()
    qtbot.keyClick(field, QtCore.Qt.Key_Backspace)
    assert field.text() == "" and field.invalid and "required" in field.toolTip()
    assert window.document.scenario == before
    assert window.results.figures["total_cost"].value.text() == total   # bert-large: $138,240, not $104,576
    assert window.editor.fields["compute.mode"].currentData() == mode_key.split(".")[1]
    assert field.isEnabled() and QtWidgets.QApplication.focusWidget() is field
    assert window.document.undo_stack.count() == 0


@pytest.mark.parametrize("key, text, expected", [
    ("compute.utilization", "40%", 0.4), ("training.tokens", "[1.5T, 2.5T]", Range(1.5e12, 2.5e12)),
    ("compute.utilization", "0.3-0.5", Range(0.3, 0.5)), ("pricing.price_per_hour", "$2", 2.0),
    ("project.trials", "2.5k", 2500.0), ("compute.utilization", "30-45%", Range(0.3, 0.45))])
def test_fields_accept_what_people_type_and_the_file_keeps_numbers(make_window, tmp_path, qtbot, key, text, expected):
    path = copy_scenario(tmp_path, "decoder-7b-h100.toml")
    window = make_window(path)
    field = window.editor.fields[key]
    type_into(qtbot, field, text)
    assert not field.invalid, field.toolTip()
    section, name = key.split(".")
    assert getattr(getattr(window.document.scenario, section), name) == pytest.approx(expected) \
        if not isinstance(expected, Range) else getattr(getattr(window.document.scenario, section), name) == expected
    assert window.save()
    saved = path.read_text()
    wanted = (f"{name} = [{expected.low:g}, {expected.high:g}]" if isinstance(expected, Range)
              else f"{name} = {expected:g}")
    assert wanted.replace("e+12", "e12") in saved.replace("e+12", "e12").replace("_000_000_000_000", "e12") \
        or planner.load(path).__getattribute__(section).__getattribute__(name) == expected


@pytest.mark.parametrize("key, other", [("pricing.offer", "spot"), ("pricing.catalog", "runpod-2025"),
                                         ("compute.mode", None), ("compute.mode", "hours"),
                                         ("training.recompute", "full"), ("compute.accelerator", "a100-80gb")])
def test_a_combo_returned_to_its_value_leaves_no_undo_step(make_window, tmp_path, key, other):
    path = tmp_path / "h100.toml"
    path.write_text('schema = 1\nname = "h"\n[model]\nparams = 7e9\n[training]\ntokens = 1e12\n[compute]\n'
                    'accelerator = "h100"\ncount = 64\nutilization = 0.4\n[pricing]\ncatalog = "aws-2025"\n')
    window = make_window(path)
    combo = window.editor.fields[key]
    original = combo.currentData()
    choose(combo, other)
    assert window.document.undo_stack.count() == 1 and window.isWindowModified()
    choose(combo, original)
    assert window.document.undo_stack.count() == 0 and not window.isWindowModified()
