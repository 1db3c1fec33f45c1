"""Reports people hand in: PDF pages, fonts and text; Markdown and CSV; compare on the command line."""

from __future__ import annotations

import ast
import csv
import io

import pytest

from planner.analysis.compare import compare
from planner.present.escape import md_escape
from planner.model.quantities import money
from planner.present.content import BUDGET_HEADER, budget_table, total_text
from planner.present.content import ROW_MARK
from planner.present.report_text import markdown_report, scenario_markdown, write_text_report
from support import SCENARIOS, load_all, write_scenario

BERT, BASE, T5 = (SCENARIOS / n for n in ("bert-large.toml", "bert-base.toml", "t5-11b.toml"))


def test_markdown_and_csv_reports(tmp_path):
    summaries, scenarios = load_all(BERT, BASE)
    write_text_report(tmp_path / "r.md", summaries, scenarios)
    md = (tmp_path / "r.md").read_text()
    assert md.startswith("# Scenario comparison") and money(summaries[1]["total"]["cost"]) in md
    write_text_report(tmp_path / "r.csv", summaries, scenarios)   # several: one long table
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    total = [float(r["value"]) for r in rows if (r["section"], r["metric"]) == ("total", "cost")]
    assert total == pytest.approx([s["total"]["cost"] for s in summaries])


def test_compare_function_needs_a_scenario():
    with pytest.raises(ValueError):
        compare([])


# --- What the Markdown and the PDF share ----------------------------------------------------------


def test_budget_table_is_the_markdown_budget():
    (summary,), (scenario,) = load_all(T5)
    header, rows, left_out = budget_table(summary)
    assert header == BUDGET_HEADER and all(len(r) == len(header) for r in rows)
    names = ["Final run", "Tuning trials", "Ablations"] + [ROW_MARK + r.name for r in scenario.project.ablations] \
        + ["Baselines"] + [ROW_MARK + r.name for r in scenario.project.baselines] + ["Total"]
    assert [r[0] for r in rows] == names   # each named ablation and baseline under its category
    assert rows[-1][3] == money(summary["total"]["cost"]) and rows[-1][4] == "100.0%"
    assert rows[-1][5] == f"{summary['total']['energy_kwh'] / 1000:,.2f}"
    assert left_out == ["Ensemble members", "Seed repeats", "Contingency"]
    md = scenario_markdown(summary, scenario)
    assert "| " + " | ".join(header) + " |" in md
    assert "| **Total** | " + " | ".join(rows[-1][1:]) + " |" in md


def test_one_accelerator_is_singular(tmp_path):
    path = write_scenario(tmp_path, BASE.read_text().replace("count = 16", "count = 1"))
    (summary,), _ = load_all(path)
    assert summary["assumptions"]["count"] == 1
    assert " on 1 accelerator)" in total_text(summary)


@pytest.mark.parametrize("text, shown", [
    ("Utilization 0.3-0.5", "Utilization 0.3-0.5"),          # numbers, ranges and dates stay readable
    ("BERT-Large (Sharir et al. 2020)", "BERT-Large (Sharir et al. 2020)"),
    ("<b>x</b> & *y* | `z` ~w~", "\\<b\\>x\\</b\\> \\& \\*y\\* \\| \\`z\\` \\~w\\~"),
    ("- not a list", "\\- not a list"), ("1. not a list", "1\\. not a list"), ("+ x", "\\+ x"),
    ("-5 and 1.5B", "-5 and 1.5B"), ("two\nlines", "two lines")])
def test_one_markdown_escaper_keeps_figures_readable(text, shown):
    assert md_escape(text) == shown


def test_a_name_that_looks_like_a_list_stays_one_line_of_the_key(tmp_path):
    path = write_scenario(tmp_path, BASE.read_text().replace(
        'name = "BERT-Base, fully-loaded project (Sharir et al. 2020)"', 'name = "1. first - try"'))
    summaries, scenarios = load_all(BERT, path)
    assert "\n2. 1\\. first - try\n" in markdown_report(summaries, scenarios)


def _imports(path) -> list[ast.ImportFrom]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.ImportFrom)]


def test_formats_is_a_leaf_that_imports_no_other_output():
    """formats is what every output builds on: it imports no comparison or report module, not even
    inside a function (no cycle formats <-> compare_text)."""
    imported = {node.module for node in _imports(SCENARIOS.parent / "planner" / "present" / "formats.py")}
    assert {m for m in imported if m.startswith("planner.")} <= {"planner.model.quantities", "planner.model.values",
                                                                  "planner.engine.categories", "planner.present.escape"}, imported


def test_no_private_name_crosses_a_planner_module():
    for path in sorted((SCENARIOS.parent / "planner").rglob("*.py")):
        for node in _imports(path):
            if node.level or (node.module or "").startswith("planner"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
