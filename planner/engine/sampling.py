"""Monte Carlo over 90% intervals: each Range input is sampled lognormally (Epoch AI, Guesstimate).

Also the one table of what each engine input is: its name for people, the file key it comes from and
the bounds the loader validates it against. A sampled (or swung) input is clipped to those bounds, so
a draw never leaves the domain a file may state (no ensemble below 1, no utilization above 1).
"""

from __future__ import annotations

import math

import numpy as np

from planner.engine import rows
from planner.model.bounds import MAX_COUNT, PUE_MAX
from planner.model.values import Number, Range

Z90 = 1.6448536269514722  # the 95th percentile of the standard normal: a 90% interval spans +-Z90 sigma
INF = math.inf

# Engine input -> (label, file key, low bound, high bound). Bounds are scenario_load.py's rules
# (tests/test_uncertainty.py checks each against the loader): at least 1 for ensemble, seeds,
# final_seeds, sample_efficiency and PUE; zero allowed for trials, run counts, contingency and the
# what-if shares; at most 1 for utilization and contingency, 10 for preemption, 50 years of delay,
# PUE_MAX and MAX_COUNT; the purchase terms as scenario_load._owned_terms bounds them. Everything else is greater than zero.
INPUTS: dict[str, tuple[str, str, float, float]] = {
    "params": ("Parameters", "model.params", 0.0, INF),
    "active_params": ("Active parameters", "model.active_params", 0.0, INF),
    "tokens": ("Training tokens", "training.tokens", 0.0, INF),
    "steps": ("Training steps", "training.steps", 0.0, INF),
    "batch_size": ("Batch size", "training.batch_size", 0.0, INF),
    "count": ("Accelerator count", "compute.count", 0.0, MAX_COUNT),
    "utilization": ("Utilization", "compute.utilization", 0.0, 1.0),
    "tokens_per_second": ("Tokens per second", "compute.tokens_per_second", 0.0, INF),
    "hours": ("Measured hours", "compute.hours", 0.0, INF),
    "price": ("Price per accelerator-hour", "pricing.price_per_hour", 0.0, INF),
    "purchase_price": ("Purchase price per accelerator", "pricing.purchase_price", 0.0, INF),
    "server_overhead": ("Server and network overhead", "pricing.server_overhead", 0.0, 10.0),
    "life_years": ("Hardware life (years)", "pricing.life_years", 0.0, 50.0),
    "cluster_utilization": ("Cluster utilization", "pricing.cluster_utilization", 0.0, 1.0),
    "electricity_per_kwh": ("Electricity price per kWh", "pricing.electricity_per_kwh", 0.0, 10.0),
    "power_watts": ("Power per accelerator (W)", "energy.power_watts", 0.0, INF),
    "pue": ("PUE", "energy.pue", 1.0, PUE_MAX),
    "grid": ("Grid carbon intensity", "energy.grid_kg_per_kwh", 0.0, INF),
    "ensemble": ("Ensemble members", "project.ensemble", 1.0, INF),
    "seeds": ("Seeds per configuration", "project.seeds", 1.0, INF),
    "final_seeds": ("Final-run seeds", "project.final_seeds", 1.0, INF),
    "contingency": ("Contingency", "project.contingency", 0.0, 1.0),
    "trials": ("Tuning trials", "project.tuning.trials", 0.0, INF),
    "trial_scale": ("Trial scale", "project.tuning.scale", 0.0, INF),
    "sample_efficiency": ("Sample efficiency (what-if)", "whatif.sample_efficiency", 1.0, INF),
    "preemption_overhead": ("Preemption overhead (what-if)", "whatif.preemption_overhead", 0.0, 10.0),
    "start_delay_years": ("Start delay in years (what-if)", "whatif.start_delay_years", 0.0, 50.0),
    "distill_scale": ("Distillation scale (what-if)", "whatif.distill_scale", 0.0, INF),
}
RUN_ROWS = {"ablation": "ablations", "baseline": "baselines"}  # ablation_runs_0 -> project.ablations[0].runs
# Whole-number counts: the tornado swings them by one, not by a share.
COUNT_KEYS = ("ensemble", "seeds", "final_seeds", "trials")


def _row_key(key: str) -> tuple[str, str, int] | None:
    """("ablation", "runs", 0) for "ablation_runs_0"; None for other keys."""
    for kind in RUN_ROWS:
        for part in ("runs", "scale"):
            prefix = f"{kind}_{part}_"
            if key.startswith(prefix) and key[len(prefix):].isdigit():
                return kind, part, int(key[len(prefix):])
    return None


COST_PARTS = ("amount", "quantity", "unit_price")  # cost_amount_0 -> costs[0].amount


def _cost_key(key: str) -> tuple[str, int] | None:
    """("unit_price", 2) for "cost_unit_price_2"; None for other keys."""
    for part in COST_PARTS:
        prefix = f"cost_{part}_"
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            return part, int(key[len(prefix):])
    return None


def bounds(key: str) -> tuple[float, float]:
    """The (low, high) a value of this input is kept within."""
    if key in INPUTS:
        return INPUTS[key][2], INPUTS[key][3]
    return 0.0, INF  # run counts may be zero; scales are positive: both are at least zero


def file_key(key: str) -> str:
    row = _row_key(key)
    if row:
        return f"project.{RUN_ROWS[row[0]]}[{row[2]}].{row[1]}"
    cost = _cost_key(key)
    if cost:
        return f"costs[{cost[1]}].{cost[0]}"
    return INPUTS[key][1] if key in INPUTS else key


def is_count(key: str) -> bool:
    row = _row_key(key)
    return key in COUNT_KEYS or (row is not None and row[1] == "runs")


def label(key: str, scenario=None) -> str:
    """An input's name for people; ablation and baseline rows use the row's own name."""
    row = _row_key(key)
    if row and scenario is not None:
        rows = getattr(scenario.project, RUN_ROWS[row[0]])
        if row[2] < len(rows):
            name = rows[row[2]].name
            return f"{name if len(name) <= 40 else name[:39] + '…'} ({row[1]})"
    if row:
        return f"{row[0]} {row[2] + 1} ({row[1]})"
    cost = _cost_key(key)
    if cost:
        part = cost[0].replace("_", " ")
        if scenario is not None and cost[1] < len(scenario.costs):
            name = scenario.costs[cost[1]].name
            return f"{name if len(name) <= 40 else name[:39] + '…'} ({part})"
        return f"cost {cost[1] + 1} ({part})"
    return INPUTS[key][0] if key in INPUTS else key.replace("_", " ")


def point_inputs(inputs: dict[str, Number]) -> dict[str, float]:
    return {k: (v.point if isinstance(v, Range) else float(v)) for k, v in inputs.items()}


def has_ranges(inputs: dict[str, Number]) -> bool:
    return any(isinstance(v, Range) for v in inputs.values())


def ranged_inputs(inputs: dict[str, Number], scenario=None) -> list[dict]:
    """The inputs given as ranges, for the summary: key, file key, label, low and high."""
    return [{"key": k, "file_key": file_key(k), "label": label(k, scenario), "low": v.low, "high": v.high}
            for k, v in inputs.items() if isinstance(v, Range)]


def sample_inputs(inputs: dict[str, Number], n: int, seed: int = 0) -> dict[str, np.ndarray | float]:
    """Inputs with every Range replaced by `n` seeded samples; the same seed gives the same samples.

    One block of standard normals serves every ranged input (a row each, in sorted key order, so the
    stream does not depend on dict order). Its second half mirrors the first (antithetic variates,
    Hammersley & Morton 1956): half the random numbers, the slowest step, and a lower variance for
    totals that rise or fall with each input. The normals are drawn in float32, about twice as fast
    as float64 at a precision far finer than any 90% interval, then widened to float64 before they
    are scaled and exponentiated: float32 ends at 3.4e38, below a file's large inputs (1e40 tokens).
    Each row is clipped to its input's bounds. Ablation and baseline rows are given as their sums
    (rows.SUMS), never as one array per row.
    """
    ranged = sorted(k for k, v in inputs.items() if isinstance(v, Range) and not rows.is_row_key(k))
    out: dict[str, np.ndarray | float] = {k: float(v) for k, v in inputs.items()
                                           if not isinstance(v, Range) and not rows.is_row_key(k)}
    # Ablation and baseline rows as their sums, a block of rows at a time (rows.py), from a stream of
    # their own, so that the other inputs' draws do not depend on the rows.
    out.update(rows.sampled_sums(inputs, n, np.random.default_rng([seed, 1])))
    if not ranged:
        return out
    half = (n + 1) // 2
    z = np.empty((len(ranged), n), dtype=np.float32)
    z[:, :half] = np.random.default_rng(seed).standard_normal((len(ranged), half), dtype=np.float32)
    np.negative(z[:, :n - half], out=z[:, half:])
    block = z.astype(np.float64)
    for row, key in zip(block, ranged):
        _to_interval(row, inputs[key])
        low, high = bounds(key)
        if low > 0 or high < INF:  # draws are already >= 0
            np.clip(row, low, high, out=row)
        out[key] = row
    return out


def _to_interval(z: np.ndarray, value: Range) -> None:
    """Turn standard normals (in place) into draws whose 5th and 95th percentiles are the bounds."""
    if value.low > 0:  # lognormal: the log is normal between log(low) and log(high)
        mu = 0.5 * (math.log(value.low) + math.log(value.high))
        sigma = (math.log(value.high) - math.log(value.low)) / (2 * Z90)
        z *= sigma
        z += mu
        np.exp(z, out=z)
    else:  # a bound at zero cannot be lognormal: a normal on the same 90% interval, clipped at zero
        z *= value.high / (2 * Z90) - value.low / (2 * Z90)  # halved first: high - low may overflow
        z += value.low / 2 + value.high / 2
        np.maximum(z, 0.0, out=z)


def percentiles(values: np.ndarray) -> dict[str, float]:
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95)}


def many_percentiles(arrays: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """p5, p50, p95 of each array, partitioning as few arrays as possible.

    A constant array needs no partition; an array that is a constant multiple of one already done
    (wall-clock = accelerator-hours / count when count is fixed) takes its percentiles scaled.
    """
    done: list[tuple[np.ndarray, dict[str, float]]] = []
    out = {}
    for name, values in arrays.items():
        values = np.asarray(values, dtype=float)
        if values.size == 0 or values.min() == values.max():
            v = float(values.flat[0]) if values.size else 0.0
            out[name] = {"p5": v, "p50": v, "p95": v}
            continue
        out[name] = next((_scaled(p, factor) for base, p in done
                          if (factor := _constant_ratio(values, base)) is not None), None)
        if out[name] is None:
            out[name] = percentiles(values)
            done.append((values, out[name]))
    return out


def _constant_ratio(values: np.ndarray, base: np.ndarray) -> float | None:
    if values.shape != base.shape:
        return None
    with np.errstate(all="ignore"):
        ratio = values / base
    low, high = ratio.min(), ratio.max()
    if not (low > 0 and math.isfinite(high)) or high - low > 1e-9 * high:
        return None
    return float(ratio[0])


def _scaled(p: dict[str, float], factor: float) -> dict[str, float]:
    return {k: v * factor for k, v in p.items()}
