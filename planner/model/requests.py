"""Limits on the numbers a person asks for (a budget, a deadline, a budget cap), shared by the command
line, the window and the Python API: finite, positive and within a range where the arithmetic stays
finite. A refusal is a RequestError naming the field as the scenario calls it."""

from __future__ import annotations

import math

from planner.model.errors import RequestError

MIN_MONEY, MAX_MONEY = 0.01, 1e15       # a cent (or yen); a thousand times the largest project ever priced
MIN_DAYS, MAX_DAYS = 1e-5, 1e9         # under a second; far beyond any plan, yet every figure stays finite


def amount(field: str, value, file=None) -> float:
    """A budget or a budget cap: a finite number from MIN_MONEY to MAX_MONEY."""
    return _within(field, value, MIN_MONEY, MAX_MONEY, "an amount", "0.01", f"{MAX_MONEY:,.0f}", file)


def days(field: str, value, file=None) -> float:
    """A deadline in days: a finite number from one minute to a century."""
    return _within(field, value, MIN_DAYS, MAX_DAYS, "a number of days", "0.00001 (under a second)",
                   "1,000,000,000", file)


def _within(field, value, low, high, what, low_text, high_text, file):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RequestError(field, f"expected {what}", repr(value), file=file)
    value = float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise RequestError(field, f"expected {what} from {low_text} to {high_text}",
                           f"{value:g}" if math.isfinite(value) or value != value else str(value), file=file)
    return value
