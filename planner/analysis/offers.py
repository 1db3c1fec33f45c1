"""The same project priced under every catalog offer: one vectorised engine call over all options.

For the scenario's accelerator every (catalog, offer) that prices it is listed; other accelerators
are priced at the same model FLOPs and the same utilization, with their cheapest offer per catalog.
The utilization is the one the scenario implies while running; time lost to preemptions
(whatif.preemption_overhead, the user's figure) is added to spot rows only, since it is a property of
spot capacity. A later start (whatif.start_delay_years) lowers every price alike. The row priced as
the summary prices the scenario is marked current, and its cost is the summary's total.

Money in two currencies is never ranked together (compare's rule): catalogs priced in another
currency than the scenario's are left out, and unranked_catalogs() names them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.engine.core import evaluate, final_run, project_cost
from planner.engine.finite import check_finite, refuse_arithmetic
from planner.engine.ownership import has_purchase_terms, owned_price, owned_variant
from planner.engine.resolve import resolve
from planner.engine.sampling import point_inputs
from planner.files.catalogs import Catalogs, load_catalogs
from planner.files.ownership import OWNED_KEYS, load_ownership
from planner.model.scenario import OFFERS, Scenario
from planner.model.values import point

OWNED_CATALOG = "your cluster"  # the "catalog" of the owned option: amortized purchase plus energy
# A commitment is paid for its whole term whatever the job's length (AWS Savings Plans, GCP committed use).
COMMITMENT_YEARS = {"commit-1y": 1, "commit-3y": 3}


@dataclass(frozen=True)
class Option:
    accelerator: str
    catalog: str
    offer: str
    as_of: str
    price_per_hour: float     # as charged: after a later start's price factor
    cost: float               # whole project
    wall_clock_hours: float   # whole project, back to back on the scenario's count
    estimate: bool
    current: bool
    currency: str             # of price_per_hour and cost: the catalog's (the scenario's for an override)

    @property
    def label(self) -> str:
        term = f" ({self.term_years}-yr min.)" if self.term_years else ""
        return f"{self.accelerator} · {self.catalog} {self.offer}{term}"

    @property
    def term_years(self) -> int:
        """The minimum commitment an offer needs, in years (0: none; on-demand and spot)."""
        return COMMITMENT_YEARS.get(self.offer, 0)

    @property
    def group(self) -> str:
        """Like for like: on-demand, spot, or a commitment with its minimum term."""
        years = self.term_years
        return f"{years}-year commitment" if years else self.offer


@dataclass(frozen=True)
class _Row:
    accelerator: str
    catalog: str
    offer: str
    as_of: str
    price: float
    estimate: bool
    currency: str
    current: bool = False


def _offers(cat, acc: str, region: str | None) -> list[_Row]:
    rows = []
    for offer in OFFERS:
        try:
            price = cat.price(acc, offer, region)
        except LookupError:
            continue
        rows.append(_Row(acc, cat.id, offer, cat.as_of, float(point(price.value)), price.estimate, cat.currency))
    return rows


def _owned_row(scenario: Scenario, catalogs: Catalogs, asked: bool) -> _Row | None:
    """The scenario's accelerator owned, at the price a summary of the scenario with pricing.mode = "owned"
    gives (before a later start's factor, which evaluate applies to every row); current when the scenario
    is owned. None when neither the file gives purchase terms nor `asked` (--owned) wants the bundled ones."""
    p, acc = scenario.pricing, scenario.compute.accelerator
    if not (p.owned or asked or has_purchase_terms(p)):
        return None
    x = point_inputs(resolve(owned_variant(scenario), catalogs).inputs)
    table = load_ownership()
    row = table.purchases.get(acc)
    as_of = row.as_of if row and p.purchase_price is None else ""
    return _Row(acc, OWNED_CATALOG, "owned", as_of, float(owned_price(x)), False, table.currency, p.owned)


def _rows(scenario: Scenario, res, price: float | None, catalogs: Catalogs, other_accelerators: bool) -> list[_Row]:
    """Every (accelerator, catalog, offer) priced in the scenario's currency; the scenario's own pricing
    marked current, at the price the summary uses (its region's, or the override)."""
    current_acc = scenario.compute.accelerator
    override = scenario.pricing.price_per_hour is not None
    rows = []
    for cat in catalogs.pricing.values():
        if cat.currency != res.currency:
            continue  # never ranked against the scenario's currency: unranked_catalogs() names it
        for acc in cat.accelerators():
            if acc != current_acc:
                if other_accelerators:   # like for like: the scenario's own offer where the catalog has it
                    offers = _offers(cat, acc, None)
                    same = [r for r in offers if r.offer == scenario.pricing.offer]
                    rows.extend(same or sorted(offers, key=lambda r: r.price)[:1])
                continue
            own = cat.id == res.catalog and not override
            for row in _offers(cat, acc, res.region if own else None):
                if own and row.offer == res.offer:
                    row = _Row(acc, cat.id, row.offer, row.as_of, price, res.price_estimate, res.currency, True)
                rows.append(row)
    if override:
        rows.append(_Row(current_acc, "your price", "override", "", price, False, res.currency, True))
    return rows


@refuse_arithmetic
def price_options(scenario: Scenario, catalogs: Catalogs | None = None,
                  other_accelerators: bool = True, owned: bool = False) -> list[Option]:
    """Every option, cheapest first. Empty when the project's FLOPs are unknown (hours without tokens).

    Owning the scenario's accelerator is an option too when the scenario is owned, when its file gives
    purchase terms, or when `owned` asks for the bundled ones (ownership.toml)."""
    catalogs = catalogs or load_catalogs()
    res = resolve(scenario, catalogs)
    x = point_inputs(res.inputs)
    utilization = float(final_run(x, res.mode)["final_utilization"])
    rows = _rows(scenario, res, x.get("price"), catalogs, other_accelerators)
    own = _owned_row(scenario, catalogs, owned)
    if own is not None and own.currency == res.currency:
        rows.append(own)
    x = {k: v for k, v in x.items() if k not in OWNED_KEYS}  # every row is priced by its "price" below
    if not rows:
        return []
    current_acc = scenario.compute.accelerator
    if utilization <= 0:   # FLOPs unknown (measured hours, no tokens): its own accelerator's offers only
        return _own_offers(scenario, res, x, [r for r in rows if r.accelerator == current_acc])
    spot_overhead = float(point(scenario.whatif.preemption_overhead) or 0.0)
    overhead = np.array([x.get("preemption_overhead", 0.0) if r.current
                         else spot_overhead if r.offer == "spot" else 0.0 for r in rows])
    same = np.array([r.accelerator == current_acc for r in rows])
    peaks, powers = [], []
    for r in rows:
        acc = catalogs.accelerators[r.accelerator]
        peaks.append((acc.peak_tflops.get(res.precision) or acc.peak_tflops[acc.precision(None)]) * 1e12)
        powers.append(acc.power_watts or 0.0)
    y = {**x, "utilization": utilization, "recompute": 1.0, "price": np.array([r.price for r in rows]),
         "preemption_overhead": overhead,
         "peak_flops": np.where(same, x["peak_flops"], np.array(peaks)),
         "power_watts": np.where(same, x["power_watts"], np.array(powers))}
    with np.errstate(all="ignore"):  # absurd inputs overflow: refused just below, by key
        out = evaluate(y, "utilization", res.n_ablations, res.n_baselines, res.n_costs)
        mult = out["multiplier"].sum(axis=0)
        cost, wall = project_cost(out), mult * out["final_wall_clock_hours"]
        cost = np.broadcast_to(cost, wall.shape)
    charged = np.broadcast_to(out["final_price"], cost.shape)
    check_finite(scenario, res, np.concatenate([cost, wall]))
    options = [Option(r.accelerator, r.catalog, r.offer, r.as_of, float(charged[i]), float(cost[i]), float(wall[i]),
                      r.estimate, r.current, r.currency) for i, r in enumerate(rows)]
    options.sort(key=lambda o: o.cost)
    return options


def unranked_catalogs(scenario: Scenario, catalogs: Catalogs | None = None) -> list[tuple[str, str]]:
    """(catalog id, currency) of the catalogs price_options leaves out: priced in another currency."""
    catalogs = catalogs or load_catalogs()
    currency = (load_ownership().currency if scenario.pricing.owned  # as resolve() prices the scenario
                else catalogs.pricing[scenario.pricing.catalog].currency)
    return [(cat.id, cat.currency) for cat in catalogs.pricing.values() if cat.currency != currency]


def _own_offers(scenario, res, x, rows: list[_Row]) -> list[Option]:
    """The scenario's accelerator under each offer, from its own measured hours (no FLOPs needed)."""
    if not rows:
        return []
    spot_overhead = float(point(scenario.whatif.preemption_overhead) or 0.0)
    y = {**x, "price": np.array([r.price for r in rows]),
         "preemption_overhead": np.array([x.get("preemption_overhead", 0.0) if r.current
                                          else spot_overhead if r.offer == "spot" else 0.0 for r in rows])}
    with np.errstate(all="ignore"):
        out = evaluate(y, res.mode, res.n_ablations, res.n_baselines)
        mult = out["multiplier"].sum(axis=0)
        cost = np.broadcast_to(mult * out["final_cost"], (len(rows),))
        wall = np.broadcast_to(mult * out["final_wall_clock_hours"], (len(rows),))
    charged = np.broadcast_to(out["final_price"], (len(rows),))
    check_finite(scenario, res, np.concatenate([cost, wall]))
    options = [Option(r.accelerator, r.catalog, r.offer, r.as_of, float(charged[i]), float(cost[i]), float(wall[i]),
                      r.estimate, r.current, r.currency) for i, r in enumerate(rows)]
    return sorted(options, key=lambda o: o.cost)
