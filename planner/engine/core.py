"""The cost engine: one vectorised numpy function from numeric inputs to a project's figures.

Every input may be a scalar or an array; arrays broadcast. A point estimate, a sweep over a grid and
a Monte Carlo run are the same call on arrays of different length (see resolve.py for the inputs).

What-if levers (whatif.py) are inputs too, so a range on one is sampled like any other; each is absent
(or neutral) when its lever is off:
- sample_efficiency: the run reaches its quality with 1/SE of the compute. The run's training tokens
  stay the user's; its FLOPs, and so its time, cost and energy, are divided by SE.
- preemption_overhead: a share of time added to every run (spot capacity). The implied utilization
  is the utilization while running: it does not include this lost time.
- start_delay_years: the price per accelerator-hour x 0.5 ** (years / 2.5).
- flop_share (from the shape, when not 1): parameters doing matrix work per input token over the active
  count (untied input embeddings and learned positions are lookups; an encoder-decoder's decoder runs on
  target_len / seq_len tokens per input token). Model FLOPs are 6 x active x share, plus attention.
- purchase_price, server_overhead, life_years, cluster_utilization, electricity_per_kwh: present
  instead of `price` when the accelerators are owned (ownership.py): the price is computed here.
- distill_scale: an eighth category, "distillation" (one run of distill_scale x R), after the seven.

Line items beyond compute ([[costs]]: staff, storage, data, ...) are inputs too (`cost_amount_i`, or
`cost_quantity_i` x `cost_unit_price_i`): `items_cost` adds them to the total, outside contingency.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from planner.engine import rows
from planner.engine.ownership import owned_price
from planner.engine.whatif import delay_price_factor

MODES = ("utilization", "tokens_per_second", "hours")
# Full activation recompute repeats the forward pass: 8ND hardware FLOPs for 6ND model FLOPs.
# Selective recompute (Korthikanti et al. 2022) re-runs only attention internals: about 3% more.
RECOMPUTE_FACTOR = {"none": 1.0, "selective": 1.03, "full": 8.0 / 6.0}


def evaluate(x: Mapping[str, np.ndarray | float], mode: str, n_ablations: int = 0,
             n_baselines: int = 0, n_costs: int = 0, categories: bool = True) -> dict[str, np.ndarray]:
    """The one engine: figures of one final run (R) and of the whole project, as arrays. A point
    estimate, a sweep and a Monte Carlo run are this call on scalars or arrays of any length.

    Returns `final_*` arrays (tokens, flops, accelerator_hours, wall_clock_hours, cost, energy_kwh,
    co2_kg, utilization, price), `total_multiplier` (the project's compute in units of R) and
    `items_cost` (the line items' sum, beyond compute). With `categories`, also `multiplier` / `runs`
    arrays of shape (7, ...) in the order of CATEGORIES (8 with "distillation" when `distill_scale` is an
    input): each category's compute as a multiple of R, and its count of training runs. Monte Carlo
    leaves them out: 1M draws x 8 categories would be 64 MB of temporaries that nothing reads.
    """
    mult, runs, before = _parts(x, n_ablations, n_baselines)
    out = final_run(x, mode)
    out["total_multiplier"] = before * (1.0 + x["contingency"]) + (mult[7] if len(mult) > 7 else 0.0)
    out["items_cost"] = items_cost(x, n_costs)
    if categories:
        shape = np.broadcast_shapes(*(np.shape(v) for v in mult + runs))
        out["runs"] = np.stack([np.broadcast_to(v, shape) for v in runs]).astype(float)
        out["multiplier"] = np.stack([np.broadcast_to(v, shape) for v in mult]).astype(float)
    return out


def line_items(x, n_costs: int) -> list:
    """The cost of each [[costs]] row: its amount, or quantity x unit price."""
    return [x[f"cost_amount_{i}"] if f"cost_amount_{i}" in x
            else x[f"cost_quantity_{i}"] * x[f"cost_unit_price_{i}"] for i in range(n_costs)]


def items_cost(x, n_costs: int):
    """The line items' total (0.0 without any): added to the compute total, not in contingency's base."""
    return sum(line_items(x, n_costs), 0.0)


def project_cost(out: dict):
    """The whole project's cost from `evaluate`'s output: compute plus line items."""
    return out["total_multiplier"] * out["final_cost"] + out["items_cost"]


def final_run(x: Mapping[str, np.ndarray | float], mode: str) -> dict[str, np.ndarray]:
    """The `final_*` figures of one final run."""
    if "steps" in x:
        tokens = x["steps"] * x["batch_size"] * x["seq_len"]
    else:
        tokens = x["tokens"]
    se = x.get("sample_efficiency", 1.0)
    # errstate: absurd inputs give inf or 0 here; summarize() refuses non-finite figures by key.
    with np.errstate(all="ignore"):
        flops = np.multiply(6.0 * x["active_params"] * x.get("flop_share", 1.0) + x["attention_flops_per_token"],
                            tokens) / se
        if mode == "utilization":
            seconds = flops * x["recompute"] / (x["peak_flops"] * x["utilization"])
        elif mode == "tokens_per_second":
            seconds = np.divide(tokens, x["tokens_per_second"]) / se
        elif mode == "hours":  # measured hours were for the full compute: the lever divides them too
            seconds = np.multiply(x["hours"], x["count"]) * (3600.0 / se)
        else:
            raise ValueError(f"unknown mode {mode!r}")
        # The model-FLOPs utilization the inputs imply (a measured run with no time at all: 0).
        if mode == "utilization":
            utilization = np.divide(x["utilization"], x["recompute"])
        else:
            utilization = np.where(seconds > 0, flops / (seconds * x["peak_flops"]), 0.0)
        if "preemption_overhead" in x:  # time lost to preemptions on spot capacity
            seconds = seconds * (1.0 + x["preemption_overhead"])
        hours = seconds / 3600.0
        price = owned_price(x) if "purchase_price" in x else x["price"]
        if "start_delay_years" in x:
            price = price * delay_price_factor(x["start_delay_years"])
        energy = hours * x["power_watts"] * x["pue"] / 1000.0
        return {
            "final_tokens": tokens,
            "final_flops": flops,
            "final_accelerator_hours": hours,
            "final_wall_clock_hours": hours / x["count"],
            "final_cost": hours * price,
            "final_energy_kwh": energy,
            "final_co2_kg": energy * x["grid"],
            "final_utilization": utilization,
            "final_price": price,
        }


def _parts(x, n_ablations: int, n_baselines: int):
    """Compute (in units of R) and runs of each category of scenario-format.md, unbroadcast."""
    ens = x["ensemble"] - 1.0
    trials = x["trials"]
    tuning = trials * x["trial_scale"]
    abl_runs, abl = rows.sums(x, "ablation", n_ablations)  # each row's, or the sums x carries
    bas_runs, bas = rows.sums(x, "baseline", n_baselines)
    f1, s1 = x["final_seeds"] - 1.0, x["seeds"] - 1.0
    seed = f1 + s1 * (tuning + abl + bas)
    seed_runs = f1 + s1 * (trials + abl_runs + bas_runs)
    before = 1.0 + ens + tuning + abl + bas + seed
    mult = [1.0, ens, tuning, abl, bas, seed, x["contingency"] * before]
    runs = [1.0, ens, trials, abl_runs, bas_runs, seed_runs, 0.0]
    if "distill_scale" in x:  # distilling the served model: one run, outside contingency's base
        mult.append(x["distill_scale"])
        runs.append(1.0)
    return mult, runs, before
