"""The same project priced under every catalog offer: one vectorised engine call over all options.

For the scenario's accelerator every (catalog, offer) that prices it is listed; other accelerators
are priced at the same model FLOPs and the same utilization, with their cheapest offer per catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .catalogs import Catalogs, load_catalogs
from .engine import evaluate
from .resolve import resolve
from .scenario import OFFERS, Scenario
from .uncertainty import point_inputs
from .values import point


@dataclass(frozen=True)
class Option:
    accelerator: str
    catalog: str
    offer: str
    as_of: str
    price_per_hour: float
    cost: float               # whole project
    wall_clock_hours: float   # whole project, back to back on the scenario's count
    estimate: bool
    current: bool

    @property
    def label(self) -> str:
        return f"{self.accelerator} · {self.catalog} {self.offer}"


def price_options(scenario: Scenario, catalogs: Catalogs | None = None, other_accelerators: bool = True) -> list[Option]:
    """Every option, cheapest first. Empty when the project's FLOPs are unknown (hours without tokens)."""
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    x = point_inputs(res.inputs)
    base = evaluate(x, res.mode, res.n_ablations, res.n_baselines)
    utilization = float(base["final_utilization"])
    current_acc = scenario.compute.accelerator
    rows = []  # (accelerator, catalog, offer, as_of, price, estimate)
    for cat in catalogs.pricing.values():
        for acc in cat.accelerators():
            if acc != current_acc and not other_accelerators:
                continue
            offers = []
            for offer in OFFERS:
                try:
                    price = cat.price(acc, offer, None)
                except LookupError:
                    continue
                offers.append((acc, cat.id, offer, cat.as_of, float(point(price.value)), price.estimate))
            if acc != current_acc and offers:
                offers = [min(offers, key=lambda o: o[4])]
            rows.extend(offers)
    if scenario.pricing.price_per_hour is not None:
        rows.append((current_acc, "your price", "override", "", float(point(scenario.pricing.price_per_hour)), False))
    if not rows or utilization <= 0:
        return []
    peaks, powers = [], []
    for acc_id, *_ in rows:
        acc = catalogs.accelerators[acc_id]
        peak = acc.peak_tflops.get(res.precision) or acc.peak_tflops[acc.precision(None)]
        peaks.append(peak * 1e12)
        powers.append(acc.power_watts or 0.0)
    same = np.array([r[0] == current_acc for r in rows])
    y = {**x, "utilization": utilization, "price": np.array([r[4] for r in rows]),
         "peak_flops": np.where(same, x["peak_flops"], np.array(peaks)),
         "power_watts": np.where(same, x["power_watts"], np.array(powers)), "recompute": 1.0}
    out = evaluate(y, "utilization", res.n_ablations, res.n_baselines)
    mult = out["multiplier"].sum(axis=0)
    cost = mult * out["final_cost"]
    wall = mult * out["final_wall_clock_hours"]
    current_price = x["price"]
    options = []
    for i, (acc, cat, offer, as_of, price, estimate) in enumerate(rows):
        is_current = acc == current_acc and (
            (cat == "your price") if scenario.pricing.price_per_hour is not None
            else (cat == scenario.pricing.catalog and offer == scenario.pricing.offer
                  and abs(price - current_price) < 1e-9 * max(1.0, current_price)))
        options.append(Option(acc, cat, offer, as_of, price, float(cost[i]), float(wall[i]), estimate, is_current))
    options.sort(key=lambda o: o.cost)
    return options
