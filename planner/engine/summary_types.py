"""The summary as typed records: `Summary` and the blocks it holds.

`Summary.to_json()` is the JSON text of the contract (scenario-format.md, plus the documented
extensions) and `to_dict()` the same as plain dicts and lists. Every record also reads as the
contract's mapping (`summary["total"]["cost"]`, `"uncertainty" in summary`, `summary.get("budget")`), so
scripts written against the dict keep working; the planner's own readers use attributes.

An optional block (uncertainty, checks, whatifs, serving, budget) is None when absent, and then absent
from the dict and the JSON, as the contract says.
"""

from __future__ import annotations

import json
import math
import typing
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, Iterator


class Record:
    """A dataclass that also reads as a read-only mapping of its present (non-None optional) fields."""

    def _present(self) -> Iterator[str]:
        for f in fields(self):
            if getattr(self, f.name) is not None or not f.metadata.get("optional"):
                yield f.name

    def __getitem__(self, key: str) -> Any:
        if key not in set(self._present()):
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in set(self._present())

    def keys(self):
        return list(self._present())

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def to_dict(self) -> dict:
        return {k: _plain(v) for k, v in self.items()}

    @classmethod
    def from_dict(cls, data: dict):
        hints = _hints(cls)
        known = {f.name for f in fields(cls)}
        return cls(**{k: _typed(hints[k], v) for k, v in data.items() if k in known})


def optional(default=None):
    """A block that may be absent: None in Python, left out of the dict and the JSON."""
    return field(default=default, metadata={"optional": True})


def plain(value):
    """`json.dumps(..., default=plain)`: records inside other data become the contract's dicts."""
    if isinstance(value, Record):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _plain(value):
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and math.isfinite(value):
        # 15 significant figures, all a double holds exactly: 3520.0, not the sum's 3519.9999999999995.
        return float(f"{value:.15g}")
    return value


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _typed(hint, value):
    """`value` (from a dict) as the type `hint` names: Records built, lists of Records built."""
    if value is None:
        return None
    for candidate in _candidates(hint):
        origin = typing.get_origin(candidate)
        if isinstance(candidate, type) and issubclass(candidate, Record) and isinstance(value, dict):
            return candidate.from_dict(value)
        if origin in (list, tuple) and isinstance(value, (list, tuple)):
            (inner, *_) = typing.get_args(candidate) or (Any,)
            return [_typed(inner, v) for v in value]
    return value


def _candidates(hint):
    if typing.get_origin(hint) in (typing.Union, getattr(__import__("types"), "UnionType", typing.Union)):
        return [h for h in typing.get_args(hint) if h is not type(None)]
    return [hint]


@dataclass(frozen=True)
class Pricing(Record):
    catalog: str | None
    as_of: str | None
    offer: str | None
    region: str | None
    accelerator: str
    price_per_accelerator_hour: float
    source: str | None = None
    estimate: bool = False
    derived: str | None = None
    # Owned accelerators only (pricing.mode = "owned"): the two parts of price_per_accelerator_hour.
    capex_per_hour: float | None = optional()
    energy_per_hour: float | None = optional()


@dataclass(frozen=True)
class FinalRun(Record):
    params: float
    active_params: float
    tokens: float | None      # None: not given (measured hours without training tokens)
    flops: float | None
    accelerator_hours: float
    wall_clock_hours: float
    cost: float
    energy_kwh: float
    co2_kg: float
    utilization: float | None


@dataclass(frozen=True)
class RunRow(Record):
    """One named [[project.ablations]] or [[project.baselines]] row: its runs (without seed repeats, which
    are in `seed_repeats`) and their figures; the rows of a category sum to it."""
    name: str
    runs: float
    accelerator_hours: float
    cost: float
    energy_kwh: float
    co2_kg: float


@dataclass(frozen=True)
class Category(Record):
    category: str
    runs: float
    flops: float | None       # None when the run's FLOPs are not known
    accelerator_hours: float
    wall_clock_hours: float
    cost: float
    energy_kwh: float
    co2_kg: float
    rows: list[RunRow] | None = optional()   # ablations and baselines: a row per named entry


@dataclass(frozen=True)
class Total(Record):
    """The project: compute figures summed over the categories; `cost` adds the line items (`costs`),
    `compute_cost` is the categories' cost alone."""
    runs: float
    flops: float | None       # None when the run's FLOPs are not known
    accelerator_hours: float
    wall_clock_hours: float
    cost: float
    energy_kwh: float
    co2_kg: float
    compute_cost: float | None = None

    def as_category(self) -> Category:
        """The total as a row under the categories (category "total"), as tables print it."""
        return Category(category="total", **{k: v for k, v in self.to_dict().items() if k != "compute_cost"})


def runs_text(runs: float) -> str:
    """A count of runs as people count: whole ("10"), or, from a range's point, "1.4 expected"."""
    runs = float(runs)
    return f"{runs:,.0f}" if runs.is_integer() else f"{runs:,.1f} expected"


@dataclass(frozen=True)
class CostLine(Record):
    """A line item beyond compute ([[costs]]): its cost at the point estimate, and how it was given."""
    name: str
    kind: str
    cost: float
    quantity: float | None = None
    unit: str | None = None
    unit_price: float | None = None
    source: str | None = None


@dataclass(frozen=True)
class Assumptions(Record):
    accelerator: str
    count: float
    precision: str
    peak_flops_per_accelerator: float
    mode: str
    utilization: float | None
    power_watts: float
    pue: float
    grid_kg_per_kwh: float
    sources: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Percentiles(Record):
    p5: float
    p50: float
    p95: float


@dataclass(frozen=True)
class RangedInput(Record):
    key: str
    file_key: str
    label: str
    low: float
    high: float


@dataclass(frozen=True)
class Uncertainty(Record):
    cost: Percentiles
    accelerator_hours: Percentiles
    wall_clock_hours: Percentiles
    energy_kwh: Percentiles
    co2_kg: Percentiles
    flops: Percentiles | None
    samples: int
    seed: int
    inputs: list[RangedInput] = field(default_factory=list)


@dataclass(frozen=True)
class MemoryGB(Record):
    """Memory per accelerator in GB (10^9 bytes); activations None without a shape and seq_len."""
    weights: float
    gradients: float
    optimizer: float
    activations: float | None
    total: float


@dataclass(frozen=True)
class MemoryCheck(Record):
    """engine/memory.py at the file's count and layout: what `nlp-budget memory FILE --format json` prints."""
    per_accelerator_gb: MemoryGB
    accelerator_gb: float | None
    min_accelerators: int | None
    fits: bool | None
    count: int
    zero: int
    tp: int
    pp: int
    micro_batch: int
    recompute: str
    data_parallel: int


@dataclass(frozen=True)
class Checks(Record):
    tokens_per_param: float | None
    compute_optimal: dict | None
    min_count: int | None
    notes: list[str] = field(default_factory=list)
    memory: MemoryCheck | None = optional()


@dataclass(frozen=True)
class WhatIfEffect(Record):
    lever: str
    description: str
    total_cost_without: float
    cost_change: float
    factor: float | None


@dataclass(frozen=True)
class DistillationCost(Record):
    accelerator_hours: float
    cost: float
    energy_kwh: float
    co2_kg: float


@dataclass(frozen=True)
class Serving(Record):
    distilled: str
    size_factor: float
    inference_speedup: float
    source: str
    distillation: DistillationCost


@dataclass(frozen=True)
class Budget(Record):
    """The committed budget: the total at `confidence` (a quantile of the Monte Carlo draws, the point
    total without ranges); with a `cap`, the share of draws above it (None without a cap)."""
    confidence: float
    amount: float
    cap: float | None
    probability_over: float | None


@dataclass(frozen=True)
class Summary(Record):
    """What `planner.summarize()` returns: the whole project's figures and where they came from."""
    name: str
    currency: str
    pricing: Pricing
    final_run: FinalRun
    categories: list[Category]
    total: Total
    iceberg_ratio: float
    assumptions: Assumptions
    warnings: list[str] = field(default_factory=list)
    costs: list[CostLine] = field(default_factory=list)
    uncertainty: Uncertainty | None = optional()
    checks: Checks | None = optional()
    whatifs: list[WhatIfEffect] | None = optional()
    serving: Serving | None = optional()
    budget: Budget | None = optional()

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's JSON text; never NaN or Infinity (ValueError instead)."""
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.category == name), None)
