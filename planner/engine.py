"""The cost engine: one vectorised numpy function from numeric inputs to a project's figures.

Every input may be a scalar or an array; arrays broadcast. A point estimate, a sweep over a grid and
a Monte Carlo run are the same call on arrays of different length (see resolve.py for the inputs).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

CATEGORIES = ("final", "ensemble", "tuning", "ablations", "baselines", "seed_repeats", "contingency")
MODES = ("utilization", "tokens_per_second", "hours")
# Full activation recompute repeats the forward pass: 8ND hardware FLOPs for 6ND model FLOPs.
# Selective recompute (Korthikanti et al. 2022) re-runs only attention internals: about 3% more.
RECOMPUTE_FACTOR = {"none": 1.0, "selective": 1.03, "full": 8.0 / 6.0}


def evaluate(x: Mapping[str, np.ndarray | float], mode: str, n_ablations: int = 0,
             n_baselines: int = 0) -> dict[str, np.ndarray]:
    """Figures of one final run (R) and of the project's categories, as arrays.

    Returns `final_*` arrays (flops, accelerator_hours, wall_clock_hours, cost, energy_kwh, co2_kg,
    utilization) and `multiplier` / `runs` arrays of shape (7, ...) in the order of CATEGORIES:
    each category's compute as a multiple of R, and its count of training runs.
    """
    if "steps" in x:
        tokens = x["steps"] * x["batch_size"] * x["seq_len"]
    else:
        tokens = x["tokens"]
    # A what-if on sample efficiency needs fewer tokens for the same model (compute_factor < 1).
    tokens = tokens * x.get("compute_factor", 1.0)
    flops = (6.0 * x["active_params"] + x["attention_flops_per_token"]) * tokens
    if mode == "utilization":
        seconds = flops * x["recompute"] / (x["peak_flops"] * x["utilization"])
    elif mode == "tokens_per_second":
        seconds = tokens / x["tokens_per_second"]
    elif mode == "hours":
        seconds = x["hours"] * x["count"] * 3600.0
    else:
        raise ValueError(f"unknown mode {mode!r}")
    if mode == "hours":  # measured hours were for the full compute (tokens already carry the factor)
        seconds = seconds * x.get("compute_factor", 1.0)
    seconds = seconds * x.get("time_overhead", 1.0)  # preemptions on spot capacity
    hours = seconds / 3600.0
    energy = hours * x["power_watts"] / 1000.0 * x["pue"]
    final = {
        "final_tokens": tokens,
        "final_flops": flops,
        "final_accelerator_hours": hours,
        "final_wall_clock_hours": hours / x["count"],
        "final_cost": hours * x["price"],
        "final_energy_kwh": energy,
        "final_co2_kg": energy * x["grid"],
        # The model-FLOPs utilization a measured throughput or duration implies.
        "final_utilization": flops / (seconds * x["peak_flops"]),
    }
    runs, mult = _project(x, n_ablations, n_baselines)
    return {**final, "runs": runs, "multiplier": mult}


def _project(x, n_ablations: int, n_baselines: int):
    """Runs and compute (in units of one final run) for each category of scenario-format.md."""
    ens = x["ensemble"] - 1.0
    trials = x["trials"]
    tuning = trials * x["trial_scale"]
    abl_runs = sum((x[f"ablation_runs_{i}"] for i in range(n_ablations)), 0.0)
    abl = sum((x[f"ablation_runs_{i}"] * x[f"ablation_scale_{i}"] for i in range(n_ablations)), 0.0)
    bas_runs = sum((x[f"baseline_runs_{i}"] for i in range(n_baselines)), 0.0)
    bas = sum((x[f"baseline_runs_{i}"] * x[f"baseline_scale_{i}"] for i in range(n_baselines)), 0.0)
    f1, s1 = x["final_seeds"] - 1.0, x["seeds"] - 1.0
    seed = f1 + s1 * (tuning + abl + bas)
    seed_runs = f1 + s1 * (trials + abl_runs + bas_runs)
    cont = x["contingency"] * (1.0 + ens + tuning + abl + bas + seed)
    one = np.ones_like(np.asarray(ens + tuning + abl + bas + seed + cont, dtype=float))
    mult = np.stack(np.broadcast_arrays(one, ens * one, tuning * one, abl * one, bas * one,
                                        seed * one, cont * one))
    runs = np.stack(np.broadcast_arrays(one, ens * one, trials * one, abl_runs * one, bas_runs * one,
                                        seed_runs * one, 0.0 * one))
    return runs, mult
