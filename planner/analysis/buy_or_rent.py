"""Buy or rent: a year's cost of owning the scenario's accelerators against renting them, by use.

For the scenario's `count` accelerators and A accelerator-hours of work a year:

    renting costs  rent_price * A
    owning costs   count * capex_per_year + energy_per_hour * A
                   capex_per_year = purchase_price * (1 + server_overhead) / life_years (paid idle or not)

so owning is cheaper from the break-even A* = count * capex_per_year / (rent_price - energy_per_hour)
accelerator-hours a year on; when renting costs no more than the electricity alone, never. A* can be
more than the cluster can work in a year (count x 8766 hours): then owning never pays either.

Both sides are priced by the engine itself: the rental side is the scenario priced with its catalog
(pricing.mode "rent"), the owning side the scenario with pricing.mode = "owned" (its own purchase
terms, else the bundled ownership table's), so the figures are those `summary` gives for each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from planner.analysis.edits import reprice
from planner.engine.core import evaluate
from planner.engine.ownership import (
    HOURS_PER_YEAR,
    capex_per_year,
    energy_per_hour,
    owned_variant,
)
from planner.engine.resolve import resolve
from planner.engine.sampling import point_inputs
from planner.engine.whatif import delay_price_factor
from planner.files.catalogs import Catalogs, PriceLookupError, load_catalogs
from planner.model.errors import RequestError, nearest
from planner.model.scenario import Scenario


@dataclass(frozen=True)
class BuyOrRent:
    accelerator: str
    count: float
    currency: str
    rent_catalog: str
    rent_offer: str
    rent_region: str | None
    rent_price_per_hour: float          # per accelerator-hour, as the rental summary charges it
    capex_per_year: float               # the whole cluster's (count accelerators)
    energy_per_hour: float              # per accelerator-hour
    owned_price_per_hour: float         # at the file's cluster_utilization, as the owned summary charges it
    cluster_utilization: float
    break_even_hours_per_year: float | None    # cluster accelerator-hours a year; None: owning never pays
    capacity_hours_per_year: float      # count x 8766: every hour of every accelerator
    project_hours: float                # the project's accelerator-hours
    year_hours: float                   # a year of such projects: capacity x cluster_utilization
    projects_per_year: float

    @property
    def break_even_share(self) -> float | None:
        """The break-even as a share of the cluster's hours: owning pays above this cluster utilization."""
        if self.break_even_hours_per_year is None:
            return None
        return self.break_even_hours_per_year / self.capacity_hours_per_year

    def rent_cost(self, hours):
        return self.rent_price_per_hour * hours

    def own_cost(self, hours):
        return self.capex_per_year + self.energy_per_hour * hours

    def cheaper(self, hours: float) -> str:
        return "own" if self.own_cost(hours) < self.rent_cost(hours) else "rent"

    def as_json(self) -> dict:
        out = asdict(self)
        out["break_even_share"] = self.break_even_share
        for name, hours in (("project", self.project_hours), ("year", self.year_hours)):
            out[f"{name}_rent_cost"] = self.rent_cost(hours)
            out[f"{name}_own_cost"] = self.own_cost(hours)
            out[f"{name}_cheaper"] = self.cheaper(hours)
        return out


def buy_or_rent(scenario: Scenario, catalogs: Catalogs | None = None, catalog: str | None = None,
                offer: str | None = None) -> BuyOrRent:
    """The comparison for `scenario`, renting at its own catalog and offer or at `catalog` / `offer`.
    Raises RequestError naming pricing.catalog or pricing.offer when there is no rental price to compare
    with, or pricing.purchase_price when no purchase price is known for the accelerator."""
    catalogs = catalogs or load_catalogs()
    if (catalog or offer) and not scenario.pricing.owned:
        scenario = reprice(scenario, catalogs, catalog, offer).scenario
    elif catalog or offer:
        scenario = replace(scenario, pricing=replace(scenario.pricing, catalog=catalog or scenario.pricing.catalog,
                                                     offer=offer or scenario.pricing.offer))
    rented = _rented(scenario, catalogs)
    owned = owned_variant(scenario)
    rent_res, own_res = resolve(rented, catalogs), resolve(owned, catalogs)
    if rent_res.currency != own_res.currency:
        raise RequestError("pricing.catalog", f"expected a catalog priced in {own_res.currency}, the currency of "
                           "the purchase prices: money in two currencies is never compared",
                           f'"{rent_res.catalog}" ({rent_res.currency})', file=scenario.path)
    rx, ox = point_inputs(rent_res.inputs), point_inputs(own_res.inputs)
    rent, own = _priced(rx, rent_res), _priced(ox, own_res)
    count = rx["count"]
    capex = count * float(capex_per_year(ox)) * own["factor"]
    energy = float(energy_per_hour(ox)) * own["factor"]
    margin = rent["price"] - energy
    break_even = capex / margin if margin > 0 else None
    capacity = count * HOURS_PER_YEAR
    year = capacity * ox["cluster_utilization"]
    return BuyOrRent(scenario.compute.accelerator, count, own_res.currency, rent_res.catalog, rent_res.offer,
                     rent_res.region, rent["price"], capex, energy, own["price"], ox["cluster_utilization"],
                     break_even, capacity, rent["hours"], year,
                     year / rent["hours"] if rent["hours"] > 0 else 0.0)


def _priced(x: dict, res) -> dict:
    """The price per accelerator-hour as charged, the project's accelerator-hours, and a later start's
    price factor (whatif.start_delay_years lowers owning and renting alike)."""
    out = evaluate(x, res.mode, res.n_ablations, res.n_baselines)
    hours = float(out["multiplier"].sum(axis=0) * out["final_accelerator_hours"])
    factor = float(delay_price_factor(x["start_delay_years"])) if "start_delay_years" in x else 1.0
    return {"price": float(out["final_price"]), "hours": hours, "factor": factor}


def _rented(scenario: Scenario, catalogs: Catalogs) -> Scenario:
    """The scenario renting: as it is, or, when owned, at its pricing.catalog and offer."""
    p, acc = scenario.pricing, scenario.compute.accelerator
    if not p.owned:
        return scenario
    if p.catalog is None:
        raise RequestError("pricing.catalog", "is needed to compare owning with renting: name the rental catalog "
                           "(and pricing.offer) to compare with", file=scenario.path)
    if p.catalog not in catalogs.pricing:
        raise RequestError("pricing.catalog", "expected a pricing catalog id (" + nearest(p.catalog, catalogs.pricing)
                           + ")", f'"{p.catalog}"', file=scenario.path)
    region = p.region if p.region in {g for row in catalogs.pricing[p.catalog].rows for g in row.regions} else None
    try:
        catalogs.pricing[p.catalog].price(acc, p.offer, region)
    except PriceLookupError as exc:
        raise RequestError("pricing.offer" if exc.key == "pricing.offer" else "pricing.catalog",
                           f"{exc}: no rental price to compare owning with", file=scenario.path) from None
    return replace(scenario, pricing=replace(p, mode=None, region=region))
