"""What-if levers: each documented factor, their ranges, and how the summary reports them."""

import math

import pytest

import planner
from planner.present.text import text
from planner.analysis.sensitivity import tornado
from planner.engine.summary import SPOT_WITHOUT_OVERHEAD
from support import WHATIF_SCENARIO, write_scenario

BASE = WHATIF_SCENARIO


def summary(tmp_path, whatif="", compute="utilization = 0.4", catalog="lambda-2025", **kwargs):
    path = write_scenario(tmp_path, BASE.format(whatif=whatif, compute=compute, catalog=catalog))
    return planner.summarize(planner.load(path), **kwargs)


def category(s, name):
    return next(c for c in s["categories"] if c["category"] == name)


@pytest.mark.parametrize("compute", ["utilization = 0.4", "tokens_per_second = 5000", "hours = 10"])
def test_electra_quarter_compute_quarters_cost_and_keeps_the_tokens(tmp_path, compute):
    base = summary(tmp_path, compute=compute)
    electra = summary(tmp_path, "sample_efficiency = 4", compute=compute)
    for q in ("cost", "accelerator_hours", "energy_kwh", "co2_kg", "flops"):
        assert electra["total"][q] == pytest.approx(base["total"][q] / 4)
    # the file's training tokens are still the run's tokens; the implied utilization is unchanged
    assert electra["final_run"]["tokens"] == base["final_run"]["tokens"] == 20e9
    assert electra["final_run"]["utilization"] == pytest.approx(base["final_run"]["utilization"])


def test_electra_gives_no_false_chinchilla_alarm(tmp_path):
    # 1B parameters on 20B tokens is compute-optimal; a lever on compute must not change that
    s = summary(tmp_path, "sample_efficiency = 4")
    assert s["checks"]["tokens_per_param"] == pytest.approx(20)
    assert not [n for n in s["checks"]["notes"] if "Chinchilla" in n]


LONG = """schema = 1
name = "long"
[model]
family = "encoder"
layers = 12
d_model = 768
heads = 12
vocab = 30522
seq_len = 4096
[training]
tokens = 1e9
[compute]
accelerator = "h100"
count = 8
[pricing]
catalog = "lambda-2025"
[whatif]
{whatif}
"""


def attention_share(tmp_path, whatif):
    """(attention FLOPs of the run, total cost) under a what-if."""
    s = planner.summarize(planner.load(write_scenario(tmp_path, LONG.format(whatif=whatif))))
    # The 4096 x 768 learned position embeddings are a lookup: parameters without FLOPs (shape.py).
    matrix_params = s["final_run"]["active_params"] - 4096 * 768
    return s["final_run"]["flops"] - 6 * matrix_params * 1e9, s["total"]["cost"]


@pytest.mark.parametrize("whatif, factor", [
    ('attention = "linear"', 512 / 4096),                                    # Longformer: w / T
    ('attention = "linear"\nattention_window = 256', 256 / 4096),
    ('attention = "nlogn"', 512 * math.log2(4096) / (4096 * math.log2(512))),  # Reformer: T log T
    ('attention = "nlogn"\nattention_window = 256', 256 * 12 / (4096 * 8)),
])
def test_attention_levers_scale_only_the_attention_term(tmp_path, whatif, factor):
    full, full_cost = attention_share(tmp_path, "")
    assert full == pytest.approx(12 * 12 * 768 * 4096 * 1e9)  # PaLM's 12 L H Q T, whole for an encoder
    scaled, cost = attention_share(tmp_path, whatif)
    assert scaled == pytest.approx(full * factor)
    dense = planner.summarize(planner.load(write_scenario(tmp_path, LONG.format(whatif="")))).get("final_run")
    assert cost / full_cost == pytest.approx((dense["flops"] - full + scaled) / dense["flops"])


@pytest.mark.parametrize("model, size, speedup", [("tinybert", 1 / 7.5, 9.4), ("distilbert", 0.6, 1.6)])
def test_distillation_is_an_eighth_category_in_the_total(tmp_path, model, speedup, size):
    base = summary(tmp_path)
    s = summary(tmp_path, f'distill = "{model}"\ndistill_scale = 0.3')
    assert [c["category"] for c in s["categories"]][-1] == "distillation" and len(s["categories"]) == 8
    row = category(s, "distillation")
    assert row["runs"] == 1 and row["cost"] == pytest.approx(0.3 * s["final_run"]["cost"])
    # in the total, but not in contingency's base
    assert s["total"]["cost"] == pytest.approx(base["total"]["cost"] + row["cost"])
    assert category(s, "contingency")["cost"] == pytest.approx(category(base, "contingency")["cost"])
    assert s["total"]["runs"] == base["total"]["runs"] + 1
    serving = s["serving"]
    assert serving["size_factor"] == pytest.approx(size) and serving["inference_speedup"] == speedup
    assert serving["distillation"]["cost"] == pytest.approx(row["cost"])
    effect = next(e for e in s["whatifs"] if e["lever"] == "distill")
    assert effect["cost_change"] == pytest.approx(row["cost"])
    assert effect["total_cost_without"] == pytest.approx(base["total"]["cost"])
    assert "Distillation (serving)" in text(s)


def test_no_distillation_category_when_the_lever_is_off(tmp_path):
    assert [c["category"] for c in summary(tmp_path)["categories"]] == list(planner.engine.categories.CATEGORIES)


def test_spot_price_and_overhead_on_hours_not_on_utilization(tmp_path):
    demand = summary(tmp_path, catalog="aws-2025")
    spot = summary(tmp_path, "spot = true\npreemption_overhead = 0.1", catalog="aws-2025")
    price = planner.load_catalogs().pricing["aws-2025"].price("h100", "spot", None).value.point
    assert spot["pricing"]["offer"] == "spot"
    assert spot["total"]["accelerator_hours"] == pytest.approx(demand["total"]["accelerator_hours"] * 1.1)
    assert spot["total"]["cost"] == pytest.approx(demand["total"]["accelerator_hours"] * 1.1 * price)
    # utilization is while running: the lost time does not lower it
    assert spot["final_run"]["utilization"] == pytest.approx(demand["final_run"]["utilization"])
    assert SPOT_WITHOUT_OVERHEAD not in spot["warnings"]


def test_spot_without_overhead_warns_and_adds_no_time(tmp_path):
    demand = summary(tmp_path, catalog="aws-2025")
    spot = summary(tmp_path, "spot = true", catalog="aws-2025")
    assert SPOT_WITHOUT_OVERHEAD in spot["warnings"]
    assert spot["total"]["accelerator_hours"] == pytest.approx(demand["total"]["accelerator_hours"])
    assert "Note: " + SPOT_WITHOUT_OVERHEAD in text(spot)


@pytest.mark.parametrize("years", [1.0, 2.5, 4.0])
def test_later_start_halves_price_every_two_and_a_half_years(tmp_path, years):
    base = summary(tmp_path)
    later = summary(tmp_path, f"start_delay_years = {years}")
    factor = 0.5 ** (years / 2.5)
    assert later["total"]["cost"] == pytest.approx(base["total"]["cost"] * factor)
    assert later["pricing"]["price_per_accelerator_hour"] == pytest.approx(
        base["pricing"]["price_per_accelerator_hour"] * factor)
    assert later["total"]["accelerator_hours"] == pytest.approx(base["total"]["accelerator_hours"])


LEVER_RANGES = [
    ("sample_efficiency = [2, 8]", "sample_efficiency", "lambda-2025"),
    ("start_delay_years = [1, 4]", "start_delay_years", "lambda-2025"),
    ('distill = "tinybert"\ndistill_scale = [0.1, 0.5]', "distill_scale", "lambda-2025"),
    ("spot = true\npreemption_overhead = [0.05, 0.5]", "preemption_overhead", "aws-2025"),
]


@pytest.mark.parametrize("whatif, key, catalog", LEVER_RANGES)
def test_a_range_on_a_lever_is_sampled_and_swung(tmp_path, whatif, key, catalog):
    s = summary(tmp_path, whatif, catalog=catalog)
    unc = s["uncertainty"]  # the contract: a range on any input gives the block
    assert key in [r["key"] for r in unc["inputs"]]
    for q in ("cost", "accelerator_hours", "wall_clock_hours", "co2_kg"):
        assert set(unc[q]) == {"p5", "p50", "p95"}
    assert unc["cost"]["p5"] < unc["cost"]["p50"] < unc["cost"]["p95"]
    path = write_scenario(tmp_path, BASE.format(whatif=whatif, compute="utilization = 0.4", catalog=catalog))
    swing = next(sw for sw in tornado(planner.load(path)) if sw.key == key)
    low, high = (float(v) for v in whatif.rsplit("[", 1)[1].rstrip("]").split(","))
    assert swing.ranged and (swing.low_input, swing.high_input) == (low, high)
    assert swing.spread > 0


def test_the_percentiles_of_a_lever_range_sit_at_its_ends(tmp_path):
    s = summary(tmp_path, "sample_efficiency = [2, 8]")
    at = lambda se: summary(tmp_path, f"sample_efficiency = {se}")["total"]["cost"]
    # cost is 1 / sample efficiency: its 95th percentile is at the low end of the range
    assert s["uncertainty"]["cost"]["p95"] == pytest.approx(at(2), rel=0.02)
    assert s["uncertainty"]["cost"]["p5"] == pytest.approx(at(8), rel=0.02)


@pytest.mark.parametrize("whatif, shown", [
    ("spot = true\npreemption_overhead = [0.05, 0.5]", "spot instances, 5%-50% preemption overhead"),
    ("sample_efficiency = [2, 8]", "compute / 2-8"),
    ("start_delay_years = [1, 5]", "start 1-5 years later: price x 0.25-0.76"),
    ('distill = "distilbert"\ndistill_scale = [0.1, 0.3]', "distilling it costs 0.1-0.3 x one final run"),
])
def test_every_lever_describes_a_range(tmp_path, whatif, shown):
    catalog = "aws-2025" if "spot" in whatif else "lambda-2025"
    s = summary(tmp_path, whatif, catalog=catalog)
    assert any(shown in e["description"] for e in s["whatifs"])
    text(s)  # and the text summary renders it


