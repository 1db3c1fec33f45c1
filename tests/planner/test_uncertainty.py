"""Ranges, Monte Carlo, sensitivity, planning backwards, what-ifs and sanity checks, through the engine."""

import math
import warnings

import numpy as np
import pytest

import planner
from planner.analysis.edits import change_count
from planner.analysis.plan import solve
from planner.engine.sanity import check
from planner.model.scenario import with_value
from planner.analysis.sensitivity import tornado
from planner.engine.summary import cost_samples, probability_over
from planner.model.values import Range
from support import RANGES_SCENARIO, SCENARIOS, write_scenario

BASE = RANGES_SCENARIO


def load(tmp_path, util="0.4", extra=""):
    return planner.load(write_scenario(tmp_path, BASE.format(util=util, extra=extra)))


def test_range_on_one_input_puts_p5_p95_at_its_bounds(tmp_path):
    ranged = planner.summarize(load(tmp_path, "[0.3, 0.5]"))
    at_low = planner.summarize(load(tmp_path, "0.3"))["total"]["cost"]
    at_high = planner.summarize(load(tmp_path, "0.5"))["total"]["cost"]
    at_mid = planner.summarize(load(tmp_path, str(math.sqrt(0.3 * 0.5))))["total"]["cost"]
    u = ranged["uncertainty"]["cost"]
    # cost is 1/utilization: the 95th percentile of cost sits at the low utilization bound
    assert u["p95"] == pytest.approx(at_low, rel=0.02)
    assert u["p5"] == pytest.approx(at_high, rel=0.02)
    assert u["p50"] == pytest.approx(at_mid, rel=0.01)
    assert ranged["total"]["cost"] == pytest.approx(at_mid)  # point estimate: geometric mean
    for key in ("cost", "accelerator_hours", "wall_clock_hours", "co2_kg"):
        assert ranged["uncertainty"][key]["p5"] < ranged["uncertainty"][key]["p95"]


def test_same_seed_same_figures_other_seed_differs(tmp_path):
    scenario = load(tmp_path, "[0.3, 0.5]")
    a = planner.summarize(scenario, seed=7)["uncertainty"]
    b = planner.summarize(scenario, seed=7)["uncertainty"]
    c = planner.summarize(scenario, seed=8)["uncertainty"]
    assert a == b and a["cost"]["p95"] != c["cost"]["p95"]


def test_no_range_no_uncertainty_block(tmp_path):
    assert "uncertainty" not in planner.summarize(load(tmp_path))


def test_budget_cap_probability(tmp_path):
    scenario = load(tmp_path, "[0.3, 0.5]")
    summary = planner.summarize(scenario)
    u = summary["uncertainty"]["cost"]
    assert planner.summarize(scenario, budget_cap=u["p50"])["budget"]["probability_over"] == pytest.approx(0.5, abs=0.02)
    assert planner.summarize(scenario, budget_cap=u["p95"])["budget"]["probability_over"] == pytest.approx(0.05, abs=0.01)
    draws = cost_samples(scenario)
    assert probability_over(draws, u["p5"]) == pytest.approx(0.95, abs=0.01)


def test_tornado_largest_first_and_range_used(tmp_path):
    scenario = load(tmp_path, "[0.2, 0.6]")
    swings = tornado(scenario)
    assert swings[0].key == "utilization" and swings[0].ranged
    assert [s.spread for s in swings] == sorted((s.spread for s in swings), reverse=True)
    low = planner.summarize(with_value(scenario, "compute", "utilization", 0.2))["total"]["cost"]
    assert swings[0].low_cost == pytest.approx(low)
    assert all(s.key != "count" for s in swings)  # count changes wall-clock, never cost


@pytest.mark.parametrize("budget", [5_000, 25_000, 250_000])
def test_plan_tokens_priced_forwards_meets_budget(tmp_path, budget):
    result = solve(load(tmp_path), "tokens", budget)
    forwards = planner.summarize(planner.validate(result.scenario))["total"]["cost"]
    assert forwards == pytest.approx(budget, rel=0.01)
    assert result.value == result.scenario.training.tokens


def test_plan_trials_is_the_largest_the_budget_buys(tmp_path):
    result = solve(load(tmp_path), "trials", 30_000)
    cost = lambda t: planner.summarize(with_value(result.scenario, "project", "trials", float(t)))["total"]["cost"]
    assert cost(result.value) <= 30_000 < cost(result.value + 1)
    assert cost(result.value) == pytest.approx(30_000, rel=0.01)


def test_plan_count_meets_the_deadline(tmp_path):
    result = solve(load(tmp_path), "count", deadline_days=2)
    days = result.summary["total"]["wall_clock_hours"] / 24
    assert days <= 2
    fewer = with_value(result.scenario, "compute", "count", result.value - 1)
    assert planner.summarize(fewer)["total"]["wall_clock_hours"] / 24 > 2


def test_plan_refuses_impossible_requests(tmp_path):
    with pytest.raises(planner.RequestError, match="at least"):
        solve(load(tmp_path), "trials", 10)
    with pytest.raises(planner.RequestError, match="deadline"):
        solve(load(tmp_path), "count")
    # Measured hours without training tokens: no FLOPs, so no speed to carry to another length.
    with pytest.raises(planner.RequestError, match="compute.hours: .*FLOPs are unknown"):
        solve(planner.load(SCENARIOS / "gpt2-1.5b.toml"), "tokens", 1e6)


WHATIF = "[whatif]\n{body}\n"


def cost_with(tmp_path, body, util="0.4"):
    return planner.summarize(load(tmp_path, util, WHATIF.format(body=body)))


def test_whatif_sample_efficiency_divides_cost(tmp_path):
    base = planner.summarize(load(tmp_path))["total"]["cost"]
    assert cost_with(tmp_path, "sample_efficiency = 4")["total"]["cost"] == pytest.approx(base / 4)


def test_whatif_start_delay_halves_every_two_and_a_half_years(tmp_path):
    base = planner.summarize(load(tmp_path))["total"]["cost"]
    assert cost_with(tmp_path, "start_delay_years = 2.5")["total"]["cost"] == pytest.approx(base / 2)
    assert cost_with(tmp_path, "start_delay_years = 5")["total"]["cost"] == pytest.approx(base / 4)


def test_whatif_spot_uses_spot_price_and_overhead(tmp_path):
    text = BASE.format(util="0.4", extra="[whatif]\nspot = true\npreemption_overhead = 0.1\n").replace(
        '"lambda-2025"', '"aws-2025"')
    spot = planner.summarize(planner.load(write_scenario(tmp_path, text)))
    demand = planner.summarize(planner.load(write_scenario(tmp_path, BASE.format(util="0.4", extra="").replace(
        '"lambda-2025"', '"aws-2025"'))))
    price = planner.load_catalogs().pricing["aws-2025"].price("h100", "spot", None).value.point
    assert spot["pricing"]["offer"] == "spot"
    assert spot["total"]["cost"] == pytest.approx(demand["total"]["accelerator_hours"] * 1.1 * price)
    with pytest.raises(planner.ScenarioError, match="whatif.spot"):
        load(tmp_path, extra="[whatif]\nspot = true\n")  # lambda-2025 has no spot prices


def test_whatif_distillation_reported_beside_the_project(tmp_path):
    summary = cost_with(tmp_path, 'distill = "tinybert"\ndistill_scale = 0.2')
    serving = summary["serving"]
    assert serving["inference_speedup"] == 9.4 and serving["size_factor"] == pytest.approx(1 / 7.5)
    assert serving["distillation"]["cost"] == pytest.approx(0.2 * summary["final_run"]["cost"])
    with pytest.raises(planner.ScenarioError, match="whatif.distill_scale"):
        load(tmp_path, extra='[whatif]\ndistill = "distilbert"')
    lever = next(e for e in cost_with(tmp_path, "sample_efficiency = 2")["whatifs"])
    assert lever["factor"] == pytest.approx(0.5)


def test_whatif_round_trips_through_save(tmp_path):
    scenario = load(tmp_path, extra='[whatif]\nsample_efficiency = 4\nattention = "linear"\nattention_window = 256\n')
    planner.save(scenario, tmp_path / "w.toml")
    assert planner.load(tmp_path / "w.toml") == scenario


def test_sanity_tokens_per_parameter_and_memory(tmp_path):
    scenario = load(tmp_path)  # 1B params, 20B tokens: compute-optimal, no note
    summary = planner.summarize(scenario)
    result = check(scenario, summary, 80)
    assert result.tokens_per_param == pytest.approx(20)
    assert not [n for n in result.notes if "tokens per parameter" in n]
    over = with_value(scenario, "training", "tokens", 2e12)
    result = check(over, planner.summarize(over), 80)
    assert any("2,000.0 tokens per parameter" in n for n in result.notes)
    c = 6 * 1e9 * 2e12
    assert result.optimal_params == pytest.approx(math.sqrt(c / 120))
    assert result.optimal_tokens == pytest.approx(20 * result.optimal_params)
    big = with_value(with_value(scenario, "model", "params", 70e9), "compute", "count", 8.0)
    result = check(big, planner.summarize(big), 80)
    assert result.min_count == math.ceil(16 * 70e9 / 80e9)
    assert any("at least 14" in n for n in result.notes)


def test_tornado_leaves_out_levers_that_are_off(tmp_path):
    levers = {"sample_efficiency", "preemption_overhead", "start_delay_years", "distill_scale"}
    assert not {s.key for s in tornado(load(tmp_path))} & levers
    swings = {s.key: s for s in tornado(load(tmp_path, extra="[whatif]\nsample_efficiency = 2"))}
    # the row shows the sample efficiency itself (2, swung to 1.5 and 2.5), not its inverse
    se = swings["sample_efficiency"]
    assert (se.low_input, se.high_input) == (1.5, 2.5) and se.label == "Sample efficiency (what-if)"
    assert se.low_cost == pytest.approx(se.high_cost * 2.5 / 1.5)


# --- Monte Carlo stays inside what a file may state ------------------------------------------------

from planner.engine.resolve import resolve
from planner.engine.sampling import INPUTS, many_percentiles, sample_inputs


def sampled(scenario, n=50_000):
    return sample_inputs(resolve(scenario, planner.load_catalogs()).inputs, n, seed=3)


def test_no_draw_leaves_the_validated_bounds(tmp_path):
    extra = "ensemble = [1, 3]\nseeds = [1, 2]\n"
    text = BASE.format(util="[0.8, 1.0]", extra="").replace("contingency = 0.1", "contingency = [0, 0.5]\n" + extra)
    scenario = planner.load(write_scenario(tmp_path, text))
    x = sampled(scenario)
    assert x["utilization"].max() == 1.0 and x["utilization"].min() > 0.5
    assert x["ensemble"].min() == 1.0 and x["seeds"].min() == 1.0 and x["contingency"].min() == 0.0
    # the low end of a 90% interval has 5% of the draws below it: those now sit on the floor
    assert np.mean(x["ensemble"] == 1.0) == pytest.approx(0.05, abs=0.01)
    assert np.mean(x["utilization"] == 1.0) == pytest.approx(0.05, abs=0.01)
    summary = planner.summarize(scenario)
    assert summary["uncertainty"]["cost"]["p5"] > 0


def _bounded():
    """(section, key, bound, beyond) for each finite bound in the table other than "greater than zero"."""
    for key, (_, dotted, low, high) in INPUTS.items():
        section, name = dotted.rsplit(".", 1)
        if high != float("inf"):
            yield section, name, high, high * 1.01
        if low > 0:
            yield section, name, low, low * 0.99


def test_the_bounds_table_matches_the_loader(tmp_path):
    """Each bound Monte Carlo clips to is one the loader enforces: the bound loads, beyond it is refused."""
    cases = list(_bounded())
    assert {c[1] for c in cases} >= {"utilization", "ensemble", "seeds", "final_seeds", "contingency", "pue",
                                     "sample_efficiency", "preemption_overhead", "start_delay_years"}
    for section, name, bound, beyond in cases:
        assert not _refused(tmp_path, section, name, bound), (name, bound)
        assert _refused(tmp_path, section, name, beyond), (name, beyond)


def _refused(tmp_path, section, name, value) -> bool:
    text = BASE.format(util="0.4", extra="").replace("contingency = 0.1\n", "")
    if section == "compute":
        text = text.replace("count = 8" if name == "count" else "utilization = 0.4", f"{name} = {value!r}")
    elif section == "project":
        text = text.replace("[project]\n", f"[project]\n{name} = {value!r}\n")
    elif section == "energy":
        text += f"[energy]\n{name} = {value!r}\n"
    elif section == "pricing":  # the purchase terms of an owned cluster
        text = text.replace("[pricing]\n", f'[pricing]\nmode = "owned"\n{name} = {value!r}\n')
    else:
        lever = "spot = true\n" if name == "preemption_overhead" else ""
        text = text.replace('"lambda-2025"', '"aws-2025"') + f"[whatif]\n{lever}{name} = {value!r}\n"
    try:
        planner.load(write_scenario(tmp_path, text))
    except planner.ScenarioError:
        return True
    return False


def test_many_percentiles_equal_numpy_and_skip_nothing_they_should_not():
    rng = np.random.default_rng(1)
    a = rng.lognormal(size=10_001)
    arrays = {"a": a, "twice": 2 * a, "b": rng.normal(size=10_001) + a, "const": np.float64(7.0)}
    got = many_percentiles(arrays)
    for name in ("a", "twice", "b"):
        want = np.percentile(arrays[name], [5, 50, 95])
        assert [got[name][k] for k in ("p5", "p50", "p95")] == pytest.approx(want, rel=1e-12)
    assert got["const"] == {"p5": 7.0, "p50": 7.0, "p95": 7.0}


def test_draws_out_are_the_draws_behind_the_block(tmp_path):
    scenario = load(tmp_path, "[0.3, 0.5]")
    draws = {}
    summary = planner.summarize(scenario, draws_out=draws)
    assert draws["cost"].shape == (summary["uncertainty"]["samples"],)
    assert np.array_equal(draws["cost"], cost_samples(scenario))
    p = np.percentile(draws["cost"], [5, 50, 95])
    assert [summary["uncertainty"]["cost"][k] for k in ("p5", "p50", "p95")] == pytest.approx(p)
    empty = {}
    planner.summarize(load(tmp_path), draws_out=empty)
    assert empty == {}  # no range, no draws


def test_text_and_markdown_show_the_percentiles_and_the_ranged_inputs(tmp_path):
    from planner.present.report_text import markdown_report
    from planner.present.text import text
    scenario = load(tmp_path, "[0.3, 0.5]")
    summary = planner.summarize(scenario)
    u = summary["uncertainty"]
    assert [r["file_key"] for r in u["inputs"]] == ["compute.utilization"]
    shown = text(summary)
    for name, key in (("Cost", "cost"), ("Accelerator-hours", "accelerator_hours"),
                      ("Wall-clock hours", "wall_clock_hours")):
        line = next(line for line in shown.splitlines() if line.startswith(name + " "))
        cells = line[len(name):].split()
        assert len(cells) == 3
        assert float(cells[1].lstrip("$").replace(",", "")) == pytest.approx(u[key]["p50"], abs=0.5)
    assert "Ranges: Utilization 0.3-0.5" in shown
    md = markdown_report([summary], [scenario])
    # one escaper: the figures and the range stay readable ("0.3-0.5", not "0\\.3\\-0\\.5")
    assert "| Cost | " in md and "Inputs given as ranges: Utilization 0.3-0.5." in md


# --- Tornado -------------------------------------------------------------------------------------


def test_tornado_does_not_swing_count_with_measured_hours():
    # Was test_tornado_swings_count_with_measured_hours, which swung count as if cost were hours x
    # count. The count rule (planner.analysis.edits.change_count, issue 9) keeps the accelerator-hours
    # when the count changes under measured hours: the cost does not move, only the wall-clock.
    scenario = planner.load(SCENARIOS / "bert-large.toml")  # compute.hours, measured on 64 chips
    assert "count" not in {s.key for s in tornado(scenario)}
    catalogs = planner.load_catalogs()
    for n in (48, 80):   # what a person changing the count gets: the same cost, another wall-clock
        edited = change_count(scenario, catalogs, n).scenario
        assert planner.summarize(edited).total.cost == pytest.approx(planner.summarize(scenario).total.cost)


def test_tornado_swings_whole_number_counts_by_one(tmp_path):
    extra = ('ensemble = 3\nfinal_seeds = 1\n[[project.ablations]]\nname = "' + "x" * 60 + '"\nruns = 4\n'
             "scale = 0.5\n")
    scenario = planner.load(write_scenario(tmp_path, BASE.format(util="0.4", extra="").replace(
        "contingency = 0.1\n", "contingency = 0.1\n" + extra.split("[[")[0]) + "[[" + extra.split("[[")[1]))
    swings = {s.key: s for s in tornado(scenario)}
    assert (swings["ensemble"].low_input, swings["ensemble"].high_input) == (2, 4)
    assert (swings["final_seeds"].low_input, swings["final_seeds"].high_input) == (1, 2)  # never below 1
    assert (swings["trials"].low_input, swings["trials"].high_input) == (9, 11)
    runs = swings["ablation_runs_0"]
    assert (runs.low_input, runs.high_input) == (3, 5) and runs.swing == "+-1"
    assert runs.label == "x" * 39 + "… (runs)"
    assert swings["utilization"].swing == "+-25%"
    assert "(+-1)" in planner.present.formats.tornado_text(list(swings.values()), "USD")


# --- Figures that cannot be computed --------------------------------------------------------------


def test_overflowing_figures_name_the_likely_key(tmp_path):
    text = BASE.format(util="0.4", extra="").replace("tokens = 20e9", "tokens = 1e308")
    path = write_scenario(tmp_path, text)
    with pytest.raises(planner.ScenarioError) as err:
        planner.summarize(planner.load(path))
    assert err.value.key == "training.tokens" and err.value.file == str(path)
    assert "overflow" in str(err.value)


def test_huge_ranged_inputs_give_finite_percentiles(tmp_path):
    """Draws past float32's 3.4e38 (1e39-1e40 tokens) are still numbers: the percentiles are finite and
    straddle the point estimate, without a warning."""
    text = BASE.format(util="0.4", extra="").replace("tokens = 20e9", "tokens = [1e39, 1e40]")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summary = planner.summarize(planner.load(write_scenario(tmp_path, text)))
    cost = summary["uncertainty"]["cost"]
    assert all(math.isfinite(cost[k]) for k in ("p5", "p50", "p95"))
    assert cost["p5"] < summary["total"]["cost"] < cost["p95"]
    assert cost["p50"] == pytest.approx(summary["total"]["cost"], rel=0.01)


def test_a_range_whose_high_end_overflows_is_refused_by_key(tmp_path):
    """The point is finite (1e290 tokens) but the range's upper draws overflow: refused, naming the key,
    rather than an uncertainty block of inf."""
    text = BASE.format(util="0.4", extra="").replace("tokens = 20e9", "tokens = [1e280, 1e300]")
    path = write_scenario(tmp_path, text)
    assert math.isfinite(planner.summarize(planner.load(path), samples=0)["total"]["cost"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(planner.ScenarioError) as err:
            planner.summarize(planner.load(path))
    assert err.value.key == "training.tokens" and "overflow" in str(err.value) and "1e+300" in str(err.value)


def test_the_point_of_a_range_near_the_largest_float_is_finite():
    assert Range(1e290, 1e306).point == pytest.approx(1e298)
    assert Range(1e-200, 1e-200).point == pytest.approx(1e-200)   # the product underflows
    assert Range(200, 800).point == 400                            # to the last bit where it can be
    assert Range(0, 1.6e308).point == pytest.approx(0.8e308)


def test_a_run_of_no_time_gives_finite_figures(tmp_path):
    text = BASE.format(util="0.4", extra="").replace("tokens = 20e9", "tokens = 5e-324")
    summary = planner.summarize(planner.load(write_scenario(tmp_path, text)))
    assert summary["total"]["cost"] == pytest.approx(0.0, abs=1e-300)
    assert math.isfinite(summary["final_run"]["utilization"]) and math.isfinite(summary["iceberg_ratio"])


def test_tornado_labels_never_read_the_same(tmp_path):
    name = "data-mixture ablation at 1B scale, four mixtures, 50B tokens each"   # alike in 39+ characters
    rows = "".join(f'[[project.ablations]]\nname = "{name}{k}"\nruns = {k + 2}\nscale = 0.{k + 2}\n' for k in range(2))
    scenario = planner.load(write_scenario(tmp_path, BASE.format(util="0.4", extra="") + rows))
    labels = [s.label for s in tornado(scenario)]
    assert len(labels) == len(set(labels))
    assert "ablation 2 (runs): " + name[:39] + "…" in labels
