"""Summaries as text a person reads at a glance, Markdown and CSV."""

from __future__ import annotations

import csv
import io

from planner.engine.categories import category_label
from planner.present.escape import csv_safe, md_escape  # noqa: F401 - also imported from here
from planner.model.quantities import SYMBOLS, accelerators, count, engineering, format_quantity, hours_text, money, price
from planner.model.values import Range

UNCERTAINTY_ROWS = (("cost", "Cost"), ("accelerator_hours", "Accelerator-hours"),
                    ("wall_clock_hours", "Wall-clock hours"), ("co2_kg", "CO2e (t)"))


def uncertainty_cells(unc: dict, key: str, cur: str) -> list[str]:
    """The 5%, median and 95% cells of one uncertainty row (UNCERTAINTY_ROWS), as every output prints them."""
    p = unc[key]
    if key == "cost":
        return [money(p[k], cur) for k in ("p5", "p50", "p95")]
    if key == "co2_kg":
        return [f"{p[k] / 1000:,.1f}" for k in ("p5", "p50", "p95")]
    return [count(p[k]) for k in ("p5", "p50", "p95")]


def ranged_text(unc: dict) -> str:
    """Which inputs are given as ranges: "Utilization 0.3-0.5; Tuning trials 10-40"."""
    return "; ".join(f"{r['label']} {format_quantity(Range(r['low'], r['high']))}" for r in unc.get("inputs", []))


def _uncertainty_lines(unc: dict | None, cur: str) -> list[str]:
    """The 90% range of the main totals: a small p5 / median / p95 table, and which inputs are ranges."""
    if not unc:
        return []
    lines = ["", f"Uncertainty: 90% range over {unc['samples']:,} Monte Carlo samples",
             f"{'':<24}{'5%':>16}{'Median':>16}{'95%':>16}"]
    for key, name in UNCERTAINTY_ROWS:
        lines.append(f"{name:<24}" + "".join(f"{c:>16}" for c in uncertainty_cells(unc, key, cur)))
    if unc.get("inputs"):
        lines.append(f"Ranges: {ranged_text(unc)}")
    return lines + [""]


def _uncertainty_markdown(unc: dict | None, cur: str) -> list[str]:
    if not unc:
        return []
    out = ["", f"90% range over {unc['samples']:,} Monte Carlo samples:", "",
           "| Total | 5% | Median | 95% |", "|---|---:|---:|---:|"]
    for key, name in UNCERTAINTY_ROWS:
        out.append(f"| {name} | " + " | ".join(uncertainty_cells(unc, key, cur)) + " |")
    if unc.get("inputs"):
        out += ["", f"Inputs given as ranges: {md_escape(ranged_text(unc))}."]
    return out


def _rows(summary: dict):
    total_cost = summary["total"]["cost"] or 1.0
    for row in summary["categories"]:
        yield row, row["cost"] / total_cost


def text(summary: dict) -> str:
    cur = summary["currency"]
    p, f, t = summary["pricing"], summary["final_run"], summary["total"]
    a = summary["assumptions"]
    lines = [summary["name"], "=" * len(summary["name"]), ""]
    lines.append(f"Model      {engineering(f['params'])} parameters"
                 + (f" ({engineering(f['active_params'])} active)" if f["active_params"] != f["params"] else "")
                 + f", {engineering(f['tokens'])} tokens, {f['flops']:.3g} FLOPs per run")
    lines.append(f"Hardware   {a['count']:,g} x {a['accelerator']} ({a['precision']}), "
                 f"utilization {a['utilization']:.1%} ({a['mode'].replace('_', ' ')})")
    lines.append(f"Pricing    {_price(p, cur)}"
                 f" per accelerator-hour: {p['catalog']} {p['offer']}"
                 + (f", {p['region']}" if p["region"] else "") + f" (as of {p['as_of']})"
                 + (" [estimate]" if p.get("estimate") else ""))
    lines.append("")
    header = f"{'Category':<24}{'Runs':>9}{'Accel-hours':>15}{'Cost':>16}{'Share':>8}{'CO2 (t)':>10}"
    lines += [header, "-" * len(header)]
    for row, share in _rows(summary):
        name = category_label(row["category"])
        lines.append(f"{name:<24}{_runs(row['runs']):>9}{count(row['accelerator_hours']):>15}"
                     f"{money(row['cost'], cur):>16}{share:>8.1%}{row['co2_kg'] / 1000:>10,.1f}")
    lines.append("-" * len(header))
    lines.append(f"{'Total':<24}{_runs(t['runs']):>9}{count(t['accelerator_hours']):>15}"
                 f"{money(t['cost'], cur):>16}{1:>8.0%}{t['co2_kg'] / 1000:>10,.1f}")
    lines.append("")
    lines.append(f"Final run      {money(f['cost'], cur)}, {hours_text(f['wall_clock_hours'])} wall-clock on "
                 f"{accelerators(a['count'])}")
    lines.append(f"Whole project  {money(t['cost'], cur)}, {hours_text(t['wall_clock_hours'])} of accelerator "
                 f"time on {a['count']:,g}, {t['energy_kwh'] / 1000:,.1f} MWh, {t['co2_kg'] / 1000:,.1f} t CO2e")
    lines.append(f"Iceberg ratio  {summary['iceberg_ratio']:,.1f}x (whole project / final run)")
    lines += _uncertainty_lines(summary.get("uncertainty"), cur)
    if "budget" in summary:
        b = summary["budget"]
        lines.append(f"Budget cap     {money(b['cap'], cur)}: {b['probability_over']:.1%} chance of exceeding it")
    for effect in summary.get("whatifs", []):
        if effect["lever"] == "distill":
            continue  # shown on the Serving line
        lines.append(f"What-if        {effect['description']}: {'+' if effect['cost_change'] >= 0 else '-'}"
                     f"{money(abs(effect['cost_change']), cur)} against {money(effect['total_cost_without'], cur)}")
    serving = summary.get("serving")
    if serving:
        d = serving["distillation"]
        lines.append(f"Serving        distilled {serving['distilled']}: {serving['size_factor']:.2f}x the size, "
                     f"{serving['inference_speedup']:g}x faster at inference; distilling it costs "
                     f"{money(d['cost'], cur)} (in the total)")
    for note in summary.get("checks", {}).get("notes", []):
        lines.append(f"Check: {note}")
    for warning in summary.get("warnings", []):
        lines.append(f"Note: {warning}")
    return "\n".join(lines) + "\n"


def _price(p: dict, cur: str) -> str:
    return price(p["price_per_accelerator_hour"], cur)


def _runs(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def markdown(summary: dict) -> str:
    cur = summary["currency"]
    p, t = summary["pricing"], summary["total"]
    out = [f"# {md_escape(summary['name'])}", "",
           f"Priced with `{p['catalog']}` ({p['offer']}, as of {p['as_of']}) at "
           f"{_price(p, cur)} per {p['accelerator']}-hour.", "",
           "| Category | Runs | Accelerator-hours | Cost | Share | Energy (kWh) | CO2e (kg) |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for row, share in _rows(summary):
        name = category_label(row["category"])
        out.append(f"| {name} | {_runs(row['runs'])} | {count(row['accelerator_hours'])} | "
                   f"{money(row['cost'], cur)} | {share:.1%} | {count(row['energy_kwh'])} | {count(row['co2_kg'])} |")
    out.append(f"| **Total** | {_runs(t['runs'])} | {count(t['accelerator_hours'])} | **{money(t['cost'], cur)}** | "
               f"100% | {count(t['energy_kwh'])} | {count(t['co2_kg'])} |")
    out += ["", f"Iceberg ratio: {summary['iceberg_ratio']:,.1f}x the final run."]
    out += _uncertainty_markdown(summary.get("uncertainty"), cur)
    return "\n".join(out) + "\n"


CSV_FIELDS = ("scenario", "category", "runs", "flops", "accelerator_hours", "wall_clock_hours", "cost",
              "energy_kwh", "co2_kg", "currency")


def summary_csv(summaries: list[dict]) -> str:
    """A row per category and the total of each summary, one after another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for summary in summaries:
        rows = list(summary["categories"]) + [{"category": "total", **summary["total"]}]
        for row in rows:
            writer.writerow([csv_safe(summary["name"]), row["category"], row["runs"]]
                            + [repr(float(row[k])) for k in CSV_FIELDS[3:-1]] + [summary["currency"]])
    return buffer.getvalue()


def plan_text(result) -> str:
    s = result.summary
    cur = s["currency"]
    shown = {"tokens": f"{engineering(result.value)} training tokens",
             "trials": f"{result.value:,.0f} tuning trials",
             "count": accelerators(result.value)}[result.solve]
    lines = [f"Solved for {result.solve}: {shown}", ""] + text(s).splitlines()
    lines += [f"Plan: {n}" for n in result.notes]
    return "\n".join(lines) + "\n"


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
