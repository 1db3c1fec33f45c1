"""Numbers as people type and read them: 1.4T, 340M, 7B, 2.5k, 1.4e12, and ranges 0.3-0.5."""

from __future__ import annotations

import math
import re

from .values import Number, Range

SUFFIXES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15}
_SHOWN = (("P", 1e15), ("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3))
_ONE = re.compile(r"^\s*([+-]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([kKMBGTP]?)\s*$")


def parse_quantity(text: str, allow_range: bool = True) -> Number:
    """Parse one number or a range "low-high" (also "low..high", "low to high"); ValueError says why."""
    text = text.strip()
    if not text:
        raise ValueError("enter a number")
    if allow_range:
        for sep in ("..", " to ", "–", "—"):
            if sep in text:
                return _range(*text.split(sep, 1))
        # "0.3-0.5": a hyphen that is not a sign and not part of an exponent (1e-3)
        split = re.match(r"^(.*?[\dkKMBGTP.])\s*-\s*(\d.*)$", text)
        if split and not re.search(r"[eE]$", split.group(1)):
            return _range(split.group(1), split.group(2))
    return _one(text)


def _range(low: str, high: str) -> Number:
    lo, hi = _one(low), _one(high)
    if lo > hi:
        raise ValueError(f"a range goes from low to high ({format_quantity(lo)} > {format_quantity(hi)})")
    return lo if lo == hi else Range(lo, hi)


def _one(text: str) -> float:
    found = _ONE.match(text)
    if not found:
        raise ValueError(f'"{text.strip()}" is not a number (examples: 340M, 1.4T, 2.5k, 1.4e12)')
    value = float(found.group(1).replace("_", "").replace(",", "")) * SUFFIXES.get(found.group(2), 1.0)
    if not math.isfinite(value):
        raise ValueError("enter a finite number")
    return value


def format_quantity(value: Number | None, suffixes: bool = True) -> str:
    """The shortest text that reads back to the same value: 131072000000 -> '131.072B'."""
    if value is None:
        return ""
    if isinstance(value, Range):
        return f"{format_quantity(value.low, suffixes)}-{format_quantity(value.high, suffixes)}"
    value = float(value)
    if suffixes:
        for suffix, factor in _SHOWN:
            if abs(value) >= factor:
                for digits in range(1, 16):
                    text = f"{value / factor:.{digits}g}"
                    if "e" in text:
                        continue
                    if math.isclose(float(text) * factor, value, rel_tol=1e-12):
                        # 2.5k and 131.072B read well; 1.024k (a d_model) reads better as 1024.
                        if factor > 1e3 or digits <= 2:
                            return text + suffix
                        break
                break
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    for digits in range(1, 17):
        text = f"{value:.{digits}g}"
        if float(text) == value:
            return text
    return repr(value)
