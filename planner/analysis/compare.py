"""Compare scenarios: each summary, and for every scenario after the first its difference from the first.

Two rules hold in every output built on this module (JSON, Markdown, text, CSV, PDF, the window):
- money is never subtracted across currencies: such a difference is None, flagged `currency_mismatch`;
- a figure a scenario does not give (training tokens, FLOPs and utilization of a run given as measured
  hours without tokens) is None, "not given", never 0, and has no difference.
Categories are looked up by name: one scenario may have a category the other lacks (the what-if
`distillation` one); the missing one counts as zero.
"""

from __future__ import annotations

import math

from planner.engine.categories import CATEGORIES, EXTRA_CATEGORIES
from planner.engine.summary import QUANTITIES
from planner.engine.summary_types import Category, Summary

DELTA_KEYS = ("runs",) + QUANTITIES
MONEY_KEYS = ("cost",)
FINAL_KEYS = QUANTITIES + ("tokens", "utilization")
# Figures of a run given as measured hours without training tokens: the engine reports 0 for them.
UNKNOWN_WITHOUT_TOKENS = ("tokens", "flops", "utilization")


def unknown_figures(summary: Summary) -> frozenset[str]:
    """Names of the figures `summary` does not give (tokens, flops, utilization), else empty."""
    if summary.assumptions.mode == "hours" and not summary.final_run.tokens:
        return frozenset(UNKNOWN_WITHOUT_TOKENS)
    return frozenset()


def category_names(summaries: list[Summary]) -> list[str]:
    """Every category any summary has: the contract's seven, the extra ones, then any other, in order."""
    seen = [c.category for s in summaries for c in s.categories]
    known = [c for c in CATEGORIES + EXTRA_CATEGORIES if c in seen or c in CATEGORIES]
    return known + [c for c in dict.fromkeys(seen) if c not in known]


def category(summary: Summary, name: str) -> Category:
    """A summary's row for category `name`; zeros when it has none (a lever switched off)."""
    found = next((c for c in summary.categories if c.category == name), None)
    return found if found is not None else Category(name, **{k: 0 for k in DELTA_KEYS})


def _diff(a: dict, b: dict, keys, skip: frozenset) -> dict:
    return {k: None if k in skip else b[k] - a[k] for k in keys if k in a and k in b}


def _relative(a: dict, b: dict, keys, skip: frozenset) -> dict:
    return {k: None if k in skip else relative_change(a[k], b[k]) for k in keys if k in a and k in b}


def relative_change(base: float, value: float) -> float | None:
    """(value - base) / base, or None (said as no relative part) when there is none to give: a change
    from zero, or from a base so small (a price of 1e-300) that the ratio is not a finite number."""
    if not base:
        return None
    ratio = (value - base) / base
    return ratio if math.isfinite(ratio) and abs(ratio) < 1e15 else None


def _skipped(base: Summary, other: Summary) -> frozenset[str]:
    """Keys whose difference is meaningless: money across currencies, figures either does not give."""
    skip = unknown_figures(base) | unknown_figures(other)
    return skip | frozenset(MONEY_KEYS) if base.currency != other.currency else skip


def delta(base: Summary, other: Summary) -> dict:
    """`other` minus `base`, category by category (by name), total and final run, with relative shares."""
    skip = _skipped(base, other)
    names = category_names([base, other])
    pairs = [(category(base, n), category(other, n)) for n in names]
    return {
        "name": other.name, "against": base.name,
        "currency_mismatch": base.currency != other.currency,
        "currencies": [base.currency, other.currency],
        "categories": [{"category": b.category, **_diff(a, b, DELTA_KEYS, skip)} for a, b in pairs],
        "total": _diff(base.total, other.total, DELTA_KEYS, skip),
        "final_run": _diff(base.final_run, other.final_run, FINAL_KEYS, skip),
        "relative": {"total": _relative(base.total, other.total, DELTA_KEYS, skip),
                     "categories": [{"category": b.category, **_relative(a, b, DELTA_KEYS, skip)}
                                    for a, b in pairs]},
    }


def compare(summaries: list[Summary]) -> dict:
    """{"scenarios": [...], "deltas": [...]}: one delta per scenario after the first, holding the same
    categories and `total` as a summary, as differences from the first (plus `relative` shares).
    A difference that cannot be computed (see the module's rules) is None."""
    if not summaries:
        raise ValueError("compare needs at least one scenario")
    return {"scenarios": summaries, "deltas": [delta(summaries[0], other) for other in summaries[1:]]}


def _price_origin(s: Summary) -> str:
    if s.pricing.capex_per_hour is not None:
        return "owned (amortized purchase plus energy)"
    return "scenario (override)" if s.pricing.source == "pricing.price_per_hour" else "catalog"


def _final(key: str):
    return lambda s: None if key in unknown_figures(s) else getattr(s.final_run, key)


ASSUMPTION_ROWS = (
    ("Parameters", lambda s: s.final_run.params, "count"),
    ("Active parameters", lambda s: s.final_run.active_params, "count"),
    ("Training tokens", _final("tokens"), "count"),
    ("FLOPs per final run", _final("flops"), "count"),
    ("Accelerator", lambda s: s.pricing.accelerator, "text"),
    ("Count", lambda s: s.assumptions.count, "count"),
    ("Utilization (MFU)", lambda s: None if "utilization" in unknown_figures(s) else s.assumptions.utilization,
     "share"),
    ("Price from", _price_origin, "text"),
    ("Catalog", lambda s: s.pricing.catalog, "text"),
    ("Offer", lambda s: s.pricing.offer, "text"),
    ("Region", lambda s: s.pricing.region or "catalog default", "text"),
    ("Prices as of", lambda s: s.pricing.as_of, "text"),
    ("Currency", lambda s: s.currency, "text"),
    ("Price per accelerator-hour", lambda s: s.pricing.price_per_accelerator_hour, "money"),
)
# (group, summary key, kind). The PDF prints the first group per category and, of the others, the
# final run and the total (its "other measures" table); the text formats print every row.
RESULT_ROWS = (
    ("Cost", "cost", "money"),
    ("Accelerator-hours", "accelerator_hours", "count"),
    ("Wall-clock hours", "wall_clock_hours", "count"),
    ("Energy (kWh)", "energy_kwh", "count"),
    ("CO2e (kg)", "co2_kg", "count"),
)


def comparison_rows(summaries: list[Summary]) -> list[Summary]:
    """The comparison table, a row per figure: group, label, kind, values (None: not given), and
    differences from the first (None where there is none to give; `mismatch[i]` when scenario i is
    priced in another currency than the first, for money). Result rows carry `category` ("total" for
    the total, "line_item" for a [[costs]] row, by name, under Cost); a category with nothing in any
    scenario is left out."""
    from planner.engine.categories import LABELS
    currencies = [s.currency for s in summaries]
    rows = [_row("Assumptions", label, kind, [get(s) for s in summaries], currencies)
            for label, get, kind in ASSUMPTION_ROWS]
    names = category_names(summaries)
    for group, key, kind in RESULT_ROWS:
        for name in names:
            values = [getattr(category(s, name), key) for s in summaries]
            if any(values):
                rows.append({**_row(group, LABELS.get(name, name), kind, values, currencies), "category": name})
        if key == "cost":   # line items beyond compute, by name: a scenario without one has 0
            for name in dict.fromkeys(c.name for s in summaries for c in (s.costs or [])):
                values = [sum(c.cost for c in (s.costs or []) if c.name == name) for s in summaries]
                rows.append({**_row(group, name, kind, values, currencies), "category": "line_item"})
        rows.append({**_row(group, "Total", kind, [getattr(s.total, key) for s in summaries], currencies),
                     "category": "total"})
    return rows


def _row(group: str, label: str, kind: str, values: list, currencies: list[str]) -> dict:
    base = values[0]
    deltas, relative, mismatch = [], [], []
    for v, cur in zip(values, currencies):
        crossed = kind == "money" and cur != currencies[0]
        numeric = kind != "text" and isinstance(v, (int, float)) and isinstance(base, (int, float))
        mismatch.append(crossed)
        deltas.append(v - base if numeric and not crossed else None)
        relative.append(relative_change(base, v) if numeric and not crossed else None)
    changed = [v != base or m for v, m in zip(values, mismatch)]
    return {"group": group, "label": label, "kind": kind, "values": values, "deltas": deltas,
            "relative": relative, "changed": changed, "currencies": list(currencies), "mismatch": mismatch}
