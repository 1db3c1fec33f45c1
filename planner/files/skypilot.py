"""Read a SkyPilot `vms.csv` (catalog v7 or newer) and choose one price per accelerator and region.

SkyPilot (skypilot-org/skypilot-catalog, `catalogs/v7/<cloud>/vms.csv`) lists instance prices per hour,
one row per instance type and region (AWS: per availability zone). The clouds order the columns
differently, so columns are found by header name. The rules, each documented in docs/catalogs.md:

- The price of one accelerator-hour is the instance price / the accelerators it holds.
- Where an accelerator comes in several instance sizes in a region, the largest is kept (multi-node
  training rents the largest); between equal sizes, the cheaper per accelerator.
- Prices that differ between a region's zones become a [low, high] range.
- GCP prices a GPU apart from its host VM: an accelerator row has an empty instance type, and the
  host VM's row has an empty accelerator. The host of each GPU is the machine series GCP attaches it
  to (GCP_HOSTS); its price is added. GPUs on a host the user picks (N1: V100, P100) are priced alone
  and marked an estimate.
- A TPU slice is priced per chip: `tpu-v5p-12288` counts TensorCores (two per chip: 6,144 chips) for
  v2, v3, v4 and v5p; v5e (`v5litepod`) and v6e count chips. A price that is the same for slices of
  different sizes in one region cannot be a price per slice (SkyPilot lists 700.0 for every v6e size
  where none is offered): it is skipped.
- A missing, zero or unreadable price is no price. Every row is accounted for: used, or skipped with
  a reason (rows_read = used + skipped).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from planner.model.errors import CatalogError

REQUIRED = ("InstanceType", "AcceleratorName", "AcceleratorCount", "Price", "Region")
# SkyPilot's accelerator names -> the hardware catalog's ids (resources/hardware.toml).
GPU_IDS = {"P100": "p100", "V100": "v100", "V100-32GB": "v100", "A100": "a100-40gb", "A100-80GB": "a100-80gb",
           "H100": "h100", "H100-MEGA": "h100", "H100-SXM": "h100", "H200": "h200", "B200": "b200",
           "MI300X": "mi300x"}
TPU_NAME = re.compile(r"tpu-(v2|v3|v4|v5p|v5litepod|v5e|v6e)-(\d+)")
TPU_IDS = {"v2": ("tpu-v2", 2), "v3": ("tpu-v3", 2), "v4": ("tpu-v4", 2), "v5p": ("tpu-v5p", 2),
           "v5litepod": ("tpu-v5e", 1), "v5e": ("tpu-v5e", 1), "v6e": ("tpu-v6e", 1)}
# GCP's machine series for each GPU (GCP GPU machine types: A2 Standard A100 40GB, A2 Ultra A100 80GB,
# A3 High and Mega H100, A3 Ultra H200, A4 B200); {n} is the GPU count.
GCP_HOSTS = {"A100": ("a2-highgpu-{n}g", "a2-megagpu-{n}g"), "A100-80GB": ("a2-ultragpu-{n}g",),
             "H100": ("a3-highgpu-{n}g",), "H100-MEGA": ("a3-megagpu-{n}g",), "H200": ("a3-ultragpu-{n}g",),
             "B200": ("a4-highgpu-{n}g",)}

NO_ACCELERATOR = "no accelerator"
UNKNOWN = "unknown accelerator"
NO_PRICE = "no price"
NO_HOST = "no host VM price"
PLACEHOLDER = "same price for every slice size"
NOT_CHOSEN = "a larger or cheaper instance kept"


@dataclass(frozen=True)
class Row:
    line: int
    instance: str
    name: str
    count: float | None
    price: float | None
    spot: float | None
    region: str
    zone: str


@dataclass
class Choice:
    """The prices kept for one accelerator in one region: an instance, its size and every zone's prices."""
    accelerator: str
    region: str
    instance: str
    count: int
    on_demand: list[float] = field(default_factory=list)
    spot: list[float] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)
    estimate: bool = False
    note: str = ""

    def per_accelerator(self) -> float:
        return min(self.on_demand) / self.count if self.on_demand else math.inf


@dataclass
class Selection:
    choices: list[Choice]
    rows_read: int
    status: dict[int, str]            # line -> "used" or the reason it was skipped
    unknown_names: Counter

    @property
    def used(self) -> int:
        return sum(1 for s in self.status.values() if s == "used")

    @property
    def skipped(self) -> Counter:
        return Counter(s for s in self.status.values() if s != "used")


def read_rows(text: str, file: str) -> list[Row]:
    """The data rows, columns found by name. Raises CatalogError for a file that is not SkyPilot's."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CatalogError(file, None, "expected a SkyPilot vms.csv with the columns " + ", ".join(REQUIRED)
                           + " (missing: " + ", ".join(missing) + ")",
                           "header " + ",".join(header)[:80] if header else "no header", line=1)
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            rows.append(Row(line, _text(record, "InstanceType"), _text(record, "AcceleratorName"),
                            _number(record.get("AcceleratorCount")), _price(record.get("Price")),
                            _price(record.get("SpotPrice")), _text(record, "Region"), _text(record, "AvailabilityZone")))
    except csv.Error as exc:
        raise CatalogError(file, None, f"expected CSV: {exc}", line=reader.line_num) from None
    return rows


def _text(record: dict, key: str) -> str:
    return (record.get(key) or "").strip()


def _number(raw) -> float | None:
    try:
        value = float((raw or "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _price(raw) -> float | None:
    """A price per hour, or None: missing, unreadable, zero or negative are no price."""
    value = _number(raw)
    return value if value is not None and value > 0 else None


def accelerator_of(row: Row, known) -> tuple[str, int] | None:
    """(planner id, accelerators per instance) for a row's accelerator, None when unknown."""
    match = TPU_NAME.fullmatch(row.name)
    if match:
        ident, per_chip = TPU_IDS[match.group(1)]
        chips = int(match.group(2)) // per_chip
        return (ident, chips) if ident in known and chips > 0 else None
    ident = GPU_IDS.get(row.name)
    if ident not in known or row.count is None or row.count < 1 or not float(row.count).is_integer():
        return None
    return ident, int(row.count)


def select(rows: list[Row], known) -> Selection:
    """One Choice per (accelerator, region), and what happened to every row."""
    status: dict[int, str] = {}
    unknown: Counter = Counter()
    hosts = {(r.instance, r.region, r.zone): r for r in rows if not r.name and r.instance}
    flat = _flat_tpu_prices(rows)
    pieces: dict[tuple, Choice] = {}
    for row in rows:
        if not row.name:
            status[row.line] = NO_ACCELERATOR
            continue
        found = accelerator_of(row, known)
        if found is None:
            status[row.line], unknown[row.name] = UNKNOWN, unknown[row.name] + 1
            continue
        reason = _add(row, found, hosts, flat, pieces)
        if reason:
            status[row.line] = reason
    choices = _keep_largest(pieces, status)
    return Selection(choices, len(rows), status, unknown)


def _add(row: Row, found, hosts, flat, pieces) -> str | None:
    """Add a row's prices to its (accelerator, region, instance) piece; the reason when it cannot be."""
    ident, count = found
    price, spot = row.price, row.spot
    if TPU_NAME.fullmatch(row.name):
        family = TPU_NAME.fullmatch(row.name).group(1)
        price = None if (family, row.region, "price", price) in flat else price
        spot = None if (family, row.region, "spot", spot) in flat else spot
        if price is None and spot is None and (row.price or row.spot):
            return PLACEHOLDER
    instance, lines, estimate, note = row.instance or row.name, {row.line}, False, ""
    if not row.instance and row.name in GCP_HOSTS:
        host = next((hosts[key] for pattern in GCP_HOSTS[row.name]
                     if (key := (pattern.format(n=count), row.region, row.zone)) in hosts), None)
        if host is None or host.price is None:
            return NO_HOST
        instance, lines = host.instance, {row.line, host.line}
        note = f"{count} x {row.name} plus the host VM {host.instance} (GCP prices them apart)"
        # rounded to 9 decimals: the CSV has at most 6, so the sum loses nothing but float noise
        price = round(price + host.price, 9) if price is not None else None
        spot = round(spot + host.spot, 9) if spot is not None and host.spot is not None else None
    elif not row.instance and not TPU_NAME.fullmatch(row.name):
        estimate, note = True, f"ESTIMATE: {row.name} alone; the host VM the user picks is not included"
    if price is None and spot is None:
        return NO_PRICE
    piece = pieces.setdefault((ident, row.region, instance, count),
                              Choice(ident, row.region, instance, count, estimate=estimate, note=note))
    if price is not None:
        piece.on_demand.append(price)
    if spot is not None:
        piece.spot.append(spot)
    piece.lines |= lines
    return None


def _flat_tpu_prices(rows: list[Row]) -> set:
    """(family, region, kind, price) of TPU prices shared by slices of different sizes in one region."""
    sizes = defaultdict(set)
    for row in rows:
        match = TPU_NAME.fullmatch(row.name)
        if match:
            for kind, value in (("price", row.price), ("spot", row.spot)):
                if value is not None:
                    sizes[(match.group(1), row.region, kind, value)].add(match.group(2))
    return {key for key, found in sizes.items() if len(found) > 1}


def _keep_largest(pieces: dict, status: dict) -> list[Choice]:
    by_place = defaultdict(list)
    for piece in pieces.values():
        by_place[(piece.accelerator, piece.region)].append(piece)
    kept = []
    for candidates in by_place.values():
        best = min(candidates, key=lambda c: (-c.count, c.per_accelerator(), c.instance))
        kept.append(best)
        for other in candidates:
            if other is not best:
                for line in other.lines:   # a host VM row of a dropped size is dropped with it
                    if status.get(line) in (None, NO_ACCELERATOR):
                        status[line] = NOT_CHOSEN
    for choice in kept:
        for line in choice.lines:
            status[line] = "used"   # a host row shared with a dropped size is still used
    return kept
