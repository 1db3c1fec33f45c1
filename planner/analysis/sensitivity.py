"""Tornado analysis: swing each input across its range (or by a default swing) and see the total cost.

All swings are one vectorised engine call: every input becomes an array of 2 x K entries that equal
its point value except where that input is being swung. Whole-number counts (ensemble members, seeds,
trials, ablation and baseline runs) swing by one either way; other inputs by 25%. Every swing stays
within the bounds a file may state (uncertainty.bounds: no ensemble below 1, no utilization above 1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from planner.engine.core import evaluate, project_cost
from planner.engine.finite import check_finite, refuse_arithmetic
from planner.engine.resolve import resolve
from planner.engine.rows import is_row_key, swung_sums
from planner.engine.sampling import bounds, is_count, label
from planner.files.catalogs import Catalogs, load_catalogs
from planner.model.values import Range

DEFAULT_SWING = (0.75, 1.25)  # a point value is swung by -25% / +25% ...
COUNT_SWING = 1.0             # ... and a whole-number count by one
# Inputs that never move the cost (power, PUE and grid set energy and CO2; power and PUE do move an
# owned cluster's cost, through its electricity) or that are derived, not guessed. `count` sets only the
# wall-clock in every mode: under measured hours too, since a change of count keeps the
# accelerator-hours (planner.analysis.edits.change_count: the hours scale by old/new count), so
# swinging it as hours x count would show a cost swing that no edit of the count can produce.
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
    swing: str = ""  # how: "90% interval", "+-1" or "+-25%"

    @property
    def spread(self) -> float:
        return abs(self.high_cost - self.low_cost)


def _bounds(key: str, value: float | Range) -> tuple[float, float, str]:
    """(low, high, how) an input is swung across."""
    if isinstance(value, Range):
        low, high, how = value.low, value.high, "90% interval"
    elif is_count(key):
        low, high, how = value - COUNT_SWING, value + COUNT_SWING, "+-1"
    else:
        low, high, how = value * DEFAULT_SWING[0], value * DEFAULT_SWING[1], "+-25%"
    floor, ceiling = bounds(key)
    return max(low, floor), min(high, ceiling), how


@refuse_arithmetic
def tornado(scenario, catalogs: Catalogs | None = None) -> list[Swing]:
    """Swings with an effect on total cost, largest first."""
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    skip = SKIP
    if "purchase_price" in res.inputs:  # owned: power and PUE set the electricity bill per hour
        skip = skip - {"power_watts", "pue"}
    rows = []  # (key, low, high, how, ranged)
    point = {}
    for key, value in res.inputs.items():
        point[key] = value.point if isinstance(value, Range) else float(value)
        if key in skip:
            continue
        low, high, how = _bounds(key, value)
        if low < high:
            rows.append((key, low, high, how, isinstance(value, Range)))
    if not rows:
        return []
    n = len(rows)
    # Ablation and baseline rows enter as their sums (engine/rows.py): linear in the rows, not quadratic.
    x = {k: np.full(2 * n, v) for k, v in point.items() if not is_row_key(k)}
    x.update(swung_sums(res.inputs, point, rows, 2 * n))
    for i, (key, low, high, *_) in enumerate(rows):
        if key in x:
            x[key][2 * i], x[key][2 * i + 1] = low, high
    with np.errstate(all="ignore"):  # absurd inputs overflow: refused just below, by key
        out = evaluate(x, res.mode, res.n_ablations, res.n_baselines, res.n_costs)
        cost = project_cost(out)
    check_finite(scenario, res, cost)
    swings = [Swing(key, label(key, scenario), low, high, float(cost[2 * i]), float(cost[2 * i + 1]), ranged, how)
              for i, (key, low, high, how, ranged) in enumerate(rows)]
    swings = [s for s in swings if s.spread > 1e-9 * max(1.0, abs(s.high_cost))]
    return sorted(_distinct(swings), key=lambda s: s.spread, reverse=True)


def _distinct(swings: list[Swing]) -> list[Swing]:
    """Two inputs never read the same: rows whose names clash (two ablations named alike, or alike in
    the 39 characters a label keeps) are told apart by their place ("ablation 2 (runs): name")."""
    seen = Counter(s.label for s in swings)
    return [replace(s, label=f"{label(s.key)}: {s.label.rsplit(' (', 1)[0]}") if seen[s.label] > 1 else s
            for s in swings]
