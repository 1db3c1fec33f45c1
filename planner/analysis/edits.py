"""The rules for switching how a scenario is priced, decided once for the command line and the window.

Repricing under another catalog or offer (`reprice`): the new catalog's price replaces a
`pricing.price_per_hour` override (otherwise the switch would change nothing), the region is kept where
the new catalog prices the accelerator there (else the catalog's default region), and an offer the
catalog does not have is refused with the offers it does have. Each adjustment is returned as a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.files.catalogs import Catalogs, PriceLookupError, region_refusal
from planner.model.errors import RequestError, nearest
from planner.model.scenario import Scenario
from planner.model.values import Range


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
