"""The summary dict: exactly the JSON contract of scenario-format.md, plus documented extensions."""

from __future__ import annotations

import numpy as np

from .catalogs import Catalogs, load_catalogs
from .engine import CATEGORIES, evaluate
from .resolve import Resolved, resolve
from .scenario import Scenario
from .uncertainty import has_ranges, percentiles, point_inputs, sample_inputs

QUANTITIES = ("flops", "accelerator_hours", "wall_clock_hours", "cost", "energy_kwh", "co2_kg")
MC_SAMPLES = 20_000
MC_SEED = 20190605  # fixed, so a file gives the same range every time it is summarised


def summarize(scenario: Scenario, catalogs: Catalogs | None = None, *, samples: int = MC_SAMPLES,
              seed: int = MC_SEED) -> dict:
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    out = evaluate(point_inputs(res.inputs), res.mode, res.n_ablations, res.n_baselines)
    summary = build(scenario, res, out)
    if has_ranges(res.inputs) and samples > 0:
        summary["uncertainty"] = monte_carlo(res, samples, seed)
    return summary


def project_totals(out: dict) -> dict[str, np.ndarray]:
    """Totals of every quantity over the categories, for point or sampled engine output."""
    mult = out["multiplier"].sum(axis=0)
    return {q: mult * out[f"final_{q}"] for q in QUANTITIES}


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
