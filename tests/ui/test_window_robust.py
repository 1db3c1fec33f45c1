"""The window against other programs, absurd files and long sessions: it asks before saving over
another program's changes, shows the planner's refusals, renders names literally and frees undo steps."""

from __future__ import annotations

import traceback
import gc
import tracemalloc

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

import planner
from gui_helpers import copy_scenario
from planner.model.scenario import with_value
from support import SCENARIOS, write_scenario
from ui.document import EditCommand, ScenarioDocument


def edited(window, count=128.0):
    doc = window.document
    doc.edit(with_value(doc.scenario, "compute", "count", count), "Edit count", "compute.count")


@pytest.mark.parametrize("answer", ["cancel", "overwrite", "reload"])
def test_save_asks_before_overwriting_another_programs_changes(make_window, tmp_path, dialogs_log, answer):
    path = copy_scenario(tmp_path, "bert-large.toml")
    window = make_window(path)
    edited(window)
    theirs = path.read_text().replace("# [Sharir]: ten runs", "# edited elsewhere: ten runs")
    path.write_text(theirs)
    dialogs_log["answers"]["external"] = answer
    assert window.save() is (answer == "overwrite")
    assert dialogs_log["external"] == [path.name]
    if answer == "cancel":
        assert path.read_text() == theirs and not window.document.undo_stack.isClean()
    elif answer == "overwrite":
        assert planner.load(path).compute.count == 128 and "edited elsewhere" not in path.read_text()
    else:  # reloaded: their file, and the window shows it unmodified
        assert path.read_text() == theirs and window.document.undo_stack.isClean()
        assert window.document.scenario.compute.count == 64


def test_save_does_not_ask_when_only_the_window_wrote_the_file(make_window, tmp_path, dialogs_log):
    path = copy_scenario(tmp_path, "bert-large.toml")
    window = make_window(path)
    edited(window)
    assert window.save()
    edited(window, 256.0)
    path.touch()   # a new time, the same bytes: not a change
    assert window.save() and dialogs_log["external"] == []


def test_the_sensitivity_tab_shows_the_planners_refusal(make_window, tmp_path):
    text = (SCENARIOS / "bert-large.toml").read_text().replace("hours = 96.0 ", "hours = 7.68e302 ")
    window = make_window(write_scenario(tmp_path, text))
    window.charts.setCurrentWidget(window.tornado)
    message = window.tornado.message()
    assert message.startswith("Sensitivity cannot be computed:") and "compute.hours" in message
    with pytest.raises(planner.ScenarioError, match="compute.hours"):  # what the command line says
        planner.analysis.sensitivity.tornado(window.document.scenario, window.document.catalogs)


def test_chart_tooltips_show_names_literally(make_window, tmp_path, qtbot):
    text = (SCENARIOS / "bert-large.toml").read_text() + (
        '\n[[project.ablations]]\nname = "<b>bold</b><img src=x onerror=alert(1)>"\nruns = 1\nscale = [0.5, 2]\n')
    window = make_window(write_scenario(tmp_path, text))
    window.charts.setCurrentWidget(window.tornado)
    chart = window.tornado
    index = next(i for i, bar in enumerate(chart.bars()) if bar[0].startswith("<b>"))
    vb = chart.getViewBox()
    x = sum(chart.bars()[index][1:]) / 2
    pos = chart.mapFromScene(vb.mapViewToScene(QtCore.QPointF(x, index)))
    QtWidgets.QApplication.sendEvent(chart.viewport(), QtGui.QHelpEvent(
        QtCore.QEvent.Type.ToolTip, pos, chart.viewport().mapToGlobal(pos)))
    shown = QtWidgets.QToolTip.text()
    QtWidgets.QToolTip.hideText()
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;img" in shown and "<b>" not in shown


def _live_commands(document=None) -> int:
    """EditCommands still holding states (of `document`, when given: other tests' windows may live on)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, EditCommand) and o.after is not None
               and (document is None or o.document is document))


def test_merged_typing_steps_are_freed(qapp):
    catalogs = planner.load_catalogs()
    doc = ScenarioDocument(planner.load(SCENARIOS / "bert-large.toml", catalogs), catalogs)
    start = _live_commands()
    for i in range(200):   # ten typing sessions of twenty keystrokes each
        doc.edit(with_value(doc.scenario, "compute", "count", float(65 + i)), "Edit count", "compute.count")
        if i % 20 == 19:
            doc.end_merge()
    assert doc.undo_stack.count() == 10
    assert _live_commands() - start == 10   # one command (two states) per step, not per keystroke
    doc.undo_stack.clear()
    assert _live_commands() == start


def test_random_edits_raise_nothing_and_memory_stays_flat(make_window, tmp_path, qtbot, dialogs_log):
    """Seeded random typing into every field (valid, invalid, extreme), undo and redo: no exception
    escapes, the window stays consistent with the planner, and undo memory does not grow with the
    number of keystrokes (commands holding states are bounded by the steps on the stack)."""
    import random
    import sys
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    rng = random.Random(7)
    texts = ["", "0", "-1", "1e308", "5e-324", "nan", "inf", "[2, 8]", "[8, 2]", "0.5-0.9", "abc", "12",
             "<b>x</b>", "1e-300", "3", "250k", "\x1b[31m"]
    errors = []
    sys.excepthook, old_hook = (lambda *exc: errors.append(exc)), sys.excepthook
    fields = [f for f in window.editor.fields.values() if isinstance(f, QtWidgets.QLineEdit)]
    sizes = []
    try:
        tracemalloc.start()
        for step in range(240):
            field = rng.choice(fields)
            if field.isEnabled():
                field.setFocus()
                field.selectAll()
                qtbot.keyClicks(field, rng.choice(texts))
                if rng.random() < 0.3:
                    qtbot.keyClick(field, QtCore.Qt.Key_Return)
            if rng.random() < 0.1:
                window.document.undo_stack.undo()
            if rng.random() < 0.05:
                window.document.undo_stack.redo()
            if step in (79, 239):
                gc.collect()
                sizes.append((tracemalloc.get_traced_memory()[0], _live_commands(window.document)))
    finally:
        tracemalloc.stop()
        sys.excepthook = old_hook
    assert not errors, "".join(traceback.format_exception(*errors[0]))
    assert sizes[1][1] <= window.document.undo_stack.count() + 2   # no merged keystroke kept alive
    assert sizes[1][0] - sizes[0][0] < 20e6, sizes                 # 160 more edits: no steady growth (benchmarks/fuzz.py runs longer)
    summary = planner.summarize(window.document.scenario, window.document.catalogs)
    assert summary.total.cost == window.document.summary["total"]["cost"]
