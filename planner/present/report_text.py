"""Budget summaries as Markdown and CSV files: one scenario, or a comparison then a page per scenario.

The Markdown lays out the content model (present/content.py), as the PDF (ui/export/report.py) does;
`nlp-budget summary --format markdown` and `nlp-budget report -o F.md` are this one rendering. Scenario
text (names, descriptions) is printed literally: Markdown and HTML in it are escaped.
"""

from __future__ import annotations

from pathlib import Path

from planner.analysis.compare import comparison_rows
from planner.files.atomic import write_atomic
from planner.present.compare_text import cell_text, delta_text, short_name
from planner.present.content import (
    DRIVER_HEADER,
    METHOD_NOTE,
    assumption_items,
    budget_table,
    committed_text,
    driver_table,
    note_items,
    period_table,
    scenario_schedule,
    source_items,
    today,
    total_text,
    uncertainty_table,
)
from planner.present.escape import md_escape
from planner.present.export_format import export_format
from planner.present.tidy_csv import summaries_csv


# -- Markdown ---------------------------------------------------------------------------------------
def _md_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"] \
        + ["| " + " | ".join(r) + " |" for r in rows]


def scenario_markdown(summary: dict, scenario, date: str | None = None, heading: str = "#",
                      method: bool = True, catalogs=None) -> str:
    """One scenario's budget justification: the committed budget, the budget by category and line item,
    the spend per period, what moves the total, the uncertainty, assumptions, notes, method and sources.
    The scenario's description is the introduction."""
    lines = [f"{heading} {md_escape(summary.name)}", "", f"Budget justification, {date or today()}.", ""]
    if scenario is not None and scenario.description:
        lines += [md_escape(scenario.description), ""]
    lines += [f"**{md_escape(committed_text(summary))}**", "", f"{heading}# Budget", ""]
    header, body, left_out = budget_table(summary)
    body = [[md_escape(r[0])] + r[1:] for r in body]
    body[-1][0] = f"**{body[-1][0]}**"  # the total
    lines += _md_table(list(header), body, "lrrrrrr")
    if left_out:
        lines += ["", f"No cost in: {', '.join(left_out)}."]
    lines += ["", f"{md_escape(total_text(summary))}"]
    periods = period_table(scenario_schedule(summary, scenario))
    if periods:
        caption, p_header, p_rows = periods
        p_rows[-1][0] = f"**{p_rows[-1][0]}**"
        lines += ["", f"{heading}# Spend per period", "", md_escape(caption), ""]
        lines += _md_table(list(p_header), p_rows, "lllrr")
    drivers = driver_table(scenario, summary.currency, catalogs)
    if drivers:
        lines += ["", f"{heading}# What moves the total", "",
                  "The inputs that move the total most, each swung alone across its 90% range (or by ±25%, "
                  "counts by ±1):", ""]
        lines += _md_table(list(DRIVER_HEADER), [[md_escape(r[0])] + r[1:] for r in drivers], "lrrrr")
    unc = uncertainty_table(summary)
    if unc:
        caption, unc_rows, ranged = unc
        lines += ["", f"{heading}# Uncertainty", "", caption + ":", ""]
        lines += _md_table(["Total", "5%", "Median", "95%"], unc_rows, "lrrr")
        if ranged:
            lines += ["", f"Inputs given as ranges: {md_escape(ranged)}."]
    lines += ["", f"{heading}# Assumptions", ""]
    lines += [f"- {label}: {md_escape(text)}" for label, text in assumption_items(summary)]
    notes = note_items(summary)
    if notes:
        lines += ["", f"{heading}# Notes", ""] + [f"- {label}: {md_escape(text)}" for label, text in notes]
    lines += ["", f"{heading}# Sources", ""] + [f"- {md_escape(label)}: {md_escape(text)}"
                                                for label, text in source_items(summary)]
    if method:
        lines += ["", f"_{METHOD_NOTE}_"]
    return "\n".join(lines) + "\n"


def comparison_markdown(summaries: list[dict], date: str | None = None) -> str:
    names = [f"{i}. {md_escape(short_name(s.name))}" for i, s in enumerate(summaries, 1)]
    lines = ["# Scenario comparison", "", f"{len(summaries)} scenarios, {date or today()}; differences are "
             "against scenario 1. Money is in each scenario's own currency; money in two currencies is not "
             "compared (n/a).", ""]
    lines += [f"{i}. {md_escape(s.name)}" for i, s in enumerate(summaries, 1)]
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


def markdown_report(summaries: list[dict], scenarios: list, date: str | None = None, catalogs=None) -> str:
    if len(summaries) == 1:
        return scenario_markdown(summaries[0], scenarios[0], date, catalogs=catalogs)
    parts = [comparison_markdown(summaries, date)]
    parts += [scenario_markdown(s, sc, date, heading="##", method=False, catalogs=catalogs)
              for s, sc in zip(summaries, scenarios)]
    return "\n".join(parts) + f"\n_{METHOD_NOTE}_\n"


def write_text_report(path: str | Path, summaries: list[dict], scenarios: list, date: str | None = None,
                      catalogs=None) -> None:
    """Write .md or .csv atomically; raises RequestError for another extension. The CSV is one tidy long
    table of every scenario, with its schedule (planner.present.tidy_csv)."""
    if export_format(path, ("markdown", "csv")) == "markdown":
        write_atomic(path, markdown_report(summaries, scenarios, date, catalogs))
    else:
        write_atomic(path, summaries_csv(summaries, [scenario_schedule(s, sc) for s, sc in zip(summaries, scenarios)]))
