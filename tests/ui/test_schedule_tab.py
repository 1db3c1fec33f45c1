"""The Schedule tab and the schedule's place in the window: Gantt bars, spend per period, the headline."""

from __future__ import annotations

from PySide6 import QtCore

from gui_helpers import copy_scenario
from planner.analysis.schedule import schedule


def _open_schedule(window, qtbot):
    tabs = window.charts
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("Schedule"))
    qtbot.wait(10)
    return tabs.chart("schedule")


def test_the_schedule_tab_draws_the_phases_and_the_spend_per_period(make_window, tmp_path, qtbot):
    path = copy_scenario(tmp_path)
    path.write_text(path.read_text().replace("[model]", "[schedule]\nstart = 2027-12-01\n\n[model]", 1))
    window = make_window(path)
    view = _open_schedule(window, qtbot)
    expected = schedule(window.document.scenario, window.document.summary)
    assert [b[0] for b in view.gantt.bars()] == ["Tuning trials", "Seed repeats (tuning)", "Final run",
                                                 "Seed repeats (final seeds)"]
    assert [b[2] for b in view.gantt.bars()] == [e.end_hours / 24 for e in expected.phases]
    assert [(p, round(c)) for p, c in view.periods.bars()] == [("2027", 53_568), ("2028", 84_672)]
    assert "From 2027-12-01 to 2028-02-19: 80.0 days on 64 accelerators" in view.heading.text()
    assert view.gantt.tooltip_at(QtCore.QPointF(10, 0)).startswith("Tuning trials: 2027-12-01 00:00 to")


def test_more_accelerators_shorten_the_schedule_and_the_headline(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    view = _open_schedule(window, qtbot)
    field = window.editor.fields["schedule.accelerators"]
    field.setText("128")
    field.textEdited.emit("128")
    assert window.document.scenario.schedule.accelerators == 128
    assert window.results.figures["wall_clock"].value.text() == "44 days"
    assert "44.0 days on 128 accelerators, 2 runs at once" in view.heading.text()
    start = window.editor.fields["schedule.start"]
    start.setText("2027-13-01")
    start.textEdited.emit("2027-13-01")
    assert start.invalid and window.document.scenario.schedule.start is None
    start.setText("2027-01-01")
    start.textEdited.emit("2027-01-01")
    assert window.results.figures["wall_clock"].band.text() == "ends 2027-02-14"
    assert "From 2027-01-01 to 2027-02-14" in window.results.figures["wall_clock"].toolTip()
