"""A summary as plain text a person reads at a glance (`nlp-budget summary`), and a plan's answer."""

from __future__ import annotations

from planner.engine.categories import category_label
from planner.engine.summary_types import runs_text
from planner.model.quantities import (
    accelerators,
    count,
    engineering,
    hours_text,
    money,
    price,
)
from planner.present.content import (
    ROW_MARK,
    UNCERTAINTY_ROWS,
    budget_lines,
    committed_text,
    note_items,
    ranged_text,
    uncertainty_cells,
)
from planner.present.labels import shorten


def _uncertainty_lines(unc: dict | None, cur: str) -> list[str]:
    """The 90% range of the main totals: a small p5 / median / p95 table, and which inputs are ranges."""
    if not unc:
        return []
    lines = ["", f"Uncertainty: 90% range over {unc.samples:,} Monte Carlo samples",
             f"{'':<24}{'5%':>16}{'Median':>16}{'95%':>16}"]
    for key, name in UNCERTAINTY_ROWS:
        lines.append(f"{name:<36}" + "".join(f"{c:>16}" for c in uncertainty_cells(unc, key, cur)))
    if unc.get("inputs"):
        lines.append(f"Ranges: {ranged_text(unc)}")
    return lines + [""]


def text(summary: dict) -> str:
    cur = summary.currency
    p, f, t = summary.pricing, summary.final_run, summary.total
    a = summary.assumptions
    lines = [summary.name, "=" * len(summary.name), ""]
    lines.append(f"Model      {engineering(f.params)} parameters"
                 + (f" ({engineering(f.active_params)} active)" if f.active_params != f.params else "")
                 + (", tokens and FLOPs not given" if f.tokens is None
                    else f", {engineering(f.tokens)} tokens, {f.flops:.3g} FLOPs per run"))
    utilization = "not given" if a.utilization is None else f"{a.utilization:.1%}"
    lines.append(f"Hardware   {a.count:,g} x {a.accelerator} ({a.precision}), "
                 f"utilization {utilization} ({a.mode.replace('_', ' ')})")
    lines.append(f"Pricing    {_price(p, cur)}"
                 f" per accelerator-hour: {_priced_by(p, cur)}"
                 + (f", {p.region}" if p.region else "") + f" (as of {p.as_of})"
                 + (" [estimate]" if p.get("estimate") else ""))
    lines.append("")
    header = f"{'Category':<36}{'Runs':>15}{'Accel-hours':>15}{'Cost':>16}{'Share':>8}{'CO2 (t)':>10}"
    lines += [header, "-" * len(header)]
    total_cost = t.cost or 1.0
    lines_ = [line for line in budget_lines(summary) if line[0] != "total"]
    names = shorten([ROW_MARK + label if kind == "row" else label for kind, label, _row in lines_], 35)
    for (kind, _label, row), name in zip(lines_, names):
        if kind == "item":
            lines.append(f"{name:<36}{'':>15}{'':>15}{money(row.cost, cur):>16}{row.cost / total_cost:>8.1%}")
            continue
        lines.append(f"{name:<36}{runs_text(row.runs):>15}{count(row.accelerator_hours):>15}"
                     f"{money(row.cost, cur):>16}{row.cost / total_cost:>8.1%}{row.co2_kg / 1000:>10,.1f}")
    lines.append("-" * len(header))
    lines.append(f"{'Total':<36}{runs_text(t.runs):>15}{count(t.accelerator_hours):>15}"
                 f"{money(t.cost, cur):>16}{1:>8.0%}{t.co2_kg / 1000:>10,.1f}")
    left_out = [category_label(c.category) for c in summary.categories if not c.cost]
    if left_out:
        lines.append(f"No cost in: {', '.join(left_out)}.")
    lines.append("")
    lines.append(f"Final run      {money(f.cost, cur)}, {hours_text(f.wall_clock_hours)} wall-clock on "
                 f"{accelerators(a.count)}")
    lines.append(f"Whole project  {money(t.cost, cur)}, {hours_text(t.wall_clock_hours)} of accelerator "
                 f"time on {a.count:,g}, {t.energy_kwh / 1000:,.1f} MWh, {t.co2_kg / 1000:,.1f} t CO2e")
    lines.append(f"Iceberg ratio  {summary.iceberg_ratio:,.1f}x (whole project / final run)")
    lines.append(committed_text(summary))
    lines += _uncertainty_lines(summary.uncertainty, cur)
    lines += [f"{label}: {text}" for label, text in note_items(summary)]  # one wording in every output
    return "\n".join(lines) + "\n"


def _priced_by(p, cur: str) -> str:
    """"aws-2025 on-demand", or for owned accelerators the two parts of the price."""
    if p.capex_per_hour is None:
        return f"{p.catalog} {p.offer}"
    return f"owned (hardware {price(p.capex_per_hour, cur)} + energy {price(p.energy_per_hour, cur)})"


def _price(p: dict, cur: str) -> str:
    return price(p.price_per_accelerator_hour, cur)


def plan_text(result) -> str:
    s = result.summary
    shown = {"tokens": f"{engineering(result.value)} training tokens",
             "trials": f"{result.value:,.0f} tuning trials",
             "count": accelerators(result.value)}[result.solve]
    lines = [f"Solved for {result.solve}: {shown}", ""] + text(s).splitlines()
    lines += [f"Plan: {n}" for n in result.notes]
    return "\n".join(lines) + "\n"
