"""Small text renderers the outputs share: the offers and tornado tables (escaping: escape.py; CSV: tidy_csv.py)."""

from __future__ import annotations

from planner.model.quantities import SYMBOLS, hours_text, money


def unranked_text(unranked: list[tuple[str, str]]) -> str:
    """The sentence naming catalogs (options.unranked_catalogs) left out of a ranking for their currency."""
    if not unranked:
        return ""
    return "Not ranked, priced in another currency: " + ", ".join(f"{cat} ({cur})" for cat, cur in unranked) + "."


def offers_text(options, sort: str, unranked: list[tuple[str, str]] = ()) -> str:
    """price_options() rows as a table, each in its catalog's currency (all the scenario's: other
    currencies are never ranked); `unranked` (options.unranked_catalogs) names the catalogs left out."""
    left_out = unranked_text(unranked)
    if not options:
        return "\n".join(filter(None, ["No offers price this scenario's accelerator.", left_out])) + "\n"
    unit = f"{SYMBOLS.get(options[0].currency, options[0].currency)}/acc-h"
    wide = max(16, 2 + max(len(o.catalog) for o in options))   # imported catalog ids can be long
    lines = [f"{'':2}{'Accelerator':<13}{'Catalog':<{wide}}{'Offer':<11}{'As of':<12}{unit:>9}"
             f"{'Project cost':>16}{'Wall-clock':>13}", "-" * (74 + wide)]
    for o in options:
        mark = ">" if o.current else " "
        term = f"  min. {o.term_years} year{'s' if o.term_years > 1 else ''}" if o.term_years else ""
        lines.append(f"{mark} {o.accelerator:<13}{o.catalog:<{wide}}{o.offer:<11}{o.as_of:<12}{o.price_per_hour:>9.3f}"
                     f"{money(o.cost, o.currency):>16}{hours_text(o.wall_clock_hours):>13}"
                     + (" *" if o.estimate else "  ") + term)
    lines += ["", f"Sorted by {'total cost' if sort == 'cost' else 'wall-clock time'}; > this scenario; "
              "* an estimated or derived price. Other accelerators are priced at the same FLOPs and utilization.",
              *_commitment_lines(options)]
    return "\n".join([line.rstrip() for line in lines] + ([left_out] if left_out else [])) + "\n"


def _commitment_lines(options) -> list[str]:
    """A commitment priced per hour is not the cost of a short job: say so, and name the cheapest offer
    that needs none."""
    committed = [o for o in options if o.term_years]
    if not committed:
        return []
    lines = ["commit-1y / commit-3y: the hourly price of a 1- or 3-year commitment; the commitment's minimum "
             "(every hour of the term) is paid whatever the project's length, and is not in these costs."]
    cheapest = min(options, key=lambda o: o.cost)
    free = [o for o in options if not o.term_years]
    if cheapest.term_years and free and cheapest.wall_clock_hours < cheapest.term_years * 8760:
        best = min(free, key=lambda o: o.cost)
        lines.append(f"Cheapest without a commitment: {best.label}, {money(best.cost, best.currency)} "
                     f"({hours_text(best.wall_clock_hours)}).")
    return lines


def tornado_text(swings, currency: str) -> str:
    """sensitivity.tornado() swings as a table; costs in the summary's `currency`."""
    if not swings:
        return "No input moves the total cost.\n"
    lines = [f"{'Input':<34}{'Low':>12}{'High':>12}{'Cost at low':>16}{'Cost at high':>16}", "-" * 90]
    for s in swings:
        name = s.label if len(s.label) <= 33 else s.label[:32] + "…"
        lines.append(f"{name:<34}{s.low_input:>12.4g}{s.high_input:>12.4g}{money(s.low_cost, currency):>16}"
                     f"{money(s.high_cost, currency):>16}" + ("" if s.ranged else f"  ({s.swing or '+-25%'})"))
    lines += ["", "Largest effect first. Inputs given as [low, high] swing across that 90% interval; whole-number "
              "counts by +-1, the others by +-25%."]
    return "\n".join(lines) + "\n"
