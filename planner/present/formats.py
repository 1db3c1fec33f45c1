"""Small renderers every output shares: Markdown and CSV escaping, offers and tornado tables (every CSV: tidy_csv)."""

from __future__ import annotations

import re

from planner.model.quantities import SYMBOLS, hours_text, money

_LIST_MARKER = re.compile(r"\s*(?:[-+]|\d+[.)])(?=\s|$)")  # "- x", "+ x", "1. x", "1) x"; not "-5", "1.5"


def md_escape(value: str) -> str:
    """Text printed literally in Markdown (a heading, a paragraph, a list item, a table cell): escape
    what Markdown or HTML would interpret, and a list marker at its start ("- ", "+ ", "1. ");
    '.', '-' and '()' inside the text stay readable in numbers, dates and ids."""
    text = "".join("\\" + ch if ch in "\\`*_{}[]<>&|#!~" else ch for ch in str(value)).replace("\n", " ")
    marker = _LIST_MARKER.match(text)
    if marker:  # escape the marker's last character: "\- x", "1\. x"
        text = text[:marker.end() - 1] + "\\" + text[marker.end() - 1:]
    return text


def csv_safe(value: str) -> str:
    """A name starting with = + - @ would run as a formula in a spreadsheet: quote it as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


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
        return "\n".join(filter(None, ["No offers: the project's FLOPs are unknown (measured hours without "
                                        "training tokens).", left_out])) + "\n"
    unit = f"{SYMBOLS.get(options[0].currency, options[0].currency)}/acc-h"
    lines = [f"{'':2}{'Accelerator':<13}{'Catalog':<16}{'Offer':<11}{'As of':<12}{unit:>9}"
             f"{'Project cost':>16}{'Wall-clock':>13}", "-" * 90]
    for o in options:
        mark = ">" if o.current else " "
        lines.append(f"{mark} {o.accelerator:<13}{o.catalog:<16}{o.offer:<11}{o.as_of:<12}{o.price_per_hour:>9.3f}"
                     f"{money(o.cost, o.currency):>16}{hours_text(o.wall_clock_hours):>13}"
                     + (" *" if o.estimate else ""))
    lines += ["", f"Sorted by {'total cost' if sort == 'cost' else 'wall-clock time'}; > this scenario; "
              "* an estimated or derived price. Other accelerators are priced at the same FLOPs and utilization."]
    return "\n".join(lines + ([left_out] if left_out else [])) + "\n"


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
