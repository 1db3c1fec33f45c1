"""Editing in the window: invalid entries, typing sessions as undo steps, undo keys, engine failures."""

from __future__ import annotations

import planner
import pytest
from PySide6 import QtCore, QtGui

from gui_helpers import copy_scenario

K = QtGui.QKeySequence


def type_into(qtbot, field, text: str):
    field.selectAll()
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)   # one key at a time: every prefix is an edit


def press(qtbot, widget, sequence: str):
    combo = K(sequence)[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


@pytest.mark.parametrize("key, text", [("model.layers", "2.5"), ("compute.utilization", "0.5-0.3"),
                                       ("compute.utilization", "1.4e12"), ("training.tokens", "1.4t"),
                                       ("project.trials", "1e400")])
def test_an_invalid_entry_never_changes_the_scenario(make_window, tmp_path, qtbot, key, text):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    original, total = window.document.scenario, window.results.figures["total_cost"].value.text()
    field = window.editor.fields[key]
    type_into(qtbot, field, text)   # "2", "0.5", "1.4", "1e40" are valid on the way
    assert field.invalid and field.toolTip()
    assert window.document.scenario == original
    assert window.results.figures["total_cost"].value.text() == total
    assert window.statusBar().currentMessage() == f"Not applied: {field.toolTip()}"
    assert window.document.undo_stack.count() == 0 and not window.isWindowModified()
    assert field.text() == text   # left as typed, to be corrected


def test_correcting_an_invalid_entry_applies_it_as_one_step(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    layers = window.editor.fields["model.layers"]
    type_into(qtbot, layers, "2.5")
    qtbot.keyClick(layers, QtCore.Qt.Key_Backspace)
    qtbot.keyClick(layers, QtCore.Qt.Key_Backspace)
    qtbot.keyClicks(layers, "4")
    assert window.document.scenario.model.layers == 24 and not layers.invalid
    assert window.document.undo_stack.count() == 1
    window.undo_action.trigger()
    assert window.document.scenario.model.layers == 32


def test_typing_back_the_original_value_leaves_no_step(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))   # count = 64
    count = window.editor.fields["compute.count"]
    type_into(qtbot, count, "64")                    # "6" then "64"
    assert window.document.undo_stack.count() == 0
    assert not window.isWindowModified()


def test_separate_typing_sessions_are_separate_undo_steps(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    count, trials = window.editor.fields["compute.count"], window.editor.fields["project.trials"]
    type_into(qtbot, count, "128")
    qtbot.keyClick(count, QtCore.Qt.Key_Return)      # editing finished
    type_into(qtbot, count, "32")
    assert window.document.undo_stack.count() == 2
    type_into(qtbot, trials, "3")
    type_into(qtbot, count, "16")
    assert window.document.undo_stack.count() == 4
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.scenario.compute.count == 32
    window.undo_action.trigger()
    assert window.document.scenario.compute.count == 128
    window.undo_action.trigger()
    assert window.document.scenario.compute.count == 64


@pytest.mark.parametrize("name", ["compute.count", "name", "description"])
def test_leaving_a_field_ends_its_typing_session_once(make_window, tmp_path, qtbot, monkeypatch, name):
    from ui.document import ScenarioDocument
    ended = []
    real = ScenarioDocument.end_merge
    monkeypatch.setattr(ScenarioDocument, "end_merge", lambda self: ended.append(1) or real(self))
    window = make_window(copy_scenario(tmp_path))   # made after the patch: the fields connect to it
    field = window.editor.fields[name] if name in window.editor.fields else window.editor.findChild(QtCore.QObject, name)
    field.setFocus()
    qtbot.keyClicks(field, "1")
    ended.clear()
    # Called directly (focus is unreliable offscreen); a line edit's editingFinished comes with it.
    field.focusOutEvent(QtGui.QFocusEvent(QtCore.QEvent.Type.FocusOut, QtCore.Qt.FocusReason.TabFocusReason))
    assert len(ended) == 1


def test_saving_ends_the_typing_session(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    count = window.editor.fields["compute.count"]
    type_into(qtbot, count, "12")
    assert window.save()
    qtbot.keyClicks(count, "8")                      # "128": after the save, a step of its own
    assert window.document.undo_stack.count() == 2 and window.isWindowModified()
    window.undo_action.trigger()
    assert window.document.scenario.compute.count == 12 and not window.isWindowModified()


@pytest.mark.parametrize("name", ["compute.count", "name"])
def test_undo_keys_in_a_field_act_on_the_scenario(make_window, tmp_path, qtbot, name):
    window = make_window(copy_scenario(tmp_path))
    field = window.editor.fields[name]
    before = field.text()
    type_into(qtbot, field, "128")
    press(qtbot, field, "Ctrl+Z")
    assert field.text() == before                    # the scenario's value, not a blank field
    assert window.document.scenario == planner.load(window.document.path)
    press(qtbot, field, "Ctrl+Z")                    # nothing more to undo: and no new edit either
    assert window.document.undo_stack.count() == 1 and window.document.undo_stack.index() == 0
    press(qtbot, field, "Ctrl+Shift+Z")
    assert field.text() == "128"
    press(qtbot, field, "Ctrl+Z")
    press(qtbot, field, "Ctrl+Y")
    assert field.text() == "128" and window.document.undo_stack.index() == 1


def test_undo_in_a_field_shows_the_value_over_an_invalid_entry(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    count, trials = window.editor.fields["compute.count"], window.editor.fields["project.trials"]
    type_into(qtbot, trials, "3")
    type_into(qtbot, count, "lots")
    press(qtbot, count, "Ctrl+Z")                    # undoes the trials edit; count shows its value again
    assert count.text() == "64" and not count.invalid
    assert window.document.scenario == planner.load(window.document.path)


def test_redo_has_both_usual_shortcuts_once(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))
    redo = window.redo_action.shortcuts()
    assert K("Ctrl+Shift+Z") in redo and K("Ctrl+Y") in redo
    assert len(redo) == len({s.toString() for s in redo})
    assert window.undo_action.shortcuts()[0] == K(K.Undo)


def test_redo_shortcuts_reach_the_window(make_window, tmp_path, qtbot):
    from PySide6.QtTest import QTest
    window = make_window(copy_scenario(tmp_path))
    window.editor.fields["compute.count"].setText("8")
    window.editor.fields["compute.count"].textEdited.emit("8")
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    for sequence in ("Ctrl+Shift+Z", "Ctrl+Y"):
        press(qtbot, window.results.table, "Ctrl+Z")   # not a text field: the window's shortcuts
        assert window.document.scenario.compute.count == 64
        press(qtbot, window.results.table, sequence)
        assert window.document.scenario.compute.count == 8


def test_an_engine_failure_during_an_edit_keeps_the_window_and_the_scenario(make_window, tmp_path, qtbot,
                                                                            monkeypatch):
    window = make_window(copy_scenario(tmp_path))
    original = window.document.scenario
    real = planner.summarize

    def broken(scenario, *args, **kwargs):
        raise ZeroDivisionError("division by zero in the engine")
    monkeypatch.setattr(planner, "summarize", broken)
    count = window.editor.fields["compute.count"]
    type_into(qtbot, count, "8")
    assert window.document.scenario == original and window.document.undo_stack.count() == 0
    assert count.invalid and "could not compute" in count.toolTip() and "division by zero" in count.toolTip()
    assert "Not applied" in window.statusBar().currentMessage()
    monkeypatch.setattr(planner, "summarize", real)
    type_into(qtbot, count, "8")
    assert window.document.scenario.compute.count == 8 and not count.invalid
    window.undo_action.trigger()
    assert window.document.scenario == original


def test_a_range_in_a_whatif_field_does_not_crash(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    window.editor.fields["whatif.spot"].click()
    field = window.editor.fields["whatif.preemption_overhead"]
    type_into(qtbot, field, "0.05-0.2")
    # Applied or refused with a reason; either way the window is alive and consistent.
    assert window.document.summary == planner.summarize(window.document.scenario, window.document.catalogs)
    assert field.invalid == (window.document.scenario.whatif.preemption_overhead is None
                             or window.document.scenario.whatif.preemption_overhead == 0.05)


def test_importing_a_catalog_keeps_unsaved_changes_and_history(make_window, tmp_path, qtbot, _isolated_config):
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    type_into(qtbot, window.editor.fields["compute.count"], "128")
    dialog = CatalogsDialog(window.document.catalogs, window)
    dialog.imported.connect(window._catalogs_changed)
    ours = tmp_path / "ours.toml"
    ours.write_text('schema = 1\nid = "our-cluster"\nname = "Our cluster"\ncurrency = "USD"\n'
                    'as_of = "2026-01-01"\nsource = "internal quote"\n'
                    '[[price]]\naccelerator = "h100"\nper = "accelerator"\non-demand = 1.0\n')
    assert dialog.import_file(str(ours))
    assert window.isWindowModified() and window.document.undo_stack.count() == 1
    assert window.document.scenario.compute.count == 128
    assert "our-cluster" in window.document.catalogs.pricing
    catalog = window.editor.fields["pricing.catalog"]
    assert catalog.findData("our-cluster") >= 0
    catalog.setCurrentIndex(catalog.findData("our-cluster"))
    catalog.activated.emit(catalog.currentIndex())
    assert window.document.summary["pricing"]["price_per_accelerator_hour"] == 1.0, window.statusBar().currentMessage()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.scenario.compute.count == 256 and not window.isWindowModified()
