"""One content model of a summary: what every output says about a scenario, built once.

Text (present/text.py), Markdown (present/report_text.py), CSV and the PDF (ui/export/report.py) only lay
these out: the assumptions, the budget table, the totals line, the uncertainty table and the notes (budget
cap, what-ifs, serving, checks, warnings). Scenario text is escaped by each renderer for its medium.
"""

from __future__ import annotations

import datetime as _dt

from planner.analysis.compare import unknown_figures
from planner.engine.categories import category_label
from planner.engine.summary_types import runs_text
from planner.model.quantities import (
    accelerators,
    count,
    engineering,
    format_quantity,
    hours_text,
    money,
)
from planner.model.values import Range

UNCERTAINTY_ROWS = (("cost", "Cost"), ("accelerator_hours", "Accelerator-hours"),
                    ("wall_clock_hours", "Wall-clock hours"), ("co2_kg", "CO2e (t)"))


def uncertainty_cells(unc: dict, key: str, cur: str) -> list[str]:
    """The 5%, median and 95% cells of one uncertainty row (UNCERTAINTY_ROWS), as every output prints them."""
    p = getattr(unc, key)
    if key == "cost":
        return [money(p[k], cur) for k in ("p5", "p50", "p95")]
    if key == "co2_kg":
        return [f"{p[k] / 1000:,.1f}" for k in ("p5", "p50", "p95")]
    return [count(p[k]) for k in ("p5", "p50", "p95")]


def ranged_text(unc: dict) -> str:
    """Which inputs are given as ranges: "Utilization 0.3-0.5; Tuning trials 10-40"."""
    return "; ".join(f"{r.label} {format_quantity(Range(r.low, r.high))}" for r in unc.inputs)


METHOD_NOTE = (
    "Method: training FLOPs are 6 x active parameters x tokens plus the attention term (Kaplan et al. "
    "2020; PaLM, Chowdhery et al. 2022, App. B; halved for causal models as in Megatron-LM). "
    "Accelerator-hours are FLOPs / (dense peak x utilization), or come from measured throughput or hours; "
    "the default utilization 0.375 is Epoch AI's median. Energy is accelerator-hours x power x PUE and "
    "CO2e is energy x grid intensity (Patterson et al. 2021; Strubell et al. 2019). The project's "
    "categories price the runs around the final one (Sharir, Peleg and Shoham 2020). Ranges are 90% "
    "intervals propagated by a seeded lognormal Monte Carlo; the committed budget is a quantile of those draws. "
    "Line items are added outside contingency. The schedule spreads a phase's cost evenly over its days.")
NOT_GIVEN_NOTE = "not given (the run is priced from measured hours, without training tokens)"
OVERRIDE_SOURCE = "pricing.price_per_hour"
UTILIZATION_FROM = {"utilization": "given", "tokens_per_second": "implied by the measured throughput",
                    "hours": "implied by the measured hours"}
ENERGY_SOURCES = (("power_watts", "power"), ("pue", "PUE"), ("grid", "grid intensity"))


def scenario_schedule(summary, scenario):
    """The schedule of a scenario for a report (planner.analysis.schedule), or None without a scenario or
    when it cannot be put on a calendar."""
    from planner.analysis.schedule import schedule
    from planner.model.errors import PlannerError
    if scenario is None:
        return None
    try:
        return schedule(scenario, summary)
    except PlannerError:
        return None


def today() -> str:
    return _dt.date.today().isoformat()


# -- what a report says about one scenario ------------------------------------------------------------
def price_text(summary: dict) -> str:
    """Where the price per accelerator-hour comes from: the scenario's override, or a catalog."""
    p, cur = summary.pricing, summary.currency
    price = f"{money(p.price_per_accelerator_hour, cur)} per accelerator-hour"
    if p.capex_per_hour is not None:
        return (f"{price}: owned accelerators, hardware {money(p.capex_per_hour, cur)} + energy "
                f"{money(p.energy_per_hour, cur)} per hour; source: {p.source}")
    if p.source == OVERRIDE_SOURCE:
        return f"{price}, price set in the scenario ({OVERRIDE_SOURCE}), overriding the catalog {p.catalog}"
    return (f"{price}: catalog {p.catalog}, {p.offer}, as of {p.as_of}"
            + (" (an estimate)" if p.estimate else "") + f"; source: {p.source}")


def _energy_text(a: dict) -> str:
    """Power, PUE and grid intensity, and where each came from (summary.assumptions.sources)."""
    text = f"{a.power_watts:g} W per accelerator, PUE {a.pue:g}, {a.grid_kg_per_kwh:g} kg CO2e per kWh"
    sources = a.sources or {}
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
    f, a, p = summary.final_run, summary.assumptions, summary.pricing
    unknown = unknown_figures(summary)
    data = NOT_GIVEN_NOTE if "tokens" in unknown else \
        f"{engineering(f.tokens)} training tokens; {f.flops:.3g} FLOPs per final run"
    utilization = "not given (measured hours without training tokens)" if "utilization" in unknown else \
        f"{a.utilization:.1%} ({UTILIZATION_FROM.get(a.mode, a.mode)})"
    items = [("Model", f"{engineering(f.params)} parameters ({engineering(f.active_params)} active per token)"),
             ("Data", data),
             ("Hardware", f"{a.count:,g} x {a.accelerator} at {a.precision}"),
             ("Utilization", utilization),
             ("Price", price_text(summary))]
    if p.region:
        items.append(("Region", p.region))
    if p.derived and p.source != OVERRIDE_SOURCE:   # an override's note only repeats the Price line
        items.append(("Price derivation", p.derived))
    items.append(("Energy", _energy_text(a)))
    return items


BUDGET_HEADER = ("Category", "Runs", "Accelerator-hours", "Cost", "Share", "MWh", "t CO2e")
KIND_LABELS = {"staff": "Staff", "storage": "Storage", "data": "Data", "evaluation": "Evaluation", "other": "Other"}
ROW_MARK = "  · "   # a named ablation or baseline, under its category (no hyphen: a PDF cell would wrap there)


def budget_lines(summary) -> list[tuple[str, str, object]]:
    """The budget's lines in order, as (kind, label, record): "category" rows that cost something, each
    followed by its named "row"s (ablations, baselines), then the "item"s beyond compute, then the
    "total". Every output (text, Markdown, PDF, the window, the CSV) lists these."""
    out = []
    for c in summary.categories:
        if not c.cost:
            continue
        out.append(("category", category_label(c.category), c))
        out += [("row", r.name, r) for r in (c.rows or [])]
    out += [("item", f"{KIND_LABELS.get(i.kind, i.kind)}: {i.name}", i) for i in summary.costs or []]
    out.append(("total", "Total", summary.total))
    return out


def budget_table(summary: dict) -> tuple[tuple[str, ...], list[list[str]], list[str]]:
    """The budget as every report prints it: (header, rows of text, labels of the categories with no
    cost, left out). A row per category that costs something with its named ablations and baselines
    under it, the line items beyond compute, then the total, always last. Runs are counted as people
    count: whole, or "1.4 expected" from a range."""
    cur, total = summary.currency, summary.total.cost or 1.0
    left_out = [category_label(r.category) for r in summary.categories if not r.cost]
    body = []
    for kind, label, r in budget_lines(summary):
        share = f"{r.cost / total:.1%}"
        if kind == "item":
            body.append([label, "", "", money(r.cost, cur), share, "", ""])
            continue
        body.append([ROW_MARK + label if kind == "row" else label, runs_text(r.runs),
                     f"{r.accelerator_hours:,.0f}", money(r.cost, cur), share,
                     f"{r.energy_kwh / 1000:,.2f}", f"{r.co2_kg / 1000:,.2f}"])
    return BUDGET_HEADER, body, left_out


def total_text(summary: dict) -> str:
    f, t, a, cur = summary.final_run, summary.total, summary.assumptions, summary.currency
    items = t.cost - (t.compute_cost if t.compute_cost is not None else t.cost)
    beyond = f" (compute {money(t.compute_cost, cur)}, line items {money(items, cur)})" if items else ""
    return (f"Total: {money(t.cost, cur)}{beyond}, {summary.iceberg_ratio:,.1f}x the final run "
            f"({money(f.cost, cur)}, {hours_text(f.wall_clock_hours)} on {accelerators(a.count)}). "
            f"Energy {t.energy_kwh / 1000:,.1f} MWh; CO2e {t.co2_kg / 1000:,.1f} t.")


def committed_text(summary) -> str:
    """The figure that goes into a grant: "Committed budget: $158,000 at 90% confidence (point estimate
    $138,240; cap $250,000, a 2.1% chance of exceeding it)"."""
    b, cur, t = summary.budget, summary.currency, summary.total
    if b is None:
        return f"Budget: {money(t.cost, cur)} (point estimate)"
    ranged = "uncertainty" in summary
    how = f"at {b.confidence:.0%} confidence" if ranged else "(no input is a range: the point estimate)"
    text = f"Committed budget: {money(b.amount, cur)} {how}"
    if ranged:
        text += f" (point estimate {money(t.cost, cur)})"
    if b.cap is not None:
        text += f"; cap {money(b.cap, cur)}, " + ("within it" if b.amount <= b.cap else "OVER it") \
            + f", a {b.probability_over:.1%} chance that the total exceeds it"
    return text + "."


def uncertainty_table(summary: dict) -> tuple[str, list[list[str]], str] | None:
    """(caption, rows of [figure, 5%, median, 95%], which inputs are ranges) or None without ranges."""
    unc = summary.uncertainty
    if not unc:
        return None
    rows = [[name] + uncertainty_cells(unc, key, summary.currency)
            for key, name in UNCERTAINTY_ROWS if key in unc]
    ranged = ranged_text(unc) if unc.get("inputs") else ""
    return f"90% range over {unc.samples:,} Monte Carlo samples", rows, ranged


def note_items(summary: dict) -> list[tuple[str, str]]:
    """Budget cap, what-if levers, serving, sanity checks and warnings, as (label, text)."""
    cur, items = summary.currency, []
    b = summary.get("budget")
    if b is not None and b.cap is not None:
        items.append(("Budget cap", f"{money(b.cap, cur)}: a {b.probability_over:.1%} chance that "
                                    "the total exceeds it"))
    for effect in summary.whatifs or []:
        if effect.lever == "distill":
            continue  # the serving item says it, with the cost of distilling
        change = effect.cost_change
        items.append(("What-if", f"{effect.description}: {'+' if change >= 0 else '-'}"
                                 f"{money(abs(change), cur)} against "
                                 f"{money(effect.total_cost_without, cur)} without it"))
    serving = summary.serving
    if serving:
        items.append(("Serving", f"a distilled {serving.distilled}, {serving.size_factor:.2f}x the size and "
                                 f"{serving.inference_speedup:g}x faster at inference ({serving.source}); "
                                 f"distilling it costs {money(serving.distillation.cost, cur)}, "
                                 "in the total"))
    items += [("Check", note) for note in (summary.checks.notes if summary.checks else [])]
    items += [("Note", warning) for warning in summary.warnings]
    return items




# -- the budget justification: spend per period, what moves the total, sources --------------------------
PERIOD_HEADER = ("Period", "From", "To", "Accel-hours", "Compute cost")
DRIVERS = 5


def period_table(schedule) -> tuple[str, tuple[str, ...], list[list[str]]] | None:
    """(caption, header, rows) of the compute spend per period, with a total row; None without a schedule."""
    if schedule is None:
        return None
    cur = schedule.currency
    rows = [[p.period, p.start, _day_before(p.end), f"{p.accelerator_hours:,.0f}", money(p.cost, cur)]
            for p in schedule.periods]
    rows.append(["Total", schedule.start, _day_before(schedule.end),
                 f"{sum(p.accelerator_hours for p in schedule.periods):,.0f}",
                 money(sum(p.cost for p in schedule.periods), cur)])
    start = schedule.start if schedule.start_given else f"{schedule.start} (today; schedule.start not set)"
    caption = (f"From {start} to {_day_before(schedule.end)}: {schedule.duration_days:,.1f} days on "
               f"{schedule.accelerators:,g} "
               f"accelerators, {schedule.runs_at_once:,} run{'s' if schedule.runs_at_once != 1 else ''} at once; "
               "phases one after another (tuning, ablations and baselines, final run, its seed repeats, "
               "contingency). Compute only; line items are not scheduled.")
    return caption, PERIOD_HEADER, rows


def _day_before(iso: str) -> str:
    return (_dt.date.fromisoformat(iso) - _dt.timedelta(days=1)).isoformat()


DRIVER_HEADER = ("Input", "Low", "High", "Total at low", "Total at high")


def driver_table(scenario, currency: str, catalogs=None) -> list[list[str]]:
    """The five inputs that move the total most (planner.analysis.sensitivity.tornado), as rows; [] when
    there is no scenario or it cannot be swung (a catalog not at hand)."""
    from planner.analysis.sensitivity import tornado
    from planner.model.errors import PlannerError
    if scenario is None:
        return []
    try:
        swings = tornado(scenario, catalogs)[:DRIVERS]
    except (PlannerError, KeyError):
        return []
    return [[s.label + ("" if s.ranged else f" ({(s.swing or '+-25%').replace('+-', '±')})"),
             f"{s.low_input:,.4g}", f"{s.high_input:,.4g}", money(s.low_cost, currency), money(s.high_cost, currency)]
            for s in swings]


def source_items(summary) -> list[tuple[str, str]]:
    """Where the figures come from: the price, the energy figures and each line item with a source."""
    p, a = summary.pricing, summary.assumptions
    items = [("Prices", f"{p.catalog}, {p.offer}, as of {p.as_of}: {p.source}")]
    sources = a.get("sources") or {}
    energy = "; ".join(f"{name}: {_source_text(sources[key])}" for key, name in ENERGY_SOURCES if sources.get(key))
    if energy:
        items.append(("Energy", energy))
    for item in summary.get("costs") or []:
        how = (f"{format_quantity(item.quantity)} {item.unit or 'units'} x {money(item.unit_price, summary.currency)}"
               if item.quantity is not None else "an amount")
        items.append((f"{KIND_LABELS.get(item.kind, item.kind)}: {item.name}",
                      how + (f"; source: {item.source}" if item.source else "; no source given")))
    return items
