"""Hardware, region and pricing catalogs: bundled in resources/, plus the user's own files.

Catalog files come from colleagues, so they are validated like scenarios. A broken user catalog is
reported in `Catalogs.problems` and skipped; a broken bundled catalog is a bug and raises. A user
catalog with the id of a bundled (or an earlier user) catalog replaces it, and `Catalogs.notices` says so.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from planner.files.currencies import currency_refusal
from planner.files.reader import Reader
from planner.files.text_file import read_text
from planner.files.toml_guard import parse_toml
from planner.model.errors import CatalogError, nearest
from planner.model.scenario import OFFERS, PRECISIONS
from planner.model.values import Number, Range

CATALOG_SCHEMA = 1
MAX_CATALOG_BYTES = 5_000_000  # thousands of price rows; anything larger is not a catalog


@dataclass(frozen=True)
class Accelerator:
    id: str
    name: str
    peak_tflops: dict[str, float]
    memory_gb: float | None = None
    tdp_watts: float | None = None
    average_watts: float | None = None
    vendor: str = ""
    source: str = ""
    as_of: str = ""
    estimate: bool = False
    notes: str = ""

    def precision(self, wanted: str | None) -> str:
        """The precision whose peak applies: the one asked for, else bf16, else fp16, else the best."""
        if wanted:
            return wanted
        for choice in ("bf16", "fp16", "tf32", "fp32"):
            if choice in self.peak_tflops:
                return choice
        return next(iter(self.peak_tflops))

    @property
    def power_watts(self) -> float | None:
        return self.tdp_watts if self.tdp_watts is not None else self.average_watts


@dataclass(frozen=True)
class Region:
    id: str
    provider: str
    grid_kg_per_kwh: float
    pue: float | None = None


class PriceLookupError(LookupError):
    """No price for that choice; `key` is the scenario key to change (catalog, region or offer)."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class PriceRow:
    accelerator: str
    per: str
    accelerators: int
    offers: dict[str, Number]
    instance: str = ""
    regions: tuple[str, ...] = ()
    estimate: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Price:
    """A resolved price per accelerator-hour, with where it came from."""
    value: Number
    region: str | None
    estimate: bool
    derived: str = ""  # how it was derived when the catalog does not list it directly
    row: PriceRow | None = None


@dataclass(frozen=True)
class PricingCatalog:
    id: str
    name: str
    provider: str
    currency: str
    as_of: str
    source: str
    rows: tuple[PriceRow, ...]
    discounts: dict[str, float] = field(default_factory=dict)
    discounts_source: str = ""
    path: str = ""
    bundled: bool = True

    def accelerators(self) -> list[str]:
        return sorted({row.accelerator for row in self.rows})

    def offers_for(self, accelerator: str) -> list[str]:
        found = set()
        for row in self.rows:
            if row.accelerator == accelerator:
                found.update(row.offers)
                if "on-demand" in row.offers:
                    found.update(self.discounts)
        return [o for o in OFFERS if o in found]

    def price(self, accelerator: str, offer: str, region: str | None) -> Price:
        """Price per accelerator-hour; raises LookupError with a readable reason."""
        rows = [r for r in self.rows if r.accelerator == accelerator]
        if not rows:
            raise PriceLookupError("pricing.catalog", f'catalog "{self.id}" has no price for accelerator "{accelerator}"; '
                              f"it prices: {', '.join(self.accelerators())}")
        if region is not None:
            regional = [r for r in rows if not r.regions or region in r.regions]
            if not regional:
                known = sorted({g for r in rows for g in r.regions})
                raise PriceLookupError("pricing.region", f'catalog "{self.id}" has no price for "{accelerator}" in region '
                                  f'"{region}"; {nearest(region, known)}')
            rows = regional
        for row in rows:
            chosen_region = region if region is not None else (row.regions[0] if row.regions else None)
            if offer in row.offers:
                return Price(_per_accelerator(row.offers[offer], row), chosen_region, row.estimate,
                             row=row)
            if offer in self.discounts and "on-demand" in row.offers:
                base = _per_accelerator(row.offers["on-demand"], row)
                factor = 1.0 - self.discounts[offer]
                value = (Range(base.low * factor, base.high * factor) if isinstance(base, Range)
                         else base * factor)
                return Price(value, chosen_region, True,
                             f"on-demand less {self.discounts[offer]:.0%} ({self.discounts_source})", row)
        raise PriceLookupError("pricing.offer", f'catalog "{self.id}" has no "{offer}" price for "{accelerator}"; offers: '
                          f"{', '.join(self.offers_for(accelerator))}")


def region_refusal(catalog: PricingCatalog, accelerator: str, region: Region) -> str | None:
    """Why `region` cannot go with this catalog and accelerator, or None when it can.

    A region sets PUE and grid intensity, so it must be one the catalog's prices apply to: one a row
    for the accelerator lists, or, where a row lists none, any region of the catalog's provider.
    """
    rows = [row for row in catalog.rows if row.accelerator == accelerator]
    listed = sorted({g for row in rows for g in row.regions})
    if region.id in listed:
        return None
    unlisted = not rows or any(not row.regions for row in rows)
    if unlisted and region.provider == catalog.provider:
        return None
    if not unlisted:
        return f'expected a region where catalog "{catalog.id}" prices "{accelerator}": ' + ", ".join(listed)
    instead = "leave pricing.region out (set energy.pue and energy.grid_kg_per_kwh for the site instead)"
    if not catalog.provider:
        return (f'expected no region: catalog "{catalog.id}" names neither a provider nor a region for '
                f'"{accelerator}"; {instead}')
    also = f" or one of {', '.join(listed)}" if listed else ""
    return (f'expected a region of the catalog\'s provider, {catalog.provider}{also}; "{region.id}" belongs '
            f"to {region.provider}; {instead}")


def _per_accelerator(value: Number, row: PriceRow) -> Number:
    if isinstance(value, Range):
        return Range(value.low / row.accelerators, value.high / row.accelerators)
    return value / row.accelerators


@dataclass(frozen=True)
class Catalogs:
    accelerators: dict[str, Accelerator]
    regions: dict[str, Region]
    pricing: dict[str, PricingCatalog]
    default_utilization: float
    default_pue: float
    default_grid: float
    provider_pue: dict[str, float]
    problems: tuple[str, ...] = ()   # user catalogs skipped, each message naming its file
    notices: tuple[str, ...] = ()    # user catalogs that replace another catalog of the same id

    def accelerator(self, key: str) -> Accelerator:
        return self.accelerators[key]


def _resource_text(name: str) -> tuple[str, str]:
    ref = resources.files("planner.resources").joinpath(name)
    return ref.read_text(encoding="utf-8"), str(ref)


def _parse(text: str, file: str) -> dict:
    return parse_toml(text, file, CatalogError)


def _check_schema(data: dict, r: Reader):
    schema = r.number(data, "", "schema", required=True, integer=True, allow_range=False)
    if schema > CATALOG_SCHEMA:
        r.fail("schema", f"this planner reads catalog schema {CATALOG_SCHEMA} or older; "
               "update the planner to read this file", schema)


def parse_hardware(text: str, file: str) -> tuple[dict[str, Accelerator], float]:
    data = _parse(text, file)
    r = Reader(file, text, CatalogError)
    _check_schema(data, r)
    default = r.number(data, "", "default_utilization", required=True, at_most=1.0, allow_range=False)
    items = data.get("accelerator", [])
    if not isinstance(items, list) or not items:
        r.fail("accelerator", "expected one or more [[accelerator]] tables", items)
    out: dict[str, Accelerator] = {}
    for i, item in enumerate(items):
        sec = f"accelerator[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table", item)
        ident = r.string(item, sec, "id", required=True)
        peaks_raw = r.table(item, sec, "peak_tflops")
        peaks = {}
        for prec, _ in peaks_raw.items():
            if prec not in PRECISIONS:
                r.fail(f"{sec}.peak_tflops.{prec}", "expected a precision among " + ", ".join(PRECISIONS), prec)
            peaks[prec] = r.number(peaks_raw, f"{sec}.peak_tflops", prec, allow_range=False)
        if not peaks:
            r.fail(f"{sec}.peak_tflops", "expected at least one dense peak")
        out[ident] = Accelerator(
            id=ident, name=r.string(item, sec, "name", default=ident), peak_tflops=peaks,
            memory_gb=r.number(item, sec, "memory_gb", allow_range=False),
            tdp_watts=r.number(item, sec, "tdp_watts", allow_range=False),
            average_watts=r.number(item, sec, "average_watts", allow_range=False),
            vendor=r.string(item, sec, "vendor", default=""),
            source=r.string(item, sec, "source", required=True),
            as_of=str(item.get("as_of", "")), estimate=r.boolean(item, sec, "estimate"),
            notes=r.string(item, sec, "notes", default=""))
    return out, default


def parse_regions(text: str, file: str):
    data = _parse(text, file)
    r = Reader(file, text, CatalogError)
    _check_schema(data, r)
    defaults = r.table(data, "", "defaults")
    pue = r.number(defaults, "defaults", "pue", required=True, allow_range=False)
    grid = r.number(defaults, "defaults", "grid_kg_per_kwh", required=True, allow_range=False)
    providers = {}
    for name, table in r.table(data, "", "providers").items():
        if isinstance(table, dict) and "pue" in table:
            providers[name] = r.number(table, f"providers.{name}", "pue", allow_range=False)
    regions = {}
    for i, item in enumerate(data.get("region", [])):
        sec = f"region[{i}]"
        ident = r.string(item, sec, "id", required=True)
        regions[ident] = Region(
            ident, r.string(item, sec, "provider", required=True),
            r.number(item, sec, "grid_g_per_kwh", required=True, allow_zero=True, allow_range=False) / 1000,
            r.number(item, sec, "pue", allow_range=False))
    return regions, pue, grid, providers


def parse_pricing(text: str, file: str, accelerators: dict, regions: dict, bundled: bool) -> PricingCatalog:
    data = _parse(text, file)
    r = Reader(file, text, CatalogError)
    _check_schema(data, r)
    ident = r.string(data, "", "id", required=True)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", ident):
        # The id names the file an import writes: no slashes, no dot-dot, nothing surprising.
        r.fail("id", "expected letters, digits, '.', '_' or '-' (at most 64)", ident)
    for key in ("currency", "as_of", "source"):
        if key not in data:
            r.fail(key, "is required: every price carries its currency, date and source")
    as_of = _as_of(data["as_of"], r)
    refusal = currency_refusal(data["currency"])
    if refusal:
        r.fail("currency", refusal, data["currency"])
    discounts_raw = r.table(data, "", "commitment_discounts")
    discounts = {k: r.number(discounts_raw, "commitment_discounts", k, at_most=0.99, allow_range=False)
                 for k in ("commit-1y", "commit-3y") if k in discounts_raw}
    rows = []
    items = data.get("price", [])
    if not isinstance(items, list) or not items:
        r.fail("price", "expected one or more [[price]] tables", items)
    for i, item in enumerate(items):
        sec = f"price[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table", item)
        acc = r.string(item, sec, "accelerator", required=True)
        if acc not in accelerators:
            r.fail(f"{sec}.accelerator", f"expected an accelerator id from the hardware catalog "
                   f"({nearest(acc, accelerators)})", acc)
        per = r.string(item, sec, "per", required=True, choices=("instance", "accelerator"))
        count = r.number(item, sec, "accelerators", integer=True, default=1, allow_range=False)
        if per == "accelerator" and count != 1:
            r.fail(f"{sec}.accelerators", 'expected 1 when per = "accelerator"', count)
        regs = item.get("regions", [])
        if not isinstance(regs, list) or not all(isinstance(g, str) for g in regs):
            r.fail(f"{sec}.regions", "expected an array of region ids", regs)
        for g in regs:
            if g not in regions:
                r.fail(f"{sec}.regions", f"expected region ids from the region catalog ({nearest(g, regions)})", g)
        offers = {o: r.number(item, sec, o) for o in OFFERS if o in item}
        if not offers:
            r.fail(sec, "expected at least one price among " + ", ".join(OFFERS))
        rows.append(PriceRow(acc, per, count, offers, r.string(item, sec, "instance", default=""),
                             tuple(regs), r.boolean(item, sec, "estimate"), r.string(item, sec, "notes", default="")))
    return PricingCatalog(
        ident, r.string(data, "", "name", default=ident), r.string(data, "", "provider", default=""),
        r.string(data, "", "currency"), as_of, r.string(data, "", "source"), tuple(rows),
        discounts, str(discounts_raw.get("source", "")), file, bundled)


def _as_of(raw, r: Reader) -> str:
    """The date prices were quoted: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (or a TOML date)."""
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw.isoformat()
    if isinstance(raw, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
        padded = raw + "-01" * (2 - raw.count("-"))  # a month or year alone: its first day must exist
        try:
            datetime.date.fromisoformat(padded)
            return raw
        except ValueError:
            pass
    r.fail("as_of", 'expected a date "YYYY", "YYYY-MM" or "YYYY-MM-DD"', raw)


def user_catalog_dirs() -> list[Path]:
    """The per-user folder: $XDG_CONFIG_HOME/nlp-budget-planner/catalogs (default ~/.config/...)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return [Path(base) / "nlp-budget-planner" / "catalogs"]


@lru_cache(maxsize=1)
def _bundled():
    hw_text, hw_file = _resource_text("hardware.toml")
    accelerators, default_util = parse_hardware(hw_text, hw_file)
    rg_text, rg_file = _resource_text("regions.toml")
    regions, pue, grid, providers = parse_regions(rg_text, rg_file)
    pricing = {}
    folder = resources.files("planner.resources").joinpath("pricing")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            cat = parse_pricing(entry.read_text(encoding="utf-8"), str(entry), accelerators, regions, True)
            pricing[cat.id] = cat
    return accelerators, regions, pricing, default_util, pue, grid, providers


def load_catalogs(extra_dirs=(), include_user: bool = True) -> Catalogs:
    """Bundled catalogs plus user pricing catalogs from the config folder and `extra_dirs`."""
    accelerators, regions, bundled, default_util, pue, grid, providers = _bundled()
    pricing = dict(bundled)
    problems, notices = [], []
    dirs = (user_catalog_dirs() if include_user else []) + [Path(d) for d in extra_dirs]
    for folder in dirs:
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else None
        except OSError as exc:  # an unreadable folder is reported, like a bad file in it
            problems.append(f"{folder}: catalog folder cannot be read ({exc.strerror or exc})")
            continue
        if paths is None:
            if folder in map(Path, extra_dirs):
                problems.append(f"{folder}: catalog folder not found")
            continue
        for path in paths:
            try:
                cat = parse_pricing(read_text(path, MAX_CATALOG_BYTES, "catalog", CatalogError), str(path), accelerators, regions, False)
            except CatalogError as exc:
                problems.append(str(exc))
                continue
            if cat.id in pricing:  # deliberate: a user's own prices take precedence, with a notice
                old = pricing[cat.id]
                notices.append(f"user catalog {path} replaces the "
                               + (f"bundled catalog {cat.id}" if old.bundled else f"user catalog {old.path}"))
            pricing[cat.id] = cat
    return Catalogs(accelerators, regions, pricing, default_util, pue, grid, providers, tuple(problems),
                    tuple(notices))




def read_pricing_file(path: str | Path, catalogs: Catalogs | None = None) -> tuple[PricingCatalog, str]:
    """One pricing catalog file validated for importing: the catalog and the very text validated, read
    once, so that what an import copies is what was checked even if the file changes meanwhile.
    Raises CatalogError."""
    catalogs = catalogs or load_catalogs(include_user=False)
    text = read_text(path, MAX_CATALOG_BYTES, "catalog", CatalogError)
    return parse_pricing(text, str(path), catalogs.accelerators, catalogs.regions, False), text
