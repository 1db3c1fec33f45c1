"""The committed budget ([budget] confidence and cap): a quantile of the Monte Carlo draws, in the file,
the summary, the command line's override and the plan."""

from __future__ import annotations

import numpy as np
import pytest

import planner
from planner.analysis.plan import solve
from support import SCENARIOS, write_scenario

RANGED = """schema = 1
name = "ranged"
[model]
params = 1e9
[training]
tokens = 20e9
[compute]
accelerator = "h100"
count = 8
utilization = [0.3, 0.5]
[pricing]
catalog = "aws-2025"
[project]
seeds = 3
[project.tuning]
trials = [10, 30]
scale = 0.1
"""


def _ranged(tmp_path, extra: str = "") -> planner.Scenario:
    return planner.load(write_scenario(tmp_path, RANGED + extra))


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9, 0.95])
def test_the_committed_budget_is_that_quantile_of_the_monte_carlo_draws(tmp_path, confidence):
    scenario = _ranged(tmp_path, f"[budget]\nconfidence = {confidence}\n")
    draws: dict = {}
    summary = planner.summarize(scenario, draws_out=draws)
    assert summary.budget.confidence == confidence
    assert summary.budget.amount == pytest.approx(np.quantile(draws["cost"], confidence), rel=1e-12)
    assert np.mean(draws["cost"] <= summary.budget.amount) == pytest.approx(confidence, abs=1e-3)


def test_the_90_percent_budget_lies_between_the_median_and_the_95th_percentile(tmp_path):
    summary = planner.summarize(_ranged(tmp_path), confidence=0.9)
    unc = summary.uncertainty.cost
    assert unc.p50 < summary.budget.amount < unc.p95
    assert planner.summarize(_ranged(tmp_path)).budget.amount == pytest.approx(unc.p50, rel=1e-9)


def test_without_ranges_the_committed_budget_is_the_point_total():
    summary = planner.summarize(planner.load(SCENARIOS / "bert-large.toml"), confidence=0.9)
    assert summary.budget.amount == summary.total.cost == 138_240
    assert summary.budget.cap is None and summary.budget.probability_over is None


def test_a_cap_in_the_file_gives_the_share_of_draws_above_it_and_the_flag_overrides_it(tmp_path):
    scenario = _ranged(tmp_path, "[budget]\nconfidence = 0.9\ncap = 9000\n")
    draws: dict = {}
    summary = planner.summarize(scenario, draws_out=draws)
    assert summary.budget.cap == 9000
    assert summary.budget.probability_over == pytest.approx(np.mean(draws["cost"] > 9000))
    assert 0 < summary.budget.probability_over < 1
    assert planner.summarize(scenario, budget_cap=1e9).budget.probability_over == 0.0


@pytest.mark.parametrize("bad", ["0", "1", "1.5", "-0.1", "[0.5, 0.9]", '"high"'])
def test_a_confidence_outside_zero_to_one_is_refused_naming_the_key(tmp_path, bad):
    with pytest.raises(planner.ScenarioError) as err:
        _ranged(tmp_path, f"[budget]\nconfidence = {bad}\n")
    assert err.value.key == "budget.confidence" and err.value.line == 19


def test_a_confidence_given_to_summarize_is_checked(tmp_path):
    with pytest.raises(planner.RequestError) as err:
        planner.summarize(_ranged(tmp_path), confidence=1.2)
    assert err.value.field == "budget.confidence"


def test_the_budget_block_is_saved_with_the_users_comments(tmp_path):
    from dataclasses import replace
    scenario = _ranged(tmp_path, "[budget]\nconfidence = 0.9  # the funder asks for 90%\n")
    edited = replace(scenario, budget=replace(scenario.budget, confidence=0.8, cap=250_000.0))
    path = tmp_path / "saved.toml"
    text = planner.save(edited, path)
    # the comment belonged to 0.9: kept, marked stale (issue 9)
    assert "confidence = 0.8  # (was 0.9) the funder asks for 90%" in text and "cap = 250000" in text
    assert planner.load(path).budget == edited.budget


@pytest.mark.parametrize("what", ["tokens", "trials"])
def test_plan_meets_the_budget_with_the_committed_figure_not_the_point_estimate(tmp_path, what):
    scenario = _ranged(tmp_path, "[budget]\nconfidence = 0.9\n")
    budget = 20_000.0
    result = solve(scenario, what, budget)
    committed = result.summary.budget.amount
    assert committed <= budget and result.summary.total.cost < committed
    assert result.summary.budget.cap == budget
    # The next answer up would commit more than the budget: nothing is left on the table.
    bigger = (planner.model.scenario.with_value(result.scenario, "project", "trials", result.value + 1)
              if what == "trials" else
              planner.model.scenario.with_value(result.scenario, "training", "tokens", result.value * 1.002))
    assert planner.summarize(bigger, budget_cap=budget).budget.amount > budget
    assert any("committed budget" in n and "90% confidence" in n for n in result.notes)


def test_plan_at_a_lower_confidence_buys_more(tmp_path):
    scenario = _ranged(tmp_path)
    at50 = solve(scenario, "tokens", 20_000.0, confidence=0.5).value
    at90 = solve(scenario, "tokens", 20_000.0, confidence=0.9).value
    assert at90 < at50
