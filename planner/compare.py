"""Compare scenarios: each summary, and for every scenario after the first its difference from the first."""

from __future__ import annotations

from .summary import QUANTITIES

DELTA_KEYS = ("runs",) + QUANTITIES


def _diff(a: dict, b: dict) -> dict:
    return {k: b[k] - a[k] for k in DELTA_KEYS if k in a and k in b}


def _relative(a: dict, b: dict) -> dict:
    return {k: (b[k] - a[k]) / a[k] if a.get(k) else None for k in DELTA_KEYS if k in a and k in b}


def compare(summaries: list[dict]) -> dict:
    """{"scenarios": [...], "deltas": [...]}: one delta per scenario after the first, holding the same
    categories and `total` as a summary, as differences from the first (plus `relative` shares)."""
    if not summaries:
        raise ValueError("compare needs at least one scenario")
    base = summaries[0]
    deltas = []
    for other in summaries[1:]:
        base_cats = {c["category"]: c for c in base["categories"]}
        categories = [{"category": c["category"], **_diff(base_cats[c["category"]], c)} for c in other["categories"]]
        deltas.append({
            "name": other["name"], "against": base["name"],
            "categories": categories,
            "total": _diff(base["total"], other["total"]),
            "final_run": _diff(base["final_run"], other["final_run"]),
            "relative": {"total": _relative(base["total"], other["total"]),
                         "categories": [{"category": c["category"], **_relative(base_cats[c["category"]], c)}
                                        for c in other["categories"]]},
        })
    return {"scenarios": summaries, "deltas": deltas}


ASSUMPTION_ROWS = (
    ("Parameters", lambda s: s["final_run"]["params"], "count"),
    ("Active parameters", lambda s: s["final_run"]["active_params"], "count"),
    ("Training tokens", lambda s: s["final_run"]["tokens"], "count"),
    ("Accelerator", lambda s: s["pricing"]["accelerator"], "text"),
    ("Count", lambda s: s["assumptions"]["count"], "count"),
    ("Utilization (MFU)", lambda s: s["assumptions"]["utilization"], "share"),
    ("Catalog", lambda s: s["pricing"]["catalog"], "text"),
    ("Offer", lambda s: s["pricing"]["offer"], "text"),
    ("Prices as of", lambda s: s["pricing"]["as_of"], "text"),
    ("Price per accelerator-hour", lambda s: s["pricing"]["price_per_accelerator_hour"], "money"),
)
RESULT_ROWS = (
    ("Cost", "cost", "money"),
    ("Accelerator-hours", "accelerator_hours", "count"),
    ("Wall-clock hours", "wall_clock_hours", "count"),
    ("Energy (kWh)", "energy_kwh", "count"),
    ("CO2e (kg)", "co2_kg", "count"),
)


def comparison_rows(summaries: list[dict]) -> list[dict]:
    """The comparison table, a row per figure: label, kind, values, and deltas against the first."""
    from .engine import CATEGORIES
    from .formats import LABELS
    rows = []
    for label, get, kind in ASSUMPTION_ROWS:
        rows.append(_row("Assumptions", label, kind, [get(s) for s in summaries]))
    for label, key, kind in RESULT_ROWS:
        for cat in CATEGORIES:
            values = [next(c for c in s["categories"] if c["category"] == cat)[key] for s in summaries]
            if any(values):
                rows.append(_row(label, LABELS[cat], kind, values))
        rows.append(_row(label, "Total", kind, [s["total"][key] for s in summaries]))
    return rows


def _row(group: str, label: str, kind: str, values: list) -> dict:
    numeric = kind != "text"
    base = values[0]
    deltas, relative = [], []
    for v in values:
        if numeric and isinstance(v, (int, float)) and isinstance(base, (int, float)):
            deltas.append(v - base)
            relative.append((v - base) / base if base else None)
        else:
            deltas.append(None)
            relative.append(None)
    changed = [v != base for v in values]
    return {"group": group, "label": label, "kind": kind, "values": values, "deltas": deltas,
            "relative": relative, "changed": changed}
