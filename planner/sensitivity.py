"""Tornado analysis: swing each input across its range (or by a default swing) and see the total cost.

All swings are one vectorised engine call: every input becomes an array of 2 x K entries that equal
its point value except where that input is being swung.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .catalogs import Catalogs, load_catalogs
from .engine import evaluate
from .resolve import resolve
from .values import Range

DEFAULT_SWING = (0.75, 1.25)  # a point value is swung by -25% / +25%
LABELS = {
    "active_params": "Active parameters", "tokens": "Training tokens", "steps": "Training steps",
    "batch_size": "Batch size", "utilization": "Utilization", "tokens_per_second": "Tokens per second",
    "hours": "Measured hours", "price": "Price per accelerator-hour", "ensemble": "Ensemble members",
    "seeds": "Seeds per configuration", "final_seeds": "Final-run seeds", "contingency": "Contingency",
    "trials": "Tuning trials", "trial_scale": "Trial scale", "recompute": "Recompute factor",
    "compute_factor": "Sample efficiency (what-if)", "time_overhead": "Preemption overhead (what-if)",
}
# Inputs that never move the cost (count sets wall-clock; power, PUE and grid set energy and CO2) or
# that are derived, not guessed.
SKIP = {"params", "attention_flops_per_token", "peak_flops", "count", "power_watts", "pue", "grid", "seq_len",
        "recompute"}


@dataclass(frozen=True)
class Swing:
    key: str
    label: str
    low_input: float
    high_input: float
    low_cost: float
    high_cost: float
    ranged: bool  # True: swung across the file's 90% interval; False: the default swing

    @property
    def spread(self) -> float:
        return abs(self.high_cost - self.low_cost)


def _label(key: str, scenario) -> str:
    for kind, rows in (("ablation", scenario.project.ablations), ("baseline", scenario.project.baselines)):
        for part in ("runs", "scale"):
            prefix = f"{kind}_{part}_"
            if key.startswith(prefix):
                return f"{rows[int(key[len(prefix):])].name[:40]} ({part})"
    return LABELS.get(key, key)


def tornado(scenario, catalogs: Catalogs | None = None) -> list[Swing]:
    """Swings with an effect on total cost, largest first."""
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    keys, lows, highs, ranged = [], [], [], []
    point = {}
    for key, value in res.inputs.items():
        point[key] = value.point if isinstance(value, Range) else float(value)
        if key in SKIP:
            continue
        if key in ("compute_factor", "time_overhead") and value == 1.0:
            continue  # the what-if lever is off: nothing to swing
        if isinstance(value, Range):
            lo, hi = value.low, value.high
        else:
            lo, hi = point[key] * DEFAULT_SWING[0], point[key] * DEFAULT_SWING[1]
            if key in ("ensemble", "seeds", "final_seeds"):
                lo = max(lo, 1.0)
            if key == "utilization":
                hi = min(hi, 1.0)
        if lo == hi:
            continue
        keys.append(key)
        lows.append(lo)
        highs.append(hi)
        ranged.append(isinstance(value, Range))
    if not keys:
        return []
    n = len(keys)
    x = {k: np.full(2 * n, v) for k, v in point.items()}
    for i, key in enumerate(keys):
        x[key][2 * i], x[key][2 * i + 1] = lows[i], highs[i]
    out = evaluate(x, res.mode, res.n_ablations, res.n_baselines)
    cost = out["multiplier"].sum(axis=0) * out["final_cost"]
    swings = [Swing(k, _label(k, scenario), lows[i], highs[i], float(cost[2 * i]), float(cost[2 * i + 1]), ranged[i])
              for i, k in enumerate(keys)]
    swings = [s for s in swings if s.spread > 1e-9 * max(1.0, abs(s.high_cost))]
    return sorted(swings, key=lambda s: s.spread, reverse=True)
