"""Numeric inputs that may be uncertain: a plain number or a 90% interval [low, high]."""

from __future__ import annotations

import math
import sys
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
            return self.low / 2 + self.high / 2
        product = self.low * self.high
        if sys.float_info.min <= product < math.inf:
            return math.sqrt(product)  # correctly rounded: sqrt(200 x 800) is 400 to the last bit
        return math.sqrt(self.low) * math.sqrt(self.high)  # 1e290 x 1e306 overflows, 1e-200 x 1e-200 underflows

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


def low_end(value: Number) -> float:
    """The low end of a range, or the number itself: what a lower bound is checked against."""
    return value.low if isinstance(value, Range) else value


def high_end(value: Number) -> float:
    """The high end of a range, or the number itself: what an upper bound is checked against."""
    return value.high if isinstance(value, Range) else value
