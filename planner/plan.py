"""Planning backwards: what a budget buys (tokens or tuning trials), and the count that meets a deadline.

Total cost is linear in training tokens (every run scales with the final run) and affine in the
number of tuning trials, so each answer is exact, found from two engine evaluations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .catalogs import Catalogs, load_catalogs
from .errors import ScenarioError
from .scenario import with_value
from .summary import summarize
from .values import point

SOLVES = ("tokens", "trials", "count")


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
    return summarize(scenario, catalogs, samples=0)["total"]["cost"]


def _fail(expected: str, key: str = "--budget"):
    raise ScenarioError(None, key, expected)


def solve(scenario, what: str, budget: float | None = None, deadline_days: float | None = None,
          catalogs: Catalogs | None = None) -> PlanResult:
    catalogs = catalogs or load_catalogs()
    notes = []
    if what not in SOLVES:
        _fail("expected one of " + ", ".join(SOLVES), "--solve")
    if what in ("tokens", "trials") and (budget is None or budget <= 0):
        _fail("expected a budget greater than zero")
    if what == "count" or deadline_days is not None:
        if deadline_days is None or deadline_days <= 0:
            _fail("expected a deadline in days greater than zero", "--deadline")
    if what == "tokens":
        scenario = _solve_tokens(scenario, budget, catalogs)
        value = scenario.training.tokens
    elif what == "trials":
        scenario, value = _solve_trials(scenario, budget, catalogs)
    if deadline_days is not None:
        scenario = _meet_deadline(scenario, deadline_days, catalogs)
        if what == "count":
            value = scenario.compute.count
    summary = summarize(scenario, catalogs)
    if budget is not None:
        cost = summary["total"]["cost"]
        notes.append(f"total {cost:,.0f} is {'within' if cost <= budget * 1.0000001 else 'OVER'} the budget "
                     f"of {budget:,.0f} ({cost / budget:.1%})")
    return PlanResult(what, float(value), scenario, summary, tuple(notes))


def _solve_tokens(scenario, budget, catalogs):
    if scenario.compute.hours is not None:
        _fail("cannot solve for tokens when compute.hours fixes the run's duration: give utilization or "
              "tokens_per_second", "--solve")
    base = _cost(scenario, catalogs)
    tokens = summarize(scenario, catalogs, samples=0)["final_run"]["tokens"]
    if base <= 0 or tokens <= 0:
        _fail("the scenario costs nothing: no tokens to solve for", "--solve")
    exact = tokens * budget / base
    # Rounded down to 4 significant figures: a readable answer that stays within the budget.
    step = 10 ** (math.floor(math.log10(exact)) - 3)
    t = replace(scenario.training, tokens=math.floor(exact / step) * step, steps=None, batch_size=None)
    return replace(scenario, training=t)


def _solve_trials(scenario, budget, catalogs):
    at0 = _cost(with_value(scenario, "project", "trials", 0.0), catalogs)
    at1 = _cost(with_value(scenario, "project", "trials", 1.0), catalogs)
    if budget < at0:
        _fail(f"expected a budget of at least {at0:,.0f}: the project without tuning trials costs that")
    per_trial = at1 - at0
    if per_trial <= 0:
        _fail("tuning trials cost nothing here (project.tuning.scale is zero?)", "--solve")
    trials = math.floor((budget - at0) / per_trial + 1e-9)
    return with_value(scenario, "project", "trials", float(trials)), trials


def _meet_deadline(scenario, days, catalogs):
    """Fewest accelerators that finish the whole project (runs back to back) within `days`."""
    summary = summarize(scenario, catalogs, samples=0)
    acc_hours = summary["total"]["accelerator_hours"]
    count = max(1, math.ceil(acc_hours / (days * 24) - 1e-9))
    c = scenario.compute
    if c.hours is not None:  # measured hours were for the old count: keep the accelerator-hours
        c = replace(c, hours=point(c.hours) * point(c.count) / count)
    return replace(scenario, compute=replace(c, count=float(count)))
