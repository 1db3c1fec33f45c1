"""Budget summaries as Markdown and CSV files: one scenario, or a comparison then a page per scenario.

Scenario text (names, descriptions) is printed literally: Markdown and HTML in it are escaped.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .atomic import write_atomic
from .compare import comparison_rows
from .formats import LABELS, _md_escape, csv_text, engineering, hours_text, money

METHOD_NOTE = (
    "Method: training FLOPs are 6 x active parameters x tokens plus the attention term (Kaplan et al. "
    "2020; PaLM, Chowdhery et al. 2022, App. B; halved for causal models as in Megatron-LM). "
    "Accelerator-hours are FLOPs / (dense peak x utilization), or come from measured throughput or hours; "
    "the default utilization 0.375 is Epoch AI's median. Energy is accelerator-hours x power x PUE and "
    "CO2e is energy x grid intensity (Patterson et al. 2021; Strubell et al. 2019). The project's "
    "categories price the runs around the final one (Sharir, Peleg and Shoham 2020). Ranges are 90% "
    "intervals propagated by a seeded lognormal Monte Carlo.")


def today() -> str:
    return _dt.date.today().isoformat()


def _fmt(value, kind: str, currency: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return money(value, currency) if abs(value) >= 100 or value == 0 else f"{value:,.4g} {currency}"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "count":
        return engineering(value) if abs(value) >= 1e6 else f"{value:,.0f}"
    return str(value)


def _delta(value, relative, kind: str, currency: str) -> str:
    if value is None or value == 0:
        return ""
    sign = "+" if value > 0 else "-"
    text = sign + _fmt(abs(value), kind, currency)
    if relative is not None:
        text += f" ({relative:+.1%})"
    return text


def scenario_markdown(summary: dict, scenario, date: str | None = None, heading: str = "#") -> str:
    cur, p, f, t, a = (summary["currency"], summary["pricing"], summary["final_run"], summary["total"],
                       summary["assumptions"])
    lines = [f"{heading} {_md_escape(summary['name'])}", "", f"Budget summary, {date or today()}.", ""]
    if scenario is not None and scenario.description:
        lines += [_md_escape(scenario.description), ""]
    lines += [f"{heading}# Assumptions", "",
              f"- Model: {engineering(f['params'])} parameters ({engineering(f['active_params'])} active per token)",
              f"- Data: {engineering(f['tokens'])} training tokens; {f['flops']:.3g} FLOPs per final run",
              f"- Hardware: {a['count']:,g} x {a['accelerator']} at {a['precision']}, utilization {a['utilization']:.1%}",
              f"- Pricing: {_fmt(p['price_per_accelerator_hour'], 'money', cur)} per accelerator-hour, "
              f"catalog {p['catalog']} ({p['offer']}), as of {p['as_of']}; source: {_md_escape(p['source'])}"
              + (" (estimate)" if p.get("estimate") else ""),
              f"- Energy: {a['power_watts']:g} W per accelerator, PUE {a['pue']:g}, grid {a['grid_kg_per_kwh']:g} kg CO2e/kWh",
              "", f"{heading}# Budget", "",
              "| Category | Runs | Accelerator-hours | Cost | Share |", "|---|---:|---:|---:|---:|"]
    total = t["cost"] or 1.0
    for row in summary["categories"]:
        lines.append(f"| {LABELS[row['category']]} | {row['runs']:,.4g} | {row['accelerator_hours']:,.0f} | "
                     f"{money(row['cost'], cur)} | {row['cost'] / total:.1%} |")
    lines.append(f"| **Total** | {t['runs']:,.4g} | {t['accelerator_hours']:,.0f} | **{money(t['cost'], cur)}** | 100% |")
    lines += ["", f"**Total: {money(t['cost'], cur)}**, {summary['iceberg_ratio']:,.1f}x the final run "
              f"({money(f['cost'], cur)}, {hours_text(f['wall_clock_hours'])} on {a['count']:,g} accelerators)."]
    unc = summary.get("uncertainty")
    if unc:
        c = unc["cost"]
        lines.append(f"90% range: {money(c['p5'], cur)} to {money(c['p95'], cur)} (median {money(c['p50'], cur)}).")
    lines += ["", f"Energy {t['energy_kwh'] / 1000:,.1f} MWh; CO2e {t['co2_kg'] / 1000:,.1f} t.", "",
              f"_{METHOD_NOTE}_", ""]
    return "\n".join(lines)


def comparison_markdown(summaries: list[dict], date: str | None = None) -> str:
    cur = summaries[0]["currency"]
    names = [_md_escape(s["name"]) for s in summaries]
    lines = ["# Scenario comparison", "", f"{len(summaries)} scenarios, {date or today()}; differences are "
             f"against the first, {names[0]}.", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    group = None
    for row in comparison_rows(summaries):
        if row["group"] != group:
            group = row["group"]
            lines.append(f"| **{group}** |" + " |" * len(names))
        cells = []
        for i, value in enumerate(row["values"]):
            cell = _fmt(value, row["kind"], cur)
            if i and row["changed"][i]:
                d = _delta(row["deltas"][i], row["relative"][i], row["kind"], cur)
                cell = f"**{cell}**" + (f" ({d})" if d else "")
            cells.append(cell)
        lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_report(summaries: list[dict], scenarios: list, date: str | None = None) -> str:
    if len(summaries) == 1:
        return scenario_markdown(summaries[0], scenarios[0], date)
    parts = [comparison_markdown(summaries, date)]
    parts += [scenario_markdown(s, sc, date, heading="##") for s, sc in zip(summaries, scenarios)]
    return "\n".join(parts)


def write_text_report(path: str | Path, summaries: list[dict], scenarios: list, date: str | None = None) -> None:
    """Write .md or .csv atomically; raises ValueError for another extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".md":
        write_atomic(path, markdown_report(summaries, scenarios, date))
    elif suffix == ".csv":
        write_atomic(path, csv_text(summaries))
    else:
        raise ValueError(f"{path}: expected a .md or .csv file name for a text report")
