"""Line items beyond compute ([[costs]]), counts as people count, and the report as a budget justification."""

from __future__ import annotations

import numpy as np
import pytest

import planner
from planner.engine.summary_types import runs_text
from planner.present.content import budget_table
from planner.present.report_text import scenario_markdown
from planner.present.text import text
from support import SCENARIOS, write_scenario

BERT = (SCENARIOS / "bert-large.toml").read_text()
ITEMS = """
[project]
contingency = 0.1
final_seeds = 2

[[costs]]
name = "research assistant, half time"
kind = "staff"
amount = 40000
source = "university salary scale 2027"

[[costs]]
name = "checkpoints"
kind = "storage"
quantity = [800, 1800]
unit_price = 0.023
unit = "GB-month"
"""


def _scenario(tmp_path, text: str):
    return planner.load(write_scenario(tmp_path, text))


def _with_items(tmp_path):
    base = BERT.split("[project]")[0]   # bert-large's model, training, compute, pricing, energy
    return _scenario(tmp_path, base + ITEMS)


def test_line_items_are_in_the_total_but_not_in_compute_or_contingency(tmp_path):
    scenario = _with_items(tmp_path)
    summary = planner.summarize(scenario)
    storage = np.sqrt(800 * 1800) * 0.023
    assert [(c.name, c.kind) for c in summary.costs] == [("research assistant, half time", "staff"),
                                                          ("checkpoints", "storage")]
    assert summary.costs[1].cost == pytest.approx(storage) and summary.costs[1].unit == "GB-month"
    compute = 2 * 6912 * 1.1   # the final run, one seed repeat, 10% contingency on compute only
    assert summary.total.compute_cost == pytest.approx(compute)
    assert summary.total.cost == pytest.approx(compute + 40_000 + storage)
    assert sum(c.cost for c in summary.categories) == pytest.approx(summary.total.compute_cost)


def test_a_ranged_line_item_is_sampled_with_the_rest(tmp_path):
    scenario = _with_items(tmp_path)
    draws: dict = {}
    summary = planner.summarize(scenario, draws_out=draws, confidence=0.9)
    items = draws["cost"] - draws["compute_cost"]
    assert items.min() < 40_000 + 800 * 0.023 * 1.01 and items.max() > 40_000 + 1800 * 0.023 * 0.99
    assert summary.budget.amount == pytest.approx(np.quantile(draws["cost"], 0.9))
    assert summary.uncertainty.inputs[0].file_key == "costs[1].quantity"


@pytest.mark.parametrize("row, key", [
    ('name = "x"\nkind = "staff"\n', "costs[0].amount"),
    ('name = "x"\nkind = "staff"\namount = 1\nquantity = 2\n', "costs[0].quantity"),
    ('name = "x"\nkind = "staff"\nquantity = 2\n', "costs[0].unit_price"),
    ('name = "x"\nkind = "travel"\namount = 1\n', "costs[0].kind"),
    ('name = "x"\namount = -1\n', "costs[0].amount"),
])
def test_bad_line_items_are_refused_by_key(tmp_path, row, key):
    with pytest.raises(planner.ScenarioError) as err:
        _scenario(tmp_path, BERT + "\n[[costs]]\n" + row)
    assert err.value.key == key


def test_line_items_are_saved_with_comments_and_removed_rows_go(tmp_path):
    from dataclasses import replace
    scenario = _with_items(tmp_path)
    text_ = planner.to_text(replace(scenario, costs=scenario.costs[:1]))
    assert text_.count("[[costs]]") == 1 and 'source = "university salary scale 2027"' in text_
    assert planner.parse(text_).costs == scenario.costs[:1]


@pytest.mark.parametrize("value, shown", [(10, "10"), (1.0, "1"), (1.414, "1.4 expected"), (406.4, "406.4 expected")])
def test_runs_read_as_people_count(value, shown):
    assert runs_text(value) == shown


def test_a_ranged_count_prints_as_expected_and_named_rows_as_their_own_lines(tmp_path):
    path = SCENARIOS / "t5-11b.toml"
    scenario = planner.load(path)
    summary = planner.summarize(scenario)
    out = text(summary)
    for row in scenario.project.ablations + scenario.project.baselines:
        assert row.name[:30] in out
    ranged = _scenario(tmp_path, BERT.replace("trials = 1 ", "trials = [1, 2] "))
    table = budget_table(planner.summarize(ranged))[1]
    assert next(r for r in table if r[0] == "Tuning trials")[1] == "1.4 expected"


def test_the_report_is_a_budget_justification(tmp_path):
    scenario = _with_items(tmp_path)
    scenario = planner.parse(planner.to_text(scenario).replace(
        "[model]", "[budget]\nconfidence = 0.9\ncap = 80000\n\n[schedule]\nstart = 2027-12-28\n\n[model]", 1))
    summary = planner.summarize(scenario)
    md = scenario_markdown(summary, scenario, "2027-01-01")
    assert md.index("# BERT") < md.index(scenario.description[:40]) < md.index("**Committed budget: ")
    b = summary.budget
    assert f"Committed budget: ${b.amount:,.0f} at 90% confidence" in md and "cap $80,000" in md
    for heading in ("## Budget", "## Spend per period", "## What moves the total", "## Uncertainty",
                    "## Assumptions", "## Sources"):
        assert heading in md
    assert "| Staff: research assistant, half time |  |  | $40,000 |" in md
    assert "| 2027 | 2027-01-01 | 2027-12-31 |" in md and "| 2028 | 2028-01-01 | 2028-12-31 |" in md
    drivers = md.split("## What moves the total")[1].split("##")[0]
    assert drivers.count("\n| ") == 1 + 5   # the header, then the five inputs that move the total most
    assert "research assistant, half time (amount)" in drivers
    assert "checkpoints: 1.2k GB-month x $0.023; no source given" in md
    assert "university salary scale 2027" in md


def test_a_row_that_never_said_its_kind_is_saved_without_one(tmp_path):
    base = BERT.split("[project]")[0]
    text_ = base + '\n[[costs]]\nname = "annotators"\namount = 900\n\n[[costs]]\nname = "evals"\namount = 50\n'
    scenario = _scenario(tmp_path, text_)
    assert scenario.costs[0].kind == "other"     # the default, in the model ...
    saved = planner.to_text(scenario)
    assert "kind" not in saved and saved == text_  # ... but never written into a file that left it out
