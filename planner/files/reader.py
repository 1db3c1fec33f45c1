"""Typed reads from parsed TOML tables. Each failure is a ScenarioError naming file, key and line."""

from __future__ import annotations

import datetime
import difflib
import json
import math
import re

from planner.files.toml_lines import key_line
from planner.model.errors import ScenarioError
from planner.model.values import Range


class Reader:
    """Reads keys from one parsed file; knows the file name and text to point at the offending line."""

    def __init__(self, file, text: str | None, error=ScenarioError):
        self.file = file
        self.text = text
        self.error = error

    def fail(self, key: str, expected: str, found=None):
        raise self.error(self.file, key, expected, None if found is None else describe(found),
                         key_line(self.text, key))

    def number(self, table: dict, section: str, key: str, *, required=False, integer=False, whole=False,
               positive=True, allow_zero=False, at_most=None, at_least=None, allow_range=True,
               default=None):
        """A number or, with allow_range, a 90% interval [low, high].

        integer: a whole number, returned as int (shape keys; never a range). whole: a plain number
        must be whole (a count of runs or accelerators), but a range's bounds may be fractional,
        because the interval describes an uncertain average, not one count.
        """
        dotted = f"{section}.{key}" if section else key
        if key not in table:
            if required:
                self.fail(dotted, "expected a number (the key is required)", "nothing")
            return default
        raw = table[key]
        limits = dict(positive=positive, allow_zero=allow_zero, at_most=at_most, at_least=at_least)
        if isinstance(raw, list) and allow_range and not integer:  # a count of things is never a range
            if len(raw) != 2:
                self.fail(dotted, "expected a number or a 90% interval [low, high] of two numbers", raw)
            low = self._scalar(raw[0], dotted, integer=False, whole=False, **limits)
            high = self._scalar(raw[1], dotted, integer=False, whole=False, **limits)
            if low > high:
                self.fail(dotted, "expected an interval [low, high] with low <= high", raw)
            return Range(low, high) if low != high else low
        return self._scalar(raw, dotted, integer=integer, whole=whole, range_hint=allow_range, **limits)

    def _scalar(self, raw, dotted, *, integer, whole, positive, allow_zero, at_most, at_least, range_hint=True):
        kind = "a whole number" if integer or whole else "a number"
        if range_hint and not integer:
            kind += " or a 90% interval [low, high]"
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            self.fail(dotted, f"expected {kind}", raw)
        try:
            value = float(raw)  # a TOML integer has no size limit in tomllib
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            self.fail(dotted, "expected a finite number", raw)
        if (integer or whole) and not value.is_integer():
            self.fail(dotted, "expected a whole number", raw)
        if at_least is not None and value < at_least:
            self.fail(dotted, f"expected at least {_bound(at_least)}", raw)
        if positive and (value < 0 or (value == 0 and not allow_zero)):
            self.fail(dotted, "expected a number greater than zero" if not allow_zero
                      else "expected zero or more", raw)
        if at_most is not None and value > at_most:
            self.fail(dotted, f"expected at most {_bound(at_most)}", raw)
        if (integer or whole) and isinstance(raw, int) and value != raw:  # 2**53 + 1 would count as 2**53
            self.fail(dotted, "expected a whole number that a float holds exactly (at most 2^53)", raw)
        return int(value) if integer else value

    def string(self, table: dict, section: str, key: str, *, required=False, choices=None, default=None):
        dotted = f"{section}.{key}" if section else key
        if key not in table:
            if required:
                self.fail(dotted, "expected a string" + (f" (one of {', '.join(choices)})" if choices else "")
                          + " (the key is required)", "nothing")
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


def _bound(limit: float) -> str:
    """10,000,000 rather than 1e+07: a limit a person reads at a glance."""
    return f"{int(limit):,}" if float(limit).is_integer() and abs(limit) < 1e15 else f"{limit:g}"


def describe(value, limit: int = 60) -> str:
    """How a found value is shown in a message: as TOML spells it, short, never the whole file."""
    text = _toml(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown, ensure_ascii=False)  # a TOML basic string is written as JSON writes one
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return _float(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**30 else f"an integer of {value.bit_length():,} bits"
    if isinstance(value, (datetime.date, datetime.time)):  # TOML dates and times; datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        if not value:
            return "an empty table"
        return "{" + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in list(value.items())[:4]) \
            + (", ..." if len(value) > 4 else "") + "}"
    if isinstance(value, list):
        if len(value) > 4:
            return f"an array of {len(value)} items"
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _float(value: float) -> str:
    """1e12 rather than Python's 1000000000000.0 (both are TOML, only one is what a person typed)."""
    text = repr(value)
    if not (text.endswith(".0") and abs(value) >= 1e6):
        return text
    digits = text[:-2].lstrip("-")
    kept = digits.rstrip("0")
    mantissa = kept[0] + ("." + kept[1:] if len(kept) > 1 else "")
    return ("-" if value < 0 else "") + f"{mantissa}e{len(digits) - 1}"


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def warn_unknown(table: dict, section: str, known, warnings: list[str]):
    """Unknown keys are kept on save (they may be a colleague's); a likely typo gets a warning."""
    for key in table:
        if key not in known:
            dotted = f"{section}.{key}" if section else key
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            warnings.append(f"unknown key {dotted} is kept but not used{hint}")
