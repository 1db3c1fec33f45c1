"""Compare and plan dialogs: the open file is not added twice, -99.7% reads -99.7%, absurd budgets refused."""

from __future__ import annotations

import planner
from support import SCENARIOS
from planner.present.compare_text import relative_text
from ui.dialogs.compare_view import CompareDialog
from ui.dialogs.plan_dialog import PlanDialog
from ui.document import ScenarioDocument


def open_document(name="bert-large.toml"):
    catalogs = planner.load_catalogs()
    path = SCENARIOS / name
    return ScenarioDocument(planner.load(path, catalogs), catalogs, path)


def test_the_open_file_is_not_added_twice(qtbot, dialogs_log):
    dlg = CompareDialog(open_document())
    qtbot.addWidget(dlg)
    assert dlg.add_paths([SCENARIOS / "bert-large.toml", SCENARIOS / "bert-base.toml"]) == 1
    assert len(dlg.summaries()) == 2
    assert dialogs_log["errors"] and "bert-large.toml" in dialogs_log["errors"][-1]


def test_near_minus_100_percent_is_not_rounded_away():
    assert relative_text(-0.997) == "-99.7%" and relative_text(-0.9996) == "-99.96%"
    assert relative_text(-1.0) == "-100%" and relative_text(-0.75) == "-75%" and relative_text(0.023) == "+2.3%"


def test_an_absurd_budget_is_refused(qtbot):
    document = open_document()
    dialog = PlanDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_request("tokens", "1e30")
    assert dialog.solve_now() is False and "at most" in dialog.result_text()
    assert document.undo_stack.count() == 0


def test_the_plan_says_it_solved_for_the_committed_budget(qtbot):
    """Plan solves so that the committed budget meets the budget (issue 11), and says so, not "the point
    estimate"."""
    document = open_document("decoder-7b-h100.toml")
    dialog = PlanDialog(document)
    qtbot.addWidget(dialog)
    dialog.set_request("tokens", "2M")
    assert dialog.solve_now()
    text = dialog.result_text()
    assert "committed budget (the total at 50% confidence) meets the budget" in text
    assert "Solved at the point estimate" not in text
