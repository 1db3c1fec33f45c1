"""The [pricing] and [energy] sections of a scenario file, read and checked: rented or owned."""

from __future__ import annotations

from planner.files.catalogs import Catalogs, PriceLookupError, region_refusal
from planner.files.ownership import load_ownership
from planner.files.reader import Reader
from planner.model.bounds import PUE_MAX
from planner.model.errors import nearest
from planner.model.scenario import OFFERS, PRICING_MODES, Energy, Pricing
from planner.model.values import high_end, low_end


def read_pricing(r: Reader, t: dict, catalogs: Catalogs, accelerator: str, warnings: list[str]) -> Pricing:
    s = "pricing"
    mode = r.string(t, s, "mode", choices=PRICING_MODES)
    terms = _owned_terms(r, t)
    if mode == "owned":
        return _owned_pricing(r, t, catalogs, accelerator, terms, warnings)
    cat = r.string(t, s, "catalog", required=True)
    if cat not in catalogs.pricing:
        r.fail("pricing.catalog", "expected a pricing catalog id (" + nearest(cat, catalogs.pricing) + ")", cat)
    offer = r.string(t, s, "offer", choices=OFFERS, default="on-demand")
    region = r.string(t, s, "region")
    if region is not None and region not in catalogs.regions:
        r.fail("pricing.region", "expected a region id (" + nearest(region, catalogs.regions) + ")", region)
    if region is not None:
        refusal = region_refusal(catalogs.pricing[cat], accelerator, catalogs.regions[region])
        if refusal:
            r.fail("pricing.region", refusal, region)
    override = r.number(t, s, "price_per_hour")
    if override is None:
        try:
            catalogs.pricing[cat].price(accelerator, offer, region)
        except PriceLookupError as exc:
            r.fail(exc.key, f"{exc}; or set pricing.price_per_hour")
    return Pricing(cat, offer, region, override, mode, **terms)


def _owned_terms(r: Reader, t: dict) -> dict:
    """The five purchase terms (each a number or a range), None where the file leaves them out."""
    s = "pricing"
    return {"purchase_price": r.number(t, s, "purchase_price"),
            "server_overhead": r.number(t, s, "server_overhead", allow_zero=True, at_most=10.0),
            "life_years": r.number(t, s, "life_years", at_most=50.0),
            "cluster_utilization": r.number(t, s, "cluster_utilization", at_most=1.0),
            "electricity_per_kwh": r.number(t, s, "electricity_per_kwh", allow_zero=True, at_most=10.0)}


def _owned_pricing(r: Reader, t: dict, catalogs: Catalogs, accelerator: str, terms: dict,
                   warnings: list[str]) -> Pricing:
    """mode = "owned": no catalog needed (one given is the rental offer buy-or-rent compares with)."""
    s = "pricing"
    if "price_per_hour" in t:
        r.fail("pricing.price_per_hour", 'conflicts with pricing.mode = "owned": an owned price comes from '
               "purchase_price, server_overhead, life_years, cluster_utilization and electricity_per_kwh")
    cat = r.string(t, s, "catalog")
    if cat is not None and cat not in catalogs.pricing:
        r.fail("pricing.catalog", "expected a pricing catalog id (" + nearest(cat, catalogs.pricing) + ")", cat)
    region = r.string(t, s, "region")
    if region is not None and region not in catalogs.regions:
        r.fail("pricing.region", "expected a region id (" + nearest(region, catalogs.regions) + ")", region)
    table = load_ownership()
    if terms["purchase_price"] is None and accelerator not in table.purchases:
        r.fail("pricing.purchase_price", 'is required with pricing.mode = "owned": the bundled ownership table '
               f'has no published purchase price for "{accelerator}" (it prices '
               + ", ".join(sorted(table.purchases)) + ")")
    if terms["cluster_utilization"] is None:
        warnings.append(f"pricing.cluster_utilization is not given: {table.cluster_utilization:g} is assumed "
                        "(Epoch AI's amortization, the cluster busy its whole life); an idle share raises the "
                        "price per accelerator-hour")
    offer = r.string(t, s, "offer", choices=OFFERS, default="on-demand")
    return Pricing(cat, offer, region, None, "owned", **terms)


def read_energy(r: Reader, t: dict) -> Energy:
    s = "energy"
    pue = r.number(t, s, "pue")
    if pue is not None and low_end(pue) < 1.0:
        r.fail("energy.pue", "expected at least 1: PUE is facility power over IT power (1.1 = 10% "
               "overhead)", t["pue"])
    if pue is not None and high_end(pue) > PUE_MAX:
        r.fail("energy.pue", f"expected at most {PUE_MAX:g} (the industry average is 1.58)", t["pue"])
    return Energy(r.number(t, s, "power_watts"), pue, r.number(t, s, "grid_kg_per_kwh"))
