"""The bundled ownership table (resources/ownership.toml): what owning an accelerator costs.

Purchase prices per accelerator (with server overhead and hardware life) and electricity prices per
region, each with its source and date: the defaults of `[pricing] mode = "owned"`. A scenario's own
keys always win; an accelerator the table leaves out (no published price) must be priced by the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from planner.files.reader import Reader
from planner.model.errors import CatalogError

OWNED_KEYS = ("purchase_price", "server_overhead", "life_years", "cluster_utilization", "electricity_per_kwh")


@dataclass(frozen=True)
class Purchase:
    """One accelerator's purchase terms: price per accelerator, overhead share, life in years."""
    accelerator: str
    purchase_price: float
    server_overhead: float
    life_years: float
    as_of: str
    source: str


@dataclass(frozen=True)
class Electricity:
    region: str
    price_per_kwh: float
    as_of: str
    source: str


@dataclass(frozen=True)
class Ownership:
    currency: str
    as_of: str
    source: str
    purchases: dict[str, Purchase]
    electricity: dict[str, Electricity]
    default_electricity: Electricity      # region "" : the table's default
    cluster_utilization: float
    cluster_utilization_source: str

    def electricity_for(self, region: str | None) -> Electricity:
        return self.electricity.get(region or "", self.default_electricity)


def parse_ownership(text: str, file: str) -> Ownership:
    data = tomllib.loads(text)
    r = Reader(file, text, CatalogError)
    d = r.table(data, "", "defaults")
    purchases = {}
    for i, item in enumerate(data.get("accelerator", [])):
        sec = f"accelerator[{i}]"
        ident = r.string(item, sec, "id", required=True)
        purchases[ident] = Purchase(
            ident, r.number(item, sec, "purchase_price", required=True, allow_range=False),
            r.number(item, sec, "server_overhead", required=True, allow_zero=True, allow_range=False),
            r.number(item, sec, "life_years", required=True, allow_range=False),
            r.string(item, sec, "as_of", required=True), r.string(item, sec, "source", required=True))
    electricity = {}
    for i, item in enumerate(data.get("electricity", [])):
        sec = f"electricity[{i}]"
        region = r.string(item, sec, "region", required=True)
        electricity[region] = Electricity(
            region, r.number(item, sec, "price_per_kwh", required=True, allow_range=False),
            r.string(item, sec, "as_of", required=True), r.string(item, sec, "source", required=True))
    default = Electricity("", r.number(d, "defaults", "electricity_per_kwh", required=True, allow_range=False),
                          r.string(d, "defaults", "electricity_as_of", required=True),
                          r.string(d, "defaults", "electricity_source", required=True))
    return Ownership(r.string(data, "", "currency", required=True), r.string(data, "", "as_of", required=True),
                     r.string(data, "", "source", required=True), purchases, electricity, default,
                     r.number(d, "defaults", "cluster_utilization", required=True, at_most=1.0, allow_range=False),
                     r.string(d, "defaults", "cluster_utilization_source", required=True))


@lru_cache(maxsize=1)
def load_ownership() -> Ownership:
    ref = resources.files("planner.resources").joinpath("ownership.toml")
    return parse_ownership(ref.read_text(encoding="utf-8"), str(ref))
