"""The plan dialog shows the scenario's own offer and applies a chosen one; the compare and plan
dialogs show their totals at their default size, without scrolling."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from gui_helpers import copy_scenario
from planner.model.quantities import money
from ui.dialogs.compare_view import CompareDialog
from ui.dialogs.plan_dialog import PlanDialog

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def plan_dialog(qtbot, window) -> PlanDialog:
    dialog = PlanDialog(window.document, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def select_offer(dialog, predicate) -> int:
    row = next(i for i, o in enumerate(dialog.offers_model.options()) if predicate(o))
    dialog.offers.selectRow(row)
    return row


def test_the_plan_dialog_shows_the_scenario_s_own_offer(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    dialog = plan_dialog(qtbot, window)
    text = dialog.current_offer_text()
    assert text.startswith("This scenario: h100 · aws-2025 on-demand (as of 2025-06-01), $6.88 per accelerator-hour")
    assert money(window.document.summary.total.cost) in text and "14.5 days" in text
    assert dialog.current_offer.isVisible()


def test_a_chosen_offer_is_applied_as_one_undo_step_priced_as_ranked(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "bert-large.toml"))   # measured 4 days on 64 TPU v2 chips
    before, document = window.document.scenario, window.document
    dialog = plan_dialog(qtbot, window)
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.apply_offer_button.isEnabled()                  # nothing chosen yet
    select_offer(dialog, lambda o: o.current)
    assert not dialog.apply_offer_button.isEnabled()                  # the scenario's own: nothing to apply
    row = select_offer(dialog, lambda o: o.accelerator == "h100" and o.catalog == "coreweave-2025")
    chosen = dialog.offers_model.options()[row]
    assert dialog.apply_offer_button.isEnabled()
    with qtbot.waitSignal(document.changed):
        qtbot.mouseClick(dialog.apply_offer_button, QtCore.Qt.LeftButton)
    # The case: the H100 priced at $34,441 in the list is $34,441 once applied (not $756,941).
    assert document.summary.total.cost == pytest.approx(chosen.cost) == pytest.approx(34_441, abs=1)
    p = document.scenario.pricing
    assert (document.scenario.compute.accelerator, p.catalog, p.offer) == ("h100", "coreweave-2025", "on-demand")
    assert "measured on tpu-v2: 28.3% implied utilization kept on h100" in dialog.offer_notice.text()
    assert dialog.current_offer_text().startswith("This scenario: h100 · coreweave-2025 on-demand")
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText().startswith("Use offer h100")
    document.undo_stack.undo()
    assert document.scenario == before
    assert dialog.current_offer_text().startswith("This scenario: tpu-v2 · gcp-2019 on-demand")


def test_the_owned_row_is_not_a_catalog_offer_to_apply(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "bert-large.toml"))
    dialog = plan_dialog(qtbot, window)
    own = next(o for o in dialog.offers_model.options() if o.current)
    owned = dataclasses.replace(own, catalog="your cluster", offer="owned", current=False)
    dialog.offers_model.set_options([*dialog.offers_model.options(), owned])
    row = select_offer(dialog, lambda o: o.offer == "owned")
    assert not dialog.apply_offer_button.isEnabled()
    assert dialog.apply_offer(row) is False and window.document.undo_stack.count() == 0
    assert "pricing.catalog: expected a catalog's offer" in dialog.offer_notice.text()


def visible_without_scrolling(table, row: int) -> bool:
    rect = table.visualRect(table.model().index(row, 0))
    return table.verticalScrollBar().value() == 0 and table.viewport().rect().contains(rect)


@pytest.mark.parametrize("name", ["decoder-7b-h100.toml", "bert-large.toml"])
def test_the_compare_dialog_shows_the_totals_at_its_default_size(make_window, tmp_path, qtbot, name):
    window = make_window(copy_scenario(tmp_path, name))
    dialog = CompareDialog(window.document, window)
    qtbot.addWidget(dialog)
    assert dialog.add_paths([SCENARIOS / "t5-11b.toml", SCENARIOS / "gpt2-1.5b.toml"]) == 2
    dialog.show()
    qtbot.waitExposed(dialog)
    QtWidgets.QApplication.processEvents()
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    total = dialog.model.find("Cost", "Total")
    assert total > 0 and visible_without_scrolling(dialog.table, total)


def test_the_plan_dialog_shows_its_answer_s_total_and_the_own_offer_at_its_default_size(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    dialog = plan_dialog(qtbot, window)
    dialog.set_request("tokens", "1M")
    assert dialog.solve_now()
    QtWidgets.QApplication.processEvents()
    answer = dialog.answer
    assert "Total cost $" in answer.text()
    assert answer.height() >= answer.heightForWidth(answer.width())   # every line of the answer shown
    assert answer.mapTo(dialog, QtCore.QPoint(0, answer.height())).y() <= dialog.height()
    dialog.tabs.setCurrentIndex(1)
    QtWidgets.QApplication.processEvents()
    current = next(i for i, o in enumerate(dialog.offers_model.options()) if o.current)
    rect = dialog.offers.visualRect(dialog.offers_model.index(current, 1))
    assert dialog.offers.viewport().rect().contains(rect)            # the own row in view, wherever it ranks
