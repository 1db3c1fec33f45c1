"""Switching a scenario between renting and owning its accelerators: the rule the window's "Paid as"
choice applies (one place, so that every front end switches alike).

To owned: a pricing.price_per_hour override and whatif.spot go (an owned price comes from the purchase
terms; spot is a rental offer); the catalog and offer stay, as the rental offer buy-or-rent compares
with. To rented: the scenario keeps its catalog where it prices the accelerator, else the newest catalog
that does; a region the catalog cannot price there is dropped. Each adjustment comes back as a Note.
"""

from __future__ import annotations

from dataclasses import replace

from planner.analysis.edits import Edited, Note
from planner.engine.ownership import owned_variant
from planner.files.catalogs import Catalogs, PriceLookupError, region_refusal
from planner.model.errors import RequestError
from planner.model.scenario import OFFERS, Scenario


def switch_mode(scenario: Scenario, catalogs: Catalogs, mode: str | None) -> Edited:
    """`scenario` paid as `mode` ("owned", or None / "rent" for rented). Raises RequestError naming
    pricing.purchase_price (owning an accelerator with no known price) or pricing.catalog (no catalog
    prices the accelerator)."""
    p = scenario.pricing
    if (mode == "owned") == p.owned:
        return Edited(scenario)
    if mode == "owned":
        notes = []
        if p.price_per_hour is not None:
            notes.append(Note("the price per accelerator-hour override is dropped: owning prices the hour"))
        if scenario.whatif.spot:
            notes.append(Note("spot is switched off: it is a rental offer"))
        return Edited(owned_variant(scenario), tuple(notes))
    return _rented(scenario, catalogs)


def _rented(scenario: Scenario, catalogs: Catalogs) -> Edited:
    p, acc = scenario.pricing, scenario.compute.accelerator
    region = p.region
    if p.catalog is not None and _prices(catalogs.pricing[p.catalog], acc, p.offer, region, catalogs):
        return Edited(replace(scenario, pricing=replace(p, mode=None)))
    if p.catalog is not None and _prices(catalogs.pricing[p.catalog], acc, p.offer, None, catalogs):
        return Edited(replace(scenario, pricing=replace(p, mode=None, region=None)),
                      (Note(f'region "{region}" is dropped: catalog "{p.catalog}" does not price "{acc}" there'),))
    for cat in sorted(catalogs.pricing.values(), key=lambda c: c.as_of, reverse=True):
        for offer in dict.fromkeys((p.offer, "on-demand", *OFFERS)):
            if _prices(cat, acc, offer, None, catalogs):
                return Edited(replace(scenario, pricing=replace(p, mode=None, catalog=cat.id, offer=offer, region=None)),
                              (Note(f'rented from catalog "{cat.id}" ({offer}), the newest that prices "{acc}"'),))
    raise RequestError("pricing.catalog", f'expected a catalog that prices "{acc}" to rent it from; none does',
                       file=scenario.path)


def _prices(cat, acc: str, offer: str, region: str | None, catalogs: Catalogs) -> bool:
    if region is not None and (region not in catalogs.regions or region_refusal(cat, acc, catalogs.regions[region])):
        return False
    try:
        cat.price(acc, offer, region)
    except PriceLookupError:
        return False
    return True
