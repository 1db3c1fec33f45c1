"""The rules for switching how a scenario is priced, decided once for the command line and the window.

Repricing under another catalog or offer (`reprice`): the new catalog's price replaces a
`pricing.price_per_hour` override (otherwise the switch would change nothing), the region is kept where
the new catalog prices the accelerator there (else the catalog's default region), and an offer the
catalog does not have is refused with the offers it does have. Each adjustment is returned as a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.engine.core import RECOMPUTE_FACTOR, final_run
from planner.engine.resolve import resolve
from planner.engine.sampling import point_inputs
from planner.files.catalogs import Catalogs, PriceLookupError, region_refusal
from planner.model.errors import RequestError, nearest
from planner.model.scenario import OFFERS, Scenario
from planner.model.values import Number, Range, point


@dataclass(frozen=True)
class Note:
    """Something an edit did besides what was asked. With `field`, the note is about that field's new
    value and front ends name it in their own words: `Note("replaces ...", "pricing.catalog")` reads
    "--catalog replaces ..." on the command line."""
    text: str
    field: str | None = None

    def say(self, names: dict[str, str] | None = None) -> str:
        if self.field is None:
            return self.text
        return f"{(names or {}).get(self.field, self.field)} {self.text}"


@dataclass(frozen=True)
class Edited:
    """A scenario after an edit, and what the edit did besides what was asked (notes for a person)."""
    scenario: Scenario
    notes: tuple[Note, ...] = ()


def reprice(scenario: Scenario, catalogs: Catalogs, catalog: str | None = None,
            offer: str | None = None) -> Edited:
    """Price `scenario` under `catalog` and/or `offer`. Raises RequestError naming `pricing.catalog` or
    `pricing.offer` when the catalog is unknown or does not price the accelerator with that offer."""
    if not (catalog or offer):
        return Edited(scenario)
    p, acc = scenario.pricing, scenario.compute.accelerator
    if catalog and catalog not in catalogs.pricing:
        raise RequestError("pricing.catalog", "expected a pricing catalog id (" + nearest(catalog, catalogs.pricing)
                           + ")", f'"{catalog}"', file=scenario.path)
    if not catalog and p.catalog is None:   # owned, without a rental catalog to take an offer from
        raise RequestError("pricing.catalog", "is needed with an offer: the file owns its accelerators and names "
                           "no rental catalog", file=scenario.path)
    cat = catalogs.pricing[catalog or p.catalog]
    asked = "pricing.catalog" if catalog else "pricing.offer"
    notes = []
    if p.price_per_hour is not None:
        notes.append(Note(f"replaces the file's pricing.price_per_hour = {_plain(p.price_per_hour)}", asked))
    if p.owned:   # a catalog or offer asked for prices renting: the file's owned cluster is set aside
        notes.append(Note('prices renting instead of the file\'s pricing.mode = "owned"', asked))
    region = p.region
    if catalog and region is not None and region_refusal(cat, acc, catalogs.regions[region]):
        notes.append(Note(f'catalog "{cat.id}" does not price "{acc}" in the file\'s region "{region}": using '
                          "the catalog's default region"))
        region = None
    pricing = replace(p, catalog=cat.id, offer=offer or p.offer, region=region, price_per_hour=None, mode=None)
    needed = [pricing.offer] + (["spot"] if scenario.whatif.spot and pricing.offer != "spot" else [])
    for wanted in needed:
        try:
            cat.price(acc, wanted, region)
        except PriceLookupError as exc:
            needs = "; the file's whatif.spot needs a spot price" if wanted != pricing.offer else ""
            field = "pricing.offer" if exc.key == "pricing.offer" and offer else asked
            raise RequestError(field, f"{exc}{needs}", file=scenario.path) from None
    return Edited(replace(scenario, pricing=pricing), tuple(notes))


def _plain(value) -> str:
    return f"[{value.low:g}, {value.high:g}]" if isinstance(value, Range) else f"{value:g}"


# -- the hardware a measurement belongs to ------------------------------------------------------------
# Measured hours are wall-clock on the file's count of the file's accelerator, and tokens/s is a rate
# per accelerator of that accelerator: neither carries over to other hardware. A count change keeps the
# accelerator-hours (linear scaling); an accelerator switch keeps the FLOPs and the utilization the
# measurement implies, which is what `nlp-budget offers` prices other accelerators at.

def change_count(scenario: Scenario, catalogs: Catalogs, count) -> Edited:
    """`compute.count` = `count`. Under measured hours the accelerator-hours stay (the wall-clock hours
    scale by old/new count); under tokens/s (per accelerator) they stay by themselves."""
    c = scenario.compute
    n = _positive(scenario, "compute.count", count)
    if n == c.count:
        return Edited(scenario)
    notes = []
    if c.hours is not None:
        hours = _scaled(c.hours, point(c.count) / point(n))
        compute = replace(c, count=n, hours=hours)
        notes.append(Note(f"measured hours {_plain(c.hours)} on {_plain(c.count)} become {_plain(hours)} on "
                          f"{_plain(n)}, keeping the accelerator-hours (linear scaling assumed)"))
    else:
        compute = replace(c, count=n)
        if c.tokens_per_second is not None:
            notes.append(Note("tokens/s is per accelerator: the accelerator-hours stay and the wall-clock "
                              "scales with the count (linear scaling assumed)"))
    return Edited(replace(scenario, compute=compute), tuple(notes))


def switch_accelerator(scenario: Scenario, catalogs: Catalogs, accelerator: str) -> Edited:
    """`compute.accelerator` = `accelerator`. A measured run (hours or tokens/s) becomes the utilization
    it implies, keeping its FLOPs; without tokens (FLOPs unknown) the switch is refused. A catalog that
    does not price the accelerator is replaced by the newest bundled one that does (same offer first)."""
    old = scenario.compute.accelerator
    if accelerator not in catalogs.accelerators:
        raise RequestError("compute.accelerator", "expected an accelerator id ("
                           + nearest(accelerator, catalogs.accelerators) + ")", f'"{accelerator}"',
                           file=scenario.path)
    if accelerator == old:
        return Edited(scenario)
    notes: list[Note] = []
    scenario = _measured_to_utilization(scenario, catalogs, accelerator, notes)
    t = scenario.training
    if t.precision and t.precision not in catalogs.accelerators[accelerator].peak_tflops:
        notes.append(Note(f'precision "{t.precision}" is not one {accelerator} has: its default is used'))
        scenario = replace(scenario, training=replace(t, precision=None))
    e = scenario.energy
    if e.power_watts is not None:
        notes.append(Note(f"energy.power_watts = {_plain(e.power_watts)} was for {old}: {accelerator}'s own "
                          "figure from the hardware catalog is used"))
        scenario = replace(scenario, energy=replace(e, power_watts=None))
    scenario = replace(scenario, compute=replace(scenario.compute, accelerator=accelerator))
    return Edited(_priced_for(scenario, catalogs, notes), tuple(notes))


def measured_as_utilization(scenario: Scenario, catalogs: Catalogs, why: str) -> Edited:
    """Measured hours become the utilization they imply (same accelerator, same FLOPs), for an edit that
    changes the run's length (plan backwards). Refused, naming compute.hours, when FLOPs are unknown."""
    if scenario.compute.hours is None:
        return Edited(scenario)
    notes: list[Note] = []
    edited = _measured_to_utilization(scenario, catalogs, scenario.compute.accelerator, notes, why, "compute.hours")
    return Edited(edited, tuple(notes))


def _measured_to_utilization(scenario, catalogs, accelerator, notes, why="", field="compute.accelerator"):
    c = scenario.compute
    measured = "hours" if c.hours is not None else "tokens_per_second" if c.tokens_per_second is not None else None
    if measured is None:
        return scenario
    old = c.accelerator
    if scenario.training.tokens is None and scenario.training.steps is None:
        raise RequestError(field, f"compute.{measured} was measured on {old} and the file gives no "
                           "training tokens, so the run's FLOPs are unknown and cannot be carried "
                           f"{why or 'to ' + accelerator}: give training.tokens (or steps) first",
                           None if why else f'"{accelerator}"', file=scenario.path)
    utilization = implied_utilization(scenario, catalogs)
    if not 0 < point(utilization) <= 1:
        raise RequestError("compute.accelerator", f"the measurement on {old} implies a utilization of "
                           f"{point(utilization):.1%}, which cannot be carried to {accelerator}", file=scenario.path)
    # compute.utilization counts recomputed FLOPs (hardware utilization); the implied one does not.
    kept = _scaled(utilization, RECOMPUTE_FACTOR[scenario.training.recompute])
    kept_on = why or f"kept on {accelerator}"
    notes.append(Note(f"measured on {old}: {_percent(utilization)} implied utilization {kept_on}"))
    return replace(scenario, compute=replace(c, utilization=kept, hours=None, tokens_per_second=None))


def implied_utilization(scenario: Scenario, catalogs: Catalogs) -> Number:
    """The model-FLOPs utilization a scenario's throughput implies (a range where the measurement is one)."""
    res = resolve(scenario, catalogs)
    x = point_inputs(res.inputs)
    measured = scenario.compute.hours if res.mode == "hours" else scenario.compute.tokens_per_second
    if res.mode == "utilization" or not isinstance(measured, Range):
        return float(final_run(x, res.mode)["final_utilization"])
    # Utilization is inversely proportional to the measured time (or directly to the rate).
    ends = [float(final_run({**x, res.mode: v}, res.mode)["final_utilization"]) for v in (measured.low, measured.high)]
    return Range(min(ends), max(ends))


def _priced_for(scenario: Scenario, catalogs: Catalogs, notes: list[Note]) -> Scenario:
    """The scenario's own catalog where it prices the accelerator, else the newest bundled catalog that
    prices it with the same offer, else the newest that prices it at all (ties by catalog id)."""
    p, acc = scenario.pricing, scenario.compute.accelerator
    if p.price_per_hour is not None:
        notes.append(Note(f"your pricing.price_per_hour = {_plain(p.price_per_hour)} is kept for {acc}: check it"))
        return scenario
    if p.owned:   # priced by purchase terms, not a catalog: the bundled ones follow the accelerator
        if p.purchase_price is not None:
            notes.append(Note(f"your pricing.purchase_price = {_plain(p.purchase_price)} is kept for {acc}: check it"))
        return scenario
    offers = [p.offer] + (["spot"] if scenario.whatif.spot else [])
    if _prices(catalogs.pricing[p.catalog], acc, offers, p.region):
        return scenario
    bundled = sorted((c for c in catalogs.pricing.values() if c.bundled), key=lambda c: (-_date(c.as_of), c.id))
    for wanted in (offers, None):
        for cat in bundled:
            offer = p.offer if wanted else next((o for o in ("on-demand", *OFFERS)
                                                if _prices(cat, acc, [o] + offers[1:], None)), None)
            if offer and _prices(cat, acc, [offer] + offers[1:], None):
                said = "" if offer == p.offer else f', offer "{offer}" (it has no "{p.offer}" price)'
                notes.append(Note(f'catalog "{p.catalog}" does not price {acc}: priced with "{cat.id}" '
                                  f"(as of {cat.as_of}){said}"))
                return replace(scenario, pricing=replace(p, catalog=cat.id, offer=offer, region=None))
    raise RequestError("compute.accelerator", f'no catalog prices "{acc}"; set pricing.price_per_hour first',
                       file=scenario.path)


def _prices(cat, acc: str, offers, region) -> bool:
    try:
        for offer in offers:
            cat.price(acc, offer, region)
    except PriceLookupError:
        return False
    return True


def _date(as_of: str) -> int:
    return int("".join(ch for ch in as_of if ch.isdigit())[:8] or 0)


def _positive(scenario, field: str, value) -> Number:
    if isinstance(value, Range):
        if value.low <= 0:
            raise RequestError(field, "expected a number greater than zero", _plain(value), file=scenario.path)
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RequestError(field, "expected a number greater than zero", f'"{value}"', file=scenario.path) from None
    if not (number > 0 and number < float("inf")):
        raise RequestError(field, "expected a number greater than zero", f"{number:g}", file=scenario.path)
    return number


def _scaled(value: Number, factor: float) -> Number:
    return Range(value.low * factor, value.high * factor) if isinstance(value, Range) else float(value) * factor


def _percent(value: Number) -> str:
    return f"{value.low:.1%}-{value.high:.1%}" if isinstance(value, Range) else f"{value:.1%}"


def take_offer(scenario: Scenario, catalogs: Catalogs, accelerator: str, catalog: str, offer: str) -> Edited:
    """Price `scenario` as one row of price_options (`nlp-budget offers`): its accelerator by
    switch_accelerator's rule (a measured run keeps its implied utilization, as the offers row is priced),
    then its catalog and offer by reprice's. The owned row and an override are not catalog offers."""
    if catalog not in catalogs.pricing:
        raise RequestError("pricing.catalog", "expected a catalog's offer (owning the accelerator or your own "
                           "price is set in the pricing fields)", f'"{catalog}"', file=scenario.path)
    switched = switch_accelerator(scenario, catalogs, accelerator)
    priced = reprice(switched.scenario, catalogs, catalog=catalog, offer=offer)
    notes = switched.notes
    if switched.scenario.pricing.catalog != scenario.pricing.catalog:   # the switch's own choice of catalog
        notes = tuple(n for n in notes if not n.text.startswith(f'catalog "{scenario.pricing.catalog}" does not'))
    return Edited(priced.scenario, notes + priced.notes)
