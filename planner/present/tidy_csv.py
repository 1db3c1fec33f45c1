"""Every CSV the planner writes: one tidy long table, a row per figure.

Columns: scenario, section, item, metric, value, unit. The same layout for one scenario or many (a
comparison is the rows of each), so a spreadsheet's pivot table or `pandas.read_csv` reads any of them.
Numbers are rounded to their unit's precision (money to the cent, hours and energy to a tenth, FLOPs to
four significant figures) and written without thousands separators; text values are written as text.
UTF-8 without a byte-order mark; names starting with = + - @ are quoted as text (csv_safe).
"""

from __future__ import annotations

import csv
import io

from planner.present.escape import csv_safe

HEADER = ("scenario", "section", "item", "metric", "value", "unit")
CATEGORY_METRICS = (("runs", "runs"), ("accelerator_hours", "accelerator-hours"),
                    ("wall_clock_hours", "hours"), ("cost", None), ("energy_kwh", "kWh"), ("co2_kg", "kg CO2e"),
                    ("flops", "FLOPs"))
DIGITS = {"accelerator-hours": 1, "hours": 1, "kWh": 1, "kg CO2e": 1, "share": 4, "days": 2,
          "parameters": 0, "tokens": 0, "accelerators": 0, "runs": 0, "W": 1, "kg CO2e per kWh": 4, "PUE": 3}


def number_text(value, unit: str, currency: str) -> str:
    """`value` rounded to its unit's precision: 138240.00 USD, 6144.0 accelerator-hours, 2.906e+20 FLOPs."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_safe(value)
    value = float(value)
    if unit == "FLOPs":
        return f"{value:.4g}"
    if unit.startswith(currency):
        digits = 4 if "per" in unit else 2
    elif unit == "runs" and not value.is_integer():
        digits = 1   # an expected count, from a range
    else:
        digits = DIGITS.get(unit, 4)
    return f"{round(value, digits):.{digits}f}"


def write_rows(rows) -> str:
    """rows: (scenario, section, item, metric, value, unit, currency) tuples."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for scenario, section, item, metric, value, unit, currency in rows:
        writer.writerow([csv_safe(scenario), section, csv_safe(str(item)), metric,
                         number_text(value, unit, currency), unit])
    return buffer.getvalue()


def summary_rows(summary, schedule=None):
    """The rows of one summary (and of its schedule, when given)."""
    name, cur = summary.name, summary.currency
    row = lambda section, item, metric, value, unit: (name, section, item, metric, value, unit, cur)  # noqa: E731
    a, p = summary.assumptions, summary.pricing
    yield row("assumptions", "accelerator", "id", a.accelerator, "")
    yield row("assumptions", "accelerator", "count", a.count, "accelerators")
    yield row("assumptions", "utilization", "share", a.utilization, "share")
    yield row("assumptions", "price", "per_accelerator_hour", p.price_per_accelerator_hour, f"{cur} per accelerator-hour")
    yield row("assumptions", "price", "catalog", f"{p.catalog} {p.offer} as of {p.as_of}", "")
    yield row("final_run", "final_run", "tokens", summary.final_run.tokens, "tokens")
    yield row("final_run", "final_run", "params", summary.final_run.params, "parameters")
    for c in summary.categories:
        for key, unit in CATEGORY_METRICS:
            yield row("category", c.category, key, c[key], unit or cur)
        for r in c.rows or []:
            for key in ("runs", "accelerator_hours", "cost"):
                unit = dict(CATEGORY_METRICS)[key] or cur
                yield row(f"{c.category}_row", r.name, key, r[key], unit)
    for item in summary.costs:
        yield row("line_item", item.name, "kind", item.kind, "")
        yield row("line_item", item.name, "cost", item.cost, cur)
    t = summary.total
    for key, unit in CATEGORY_METRICS:
        yield row("total", "total", key, t[key], unit or cur)
    yield row("total", "total", "compute_cost", t.compute_cost, cur)
    b = summary.budget
    yield row("budget", "committed", "confidence", b.confidence, "share")
    yield row("budget", "committed", "amount", b.amount, cur)
    if b.cap is not None:
        yield row("budget", "committed", "cap", b.cap, cur)
        yield row("budget", "committed", "probability_over", b.probability_over, "share")
    unc = summary.uncertainty
    if unc:
        for key, unit in (("cost", cur), ("accelerator_hours", "accelerator-hours"), ("co2_kg", "kg CO2e")):
            for q in ("p5", "p50", "p95"):
                yield row("uncertainty", key, q, unc[key][q], unit)
    if schedule is not None:
        yield from schedule_rows(name, schedule)


def schedule_rows(name: str, s):
    cur = s.currency
    for e in s.phases:
        for metric, value, unit in (("start", e.start, ""), ("end", e.end, ""),
                                    ("accelerator_hours", e.accelerator_hours, "accelerator-hours"),
                                    ("cost", e.cost, cur)):
            yield name, "phase", f"{e.phase}: {e.category}", metric, value, unit, cur
    for p in s.periods:
        for metric, value, unit in (("start", p.start, ""), ("end", p.end, ""),
                                    ("accelerator_hours", p.accelerator_hours, "accelerator-hours"),
                                    ("cost", p.cost, cur)):
            yield name, "period", p.period, metric, value, unit, cur
    for metric, value, unit in (("start", s.start, ""), ("end", s.end, ""), ("duration", s.duration_days, "days")):
        yield name, "schedule", "project", metric, value, unit, cur


def summaries_csv(summaries, schedules=None) -> str:
    """One tidy table of any number of summaries (`schedules`, when given, in the same order)."""
    schedules = schedules or [None] * len(summaries)
    return write_rows(r for summary, sched in zip(summaries, schedules) for r in summary_rows(summary, sched))


def schedule_csv(name: str, s) -> str:
    return write_rows(schedule_rows(name, s))
