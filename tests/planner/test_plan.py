"""Planning backwards with what-ifs, memory and reach notes; and the ranked offers against the summary."""

import pytest

import planner
from nlp_budget.main import main
from planner.present.formats import offers_text
from planner.present.text import plan_text
from planner.analysis.offers import price_options, unranked_catalogs
from planner.analysis.plan import LARGEST_REPORTED_CLUSTER, solve
from planner.engine.summary import probability_over
from support import SCENARIOS, write_eur_catalog, write_scenario

BASE = """schema = 1
name = "plan"
[model]
params = {params}
[training]
{training}
[compute]
accelerator = "h100"
count = 8
utilization = {util}
[pricing]
catalog = "{catalog}"
{pricing}
[project]
contingency = 0.1
[project.tuning]
trials = 10
scale = 0.1
[whatif]
{whatif}
"""


def load(tmp_path, whatif="", catalog="lambda-2025", util="0.4", params="1e9", training="tokens = 20e9",
         pricing="", catalogs=None):
    text = BASE.format(whatif=whatif, catalog=catalog, util=util, params=params, training=training,
                       pricing=pricing)
    return planner.load(write_scenario(tmp_path, text), catalogs)


WHATIFS = [
    ("sample_efficiency = 4", "lambda-2025"),
    ("spot = true\npreemption_overhead = 0.1", "aws-2025"),
    ("start_delay_years = 2.5", "lambda-2025"),
    ('distill = "tinybert"\ndistill_scale = 0.2', "lambda-2025"),
    ("sample_efficiency = 3\nstart_delay_years = 1\n" 'distill = "distilbert"\ndistill_scale = 0.1', "lambda-2025"),
]


@pytest.mark.parametrize("whatif, catalog", WHATIFS)
@pytest.mark.parametrize("budget", [25_000, 250_000])
def test_plan_tokens_with_a_whatif_prices_forwards_within_the_budget(tmp_path, whatif, catalog, budget):
    result = solve(load(tmp_path, whatif, catalog), "tokens", budget)
    forwards = planner.summarize(planner.validate(result.scenario))
    assert forwards["total"]["cost"] <= budget
    assert forwards["total"]["cost"] == pytest.approx(budget, rel=0.01)
    # the answer is the run's training tokens, as the summary reports them
    assert forwards["final_run"]["tokens"] == result.value == result.scenario.training.tokens
    assert "within" in result.notes[0]


@pytest.mark.parametrize("whatif, catalog", WHATIFS)
def test_plan_trials_with_a_whatif_is_the_most_the_budget_buys(tmp_path, whatif, catalog):
    result = solve(load(tmp_path, whatif, catalog), "trials", 5_000)
    cost = lambda t: planner.summarize(planner.model.scenario.with_value(result.scenario, "project", "trials",
                                                                   float(t)))["total"]["cost"]
    assert cost(result.value) <= 5_000 < cost(result.value + 1)


def test_plan_tokens_with_sample_efficiency_is_four_times_the_tokens(tmp_path):
    plain = solve(load(tmp_path), "tokens", 250_000).value
    electra = solve(load(tmp_path, "sample_efficiency = 4"), "tokens", 250_000).value
    assert electra == pytest.approx(4 * plain, rel=1e-3)


def test_plan_count_is_raised_to_the_memory_minimum(tmp_path):
    scenario = load(tmp_path, params="70e9")  # 1,120 GB of weights and Adam state: 14 x 80 GB at least
    result = solve(scenario, "count", deadline_days=1000)
    assert result.value == result.summary["checks"]["min_count"] == 14
    assert any("need at least 14" in n and "planned with 14" in n for n in result.notes)
    assert not any("hold too little" in n for n in result.summary["checks"]["notes"])


def test_plan_count_beyond_the_sequences_per_step_is_noted(tmp_path):
    scenario = load(tmp_path, training="steps = 1000\nbatch_size = 64", params="1e9\nseq_len = 2048")
    result = solve(scenario, "count", deadline_days=0.0001)
    assert result.value > 64
    assert any("more than the 64 sequences in one step" in n for n in result.notes)
    relaxed = solve(scenario, "count", deadline_days=30)
    assert relaxed.value <= 64 and not relaxed.notes


def test_plan_count_beyond_any_reported_cluster_is_noted(tmp_path):
    result = solve(load(tmp_path, training="tokens = 20e12", params="7e9"), "count", deadline_days=0.5)
    assert result.value > LARGEST_REPORTED_CLUSTER
    assert any("more than any reported training run" in n for n in result.notes)


def test_plan_with_ranges_reports_the_chance_of_going_over(tmp_path):
    result = solve(load(tmp_path, util="[0.3, 0.5]"), "tokens", 10_000)
    draws = {}
    planner.summarize(result.scenario, draws_out=draws)
    chance = probability_over(draws["cost"], 10_000)
    assert 0.2 < chance < 0.8  # the point total sits at the budget: about half the draws are over
    assert f"{chance:.0%} chance that the total exceeds the budget" in "\n".join(result.notes)
    assert not any("chance" in n for n in solve(load(tmp_path), "tokens", 10_000).notes)


def test_plan_errors_name_the_file(tmp_path):
    scenario = load(tmp_path)
    with pytest.raises(planner.RequestError) as err:
        solve(scenario, "tokens", -5)
    assert str(err.value).startswith(f"{scenario.path}: budget:") and err.value.field == "budget"
    assert err.value.message("--budget").startswith(f"{scenario.path}: --budget:")
    with pytest.raises(planner.RequestError, match=str(scenario.path)):
        solve(scenario, "count")


def test_plan_text_says_one_accelerator(tmp_path):
    result = solve(load(tmp_path), "count", deadline_days=365)
    assert result.value == 1
    shown = plan_text(result)
    assert "Solved for count: 1 accelerator\n" in shown and "on 1 accelerator\n" in shown


def test_plan_notes_say_one_accelerator(tmp_path):
    result = solve(load(tmp_path, params="10e9"), "count", deadline_days=1e6)  # 160 GB of state: 80 GB each
    assert result.value > 1
    assert any(n.startswith("1 accelerator would meet the deadline") for n in result.notes), result.notes


OFFER_CASES = [
    ("", "lambda-2025", ""),
    ("", "aws-2025", 'region = "us-west-2"'),
    ("spot = true\npreemption_overhead = 0.1", "aws-2025", ""),
    ("spot = true\npreemption_overhead = [0.05, 0.5]", "aws-2025", ""),
    ("start_delay_years = 2.5", "aws-2025", ""),
    ("sample_efficiency = 4", "lambda-2025", ""),
    ('distill = "tinybert"\ndistill_scale = 0.2', "lambda-2025", ""),
    ("", "lambda-2025", "price_per_hour = 1.5"),
    ("spot = true\npreemption_overhead = 0.2", "aws-2025", "price_per_hour = 1.5"),
]


@pytest.mark.parametrize("whatif, catalog, pricing", OFFER_CASES)
def test_the_current_offer_costs_what_the_summary_says(tmp_path, whatif, catalog, pricing):
    scenario = load(tmp_path, whatif, catalog, pricing=pricing)
    summary = planner.summarize(scenario)
    options = price_options(scenario)
    current = [o for o in options if o.current]
    assert len(current) == 1
    assert current[0].cost == pytest.approx(summary["total"]["cost"], rel=1e-9)
    assert current[0].wall_clock_hours == pytest.approx(summary["total"]["wall_clock_hours"], rel=1e-9)
    assert current[0].price_per_hour == pytest.approx(summary["pricing"]["price_per_accelerator_hour"])
    assert "> h100" in offers_text(options, "cost")


def test_the_preemption_overhead_applies_to_spot_rows_only(tmp_path):
    spot = load(tmp_path, "spot = true\npreemption_overhead = 0.1", "aws-2025")
    demand = load(tmp_path, "", "aws-2025")
    rows = {(o.catalog, o.offer): o for o in price_options(spot) if o.accelerator == "h100"}
    on_demand = planner.summarize(demand)
    # the on-demand row is exactly the on-demand summary: no overhead, no compounding
    assert rows[("aws-2025", "on-demand")].cost == pytest.approx(on_demand["total"]["cost"], rel=1e-9)
    assert rows[("aws-2025", "spot")].wall_clock_hours == pytest.approx(
        1.1 * rows[("aws-2025", "on-demand")].wall_clock_hours)


def test_a_later_start_lowers_every_offer(tmp_path):
    now = {(o.accelerator, o.catalog, o.offer): o.cost for o in price_options(load(tmp_path, "", "aws-2025"))}
    later = price_options(load(tmp_path, "start_delay_years = 2.5", "aws-2025"))
    assert later and all(o.cost == pytest.approx(now[(o.accelerator, o.catalog, o.offer)] / 2) for o in later)


def test_offers_header_columns_are_separated(tmp_path):
    header = offers_text(price_options(load(tmp_path)), "cost").splitlines()[0]
    assert "Accelerator  Catalog" in header


@pytest.fixture
def eur(tmp_path):
    """Catalogs with a EUR copy of lambda-2025 (lambda-eur: the same prices, in euros), and its folder."""
    folder = write_eur_catalog(tmp_path / "cats", "lambda-2025")
    return planner.load_catalogs([str(folder)]), folder


def test_offers_rank_only_the_scenarios_currency_and_say_what_is_left_out(tmp_path, eur):
    catalogs, _ = eur
    euro = load(tmp_path, catalog="lambda-eur", catalogs=catalogs)
    options = price_options(euro, catalogs)
    assert options and {o.currency for o in options} == {"EUR"} and {o.catalog for o in options} == {"lambda-eur"}
    current = next(o for o in options if o.current)
    assert current.cost == pytest.approx(planner.summarize(euro, catalogs)["total"]["cost"], rel=1e-9)
    text = offers_text(options, "cost", unranked_catalogs(euro, catalogs))
    row = next(line for line in text.splitlines() if line.startswith(">"))
    assert "lambda-eur" in row and f"€{current.cost:,.0f}" in row and "$" not in text.split("\n\n")[0]
    assert "€/acc-h" in text.splitlines()[0]
    assert "Not ranked, priced in another currency: " in text and "lambda-2025 (USD)" in text
    # and the other way round: the USD scenario never ranks the EUR rows by their raw numbers
    dollars = load(tmp_path, catalogs=catalogs)
    assert "lambda-eur" not in {o.catalog for o in price_options(dollars, catalogs)}
    assert unranked_catalogs(dollars, catalogs) == [("lambda-eur", "EUR")]


def test_offers_and_sensitivity_commands_print_the_catalogs_currency(tmp_path, capsys, eur):
    _, folder = eur
    path = write_scenario(tmp_path, BASE.format(whatif="", catalog="lambda-eur", util="0.4", params="1e9",
                                                training="tokens = 20e9", pricing=""))
    for command in ("offers", "sensitivity"):
        assert main([command, str(path), "--catalog-dir", str(folder)]) == 0
        out = capsys.readouterr().out
        table = out.split("\n\n")[0]
        assert "€" in table and "$" not in table, command
    assert main(["offers", str(path), "--catalog-dir", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "note: not ranked, priced in another currency: " in captured.err and "lambda-2025 (USD)" in captured.err


def test_every_bundled_scenario_marks_its_own_offer():
    for path in sorted(SCENARIOS.glob("*.toml")):
        scenario = planner.load(path)
        options = price_options(scenario)
        if not options:  # measured hours without tokens: no FLOPs to price elsewhere
            continue
        current = [o for o in options if o.current]
        assert len(current) == 1, path.name
        assert current[0].cost == pytest.approx(planner.summarize(scenario)["total"]["cost"], rel=1e-9), path.name
