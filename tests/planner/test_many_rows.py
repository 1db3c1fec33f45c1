"""Ablation and baseline rows are summed, not stored per row: the same figures as row-by-row work, in
memory that does not grow with the rows."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

import planner
from planner.analysis.sensitivity import tornado
from planner.engine.resolve import resolve
from planner.engine.rows import sampled_sums
from planner.engine.summary import MC_SAMPLES
from planner.model.bounds import MAX_ROWS
from planner.model.scenario import Runs
from planner.model.values import Range
from support import SCENARIOS, write_scenario

BERT = SCENARIOS / "bert-large.toml"


def with_rows(rows: list[Runs], baselines: list[Runs] = ()):
    scenario = planner.load(BERT)
    return replace(scenario, project=replace(scenario.project, ablations=tuple(rows), baselines=tuple(baselines)))


def test_sampled_row_sums_follow_each_rows_interval():
    """Three rows with ranges: the sum of runs x scale has the mean and spread of summing each row's
    own draws (the lognormal and the clipped-normal rules of sampling.py)."""
    rows = [Runs("a", Range(1, 4), Range(0.1, 0.3)), Runs("b", 2.0, Range(0.0, 0.5)), Runs("c", 3.0, 0.25)]
    inputs = resolve(with_rows(rows), planner.load_catalogs()).inputs
    sums = sampled_sums(inputs, 200_000, np.random.default_rng(1))
    compute = sums["ablation_compute_sum"]
    rng = np.random.default_rng(2)
    z = rng.standard_normal((3, 200_000))
    sig = lambda lo, hi: (np.log(hi) - np.log(lo)) / (2 * 1.6448536269514722)  # noqa: E731
    a_runs = np.exp(0.5 * np.log(4) + sig(1, 4) * z[0])
    a_scale = np.exp(0.5 * (np.log(0.1) + np.log(0.3)) + sig(0.1, 0.3) * z[1])
    b_scale = np.maximum(0.25 + 0.5 / (2 * 1.6448536269514722) * z[2], 0)
    expected = a_runs * a_scale + 2 * b_scale + 0.75
    assert compute.mean() == pytest.approx(expected.mean(), rel=0.01)
    for q in (5, 50, 95):
        assert np.percentile(compute, q) == pytest.approx(np.percentile(expected, q), rel=0.02)
    assert sums["baseline_compute_sum"] == 0.0


def test_a_summary_with_ranged_rows_is_priced_like_the_rows_one_by_one():
    """The point figures are each row's runs x scale; every ranged row is listed and widens the range."""
    rows = [Runs(f"r{i}", Range(1, 3), Range(0.05, 0.2)) for i in range(50)]
    summary = planner.summarize(with_rows(rows))
    final = summary.final_run.cost
    ablations = next(c for c in summary.categories if c.category == "ablations")
    point = sum(Range(1, 3).point * Range(0.05, 0.2).point for _ in rows)
    assert ablations.cost == pytest.approx(point * final)
    unc = summary.uncertainty
    assert len(unc.inputs) == 100 and unc.inputs[99].file_key == "project.ablations[49].scale"
    assert unc.cost.p5 < unc.cost.p50 < unc.cost.p95


def test_tornado_row_swings_match_pricing_each_swing_alone():
    rows = [Runs("a", 2.0, 0.5), Runs("b", Range(1, 5), Range(0.1, 0.4))]
    scenario = with_rows(rows, [Runs("base", 3.0, 0.2)])
    swings = {s.key: s for s in tornado(scenario)}
    for key, index, part in (("ablation_runs_1", 1, "runs"), ("ablation_scale_1", 1, "scale"),
                             ("ablation_runs_0", 0, "runs"), ("baseline_scale_0", 0, "scale")):
        swing = swings[key]
        for value, cost in ((swing.low_input, swing.low_cost), (swing.high_input, swing.high_cost)):
            kind = "ablations" if key.startswith("ablation") else "baselines"
            changed = list(getattr(scenario.project, kind))
            changed[index] = replace(changed[index], **{part: value})
            alone = replace(scenario, project=replace(scenario.project, **{kind: tuple(changed)}))
            assert cost == pytest.approx(planner.summarize(alone, samples=0).total.cost, rel=1e-9), key


def test_memory_does_not_grow_with_ranged_rows():
    """1,000 ranged rows: the old way held 20,000 draws of each row's runs and scale (0.3 GB)."""
    rows = [Runs(f"r{i}", Range(1, 2 + i % 3), Range(0.01, 0.1)) for i in range(1000)]
    scenario = with_rows(rows)
    tracemalloc.start()
    try:
        planner.summarize(scenario)
        tornado(scenario)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 80e6, f"{peak / 1e6:.0f} MB"
    assert 1000 * 2 * MC_SAMPLES * 8 > 3 * 80e6  # what per-row arrays would have needed


def test_more_rows_than_the_limit_are_refused(tmp_path):
    text = BERT.read_text(encoding="utf-8") + "".join(
        f'\n[[project.baselines]]\nname = "b{i}"\nruns = 1\nscale = 0.1\n' for i in range(MAX_ROWS + 1))
    with pytest.raises(planner.ScenarioError, match=f"project.baselines: expected at most {MAX_ROWS:,} rows"):
        planner.load(write_scenario(tmp_path, text))
