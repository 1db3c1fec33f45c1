"""The window at 1024x640, with a keyboard: nothing drawn over the table, tooltips, Tab, Help, shortcuts."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets  # before pyqtgraph, which binds to the Qt imported first

import pyqtgraph as pg

from gui_helpers import copy_scenario


@pytest.mark.parametrize("name", ["bert-large.toml", "t5-11b.toml", "decoder-7b-h100.toml"])
def test_at_1024x640_the_table_is_whole_and_the_notes_below_it(make_window, tmp_path, qtbot, name):
    window = make_window(copy_scenario(tmp_path, name))
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1024, 640))
    QtWidgets.QApplication.processEvents()
    table, notes, footer = window.results.table, window.results.notes, window.results.total_table
    last = footer.visualRect(footer.model().index(footer.model().rowCount() - 1, 0))
    assert footer.viewport().rect().contains(last)   # the Total row is on screen, under a table that may scroll
    assert footer.model().data(footer.model().index(footer.model().rowCount() - 1, 0)) == "Total"
    table = footer   # the figures checked below are the total's
    assert not table.horizontalScrollBar().isVisible()
    if notes.isVisible():
        assert notes.geometry().top() >= table.geometry().bottom()
        assert notes.height() >= notes.heightForWidth(notes.width())   # every line of it
    cost = table.model().index(table.model().rowCount() - 1, 3)
    text = table.model().data(cost)
    assert table.columnWidth(3) >= table.fontMetrics().horizontalAdvance(text)   # money never cut


def test_every_field_and_tile_has_a_tooltip_and_charts_have_names(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))
    missing = [name for name, w in window.editor.fields.items() if not w.toolTip()]
    assert missing == []
    assert all(t.toolTip() for t in window.results.figures.values())
    assert "accelerator-hours" in window.results.figures["accelerator_hours"].toolTip().lower()
    for name in ("options_chart", "uncertainty", "tornado"):
        assert window.charts.chart(name).accessibleName()
    assert window.charts.iceberg.accessibleName().startswith("Iceberg chart")


def test_tab_leaves_the_ablation_table(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    table = window.editor.fields["project.ablations"].view
    assert not table.tabKeyNavigation()
    window.activateWindow()
    table.setFocus()
    qtbot.keyClick(table, QtCore.Qt.Key_Tab)
    assert QtWidgets.QApplication.focusWidget() is not table


def test_help_menu_and_shortcuts(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    actions = {a.objectName(): a for a in window.findChildren(QtGui.QAction)}
    assert actions["close"].shortcut() == QtGui.QKeySequence("Ctrl+W")
    assert not actions["export_chart"].shortcut().isEmpty() and not actions["print_preview"].shortcut().isEmpty()
    about = window.show_help("about", modal=False)
    text = about.findChild(QtWidgets.QPlainTextEdit).toPlainText()
    assert "NLP Budget Planner 0.1.0" in text and "gcp-2019  as of 2019-01-01" in text
    shortcuts = window.show_help("shortcuts", modal=False).findChild(QtWidgets.QPlainTextEdit).toPlainText()
    assert "Ctrl+W" in shortcuts and "Ctrl+Shift+E" in shortcuts
    fmt = window.show_help("format", modal=False).findChild(QtWidgets.QPlainTextEdit).toPlainText()
    assert "[compute]  accelerator, count, utilization, tokens_per_second, hours" in fmt
    actions["close"].trigger()
    assert not window.isVisible()


def test_a_refusal_is_cleared_from_the_status_bar_once_the_entry_is_valid(make_window, tmp_path, qtbot):
    from test_ui_edits import type_into
    window = make_window(copy_scenario(tmp_path))
    field = window.editor.fields["project.trials"]
    type_into(qtbot, field, "x")
    assert window.statusBar().currentMessage().startswith("Not applied")
    type_into(qtbot, field, "1")   # the file's own value: no edit, no redraw
    assert window.statusBar().currentMessage() == ""


def test_the_uncertainty_tab_keeps_the_window_at_1024x640(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    window.charts.setCurrentWidget(window.charts.uncertainty)   # its cap row sits above the histogram
    window.resize(1024, 640)
    QtWidgets.QApplication.processEvents()
    assert window.minimumSizeHint().height() <= 640
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1024, 640))


@pytest.mark.parametrize("tab", ["options_chart", "uncertainty", "tornado", "memory", "buy_or_rent", "schedule"])
def test_every_tab_keeps_the_window_at_1024x640_and_the_table_unsqueezed(make_window, tmp_path, qtbot, tab):
    """A tab that asks for more height squeezes the budget table above it until its rows paint over the
    Total row (the Schedule tab did: 727 pixels)."""
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    window.charts.setCurrentWidget(window.charts.chart(tab))
    window.resize(1024, 640)
    QtWidgets.QApplication.processEvents()
    assert window.minimumSizeHint().height() <= 640
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1024, 640))
    table = window.results.table
    assert table.height() >= table.maximumHeight()   # as tall as its rows ask (a fixed height), not less


def test_a_long_reason_on_the_buy_or_rent_tab_is_wrapped_and_says_what_to_set(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))   # tpu-v2: no published purchase price
    chart = window.charts.chart("buy_or_rent")
    window.charts.setCurrentWidget(chart)
    text = chart._message.textItem.toPlainText()
    assert "set pricing.purchase_price" in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= 70
def test_at_1024x640_every_sensitivity_bar_drawn_has_its_own_readable_label(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1024, 640))
    window.charts.setCurrentWidget(window.tornado)
    QtWidgets.QApplication.processEvents()
    chart = window.tornado
    ticks = chart.tick_labels()
    drawn, swings = chart.drawn(), chart.bars()
    assert 6 <= drawn < len(swings)                       # 16 inputs swing; the largest ones are drawn
    assert [row for row, _text in ticks] == list(range(drawn))          # every bar drawn labelled ...
    texts = [text for _row, text in ticks]
    assert len(set(texts)) == len(texts)                                # ... no two the same ...
    font = QtGui.QFontMetricsF(chart.getAxis("left").style["tickFont"])
    assert chart.getViewBox().height() / (drawn + 2) >= font.height()  # ... none overlapping
    assert [t.split("  ")[0] for t in texts[:2]] == ["Ensemble members", "Final-run seeds"]
    assert f"+ {len(swings) - drawn} smaller swings (nlp-budget sensitivity)" in [
        item.toPlainText() for item in chart.getViewBox().childGroup.childItems()
        if isinstance(item, pg.TextItem) and item.isVisible()]


def test_sensitivity_labels_alike_but_in_the_middle_stay_apart_in_a_narrow_chart(qtbot):
    from planner.analysis.sensitivity import Swing
    from ui.charts.tornado_chart import TornadoChart
    names = [f"full-size recipe check at 7B with the {part} mixture on 100B tokens (runs)"
             for part in ("web-heavy", "code-heavy", "book-heavy")]
    swings = [Swing(f"ablation_runs_{k}", name, 1, 3, 100 - 10 * k, 120 + 10 * k, False, "+-1")
              for k, name in enumerate(names)]
    chart = TornadoChart()
    qtbot.addWidget(chart)
    chart.resize(420, 300)
    chart.show()
    chart.set_swings(swings, 110.0, "USD")
    texts = [text for _row, text in chart.tick_labels()]
    assert len(texts) == 3 and len(set(texts)) == 3 and all("…" in t for t in texts)


def test_the_shortcuts_list_names_only_keys_a_person_presses(make_window, tmp_path):
    from ui.dialogs.help import shortcuts_text
    window = make_window(copy_scenario(tmp_path))
    rows = {line[:28].strip(): line[28:] for line in shortcuts_text(window).splitlines()[:-2] if line}
    assert rows["Keyboard Shortcuts"] == "F1" and rows["Close"] == "Ctrl+W"
    assert all(key.startswith(("Ctrl", "Alt", "F")) for keys in rows.values() for key in keys.split(", "))
