"""Typed reads from parsed TOML tables. Each failure is a ScenarioError naming file, key and line."""

from __future__ import annotations

import math

from .errors import ScenarioError
from .toml_lines import key_line
from .values import Range


class Reader:
    """Reads keys from one parsed file; knows the file name and text to point at the offending line."""

    def __init__(self, file, text: str | None, error=ScenarioError):
        self.file = file
        self.text = text
        self.error = error

    def fail(self, key: str, expected: str, found=None):
        raise self.error(self.file, key, expected, None if found is None else describe(found),
                         key_line(self.text, key))

    def number(self, table: dict, section: str, key: str, *, required=False, integer=False,
               positive=True, allow_zero=False, at_most=None, at_least=None, allow_range=True,
               default=None):
        dotted = f"{section}.{key}" if section else key
        if key not in table:
            if required:
                self.fail(dotted, "is required")
            return default
        raw = table[key]
        if isinstance(raw, list) and allow_range:
            if len(raw) != 2:
                self.fail(dotted, "expected a number or a 90% interval [low, high] of two numbers", raw)
            low = self._scalar(raw[0], dotted, integer=False, positive=positive, allow_zero=allow_zero,
                               at_most=at_most, at_least=at_least)
            high = self._scalar(raw[1], dotted, integer=False, positive=positive, allow_zero=allow_zero,
                                at_most=at_most, at_least=at_least)
            if low > high:
                self.fail(dotted, "expected an interval [low, high] with low <= high", raw)
            return Range(low, high) if low != high else low
        return self._scalar(raw, dotted, integer=integer, positive=positive, allow_zero=allow_zero,
                            at_most=at_most, at_least=at_least,
                            range_hint=allow_range)

    def _scalar(self, raw, dotted, *, integer, positive, allow_zero, at_most, at_least, range_hint=True):
        kind = "a whole number" if integer else "a number"
        if range_hint and not integer:
            kind += " or a 90% interval [low, high]"
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            self.fail(dotted, f"expected {kind}", raw)
        if isinstance(raw, float) and not math.isfinite(raw):
            self.fail(dotted, f"expected a finite number", raw)
        if integer and not float(raw).is_integer():
            self.fail(dotted, "expected a whole number", raw)
        value = int(raw) if integer else float(raw)
        if at_least is not None and value < at_least:
            self.fail(dotted, f"expected at least {at_least:g}", raw)
        if positive and (value < 0 or (value == 0 and not allow_zero)):
            self.fail(dotted, "expected a number greater than zero" if not allow_zero
                      else "expected zero or more", raw)
        if at_most is not None and value > at_most:
            self.fail(dotted, f"expected at most {at_most:g}", raw)
        return value

    def string(self, table: dict, section: str, key: str, *, required=False, choices=None, default=None):
        dotted = f"{section}.{key}" if section else key
        if key not in table:
            if required:
                self.fail(dotted, "is required")
            return default
        raw = table[key]
        if not isinstance(raw, str):
            self.fail(dotted, "expected a string" + (f" (one of {', '.join(choices)})" if choices else ""), raw)
        if choices is not None and raw not in choices:
            self.fail(dotted, "expected one of " + ", ".join(f'"{c}"' for c in choices), raw)
        return raw

    def boolean(self, table: dict, section: str, key: str, default=False):
        dotted = f"{section}.{key}" if section else key
        if key not in table:
            return default
        raw = table[key]
        if not isinstance(raw, bool):
            self.fail(dotted, "expected true or false", raw)
        return raw

    def table(self, parent: dict, section: str, key: str) -> dict:
        dotted = f"{section}.{key}" if section else key
        raw = parent.get(key, {})
        if not isinstance(raw, dict):
            self.fail(dotted, "expected a table", raw)
        return raw


def describe(value) -> str:
    """How a found value is shown in a message: short, typed, never the whole file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'"{text}"'
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array of " + str(len(value)) + " items" if len(value) > 4 else repr(value)
    return repr(value)
