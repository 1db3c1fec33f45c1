"""The project around the final run ([project], [whatif], [budget], [schedule], [[costs]]), read and checked."""

from __future__ import annotations

import datetime
from dataclasses import fields

from planner.files.catalogs import Catalogs, PriceLookupError
from planner.files.reader import Reader, warn_unknown
from planner.model.bounds import MAX_COUNT, MAX_ROWS
from planner.model.scenario import (
    COST_KINDS,
    DISTILLED,
    PERIODS,
    WHATIF_ATTENTION,
    Budget,
    Compute,
    CostItem,
    Pricing,
    Project,
    Runs,
    Schedule,
    WhatIf,
)
from planner.model.values import high_end

_COST_KEYS = tuple(f.name for f in fields(CostItem))


def read_whatif(r: Reader, t: dict, catalogs: Catalogs, compute: Compute, pricing: Pricing) -> WhatIf:
    s = "whatif"
    w = WhatIf(
        sample_efficiency=r.number(t, s, "sample_efficiency", at_least=1.0),
        attention=r.string(t, s, "attention", choices=WHATIF_ATTENTION),
        attention_window=r.number(t, s, "attention_window", integer=True, allow_range=False),
        spot=r.boolean(t, s, "spot"),
        preemption_overhead=r.number(t, s, "preemption_overhead", allow_zero=True, at_most=10.0),
        start_delay_years=r.number(t, s, "start_delay_years", allow_zero=True, at_most=50.0),
        distill=r.string(t, s, "distill", choices=DISTILLED),
        distill_scale=r.number(t, s, "distill_scale"))
    if w.attention == "nlogn" and w.attention_window is not None and w.attention_window < 2:
        r.fail("whatif.attention_window", 'expected at least 2 with whatif.attention = "nlogn" (the cost '
               "goes as w log w: a window of 1 has no logarithm to divide by)", w.attention_window)
    if w.distill and w.distill_scale is None:
        r.fail("whatif.distill_scale", "is required with whatif.distill: the compute of distilling, as a "
               "share of one final run")
    if w.spot and pricing.owned:
        r.fail("whatif.spot", 'conflicts with pricing.mode = "owned": spot is a rental offer')
    if w.spot and pricing.price_per_hour is None:
        try:
            catalogs.pricing[pricing.catalog].price(compute.accelerator, "spot", pricing.region)
        except PriceLookupError as exc:
            r.fail("whatif.spot", f"{exc}; choose a catalog with spot prices")
    return w


def read_budget(r: Reader, t: dict) -> Budget:
    confidence = r.number(t, "budget", "confidence", allow_range=False, default=0.5)
    if not 0 < confidence < 1:
        r.fail("budget.confidence", "expected a share between 0 and 1: 0.9 commits the total that 90% of "
               "the Monte Carlo draws stay within", t["confidence"])
    return Budget(confidence, r.number(t, "budget", "cap", allow_range=False))


def read_schedule(r: Reader, t: dict) -> Schedule:
    s = "schedule"
    start = t.get("start")
    if isinstance(start, str):
        try:
            start = datetime.date.fromisoformat(start)
        except ValueError:
            r.fail("schedule.start", "expected a date such as 2027-01-01", start)
    if start is not None and (isinstance(start, datetime.datetime) or not isinstance(start, datetime.date)):
        r.fail("schedule.start", "expected a date such as 2027-01-01 (no time of day)", start)
    fiscal = r.number(t, s, "fiscal_year_start", integer=True, allow_range=False, at_least=1, at_most=12,
                      default=1)
    return Schedule(start, r.number(t, s, "accelerators", whole=True, allow_range=False, at_most=MAX_COUNT),
                    r.string(t, s, "period", choices=PERIODS, default="year"), fiscal)


def read_costs(r: Reader, items, warnings: list[str]) -> tuple[CostItem, ...]:
    if not isinstance(items, list):
        r.fail("costs", "expected an array of tables ([[costs]])", items)
    out = []
    for i, item in enumerate(items):
        sec = f"costs[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table with name, kind and amount (or quantity and unit_price)", item)
        warn_unknown(item, sec, _COST_KEYS, warnings)
        amount = r.number(item, sec, "amount", allow_zero=True)
        quantity = r.number(item, sec, "quantity", allow_zero=True)
        unit_price = r.number(item, sec, "unit_price", allow_zero=True)
        if amount is not None and (quantity is not None or unit_price is not None):
            r.fail(f"{sec}.{'quantity' if quantity is not None else 'unit_price'}",
                   f"conflicts with {sec}.amount: give amount, or quantity and unit_price, not both")
        if amount is None and (quantity is None or unit_price is None):
            missing = "amount" if quantity is None and unit_price is None else \
                ("quantity" if quantity is None else "unit_price")
            r.fail(f"{sec}.{missing}", "is required: give amount, or quantity and unit_price")
        out.append(CostItem(r.string(item, sec, "name", default=f"cost {i + 1}"),
                            r.string(item, sec, "kind", choices=COST_KINDS, default="other"),
                            amount, quantity, unit_price, r.string(item, sec, "unit"),
                            r.string(item, sec, "source")))
    return tuple(out)


def _runs_list(r: Reader, t: dict, key: str) -> tuple[Runs, ...]:
    items = t.get(key, [])
    if not isinstance(items, list):
        r.fail(f"project.{key}", f"expected an array of tables ([[project.{key}]])", items)
    if len(items) > MAX_ROWS:
        r.fail(f"project.{key}", f"expected at most {MAX_ROWS:,} rows (group similar runs into one row: "
               "runs counts them)", f"{len(items):,} rows")
    out = []
    for i, item in enumerate(items):
        sec = f"project.{key}[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table with name, runs and scale", item)
        out.append(Runs(r.string(item, sec, "name", default=f"{key[:-1]} {i + 1}"),
                        r.number(item, sec, "runs", default=1.0, allow_zero=True, whole=True),
                        r.number(item, sec, "scale", default=1.0)))
    return tuple(out)


def read_project(r: Reader, t: dict, warnings) -> Project:
    s = "project"
    tuning = r.table(t, s, "tuning")
    warn_unknown(tuning, "project.tuning", ("trials", "scale"), warnings)
    contingency = r.number(t, s, "contingency", default=0.0, allow_zero=True)
    if high_end(contingency) > 1.0:
        r.fail("project.contingency", "expected a share of at most 1 (100%): 0.10 adds 10% for failed "
               "and restarted runs", t["contingency"])
    return Project(
        ensemble=r.number(t, s, "ensemble", default=1.0, at_least=1, whole=True),
        seeds=r.number(t, s, "seeds", default=1.0, at_least=1, whole=True),
        final_seeds=r.number(t, s, "final_seeds", default=1.0, at_least=1, whole=True),
        contingency=contingency,
        trials=r.number(tuning, "project.tuning", "trials", default=0.0, allow_zero=True, whole=True),
        trial_scale=r.number(tuning, "project.tuning", "scale", default=1.0),
        ablations=_runs_list(r, t, "ablations"),
        baselines=_runs_list(r, t, "baselines"))
