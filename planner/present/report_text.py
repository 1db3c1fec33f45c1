"""Budget summaries as Markdown and CSV files: one scenario, or a comparison then a page per scenario.

The Markdown lays out the content model (present/content.py), as the PDF (ui/export/report.py) does;
`nlp-budget summary --format markdown` and `nlp-budget report -o F.md` are this one rendering. Scenario
text (names, descriptions) is printed literally: Markdown and HTML in it are escaped.
"""

from __future__ import annotations

from pathlib import Path

from planner.analysis.compare import comparison_rows
from planner.files.atomic import write_atomic
from planner.present.compare_text import cell_text, comparison_csv, delta_text, short_name
from planner.present.content import (METHOD_NOTE, assumption_items, budget_table, note_items, today, total_text,
                                     uncertainty_table)
from planner.present.export_format import export_format
from planner.present.formats import md_escape, summary_csv


# -- Markdown ---------------------------------------------------------------------------------------
def _md_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" if a == "l" else "---:" for a in align) + "|"] \
        + ["| " + " | ".join(r) + " |" for r in rows]


def scenario_markdown(summary: dict, scenario, date: str | None = None, heading: str = "#",
                      method: bool = True) -> str:
    lines = [f"{heading} {md_escape(summary.name)}", "", f"Budget summary, {date or today()}.", ""]
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
