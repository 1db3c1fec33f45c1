"""A SkyPilot vms.csv as a user pricing catalog: the TOML text, validated, and its atomic write.

Regions with the same instance and prices share one [[price]] row. A SkyPilot region that is also a
region of the planner's region catalog (same provider) goes in `regions`, so a scenario can price it
and get its grid and PUE; every SkyPilot region, known or not, is named in the row's notes with the
CSV lines the price came from, so each figure can be traced back to the file. Rows are ordered by
accelerator, then cheapest first: a scenario that names no region gets the cheapest one.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from planner.files.atomic import write_atomic
from planner.files.catalogs import (
    Catalogs,
    PricingCatalog,
    load_catalogs,
    parse_pricing,
    user_catalog_dirs,
)
from planner.files.skypilot import Choice, Selection, read_rows, select
from planner.files.text_file import read_text
from planner.model.errors import CatalogError, RequestError

MAX_CSV_BYTES = 50_000_000   # SkyPilot's largest vms.csv (AWS v8) is about 3 MB
# Epoch AI's default commitment discounts (1y / 3y), as the bundled catalogs use them.
DISCOUNTS = {"aws": (0.41, 0.64), "gcp": (0.37, 0.56), "azure": (0.25, 0.49), "lambda": (0.34, 0.56)}
CLOUDS = ("aws", "gcp", "azure", "lambda", "runpod", "fluidstack", "paperspace", "cudo", "oci", "ibm", "scp",
          "vsphere", "do", "nebius", "vast", "hyperbolic", "shadeform", "verda", "seeweb", "yotta")


@dataclass(frozen=True)
class Imported:
    catalog: PricingCatalog
    text: str
    selection: Selection
    source: str

    def summary(self) -> str:
        """One line: what was imported, and every row that was not, by reason."""
        s = self.selection
        accs = sorted({row.accelerator for row in self.catalog.rows})
        skipped = s.skipped
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in skipped.most_common())
        unknown = ", ".join(name for name, _ in s.unknown_names.most_common(6))
        more = " ..." if len(s.unknown_names) > 6 else ""
        return (f'catalog "{self.catalog.id}": {len(self.catalog.rows)} prices for {len(accs)} accelerators '
                f"({', '.join(accs)}) from {s.rows_read:,} rows of {self.source}: {s.used:,} used, "
                f"{sum(skipped.values()):,} skipped" + (f" ({reasons})" if reasons else "")
                + (f"; unknown accelerators: {unknown}{more}" if unknown else ""))


def cloud_of(path: str | Path, cloud: str | None = None) -> str:
    """The cloud a SkyPilot file prices: as given, else its folder's name (catalogs/v7/<cloud>/vms.csv)."""
    path = Path(path)
    return (cloud or (path.parent.name if path.parent.name.lower() in CLOUDS else "")).lower()


def default_id(path: str | Path) -> str:
    """An id for a file imported without one (the window): skypilot-<cloud>-<file date>."""
    path = Path(path)
    day = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return f"skypilot-{cloud_of(path) or path.stem[:20] or 'import'}-{day}".lower().replace(" ", "-")


def import_skypilot(path: str | Path, ident: str, as_of: str | None = None, cloud: str | None = None,
                    catalogs: Catalogs | None = None, source: str | None = None) -> Imported:
    """The catalog a SkyPilot vms.csv makes, validated as any user catalog is. Nothing is written.
    `cloud` defaults to the file's folder name (SkyPilot's catalogs/v7/<cloud>/vms.csv). Raises
    CatalogError for a file that cannot be read, RequestError for an id or date that cannot be used."""
    catalogs = catalogs or load_catalogs(include_user=False)
    path = Path(path)
    text = read_text(path, MAX_CSV_BYTES, "SkyPilot CSV", CatalogError)
    cloud = cloud_of(path, cloud)
    as_of = as_of or datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", ident or ""):
        raise RequestError("id", "expected letters, digits, '.', '_' or '-' (at most 64)", f'"{ident}"')
    selection = select(read_rows(text, str(path)), catalogs.accelerators)
    if not selection.choices:
        raise CatalogError(path, None, "expected at least one row with a price for an accelerator the planner "
                           f"knows; found none in {selection.rows_read:,} rows")
    source = source or f"SkyPilot catalog (skypilot-org/skypilot-catalog), file {path.name}"
    toml = catalog_text(selection, ident, as_of, path, hashlib.sha256(text.encode("utf-8")).hexdigest(), cloud,
                        catalogs, source)
    try:
        catalog = parse_pricing(toml, str(path), catalogs.accelerators, catalogs.regions, False)
    except CatalogError as exc:   # --as-of is the only input that reaches the TOML unchecked
        raise RequestError("as_of", exc.expected, exc.found) from None
    return Imported(catalog, toml, selection, path.name)


def write_user_catalog(imported: Imported, catalogs: Catalogs, replace: bool = False) -> Path:
    """Write the catalog atomically into the user's catalog folder as <id>.toml. Refuses a bundled id
    (bundled prices would change silently) and, without `replace`, an id the user already has."""
    ident = imported.catalog.id
    if ident in load_catalogs(include_user=False).pricing:
        raise RequestError("id", f'expected an id of your own: "{ident}" is a bundled catalog\'s '
                           f'(for example "{ident}-skypilot")', f'"{ident}"')
    folder = user_catalog_dirs()[0]
    target = folder / f"{ident}.toml"
    existing = catalogs.pricing.get(ident)
    if existing is not None and not existing.bundled and not replace:
        raise RequestError("id", f'expected a new id: you already have catalog "{ident}" ({existing.path}); '
                           "choose another id or replace it", f'"{ident}"')
    if existing is not None and existing.path and Path(existing.path).parent == folder:
        target = Path(existing.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, imported.text)
    except OSError as exc:
        raise CatalogError(target, None, f"could not be written ({exc.strerror or exc}); nothing was changed") \
            from None
    return target


def catalog_text(selection: Selection, ident: str, as_of: str, path: Path, sha256: str, cloud: str,
                 catalogs: Catalogs, source: str) -> str:
    head = [f"# Imported from SkyPilot's catalog file {path.name} by nlp-budget catalogs import --from skypilot.",
            "# Prices per instance-hour (USD); the planner divides by `accelerators`. Rules: docs/catalogs.md.",
            "", "schema = 1", f"id = {_s(ident)}", f"name = {_s(f'SkyPilot catalog ({cloud or path.name}), {as_of}')}",
            f"provider = {_s(cloud)}", 'currency = "USD"', f"as_of = {_s(as_of)}",
            f"source = {_s(source)}",
            f"imported_from = {_s(str(path))}", f"imported_sha256 = {_s(sha256)}",
            f"imported_on = {_s(datetime.date.today().isoformat())}"]
    if cloud in DISCOUNTS:
        one, three = DISCOUNTS[cloud]
        head += ["", "[commitment_discounts]", f"commit-1y = {one}", f"commit-3y = {three}",
                 f"source = {_s(f'Epoch AI default commitment discounts ({cloud}, 1y / 3y)')}"]
    return "\n".join(head + [line for group in _groups(selection.choices, cloud, catalogs)
                             for line in _row(group, cloud, catalogs, path.name)]) + "\n"


def _groups(choices: list[Choice], cloud: str, catalogs: Catalogs) -> list[list[Choice]]:
    """Choices with the same instance and prices, one group per [[price]] row, in catalog order."""
    order = list(catalogs.accelerators)
    groups: dict[tuple, list[Choice]] = {}
    for c in choices:
        key = (c.accelerator, c.instance, c.count, _range(c.on_demand), _range(c.spot), c.estimate, c.note)
        groups.setdefault(key, []).append(c)
    return sorted(groups.values(), key=lambda g: (order.index(g[0].accelerator), g[0].per_accelerator(),
                                                  g[0].instance, g[0].region))


def _row(group: list[Choice], cloud: str, catalogs: Catalogs, file: str) -> list[str]:
    first = group[0]
    known = [c.region for c in group if c.region in catalogs.regions and catalogs.regions[c.region].provider == cloud]
    lines = sorted(line for c in group for line in c.lines)
    notes = (f"SkyPilot {first.instance} ({first.count} x {first.accelerator}) in "
             + ", ".join(c.region for c in group) + f"; {file} lines " + _spans(lines)
             + (f"; {first.note}" if first.note else "")
             + ("; prices differ between zones: a range" if _is_range(first.on_demand) or _is_range(first.spot)
                else ""))
    out = ["", "[[price]]", f"accelerator = {_s(first.accelerator)}", f"instance = {_s(first.instance)}",
           'per = "instance"', f"accelerators = {first.count}"]
    if known:
        out.append("regions = [" + ", ".join(_s(r) for r in known) + "]")
    if first.on_demand:
        out.append(f"on-demand = {_value(first.on_demand)}")
    if first.spot:
        out.append(f"spot = {_value(first.spot)}")
    out += [f"estimate = {'true' if first.estimate else 'false'}", f"notes = {_s(notes)}"]
    return out


def _range(values: list[float]):
    return (min(values), max(values)) if values else None


def _is_range(values: list[float]) -> bool:
    return bool(values) and min(values) != max(values)


def _value(values: list[float]) -> str:
    low, high = min(values), max(values)
    return repr(low) if low == high else f"[{low!r}, {high!r}]"


def _spans(lines: list[int]) -> str:
    """2, 4-6 for [2, 4, 5, 6]."""
    spans, start = [], None
    for i, line in enumerate(lines):
        if start is None:
            start = line
        if i + 1 == len(lines) or lines[i + 1] != line + 1:
            spans.append(str(start) if start == line else f"{start}-{line}")
            start = None
    return ", ".join(spans)


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)

