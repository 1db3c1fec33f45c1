"""`nlp-budget schedule FILE`: the project's phases on its accelerators, and the compute spend per period."""

from __future__ import annotations

from nlp_budget.output import json_text
from planner.analysis.schedule import schedule
from planner.engine.summary import summarize
from planner.present.schedule_text import schedule_text
from planner.present.tidy_csv import schedule_csv


def schedule_output(scenario, catalogs, fmt: str) -> str:
    summary = summarize(scenario, catalogs, samples=0)   # the point estimate: no Monte Carlo needed
    result = schedule(scenario, summary)
    if fmt == "json":
        return json_text(result.to_dict(), scenario.path)
    if fmt == "csv":
        return schedule_csv(summary.name, result)
    return schedule_text(summary.name, result)
