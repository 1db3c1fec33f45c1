"""Numbers as people type and read them: 1.4T, 340M, 7B, 2.5k, 1.4e12, and ranges 0.3-0.5."""

from __future__ import annotations

import math
import re

from planner.model.requests import MAX_MONEY
from planner.model.values import Number, Range

SUFFIXES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15}
_SHOWN = (("P", 1e15), ("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3))
# A number as typed: an optional currency symbol ($2), a suffix (2.5k) or a percent sign (40% = 0.4).
_ONE = re.compile(r"^\s*([$€£]?)\s*([+-]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([kKMBGTP]?)\s*(%?)\s*$")


def parse_quantity(text: str, allow_range: bool = True) -> Number:
    """Parse one number or a range "low-high" (also "low..high", "low to high", and the file's own
    "[low, high]"); numbers may read 40%, $2 or 2.5k. ValueError says why."""
    text = text.strip()
    if not text:
        raise ValueError("enter a number")
    if text.startswith("[") or text.endswith("]"):
        parts = text.strip("[]").split(",") if text.startswith("[") and text.endswith("]") else []
        if len(parts) != 2 or not allow_range:
            raise ValueError("a range reads [low, high], e.g. [1.5T, 2.5T]" if allow_range
                             else "enter one number here, not a range")
        return _range(*parts)
    if allow_range:
        for sep in ("..", " to ", "–", "—"):
            if sep in text:
                return _range(*text.split(sep, 1))
        # "0.3-0.5": a hyphen that is not a sign and not part of an exponent (1e-3)
        split = re.match(r"^(.*?[\dkKMBGTP.%])\s*-\s*([$€£]?\d.*)$", text)
        if split and not re.search(r"[eE]$", split.group(1)):
            return _range(split.group(1), split.group(2))
    return _one(text)


def _range(low: str, high: str) -> Number:
    if high.strip().endswith("%") and not low.strip().endswith("%"):
        low += "%"   # "30-50%": both ends are percentages
    lo, hi = _one(low), _one(high)
    if lo > hi:
        raise ValueError(f"a range goes from low to high ({format_quantity(lo)} > {format_quantity(hi)})")
    return lo if lo == hi else Range(lo, hi)


def _one(text: str) -> float:
    found = _ONE.match(text)
    if not found:
        raise ValueError(f'"{text.strip()}" is not a number (examples: 340M, 1.4T, 2.5k, 1.4e12, 40%)')
    value = float(found.group(2).replace("_", "").replace(",", "")) * SUFFIXES.get(found.group(3), 1.0)
    if found.group(4):
        value /= 100.0
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


# Numbers as the outputs print them.
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def money(value: float, currency: str = "USD") -> str:
    """$138,240; -$5.00; $0.50; €1.125; 12.00 CHF without a symbol. From 100 up (and zero) whole units;
    below, the cents, or 4 significant figures when the value is finer than a cent (a price)."""
    size = abs(value)
    if round(size, 2) >= 100 or size == 0 or not math.isfinite(size):
        body = f"{size:,.0f}"
    elif round(size, 2) == size:
        body = f"{size:.2f}"
    else:  # finer than a cent: 4 significant figures, and still at least the cents (2.49 - 1.99: $0.50)
        body = f"{size:.4g}"
        if "e" not in body:
            body = f"{float(body):.{max(2, len(body.partition('.')[2]))}f}"
    symbol = SYMBOLS.get(currency)
    text = f"{symbol}{body}" if symbol else f"{body} {currency}"
    return ("-" if value < 0 else "") + text


def price(value: float, currency: str = "USD") -> str:
    """A price per accelerator-hour to the cent or finer: $1.125, $2.00, $0.5622."""
    text = f"{value:,.4f}".rstrip("0")
    text += "0" * (2 - len(text.split(".")[1]))
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def short_money(value: float, currency: str = "USD", digits: int = 3) -> str:
    """$138k, $1.49M: `digits` significant figures, short enough to sit above a narrow bar (3) or on
    an axis tick (6, so that ticks $1.25M and $1.5M stay apart)."""
    for factor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k"), (1, "")):
        if abs(value) >= factor or factor == 1:
            text = f"{value / factor:.{digits}g}{suffix}"
            break
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def count(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def engineering(value: float) -> str:
    """1.4e12 -> '1.4T': readable large numbers (params, tokens, FLOPs)."""
    for factor, suffix in ((1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g}{suffix}"
    return f"{value:.3g}"


def hours_text(hours: float) -> str:
    if hours >= 48:
        return f"{hours / 24:,.1f} days"
    return f"{hours:,.1f} h"


def accelerators(n: float) -> str:
    """Say "1 accelerator", "8 accelerators", "2,500,000 accelerators" or "0.5 accelerators"."""
    shown = f"{n:,.0f}" if float(n).is_integer() else f"{n:,g}"
    return f"{shown} accelerator" + ("" if n == 1 else "s")


def parse_money(text: str) -> float | None:
    """An amount as typed: "250k", "$1.2M", "1,200,000 USD", "€90k". None for empty text; ValueError
    says why an amount is refused (not a number, not above zero, above requests.MAX_MONEY, the bound the
    planner checks every budget against)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    cleaned = re.sub(r"^\s*[A-Z]{3}\s+|\s+[A-Z]{3}\s*$", "", cleaned)  # USD 250k, 250k EUR
    cleaned = cleaned.lstrip("".join(SYMBOLS.values())).strip()
    value = float(parse_quantity(cleaned, allow_range=False))
    if not value > 0:
        raise ValueError("enter an amount greater than zero")
    if value > MAX_MONEY:
        raise ValueError(f"enter an amount of at most {MAX_MONEY:,.0f}")
    return value
