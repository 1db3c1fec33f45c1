"""summarize(): a scenario's Summary (summary_types.py), exactly the JSON contract of scenario-format.md plus
documented extensions. The blocks are assembled as dicts here and typed once, at the end."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from planner.engine import memory, sanity, whatif
from planner.engine.categories import CATEGORIES, EXTRA_CATEGORIES
from planner.engine.core import evaluate, line_items, project_cost
from planner.engine.finite import check_finite, refuse_arithmetic
from planner.engine.ownership import capex_per_hour, energy_per_hour
from planner.engine.resolve import Resolved, resolve
from planner.engine.sampling import (
    has_ranges,
    many_percentiles,
    point_inputs,
    ranged_inputs,
    sample_inputs,
)
from planner.engine.summary_types import Summary
from planner.files.catalogs import Catalogs, load_catalogs
from planner.model import requests
from planner.model.errors import RequestError
from planner.model.scenario import Scenario, WhatIf
from planner.model.values import point

QUANTITIES = ("flops", "accelerator_hours", "wall_clock_hours", "cost", "energy_kwh", "co2_kg")
MC_QUANTITIES = ("cost", "accelerator_hours", "wall_clock_hours", "energy_kwh", "co2_kg", "flops")
MC_SAMPLES = 20_000
MC_SEED = 20190605  # fixed, so a file gives the same range every time it is summarised
SPOT_WITHOUT_OVERHEAD = ("whatif.spot is on without whatif.preemption_overhead: no time is added for "
                         "preemptions")


@refuse_arithmetic
def summarize(scenario: Scenario, catalogs: Catalogs | None = None, *, samples: int = MC_SAMPLES,
              seed: int = MC_SEED, budget_cap: float | None = None, confidence: float | None = None,
              draws_out: dict | None = None) -> Summary:
    """The summary of `scenario`. Raises ScenarioError when its figures cannot be computed.

    `budget_cap` and `confidence` override the file's [budget] cap and confidence (the command line's
    --budget-cap and --confidence). `draws_out`, a dict, receives the Monte Carlo draws behind the
    uncertainty block (when there is one): `draws_out["cost"]` is the array of sampled total costs
    (line items included), `draws_out["compute_cost"]` the compute alone, so a caller that plots them
    (the window's histogram) or counts them against a cap needs no second sampling.
    """
    if confidence is not None and not 0 < confidence < 1:
        raise RequestError("budget.confidence", "expected a share between 0 and 1, e.g. 0.9", confidence,
                           file=scenario.path)
    catalogs = catalogs or load_catalogs()
    if budget_cap is not None:
        budget_cap = requests.amount("budget_cap", budget_cap, scenario.path)
    res = resolve(scenario, catalogs)
    out = evaluate(point_inputs(res.inputs), res.mode, res.n_ablations, res.n_baselines, res.n_costs)
    with np.errstate(all="ignore"):  # inf x 0 on absurd inputs: refused just below, by key
        summary = build(scenario, res, out)
    # The point figures first, so that nothing more is computed from an overflow; the whole summary
    # (percentiles, what-ifs, checks) at the end.
    check_finite(scenario, res, [summary[part][q] for part in ("final_run", "total") for q in QUANTITIES])
    draws = None
    if has_ranges(res.inputs) and samples > 0:
        kept: dict = {}
        with np.errstate(all="ignore"):  # a range reaching past the largest float: refused at the end
            summary["uncertainty"] = monte_carlo(res, samples, seed, draws_out=kept)
        summary["uncertainty"]["inputs"] = _ranged(scenario, res)
        draws = kept["cost"]
        if draws_out is not None:
            draws_out.update(kept)
    summary["checks"] = _checks(scenario, summary, catalogs)
    if scenario.whatif.spot and scenario.whatif.preemption_overhead is None:
        summary["warnings"].append(SPOT_WITHOUT_OVERHEAD)
    levers = whatif.active(scenario.whatif)
    if levers:
        summary["whatifs"] = _whatif_effects(scenario, levers, summary, catalogs)
    if scenario.whatif.distill:
        summary["serving"] = _serving(scenario.whatif, summary)
    if draws is None:  # no ranges, or samples=0 (no Monte Carlo asked for): the point total
        draws = np.array([summary["total"]["cost"]])
    summary["budget"] = committed_budget(
        draws, scenario.budget.confidence if confidence is None else confidence,
        scenario.budget.cap if budget_cap is None else budget_cap)
    check_finite(scenario, res, summary)
    if scenario.training.tokens is None and scenario.training.steps is None:
        _unknown_without_tokens(summary)
    return Summary.from_dict(summary)


def _unknown_without_tokens(summary: dict) -> None:
    """A run given as measured hours without training tokens: its tokens, FLOPs and utilization are
    unknown, and say so as None (JSON null), never as 0."""
    summary["final_run"].update(tokens=None, flops=None, utilization=None)
    summary["assumptions"]["utilization"] = None
    for row in summary["categories"] + [summary["total"]]:
        row["flops"] = None
    if "uncertainty" in summary:
        summary["uncertainty"]["flops"] = None
    summary["checks"].update(tokens_per_param=None, compute_optimal=None)
def committed_budget(draws: np.ndarray, confidence: float, cap: float | None) -> dict:
    """The budget block: the total at `confidence` (a quantile of the draws; the point total when there is
    one draw) and, with a cap, the share of draws above it."""
    return {"confidence": confidence, "amount": float(np.quantile(draws, confidence)), "cap": cap,
            "probability_over": None if cap is None else probability_over(draws, cap)}


def _checks(scenario: Scenario, summary: dict, catalogs: Catalogs) -> dict:
    checked = sanity.check(scenario, summary, catalogs.accelerators[scenario.compute.accelerator].memory_gb)
    return {"tokens_per_param": checked.tokens_per_param,
            "compute_optimal": {"params": checked.optimal_params, "tokens": checked.optimal_tokens},
            "min_count": checked.min_count, "notes": list(checked.notes), "memory": memory.as_json(checked.memory)}


def _ranged(scenario: Scenario, res: Resolved) -> list[dict]:
    rows = ranged_inputs(res.inputs, scenario)
    for row in rows:
        if row["key"] == "price" and scenario.pricing.price_per_hour is None:  # the catalog gives a range
            row["file_key"] = "pricing.catalog"
            row["label"] = f"Price per accelerator-hour ({res.catalog} {res.offer})"
    return rows


def _point_total(scenario, catalogs) -> float:
    res = resolve(scenario, catalogs)
    out = evaluate(point_inputs(res.inputs), res.mode, res.n_ablations, res.n_baselines, res.n_costs)
    return float(project_cost(out))


def _whatif_effects(scenario, levers, summary, catalogs) -> list[dict]:
    """Each lever's effect on total cost: the total with that one lever switched off, and the change."""
    effects = []
    defaults = WhatIf()
    total = summary["total"]["cost"]
    for key in levers:
        off = {key: getattr(defaults, key)}
        if key == "spot":
            off["preemption_overhead"] = None
        if key == "distill":
            off["distill_scale"] = None
        without = _point_total(replace(scenario, whatif=replace(scenario.whatif, **off)), catalogs)
        effects.append({"lever": key, "description": whatif.describe(scenario.whatif, key),
                        "total_cost_without": without, "cost_change": total - without,
                        "factor": total / without if without else None})
    return effects


def _serving(w, summary) -> dict:
    model = whatif.DISTILLED_MODELS[w.distill]
    row = next(c for c in summary["categories"] if c["category"] == "distillation")
    return {"distilled": model["name"], "size_factor": model["size_factor"],
            "inference_speedup": model["inference_speedup"], "source": model["source"],
            "distillation": {q: row[q] for q in ("accelerator_hours", "cost", "energy_kwh", "co2_kg")}}


def sampled_totals(res: Resolved, x: dict) -> dict[str, np.ndarray]:
    """Project totals of every quantity for sampled inputs, without the per-category arrays; `cost`
    includes the line items, `compute_cost` does not."""
    out = evaluate(x, res.mode, res.n_ablations, res.n_baselines, res.n_costs, categories=False)
    totals = {q: out["total_multiplier"] * out[f"final_{q}"] for q in QUANTITIES}
    totals["compute_cost"] = totals["cost"]
    totals["cost"] = totals["cost"] + out["items_cost"]
    return totals


def cost_samples(scenario: Scenario, catalogs: Catalogs | None = None, samples: int = MC_SAMPLES,
                 seed: int = MC_SEED) -> np.ndarray:
    """Sampled total project cost (the same draws as the summary's uncertainty block). A scenario
    without ranges gives `samples` copies of its point total."""
    res = resolve(scenario, catalogs or load_catalogs())
    cost = sampled_totals(res, sample_inputs(res.inputs, samples, seed))["cost"]
    return np.broadcast_to(cost, (samples,)).astype(float)


def probability_over(samples: np.ndarray, cap: float) -> float:
    """Share of sampled totals above a budget cap."""
    return float(np.mean(np.asarray(samples) > cap))


def monte_carlo(res: Resolved, samples: int, seed: int, draws_out: dict | None = None) -> dict:
    """The uncertainty block: p5, p50 and p95 of each total over `samples` seeded draws."""
    totals = sampled_totals(res, sample_inputs(res.inputs, samples, seed))
    block = many_percentiles({q: totals[q] for q in MC_QUANTITIES})
    if draws_out is not None:
        for key in ("cost", "compute_cost"):
            draws = totals[key]
            draws_out[key] = draws if np.shape(draws) == (samples,) else np.full(samples, float(draws))
    return {**block, "samples": samples, "seed": seed}


def _num(value) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _owned_parts(x: dict) -> dict:
    """capex_per_hour and energy_per_hour of an owned price, as charged (after a later start's factor,
    like the price they add up to); nothing for a rented one."""
    if "purchase_price" not in x:
        return {}
    factor = float(whatif.delay_price_factor(x["start_delay_years"])) if "start_delay_years" in x else 1.0
    return {"capex_per_hour": float(capex_per_hour(x)) * factor, "energy_per_hour": float(energy_per_hour(x)) * factor}
def _run_rows(x: dict, category: str, rows, final: dict) -> list[dict]:
    """Each named ablation or baseline: runs x scale final runs (its seed repeats are in seed_repeats)."""
    kind = category[:-1]
    out = []
    for i, row in enumerate(rows):
        runs, scale = x[f"{kind}_runs_{i}"], x[f"{kind}_scale_{i}"]
        out.append({"name": row.name, "runs": _num(runs),
                    **{q: float(runs * scale * final[q]) for q in ("accelerator_hours", "cost", "energy_kwh",
                                                                   "co2_kg")}})
    return out


def build(scenario: Scenario, res: Resolved, out: dict) -> dict:
    final = {q: float(out[f"final_{q}"]) for q in QUANTITIES}
    names = CATEGORIES + EXTRA_CATEGORIES[:len(out["multiplier"]) - len(CATEGORIES)]
    categories = []
    x = point_inputs(res.inputs)
    for i, name in enumerate(names):
        row = {"category": name, "runs": _num(out["runs"][i])}
        row.update({q: float(out["multiplier"][i] * final[q]) for q in QUANTITIES})
        if name in ("ablations", "baselines"):
            row["rows"] = _run_rows(x, name, getattr(scenario.project, name), final)
        categories.append(row)
    total = {"runs": _num(sum(c["runs"] for c in categories))}
    total.update({q: sum(c[q] for c in categories) for q in QUANTITIES})
    costs = [{"name": item.name, "kind": item.kind, "cost": float(cost), "quantity": point(item.quantity),
              "unit": item.unit, "unit_price": point(item.unit_price), "source": item.source}
             for item, cost in zip(scenario.costs, line_items(x, res.n_costs))]
    total["compute_cost"] = total["cost"]
    total["cost"] = total["compute_cost"] + sum(c["cost"] for c in costs)
    items = total["cost"] - total["compute_cost"]
    return {
        "name": scenario.name,
        "currency": res.currency,
        "pricing": {"catalog": res.catalog, "as_of": res.as_of, "offer": res.offer, "region": res.region,
                    "accelerator": res.accelerator, "price_per_accelerator_hour": float(out["final_price"]),
                    "source": res.price_source, "estimate": res.price_estimate,
                    "derived": res.price_note, **_owned_parts(x)},
        "final_run": {"params": x["params"], "active_params": x["active_params"],
                      "tokens": float(out["final_tokens"]), **{q: final[q] for q in QUANTITIES},
                      "utilization": float(out["final_utilization"])},
        "categories": categories,
        "costs": costs,
        "total": total,
        # every category is a multiple of the final run; line items count in final runs' cost
        "iceberg_ratio": float(out["multiplier"].sum()) + (items / final["cost"] if final["cost"] else 0.0),
        "assumptions": {
            "accelerator": res.accelerator, "count": x["count"], "precision": res.precision,
            "peak_flops_per_accelerator": x["peak_flops"], "mode": res.mode,
            "utilization": float(out["final_utilization"]),
            "power_watts": x["power_watts"], "pue": x["pue"], "grid_kg_per_kwh": x["grid"],
            "sources": res.sources,
        },
        "warnings": list(scenario.warnings),
    }
