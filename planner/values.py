"""Numeric inputs that may be uncertain: a plain number or a 90% interval [low, high]."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    """A 90% interval. Its point estimate is the geometric mean (the lognormal median),
    the convention of Epoch AI's cost analysis and of Guesstimate."""

    low: float
    high: float

    @property
    def point(self) -> float:
        if self.low <= 0:
            # A lognormal needs positive bounds; a zero low bound falls back to the midpoint.
            return (self.low + self.high) / 2
        return math.sqrt(self.low * self.high)

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g}"


Number = float | Range


def point(value: Number | None) -> float | None:
    """The value the point estimate uses."""
    if isinstance(value, Range):
        return value.point
    return value


def is_range(value) -> bool:
    return isinstance(value, Range)
