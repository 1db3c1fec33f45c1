"""Planning backwards: what a budget buys (tokens or tuning trials), and the count that meets a deadline.

The budget is met by the committed budget (the total at the file's `budget.confidence`, or the one
given), not by the point estimate. Every Monte Carlo draw of the compute cost is linear in training
tokens (every run, distillation included, scales with the final run; what-if levers multiply it) and
affine in the number of tuning trials; line items do not move. So the committed budget is a monotone
function of one number, and the answer is found by bisection over the draws of one or two summaries.
Without ranges there is one draw and the answer is exact. Tokens are the run's training tokens as the
file states them: a sample-efficiency lever divides their compute, not their count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from planner.analysis.edits import change_count, measured_as_utilization
from planner.engine.finite import refuse_arithmetic
from planner.engine.summary import probability_over, summarize
from planner.files.catalogs import Catalogs, load_catalogs
from planner.model import requests
from planner.model.errors import ComputeError, RequestError
from planner.model.quantities import accelerators
from planner.model.scenario import with_value
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


def _draws(scenario, catalogs) -> tuple[np.ndarray, np.ndarray, dict]:
    """(total cost draws, compute cost draws, summary): one draw each, the point total, without ranges."""
    kept: dict = {}
    summary = summarize(scenario, catalogs, draws_out=kept)
    if "cost" in kept:
        return kept["cost"], kept["compute_cost"], summary
    return np.array([summary.total.cost]), np.array([summary.total.compute_cost]), summary


def _committed(draws: np.ndarray, confidence: float) -> float:
    return float(np.quantile(draws, confidence))


def _fail(scenario, expected: str, field: str = "budget"):
    raise RequestError(field, expected, file=scenario.path)


@refuse_arithmetic
def solve(scenario, what: str, budget: float | None = None, deadline_days: float | None = None,
          catalogs: Catalogs | None = None, confidence: float | None = None) -> PlanResult:
    """Solve for `what`; `confidence` (default: the file's budget.confidence) sets the committed budget
    that must meet `budget`."""
    catalogs = catalogs or load_catalogs()
    notes: list[str] = []
    if confidence is not None and not 0 < confidence < 1:
        _fail(scenario, "expected a share between 0 and 1, e.g. 0.9", "budget.confidence")
    if confidence is not None:
        scenario = replace(scenario, budget=replace(scenario.budget, confidence=confidence))
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
    summary = summarize(scenario, catalogs, draws_out=draws, budget_cap=budget)
    if budget is not None:
        notes += _budget_notes(summary, budget, draws.get("cost"))
    return PlanResult(what, float(value), scenario, summary, tuple(notes))


def _budget_notes(summary: dict, budget: float, draws) -> list[str]:
    cost, b = summary.total.cost, summary.budget
    committed = b.amount
    notes = [f"committed budget {committed:,.0f} (the total at {b.confidence:.0%} confidence) is "
             f"{'within' if committed <= budget * 1.0000001 else 'OVER'} the budget of {budget:,.0f} "
             f"({committed / budget:.1%}); the point estimate is {cost:,.0f}"]
    if draws is not None:  # some input is a range: the point total is one figure of a spread
        notes.append(f"{probability_over(draws, budget):.0%} chance that the total exceeds the budget "
                     f"(over the {len(draws):,} Monte Carlo draws of the inputs given as ranges)")
    return notes


def _bisect(f, budget: float, low: float, high: float) -> float:
    """The largest x in [low, high] with f(x) <= budget, f increasing, f(low) <= budget < f(high)."""
    for _ in range(200):
        mid = low / 2 + high / 2
        if mid in (low, high):
            break
        low, high = (mid, high) if f(mid) <= budget else (low, mid)
    return low


def _solve_tokens(scenario, budget, catalogs, notes: list[str]):
    # Measured hours fix the run's duration, not its speed: the speed they imply carries to other lengths.
    measured = measured_as_utilization(scenario, catalogs, "kept for the solved token count")
    notes += [n.say() for n in measured.notes]
    scenario = measured.scenario
    tokens = summarize(scenario, catalogs, samples=0).final_run.tokens
    # Tokens as one figure: the solved scenario gives them so, and its draws scale with them exactly.
    scenario = replace(scenario, training=replace(scenario.training, tokens=tokens, steps=None, batch_size=None))
    cost, compute, _ = _draws(scenario, catalogs)
    others, conf = cost - compute, scenario.budget.confidence
    if compute.max() <= 0 or not tokens:
        _fail(scenario, "the scenario costs nothing: no tokens to solve for", "solve")
    if _committed(others, conf) >= budget:
        _fail(scenario, f"expected a budget above {_committed(others, conf):,.0f}: the line items ([[costs]]) "
              "alone commit that")
    committed = lambda k: _committed(k * compute + others, conf)  # noqa: E731 - k: tokens / the file's
    high = 1.0
    while committed(high) <= budget and high < 1e300:
        high *= 2.0
    exact = tokens * _bisect(committed, budget, 0.0, high)
    if not (math.isfinite(exact) and exact > 0):
        raise ComputeError("the budget buys no whole number of tokens that can be computed (the price per "
                           "accelerator-hour is too small or too large for the arithmetic)",
                           ("budget", "pricing.price_per_hour"), scenario.path)
    # Rounded down to 4 significant figures: a readable answer that stays within the budget.
    step = 10 ** (math.floor(math.log10(exact)) - 3)
    t = replace(scenario.training, tokens=math.floor(exact / step) * step)
    return replace(scenario, training=t)


def _solve_trials(scenario, budget, catalogs):
    scenario = with_value(scenario, "project", "trials", point(scenario.project.trials))
    at0, _, _ = _draws(with_value(scenario, "project", "trials", 0.0), catalogs)
    at1, _, _ = _draws(with_value(scenario, "project", "trials", 1.0), catalogs)
    conf = scenario.budget.confidence
    if budget < _committed(at0, conf):
        _fail(scenario, f"expected a budget of at least {_committed(at0, conf):,.0f}: the project without tuning "
              f"trials commits that (at {conf:.0%} confidence)")
    per_trial = at1 - at0
    if per_trial.max() <= 0:
        _fail(scenario, "tuning trials cost nothing here (project.tuning.scale is zero?)", "solve")
    committed = lambda n: _committed(at0 + n * per_trial, conf)  # noqa: E731
    high = 1
    while committed(high) <= budget * (1 + 1e-12):
        high *= 2
    low = 0  # committed(low) <= budget < committed(high): whole trials by bisection
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if committed(mid) <= budget * (1 + 1e-12) else (low, mid)
    return with_value(scenario, "project", "trials", float(low)), low


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
