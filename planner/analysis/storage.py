"""Checkpoint storage for a [[costs]] row of kind "storage": GB-months from the model and a sourced price.

GB-months = parameters x bytes per parameter x checkpoints kept / 1e9 x months. A full training checkpoint
with Adam's state is about 16 bytes per parameter (fp32 weights and Adam's two moments, plus bf16 copies; Transformer
Math 101, EleutherAI 2023); weights alone in bf16 are 2. The price is resources/storage.toml (dated, sourced).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from planner.model.scenario import CostItem

FULL_CHECKPOINT_BYTES = 16   # per parameter: weights, and Adam's two moments, in fp32 (Transformer Math 101)


@dataclass(frozen=True)
class StoragePrice:
    price_per_gb_month: float
    currency: str
    unit: str
    as_of: str
    source: str


def storage_price() -> StoragePrice:
    data = tomllib.loads(resources.files("planner.resources").joinpath("storage.toml").read_text(encoding="utf-8"))
    return StoragePrice(float(data["price_per_gb_month"]), data["currency"], data["unit"], data["as_of"],
                        data["source"])


def gb_months(params: float, bytes_per_param: float, checkpoints: float, months: float) -> float:
    return params * bytes_per_param * checkpoints / 1e9 * months


def storage_item(name: str, params: float, bytes_per_param: float, checkpoints: float, months: float,
                 price: StoragePrice | None = None) -> CostItem:
    """A storage row: quantity in GB-months at the bundled price, its source and date in `source`."""
    price = price or storage_price()
    return CostItem(name, "storage", None, gb_months(params, bytes_per_param, checkpoints, months),
                    price.price_per_gb_month, price.unit,
                    f"{price.source} (as of {price.as_of}); {checkpoints:g} checkpoints of {params:.3g} parameters "
                    f"x {bytes_per_param:g} bytes for {months:g} months")
