"""The category table of scenario-format.md, checked through a scenario file with figures worked by hand.

One final run R: 1e9 parameters (no shape, so no attention term) on 1e10 tokens, 8 H100s at 50% of the
989 TFLOP/s bf16 dense peak, $2 per accelerator-hour, 500 W, PUE 1.2, 0.4 kg CO2e per kWh.
"""

import pytest

import planner
from support import write_scenario

PROJECT = """schema = 1
name = "category semantics"

[model]
params = 1e9

[training]
tokens = 1e10

[compute]
accelerator = "h100"
count = 8
utilization = 0.5

[pricing]
catalog = "aws-2025"
price_per_hour = 2.0

[energy]
power_watts = 500
pue = 1.2
grid_kg_per_kwh = 0.4

[project]
ensemble = 2
seeds = 3
final_seeds = 2
contingency = 0.1

[project.tuning]
trials = 4
scale = 0.25

[[project.ablations]]
name = "half-size"
runs = 2
scale = 0.5

[[project.ablations]]
name = "double-length"
runs = 1
scale = 2.0

[[project.baselines]]
name = "small"
runs = 3
scale = 0.1
"""

# R by hand: 6ND = 6 x 1e9 x 1e10 = 6e19 FLOPs; seconds = 6e19 / (989e12 x 0.5).
R_FLOPS = 6e19
R_HOURS = 6e19 / (989e12 * 0.5) / 3600          # 33.70 accelerator-hours
R_COST = R_HOURS * 2.0
R_KWH = R_HOURS * 500 / 1000 * 1.2
R_CO2 = R_KWH * 0.4

# (category, runs, compute in units of R), worked from the table with s = 3, f = 2:
EXPECTED = [
    ("final", 1, 1.0),
    ("ensemble", 1, 1.0),                              # ensemble - 1
    ("tuning", 4, 1.0),                                # trials; 4 x 0.25
    ("ablations", 3, 2.0 * 0.5 + 1 * 2.0),             # 2 + 1 runs; 3.0
    ("baselines", 3, 0.3),                             # 3 x 0.1
    ("seed_repeats", 1 + 2 * (4 + 3 + 3),              # (f-1) + (s-1)(trials + ablation + baseline runs) = 21
     1.0 + 2 * (1.0 + 3.0 + 0.3)),                     # (f-1) R + (s-1)(tuning + ablations + baselines) = 9.6
    ("contingency", 0, 0.1 * (1 + 1 + 1 + 3 + 0.3 + 9.6)),  # 10% of everything above = 1.59
]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    path = write_scenario(tmp_path_factory.mktemp("categories"), PROJECT)
    return planner.summarize(planner.load(path))


def test_one_final_run_is_worked_by_hand(summary):
    final = summary["final_run"]
    assert final["flops"] == pytest.approx(R_FLOPS)
    assert final["accelerator_hours"] == pytest.approx(R_HOURS)
    assert final["wall_clock_hours"] == pytest.approx(R_HOURS / 8)
    assert final["cost"] == pytest.approx(R_COST)
    assert final["energy_kwh"] == pytest.approx(R_KWH)
    assert final["co2_kg"] == pytest.approx(R_CO2)


@pytest.mark.parametrize("row", EXPECTED, ids=[r[0] for r in EXPECTED])
def test_each_category_follows_the_table(summary, row):
    name, runs, multiple = row
    found = next(c for c in summary["categories"] if c["category"] == name)
    assert found["runs"] == runs
    assert found["flops"] == pytest.approx(multiple * R_FLOPS)
    assert found["accelerator_hours"] == pytest.approx(multiple * R_HOURS)
    assert found["cost"] == pytest.approx(multiple * R_COST)
    assert found["energy_kwh"] == pytest.approx(multiple * R_KWH)
    assert found["co2_kg"] == pytest.approx(multiple * R_CO2)


def test_the_total_is_the_sum_and_the_order_is_the_contract(summary):
    assert [c["category"] for c in summary["categories"]][:7] == [r[0] for r in EXPECTED]
    total_multiple = sum(r[2] for r in EXPECTED)       # 17.49 final runs' worth
    assert total_multiple == pytest.approx(17.49)
    assert summary["total"]["runs"] == 33
    assert summary["total"]["cost"] == pytest.approx(total_multiple * R_COST)
    assert summary["iceberg_ratio"] == pytest.approx(17.49)
