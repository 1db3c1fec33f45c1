"""Planning backwards: what a budget buys (tokens or tuning trials), and the count that meets a deadline.

Total cost is linear in training tokens (every run, distillation included, scales with the final run;
what-if levers multiply it) and affine in the number of tuning trials, so each answer is exact, found
from two engine evaluations. Tokens are the run's training tokens as the file states them: a
sample-efficiency lever divides their compute, not their count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from planner.analysis.edits import change_count, measured_as_utilization
from planner.engine.finite import refuse_arithmetic
from planner.files.catalogs import Catalogs, load_catalogs
from planner.model import requests
from planner.model.errors import RequestError
from planner.model.quantities import accelerators
from planner.model.scenario import with_value
from planner.engine.summary import probability_over, summarize
from planner.model.values import point

SOLVES = ("tokens", "trials", "count")
# The most accelerators a published training run used: Llama 3 405B, 16,384 H100 (Dubey et al. 2024,
# "The Llama 3 Herd of Models", Sec. 3.3). A deadline needing more is beyond any reported cluster.
LARGEST_REPORTED_CLUSTER = 16_384


@dataclass(frozen=True)
class PlanResult:
    solve: str
    value: float
    scenario: object
    summary: dict
    notes: tuple[str, ...]

    def as_json(self) -> dict:
        return {"solve": self.solve, "value": self.value, "notes": list(self.notes), "summary": self.summary}


def _cost(scenario, catalogs) -> float:
    return summarize(scenario, catalogs, samples=0).total.cost


def _fail(scenario, expected: str, field: str = "budget"):
    raise RequestError(field, expected, file=scenario.path)


@refuse_arithmetic
def solve(scenario, what: str, budget: float | None = None, deadline_days: float | None = None,
          catalogs: Catalogs | None = None) -> PlanResult:
    catalogs = catalogs or load_catalogs()
    notes: list[str] = []
    if what not in SOLVES:
        _fail(scenario, "expected one of " + ", ".join(SOLVES), "solve")
    if what in ("tokens", "trials") and budget is None:
        _fail(scenario, "expected a budget greater than zero")
    if budget is not None:
        budget = requests.amount("budget", budget, scenario.path)
    if what == "count" and deadline_days is None:
        _fail(scenario, "expected a deadline in days greater than zero", "deadline")
    if deadline_days is not None:
        deadline_days = requests.days("deadline", deadline_days, scenario.path)
    if what == "tokens":
        scenario = _solve_tokens(scenario, budget, catalogs, notes)
        value = point(scenario.training.tokens)
    elif what == "trials":
        scenario, value = _solve_trials(scenario, budget, catalogs)
    if deadline_days is not None:
        scenario = _meet_deadline(scenario, deadline_days, catalogs, notes)
        if what == "count":
            value = scenario.compute.count
    draws: dict = {}
    summary = summarize(scenario, catalogs, draws_out=draws)
    if budget is not None:
        notes += _budget_notes(summary, budget, draws.get("cost"))
    return PlanResult(what, float(value), scenario, summary, tuple(notes))


def _budget_notes(summary: dict, budget: float, draws) -> list[str]:
    cost = summary.total.cost
    notes = [f"total {cost:,.0f} is {'within' if cost <= budget * 1.0000001 else 'OVER'} the budget "
             f"of {budget:,.0f} ({cost / budget:.1%})"]
    if draws is not None:  # some input is a range: the point total is one figure of a spread
        notes.append(f"{probability_over(draws, budget):.0%} chance that the total exceeds the budget "
                     f"(over the {len(draws):,} Monte Carlo draws of the inputs given as ranges)")
    return notes


def _solve_tokens(scenario, budget, catalogs, notes: list[str]):
    # Measured hours fix the run's duration, not its speed: the speed they imply carries to other lengths.
    measured = measured_as_utilization(scenario, catalogs, "kept for the solved token count")
    notes += [n.say() for n in measured.notes]
    scenario = measured.scenario
    summary = summarize(scenario, catalogs, samples=0)
    base, tokens = summary.total.cost, summary.final_run.tokens
    if base <= 0 or tokens <= 0:
        _fail(scenario, "the scenario costs nothing: no tokens to solve for", "solve")
    exact = tokens * budget / base
    # Rounded down to 4 significant figures: a readable answer that stays within the budget.
    step = 10 ** (math.floor(math.log10(exact)) - 3)
    t = replace(scenario.training, tokens=math.floor(exact / step) * step, steps=None, batch_size=None)
    return replace(scenario, training=t)


def _solve_trials(scenario, budget, catalogs):
    at0 = _cost(with_value(scenario, "project", "trials", 0.0), catalogs)
    at1 = _cost(with_value(scenario, "project", "trials", 1.0), catalogs)
    if budget < at0:
        _fail(scenario, f"expected a budget of at least {at0:,.0f}: the project without tuning trials costs that")
    per_trial = at1 - at0
    if per_trial <= 0:
        _fail(scenario, "tuning trials cost nothing here (project.tuning.scale is zero?)", "solve")
    trials = math.floor((budget - at0) / per_trial + 1e-9)
    return with_value(scenario, "project", "trials", float(trials)), trials


def _meet_deadline(scenario, days, catalogs, notes: list[str]):
    """Fewest accelerators that finish the whole project (runs back to back) within `days`, and that
    hold the model in memory; `notes` gets why the count was raised or why it may be out of reach."""
    summary = summarize(scenario, catalogs, samples=0)
    acc_hours = summary.total.accelerator_hours
    count = max(1, math.ceil(acc_hours / (days * 24) - 1e-9))
    replica = (scenario.compute.tp or 1) * (scenario.compute.pp or 1)
    if count % replica:  # whole model replicas of tp x pp accelerators (engine/memory.py)
        count += replica - count % replica
        notes.append(f"rounded up to {accelerators(count)}: whole replicas of tp x pp = {replica} accelerators")
    minimum = summary.checks.min_count
    if minimum and minimum > count:
        notes.append(f"{accelerators(count)} would meet the deadline, but weights, gradients, Adam state and "
                     f"activations (ZeRO stage {scenario.compute.zero if scenario.compute.zero is not None else 3}) "
                     f"need at least {minimum:,}: planned with {minimum:,}")
        count = minimum
    notes += _reach_notes(scenario, count)
    # Measured hours were for the old count: the accelerator-hours stay (the command line's rule).
    edited = change_count(scenario, catalogs, float(count))
    notes += [n.say() for n in edited.notes]
    return edited.scenario


def _reach_notes(scenario, count: int) -> list[str]:
    notes = []
    batch = point(scenario.training.batch_size)
    if batch and count > batch:
        notes.append(f"the deadline needs {accelerators(count)}, more than the {batch:,.0f} sequences in one "
                     "step: beyond that each sequence must be split across accelerators (tensor or pipeline "
                     "parallelism), so the deadline may be out of reach")
    if count > LARGEST_REPORTED_CLUSTER:
        notes.append(f"the deadline needs {accelerators(count)}, more than any reported training run "
                     f"({LARGEST_REPORTED_CLUSTER:,} H100 for Llama 3 405B, Dubey et al. 2024): it is likely "
                     "out of reach")
    return notes
