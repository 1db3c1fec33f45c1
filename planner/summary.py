"""The summary dict: exactly the JSON contract of scenario-format.md, plus documented extensions."""

from __future__ import annotations

import numpy as np

from .catalogs import Catalogs, load_catalogs
from .engine import CATEGORIES, evaluate
from .resolve import Resolved, resolve
from dataclasses import replace

from . import sanity, whatif
from .scenario import Scenario, WhatIf
from .uncertainty import has_ranges, percentiles, point_inputs, sample_inputs

QUANTITIES = ("flops", "accelerator_hours", "wall_clock_hours", "cost", "energy_kwh", "co2_kg")
MC_SAMPLES = 20_000
MC_SEED = 20190605  # fixed, so a file gives the same range every time it is summarised


def summarize(scenario: Scenario, catalogs: Catalogs | None = None, *, samples: int = MC_SAMPLES,
              seed: int = MC_SEED, budget_cap: float | None = None) -> dict:
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    out = evaluate(point_inputs(res.inputs), res.mode, res.n_ablations, res.n_baselines)
    summary = build(scenario, res, out)
    if has_ranges(res.inputs) and samples > 0:
        summary["uncertainty"] = monte_carlo(res, samples, seed)
    checked = sanity.check(scenario, summary, catalogs.accelerators[scenario.compute.accelerator].memory_gb)
    summary["checks"] = {"tokens_per_param": checked.tokens_per_param,
                         "compute_optimal": {"params": checked.optimal_params, "tokens": checked.optimal_tokens},
                         "min_count": checked.min_count, "notes": list(checked.notes)}
    levers = whatif.active(scenario.whatif)
    if levers:
        summary["whatifs"] = _whatif_effects(scenario, levers, summary, catalogs)
    if scenario.whatif.distill:
        summary["serving"] = _serving(scenario.whatif, summary)
    if budget_cap is not None:
        draws = cost_samples(scenario, catalogs, samples or MC_SAMPLES, seed)
        summary["budget"] = {"cap": budget_cap, "probability_over": probability_over(draws, budget_cap)}
    return summary


def _point_total(scenario, catalogs) -> float:
    res = resolve(scenario, catalogs)
    out = evaluate(point_inputs(res.inputs), res.mode, res.n_ablations, res.n_baselines)
    return float(out["multiplier"].sum(axis=0) * out["final_cost"])


def _whatif_effects(scenario, levers, summary, catalogs) -> list[dict]:
    """Each lever's effect on total cost: the total with that one lever switched off, and the change."""
    effects = []
    defaults = WhatIf()
    total = summary["total"]["cost"]
    for key in levers:
        off = {key: getattr(defaults, key)}
        if key == "spot":
            off["preemption_overhead"] = None
        without = _point_total(replace(scenario, whatif=replace(scenario.whatif, **off)), catalogs)
        effects.append({"lever": key, "description": whatif.describe(scenario.whatif, key),
                        "total_cost_without": without, "cost_change": total - without,
                        "factor": total / without if without else None})
    return effects


def _serving(w, summary) -> dict:
    model = whatif.DISTILLED_MODELS[w.distill]
    scale = float(w.distill_scale.point if hasattr(w.distill_scale, "point") else w.distill_scale)
    f = summary["final_run"]
    return {"distilled": model["name"], "size_factor": model["size_factor"],
            "inference_speedup": model["inference_speedup"], "source": model["source"],
            "distillation": {q: f[q] * scale for q in ("accelerator_hours", "cost", "energy_kwh", "co2_kg")}}


def project_totals(out: dict) -> dict[str, np.ndarray]:
    """Totals of every quantity over the categories, for point or sampled engine output."""
    mult = out["multiplier"].sum(axis=0)
    return {q: mult * out[f"final_{q}"] for q in QUANTITIES}


def cost_samples(scenario: Scenario, catalogs: Catalogs | None = None, samples: int = MC_SAMPLES,
                 seed: int = MC_SEED) -> np.ndarray:
    """Sampled total project cost (the same draws as the summary's uncertainty block). A scenario
    without ranges gives `samples` copies of its point total."""
    res = resolve(scenario, catalogs or load_catalogs())
    out = evaluate(sample_inputs(res.inputs, samples, seed), res.mode, res.n_ablations, res.n_baselines)
    return np.broadcast_to(project_totals(out)["cost"], (samples,)).astype(float)


def probability_over(samples: np.ndarray, cap: float) -> float:
    """Share of sampled totals above a budget cap."""
    return float(np.mean(np.asarray(samples) > cap))


def monte_carlo(res: Resolved, samples: int, seed: int) -> dict:
    sampled = sample_inputs(res.inputs, samples, seed)
    out = evaluate(sampled, res.mode, res.n_ablations, res.n_baselines)
    totals = project_totals(out)
    block = {q: percentiles(np.broadcast_to(totals[q], (samples,))) for q in
             ("cost", "accelerator_hours", "wall_clock_hours", "energy_kwh", "co2_kg", "flops")}
    block["samples"] = samples
    block["seed"] = seed
    return block


def _num(value) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def build(scenario: Scenario, res: Resolved, out: dict) -> dict:
    final = {q: float(out[f"final_{q}"]) for q in QUANTITIES}
    categories = []
    for i, name in enumerate(CATEGORIES):
        row = {"category": name, "runs": _num(out["runs"][i])}
        row.update({q: float(out["multiplier"][i] * final[q]) for q in QUANTITIES})
        categories.append(row)
    total = {"runs": _num(sum(c["runs"] for c in categories))}
    total.update({q: sum(c[q] for c in categories) for q in QUANTITIES})
    x = point_inputs(res.inputs)
    return {
        "name": scenario.name,
        "currency": res.currency,
        "pricing": {"catalog": res.catalog, "as_of": res.as_of, "offer": res.offer, "region": res.region,
                    "accelerator": res.accelerator, "price_per_accelerator_hour": x["price"],
                    "source": res.price_source, "estimate": res.price_estimate,
                    "derived": res.price_note},
        "final_run": {"params": x["params"], "active_params": x["active_params"],
                      "tokens": float(out["final_tokens"]), **{q: final[q] for q in QUANTITIES},
                      "utilization": float(out["final_utilization"])},
        "categories": categories,
        "total": total,
        "iceberg_ratio": total["cost"] / final["cost"] if final["cost"] else
        total["accelerator_hours"] / final["accelerator_hours"],
        "assumptions": {
            "accelerator": res.accelerator, "count": x["count"], "precision": res.precision,
            "peak_flops_per_accelerator": x["peak_flops"], "mode": res.mode,
            "utilization": float(out["final_utilization"]),
            "power_watts": x["power_watts"], "pue": x["pue"], "grid_kg_per_kwh": x["grid"],
            "sources": res.sources,
        },
        "warnings": list(scenario.warnings),
    }
