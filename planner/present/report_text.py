"""Budget summaries as Markdown and CSV files: one scenario, or a comparison then a page per scenario.

What a report says about a scenario is built here once, as plain (label, text) items and small tables,
and printed by the Markdown below and the PDF (ui/report.py) alike. Scenario text (names,
descriptions) is printed literally: Markdown and HTML in it are escaped.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from planner.files.atomic import write_atomic
from planner.present.export_format import export_format
from planner.analysis.compare import comparison_rows, unknown_figures
from planner.present.compare_text import cell_text, comparison_csv, delta_text, short_name
from planner.present.formats import UNCERTAINTY_ROWS, md_escape, ranged_text, summary_csv, uncertainty_cells
from planner.model.quantities import accelerators, engineering, hours_text, money
from planner.engine.categories import category_label

METHOD_NOTE = (
    "Method: training FLOPs are 6 x active parameters x tokens plus the attention term (Kaplan et al. "
    "2020; PaLM, Chowdhery et al. 2022, App. B; halved for causal models as in Megatron-LM). "
    "Accelerator-hours are FLOPs / (dense peak x utilization), or come from measured throughput or hours; "
    "the default utilization 0.375 is Epoch AI's median. Energy is accelerator-hours x power x PUE and "
    "CO2e is energy x grid intensity (Patterson et al. 2021; Strubell et al. 2019). The project's "
    "categories price the runs around the final one (Sharir, Peleg and Shoham 2020). Ranges are 90% "
    "intervals propagated by a seeded lognormal Monte Carlo.")
NOT_GIVEN_NOTE = "not given (the run is priced from measured hours, without training tokens)"
OVERRIDE_SOURCE = "pricing.price_per_hour"
UTILIZATION_FROM = {"utilization": "given", "tokens_per_second": "implied by the measured throughput",
                    "hours": "implied by the measured hours"}
ENERGY_SOURCES = (("power_watts", "power"), ("pue", "PUE"), ("grid", "grid intensity"))


def today() -> str:
    return _dt.date.today().isoformat()


# -- what a report says about one scenario ------------------------------------------------------------
def price_text(summary: dict) -> str:
    """Where the price per accelerator-hour comes from: the scenario's override, or a catalog."""
    p, cur = summary["pricing"], summary["currency"]
    price = f"{money(p['price_per_accelerator_hour'], cur)} per accelerator-hour"
    if p.get("capex_per_hour") is not None:
        return (f"{price}: owned accelerators, hardware {money(p['capex_per_hour'], cur)} + energy "
                f"{money(p['energy_per_hour'], cur)} per hour; source: {p['source']}")
    if p["source"] == OVERRIDE_SOURCE:
        return f"{price}, price set in the scenario ({OVERRIDE_SOURCE}), overriding the catalog {p['catalog']}"
    return (f"{price}: catalog {p['catalog']}, {p['offer']}, as of {p['as_of']}"
            + (" (an estimate)" if p.get("estimate") else "") + f"; source: {p['source']}")


def _energy_text(a: dict) -> str:
    """Power, PUE and grid intensity, and where each came from (summary["assumptions"]["sources"])."""
    text = f"{a['power_watts']:g} W per accelerator, PUE {a['pue']:g}, {a['grid_kg_per_kwh']:g} kg CO2e per kWh"
    sources = a.get("sources") or {}
    given = [(name, sources[key]) for key, name in ENERGY_SOURCES if sources.get(key)]
    if given and all(src.startswith("energy.") for _, src in given):
        return text + " (" + ", ".join(name for name, _ in given) + " set in the scenario)"
    if given:
        return text + " (" + "; ".join(f"{name}: {_source_text(src)}" for name, src in given) + ")"
    return text


def _source_text(source: str) -> str:
    return f"set in the scenario ({source})" if source.startswith("energy.") else source


def assumption_items(summary: dict) -> list[tuple[str, str]]:
    """The assumptions behind a summary, as (label, text): model, data, hardware, price, energy."""
    f, a, p = summary["final_run"], summary["assumptions"], summary["pricing"]
    unknown = unknown_figures(summary)
    data = NOT_GIVEN_NOTE if "tokens" in unknown else \
        f"{engineering(f['tokens'])} training tokens; {f['flops']:.3g} FLOPs per final run"
    utilization = "not given (measured hours without training tokens)" if "utilization" in unknown else \
        f"{a['utilization']:.1%} ({UTILIZATION_FROM.get(a['mode'], a['mode'])})"
    items = [("Model", f"{engineering(f['params'])} parameters ({engineering(f['active_params'])} active per token)"),
             ("Data", data),
             ("Hardware", f"{a['count']:,g} x {a['accelerator']} at {a['precision']}"),
             ("Utilization", utilization),
             ("Price", price_text(summary))]
    if p.get("region"):
        items.append(("Region", p["region"]))
    if p.get("derived") and p["source"] != OVERRIDE_SOURCE:   # an override's note only repeats the Price line
        items.append(("Price derivation", p["derived"]))
    items.append(("Energy", _energy_text(a)))
    return items


BUDGET_HEADER = ("Category", "Runs", "Accelerator-hours", "Cost", "Share", "MWh", "t CO2e")


def budget_table(summary: dict) -> tuple[tuple[str, ...], list[list[str]], list[str]]:
    """The budget as every report prints it: (header, rows of text, labels of the categories with no
    cost, left out). A row per category that costs something, then the total, always last."""
    cur, total = summary["currency"], summary["total"]["cost"] or 1.0
    rows = [r for r in summary["categories"] if r["cost"]] + [{"category": "total", **summary["total"]}]
    left_out = [category_label(r["category"]) for r in summary["categories"] if not r["cost"]]
    body = [[category_label(r["category"]), f"{r['runs']:,.4g}", f"{r['accelerator_hours']:,.0f}",
             money(r["cost"], cur), f"{r['cost'] / total:.1%}", f"{r['energy_kwh'] / 1000:,.2f}",
             f"{r['co2_kg'] / 1000:,.2f}"] for r in rows]
    return BUDGET_HEADER, body, left_out


def total_text(summary: dict) -> str:
    f, t, a, cur = summary["final_run"], summary["total"], summary["assumptions"], summary["currency"]
    return (f"Total: {money(t['cost'], cur)}, {summary['iceberg_ratio']:,.1f}x the final run "
            f"({money(f['cost'], cur)}, {hours_text(f['wall_clock_hours'])} on {accelerators(a['count'])}). "
            f"Energy {t['energy_kwh'] / 1000:,.1f} MWh; CO2e {t['co2_kg'] / 1000:,.1f} t.")


def uncertainty_table(summary: dict) -> tuple[str, list[list[str]], str] | None:
    """(caption, rows of [figure, 5%, median, 95%], which inputs are ranges) or None without ranges."""
    unc = summary.get("uncertainty")
    if not unc:
        return None
    rows = [[name] + uncertainty_cells(unc, key, summary["currency"])
            for key, name in UNCERTAINTY_ROWS if key in unc]
    ranged = ranged_text(unc) if unc.get("inputs") else ""
    return f"90% range over {unc['samples']:,} Monte Carlo samples", rows, ranged


def note_items(summary: dict) -> list[tuple[str, str]]:
    """Budget cap, what-if levers, serving, sanity checks and warnings, as (label, text)."""
    cur, items = summary["currency"], []
    if "budget" in summary:
        b = summary["budget"]
        items.append(("Budget cap", f"{money(b['cap'], cur)}: a {b['probability_over']:.1%} chance that "
                                    "the total exceeds it"))
    for effect in summary.get("whatifs", []):
        if effect["lever"] == "distill":
            continue  # the serving item says it, with the cost of distilling
        change = effect["cost_change"]
        items.append(("What-if", f"{effect['description']}: {'+' if change >= 0 else '-'}"
                                 f"{money(abs(change), cur)} against "
                                 f"{money(effect['total_cost_without'], cur)} without it"))
    serving = summary.get("serving")
    if serving:
        items.append(("Serving", f"a distilled {serving['distilled']}, {serving['size_factor']:.2f}x the size and "
                                 f"{serving['inference_speedup']:g}x faster at inference ({serving['source']}); "
                                 f"distilling it costs {money(serving['distillation']['cost'], cur)}, "
                                 "in the total"))
    items += [("Check", note) for note in summary.get("checks", {}).get("notes", [])]
    items += [("Note", warning) for warning in summary.get("warnings", [])]
    return items


# -- Markdown ---------------------------------------------------------------------------------------
def _md_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"] \
        + ["| " + " | ".join(r) + " |" for r in rows]


def scenario_markdown(summary: dict, scenario, date: str | None = None, heading: str = "#",
                      method: bool = True) -> str:
    lines = [f"{heading} {md_escape(summary['name'])}", "", f"Budget summary, {date or today()}.", ""]
    if scenario is not None and scenario.description:
        lines += [md_escape(scenario.description), ""]
    lines += [f"{heading}# Assumptions", ""]
    lines += [f"- {label}: {md_escape(text)}" for label, text in assumption_items(summary)]
    lines += ["", f"{heading}# Budget", ""]
    header, body, left_out = budget_table(summary)
    body[-1][0] = f"**{body[-1][0]}**"  # the total
    lines += _md_table(list(header), body, "lrrrrrr")
    if left_out:
        lines += ["", f"No cost in: {', '.join(left_out)}."]
    lines += ["", f"**{total_text(summary)}**"]
    unc = uncertainty_table(summary)
    if unc:
        caption, unc_rows, ranged = unc
        lines += ["", f"{heading}# Uncertainty", "", caption + ":", ""]
        lines += _md_table(["Total", "5%", "Median", "95%"], unc_rows, "lrrr")
        if ranged:
            lines += ["", f"Inputs given as ranges: {md_escape(ranged)}."]
    notes = note_items(summary)
    if notes:
        lines += ["", f"{heading}# Notes", ""] + [f"- {label}: {md_escape(text)}" for label, text in notes]
    if method:
        lines += ["", f"_{METHOD_NOTE}_"]
    return "\n".join(lines) + "\n"


def comparison_markdown(summaries: list[dict], date: str | None = None) -> str:
    names = [f"{i}. {md_escape(short_name(s['name']))}" for i, s in enumerate(summaries, 1)]
    lines = ["# Scenario comparison", "", f"{len(summaries)} scenarios, {date or today()}; differences are "
             "against scenario 1. Money is in each scenario's own currency; money in two currencies is not "
             "compared (n/a).", ""]
    lines += [f"{i}. {md_escape(s['name'])}" for i, s in enumerate(summaries, 1)]
    lines += ["", "| | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    group = None
    for row in comparison_rows(summaries):
        if row["group"] != group:
            group = row["group"]
            lines.append(f"| **{group}** |" + " |" * len(names))
        cells = []
        for i in range(len(summaries)):
            cell = md_escape(cell_text(row, i))
            if i and row["changed"][i]:
                d = delta_text(row, i)
                cell = f"**{cell}**" + (f" {d}" if d else "")
            cells.append(cell)
        lines.append(f"| {row['label']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def markdown_report(summaries: list[dict], scenarios: list, date: str | None = None) -> str:
    if len(summaries) == 1:
        return scenario_markdown(summaries[0], scenarios[0], date)
    parts = [comparison_markdown(summaries, date)]
    parts += [scenario_markdown(s, sc, date, heading="##", method=False) for s, sc in zip(summaries, scenarios)]
    return "\n".join(parts) + f"\n_{METHOD_NOTE}_\n"


def write_text_report(path: str | Path, summaries: list[dict], scenarios: list, date: str | None = None) -> None:
    """Write .md or .csv atomically; raises RequestError for another extension. A CSV of one scenario has a
    row per category; of several, the comparison table (planner.present.compare_text.comparison_csv)."""
    if export_format(path, ("markdown", "csv")) == "markdown":
        write_atomic(path, markdown_report(summaries, scenarios, date))
    else:
        write_atomic(path, comparison_csv(summaries) if len(summaries) > 1 else summary_csv(summaries))
