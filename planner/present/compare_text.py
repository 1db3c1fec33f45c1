"""How a comparison reads, the same in every output: values, differences, and the text table (the CSV is
planner.present.tidy_csv: one long table, the reader subtracts).

One convention everywhere (text, Markdown, CSV labels, PDF, the compare window):
- money carries its currency symbol, each scenario's own: $138,240, €6,912; under 100 it keeps its
  cents: $1.125 per accelerator-hour;
- a difference is absolute, then relative in percent: "-$103,680 (-75%)", "+$484,608 (+7,011%)";
  a change from zero has no relative part: "+$8,537";
- a difference of shares is in percentage points: "+35.2 pp";
- money in two currencies is not subtracted: "n/a (EUR vs USD)";
- a figure the scenario does not give reads "not given" and has no difference.
"""

from __future__ import annotations

import re

from planner.analysis.compare import comparison_rows
from planner.model.quantities import engineering, money

NOT_GIVEN = "not given"
_SUBTITLE = re.compile(r",\s|\s\(|:\s|\s[-–—]\s|\swith\s")


def short_name(name: str, limit: int = 28) -> str:
    """A scenario name without its subtitle, at most `limit` characters: "BERT-Large, fully-loaded
    project (...)" -> "BERT-Large". For column headers, ticks and narrow tables."""
    head = _SUBTITLE.split(name, maxsplit=1)[0].strip()
    head = head if len(head) >= 4 else name
    return head if len(head) <= limit else head[:limit - 1].rstrip() + "…"


def value_text(value, kind: str, currency: str) -> str:
    """How one figure of comparison_rows reads: $138,240, $1.125, 334M, 28.4%, tpu-v2, not given."""
    if value is None:
        return NOT_GIVEN
    if kind == "text":
        return str(value)
    if kind == "share":
        return f"{value:.1%}"
    if kind == "money":
        return money(value, currency)
    if abs(value) >= 1e18:  # FLOPs: past the P of engineering(), powers of ten read better
        return f"{value:.3g}".replace("e+", "e")
    if abs(value) >= 1e6:
        return engineering(value)
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.3g}"


def relative_text(relative: float) -> str:
    """+124%, -75%, +7,011%; one decimal under 10% (+2.3%) and next to -100% (-99.7%, never rounded
    to a -100% that would say the figure vanished)."""
    pct = 100 * relative
    if abs(pct) >= 10 and not 99 <= abs(pct) < 100:
        return f"{pct:+,.0f}%"
    for digits in (1, 2, 3):
        text = f"{pct:+.{digits}f}%"
        if abs(pct) < 99 or not text.lstrip("+-").startswith("100"):
            return text
    return text


def delta_text(row: dict, i: int) -> str:
    """Column i's difference from the first, as every output prints it; "" when there is none."""
    if i == 0 or row["values"][i] is None or row["values"][0] is None:
        return ""
    if row["mismatch"][i]:
        return f"n/a ({row['currencies'][i]} vs {row['currencies'][0]})"
    d, rel, kind = row["deltas"][i], row["relative"][i], row["kind"]
    if d is None or d == 0:
        return ""
    sign = "+" if d > 0 else "-"
    if kind == "share":
        return f"{sign}{abs(d) * 100:.1f} pp"
    size = value_text(abs(d), kind, row["currencies"][0])
    return f"{sign}{size}" + (f" ({relative_text(rel)})" if rel is not None else "")


def cell_text(row: dict, i: int) -> str:
    """Column i's value, in its own currency."""
    return value_text(row["values"][i], row["kind"], row["currencies"][i])


def numbered_names(summaries: list[dict]) -> list[str]:
    return [f"{i}. {s.name}" for i, s in enumerate(summaries, 1)]


def comparison_text(summaries: list[dict]) -> str:
    """Scenarios side by side, numbered (the key above the table), each figure with its difference
    from the first below it; a changed text value is marked with *."""
    width = 26
    heads = [f"{i}. {short_name(s.name, width - 5)}" for i, s in enumerate(summaries, 1)]
    lines = ["Scenario comparison: differences are against scenario 1.", ""] + numbered_names(summaries)
    lines += ["", f"{'':<28}" + "".join(f"{h:>{width}}" for h in heads)]
    group = None
    for row in comparison_rows(summaries):
        if row["group"] != group:
            group = row["group"]
            lines += ["", group, "-" * len(group)]
        values, deltas = [], []
        for i in range(len(summaries)):
            text = cell_text(row, i)
            if i and row["kind"] == "text" and row["changed"][i]:
                text += " *"
            values.append(f"{text:>{width}}")
            deltas.append(f"{delta_text(row, i):>{width}}")
        lines.append((f"{row['label']:<28}" + "".join(values)).rstrip())
        if any(d.strip() for d in deltas):
            lines.append((f"{'':<28}" + "".join(deltas)).rstrip())
    lines += ["", "* differs from scenario 1. Money is in each scenario's own currency; \"n/a\": not "
              "compared across currencies; \"not given\": the scenario does not give the figure."]
    return "\n".join(lines) + "\n"
