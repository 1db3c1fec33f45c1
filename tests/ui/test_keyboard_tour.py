"""Tab from the first editor field reaches every section of the editor and the charts, and comes
back round: no keyboard trap."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from gui_helpers import copy_scenario


def tab_tour(qtbot, window, start: QtWidgets.QWidget, limit: int = 400) -> list[QtWidgets.QWidget]:
    """The widgets Tab gives the focus to, from `start` until the focus comes back to it."""
    start.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is start)
    tour = []
    for _ in range(limit):
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key_Tab)
        widget = QtWidgets.QApplication.focusWidget()
        if widget is start:
            return tour
        tour.append(widget)
    raise AssertionError(f"Tab never came back to the first field; stuck around {tour[-3:]}")


def test_tab_reaches_every_editor_section_and_the_charts_and_comes_back(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    qtbot.waitExposed(window)
    window.activateWindow()
    first = window.editor.fields["name"]
    tour = tab_tour(qtbot, window, first)
    assert len(tour) == len(set(map(id, tour)))      # each stop once: no loop inside a table or a box
    sections = [box for box in window.editor.widget().findChildren(QtWidgets.QGroupBox) if box.isVisible()]
    assert len(sections) >= 5
    missed = [box.title() for box in sections if not any(box.isAncestorOf(w) for w in tour)]
    assert missed == []
    assert any(window.charts.isAncestorOf(w) for w in tour)      # the charts' tabs
    tables = [window.editor.fields["project.ablations"].view, window.editor.fields["project.baselines"].view,
              window.editor.findChild(QtWidgets.QTableView, "costs"), window.results.table]
    for table in tables:
        assert table in tour                                      # entered, and left (the tour went on)


def test_tab_leaves_the_tables_of_the_plan_and_compare_dialogs(make_window, tmp_path, qtbot):
    from ui.dialogs.compare_view import CompareDialog
    from ui.dialogs.plan_dialog import PlanDialog
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    plan, compare = PlanDialog(window.document, window), CompareDialog(window.document, window)
    for dialog, table in ((plan, plan.offers), (compare, compare.table)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        if dialog is plan:
            plan.tabs.setCurrentIndex(1)
        table.setFocus()
        qtbot.waitUntil(table.hasFocus)
        qtbot.keyClick(table, QtCore.Qt.Key_Tab)
        assert QtWidgets.QApplication.focusWidget() is not table
