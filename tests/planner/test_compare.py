"""Comparisons without Qt: differences, currencies, figures a scenario does not give, text and CSV."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

import planner
from planner.engine.summary_types import Category
from support import SCENARIOS, write_eur_catalog, write_scenario
from planner.analysis.compare import compare, comparison_rows
from planner.present.compare_text import comparison_text, delta_text, relative_text
from planner.present.tidy_csv import summaries_csv as comparison_csv
from planner.model.quantities import money
from planner.present.report_text import markdown_report, scenario_markdown, write_text_report

BERT, BASE, GPT2, T5 = (SCENARIOS / f"{n}.toml" for n in ("bert-large", "bert-base", "gpt2-1.5b", "t5-11b"))


def summaries_of(*paths, catalogs=None):
    scenarios = [planner.load(p, catalogs) for p in paths]
    return [planner.summarize(s, catalogs) for s in scenarios], scenarios


@pytest.fixture(scope="module")
def eur(tmp_path_factory):
    """BERT-Large priced by a EUR copy of the gcp-2019 catalog: (catalogs, scenario path)."""
    folder = tmp_path_factory.mktemp("eur")
    catalogs = planner.load_catalogs([str(write_eur_catalog(folder / "cats"))])
    path = write_scenario(folder, BERT.read_text().replace('catalog = "gcp-2019"', 'catalog = "gcp-eur"')
                          .replace('name = "BERT-Large, fully-loaded project (Sharir et al. 2020)"',
                                   'name = "BERT-Large EUR"'), "bert-eur.toml")
    return catalogs, path


def row(rows, group, label):
    return next(r for r in rows if r["group"] == group and r["label"] == label)


def test_deltas_are_differences_of_every_figure_including_wall_clock():
    (a, b), _ = summaries_of(BERT, T5)
    d = compare([a, b])["deltas"][0]
    assert d["currency_mismatch"] is False
    for key in ("runs", "flops", "accelerator_hours", "wall_clock_hours", "cost", "energy_kwh", "co2_kg"):
        assert d["total"][key] == pytest.approx(b["total"][key] - a["total"][key])
    assert d["final_run"]["wall_clock_hours"] == pytest.approx(480 - 96)
    assert d["relative"]["total"]["wall_clock_hours"] == pytest.approx(
        (b["total"]["wall_clock_hours"] - a["total"]["wall_clock_hours"]) / a["total"]["wall_clock_hours"])
    wall = row(comparison_rows([a, b]), "Wall-clock hours", "Total")
    assert wall["deltas"][1] == pytest.approx(b["total"]["wall_clock_hours"] - a["total"]["wall_clock_hours"])


def test_money_is_never_subtracted_across_currencies(eur):
    catalogs, path = eur
    (usd, euro), scenarios = summaries_of(BERT, path, catalogs=catalogs)
    assert euro["currency"] == "EUR" and euro["total"]["cost"] == usd["total"]["cost"]
    d = compare([usd, euro])["deltas"][0]
    assert d["currency_mismatch"] is True and d["currencies"] == ["USD", "EUR"]
    assert d["total"]["cost"] is None and d["relative"]["total"]["cost"] is None
    assert all(c["cost"] is None for c in d["categories"])
    assert d["total"]["accelerator_hours"] == 0          # hours are hours in any currency
    json.dumps(d, allow_nan=False)                        # null, not NaN, in the JSON
    total = row(comparison_rows([usd, euro]), "Cost", "Total")
    assert total["mismatch"] == [False, True] and total["deltas"][1] is None
    assert delta_text(total, 1) == "n/a (EUR vs USD)"
    text = comparison_text([usd, euro])
    assert "€138,240" in text and "n/a (EUR vs USD)" in text and "$138,240" in text
    md = markdown_report([usd, euro], scenarios)
    assert "**€138,240** n/a (EUR vs USD)" in md and "€1.125 per accelerator-hour" in md
    lines = list(csv.DictReader(io.StringIO(comparison_csv([usd, euro]))))
    costs = [r for r in lines if (r["section"], r["metric"]) == ("total", "cost")]
    assert [(r["value"], r["unit"]) for r in costs] == [("138240.00", "USD"), ("138240.00", "EUR")]


def test_figures_a_scenario_does_not_give_read_not_given_without_a_difference(capsys):
    (bert, gpt2), scenarios = summaries_of(BERT, GPT2)
    assert gpt2["final_run"]["tokens"] is None and gpt2["assumptions"]["mode"] == "hours"
    rows = comparison_rows([bert, gpt2])
    for label in ("Training tokens", "FLOPs per final run", "Utilization (MFU)"):
        r = row(rows, "Assumptions", label)
        assert r["values"][1] is None and delta_text(r, 1) == ""
    d = compare([bert, gpt2])["deltas"][0]
    assert d["total"]["flops"] is None and d["final_run"]["tokens"] is None and d["final_run"]["utilization"] is None
    text = comparison_text([bert, gpt2])
    tokens_line = next(line for line in text.splitlines() if line.startswith("Training tokens"))
    assert tokens_line.split()[-2:] == ["not", "given"] and "-100%" not in tokens_line and " 0 " not in tokens_line
    md = scenario_markdown(gpt2, scenarios[1])
    assert "- Data: not given" in md and "- Utilization: not given" in md and "0 training tokens" not in md


def test_text_comparison_gives_absolute_and_relative_changes():
    (large, base, t5), _ = summaries_of(BERT, BASE, T5)
    text = comparison_text([large, base, t5])
    assert "-$103,680 (-75%)" in text                    # BERT-Base's total
    assert "+$128,778" in text and "+$128,778 (" not in text   # ablations: from zero, absolute only
    assert "$1.125" in text and "$2.00" in text           # prices under 100 keep currency and cents
    assert "tpu-v3 *" in text and "tpu-v2 *" not in text  # a changed text value is marked
    assert "+8.9 pp" in text  # shares differ in percentage points (position embeddings are lookups: no FLOPs)
    assert relative_text(70.111) == "+7,011%" and relative_text(-0.023) == "-2.3%"


@pytest.mark.parametrize("value, currency, shown", [
    (138240, "USD", "$138,240"), (-103680, "USD", "-$103,680"), (0, "USD", "$0"), (100, "EUR", "€100"),
    (0.5, "USD", "$0.50"), (-5, "USD", "-$5.00"), (-5.0, "GBP", "-£5.00"), (1.125, "EUR", "€1.125"),
    (2, "USD", "$2.00"), (12, "CHF", "12.00 CHF"), (4321.6, "CHF", "4,322 CHF"), (2.49 - 1.99, "USD", "$0.50"),
    (0.5622, "USD", "$0.5622"), (99.999, "USD", "$100")])
def test_one_money_format_everywhere(value, currency, shown):
    """formats.money is the only money formatter: whole units from 100, cents (or a price's finer
    figures) below, the sign before the symbol."""
    assert money(value, currency) == shown


def test_the_csv_is_one_tidy_long_table_for_one_or_many_scenarios(tmp_path):
    (large, base), scenarios = summaries_of(BERT, BASE)
    write_text_report(tmp_path / "two.csv", [large, base], scenarios)
    raw = (tmp_path / "two.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")   # UTF-8 without a byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert list(rows[0]) == ["scenario", "section", "item", "metric", "value", "unit"]
    totals = {r["scenario"]: r["value"] for r in rows if (r["section"], r["metric"]) == ("total", "cost")}
    assert totals == {large.name: "138240.00", base.name: "34560.00"}   # money to the cent
    hours = next(r for r in rows if (r["section"], r["item"], r["metric"]) == ("category", "final", "accelerator_hours"))
    assert hours["value"] == "6144.0" and hours["unit"] == "accelerator-hours"
    runs = next(r for r in rows if (r["section"], r["item"], r["metric"]) == ("category", "seed_repeats", "runs"))
    assert runs["value"] == "18" and runs["unit"] == "runs"   # counts are whole
    write_text_report(tmp_path / "one.csv", [large], scenarios[:1])
    single = list(csv.DictReader(io.StringIO((tmp_path / "one.csv").read_text())))
    assert {r["scenario"] for r in single} == {large.name}
    assert [r["item"] for r in single if r["section"] == "category" and r["metric"] == "cost"] == \
        ["final", "ensemble", "tuning", "ablations", "baselines", "seed_repeats", "contingency"]
    assert any(r["section"] == "period" for r in single)   # the schedule's spend per period


def test_markup_and_formulas_in_names_are_printed_literally_in_csv_and_text(tmp_path):
    name = "=<b>x</b> &amp; | *star*"
    path = write_scenario(tmp_path, BASE.read_text().replace(
        'name = "BERT-Base, fully-loaded project (Sharir et al. 2020)"', f'name = "{name}"'))
    (large, odd), _ = summaries_of(BERT, path)
    rows = list(csv.reader(io.StringIO(comparison_csv([large, odd]))))
    assert rows[-1][0] == "'" + name   # quoted as text: a spreadsheet would run "=..." as a formula
    assert f"2. {name}" in comparison_text([large, odd])


def test_a_category_only_one_scenario_has_counts_as_zero_in_the_other(tmp_path):
    distilled = write_scenario(tmp_path, BASE.read_text().replace(
        "[pricing]", '[whatif]\ndistill = "tinybert"\ndistill_scale = 0.1\n\n[pricing]'))
    (base, dist), scenarios = summaries_of(BASE, distilled)
    hand = copy.deepcopy(base)   # the same, built by hand, in case the lever's category changes shape
    hand.categories.append(Category(**{**{k: 0.0 for k in base["total"] if k != "compute_cost"}, "category": "distillation", "cost": 100.0}))
    for other in (dist, hand):
        extra = next(c for c in other["categories"] if c["category"] == "distillation")
        for pair in ([base, other], [other, base]):
            d = compare(pair)["deltas"][0]
            cat = next(c for c in d["categories"] if c["category"] == "distillation")
            sign = 1 if pair[0] is base else -1
            assert cat["cost"] == pytest.approx(sign * extra["cost"])
            r = row(comparison_rows(pair), "Cost", "Distillation (serving)")
            assert r["values"] == ([0, extra["cost"]] if sign == 1 else [extra["cost"], 0])
            assert "Distillation (serving)" in comparison_text(pair) and ",category,distillation,cost," in comparison_csv(pair)
    md = markdown_report([base, dist], scenarios)
    assert "Distillation (serving)" in md and "Serving: a distilled TinyBERT" in md


def test_scenario_markdown_says_where_the_price_and_energy_figures_come_from():
    (deepseek, t5), scenarios = summaries_of(SCENARIOS / "deepseek-v3-moe.toml", T5)
    md = scenario_markdown(deepseek, scenarios[0])
    assert "price set in the scenario (pricing.price\\_per\\_hour), overriding the catalog lambda-2025" in md
    assert "source: pricing.price" not in md
    assert "grid intensity: world average (CodeCarbon)" in md            # summary["assumptions"]["sources"]
    md = scenario_markdown(t5, scenarios[1])
    assert "| Cost | $" in md and "| CO2e (t) |" in md and "Inputs given as ranges: Tuning trials" in md
    assert "- Check: " in md and "catalog gcp-2019, on-demand, as of 2019-01-01; source: Strubell" in md


def test_whatifs_region_and_budget_cap_in_the_markdown(tmp_path):
    path = write_scenario(tmp_path, (SCENARIOS / "decoder-7b-h100.toml").read_text().replace(
        "[pricing]", "[whatif]\nstart_delay_years = 1\n\n[pricing]"))
    scenario = planner.load(path)
    summary = planner.summarize(scenario, budget_cap=500_000)
    md = scenario_markdown(summary, scenario)
    effect = summary["whatifs"][0]
    assert "- What-if: start 1 years later" in md and money(abs(effect["cost_change"]), "USD") in md
    assert "- Region: us-east-1" in md
    assert f"- Budget cap: $500,000: a {summary['budget']['probability_over']:.1%} chance" in md
