"""The typed summary: attributes for the planner's readers, the contract's mapping and JSON for scripts."""

import json

import pytest

import planner
from planner.engine.summary_types import Category, FinalRun, Summary, Uncertainty
from support import SCENARIOS


def test_summary_is_typed_and_reads_as_the_contracts_mapping():
    summary = planner.summarize(planner.load(SCENARIOS / "bert-large.toml"))
    assert isinstance(summary, Summary) and isinstance(summary.final_run, FinalRun)
    assert all(isinstance(c, Category) for c in summary.categories)
    assert summary.total.cost == summary["total"]["cost"] == pytest.approx(138_240)
    assert [c.category for c in summary.categories][:7] == ["final", "ensemble", "tuning", "ablations", "baselines",
                                                            "seed_repeats", "contingency"]
    assert summary.uncertainty is None and "uncertainty" not in summary and summary.get("uncertainty") is None
    with pytest.raises(KeyError):
        summary["uncertainty"]
    assert summary.category("final") is summary.categories[0]


def test_to_json_is_the_dict_and_leaves_absent_blocks_out():
    summary = planner.summarize(planner.load(SCENARIOS / "decoder-7b-h100.toml"))
    assert isinstance(summary.uncertainty, Uncertainty) and summary.uncertainty.cost.p5 < summary.uncertainty.cost.p95
    data = json.loads(summary.to_json())
    assert data == summary.to_dict()
    assert set(data) >= {"name", "currency", "pricing", "final_run", "categories", "total", "uncertainty"}
    assert "serving" not in data and data["budget"]["cap"] is None   # the committed budget is always there
    assert data["budget"]["amount"] == pytest.approx(summary.budget.amount, rel=1e-14)
    assert data["total"]["compute_cost"] == pytest.approx(summary.total.cost, rel=1e-14)
    assert data["uncertainty"]["cost"]["p50"] == pytest.approx(summary.uncertainty.cost.p50, rel=1e-14)
    assert Summary.from_dict(data).to_dict() == data  # the JSON round-trips to the same record
    assert all(a == pytest.approx(b, rel=1e-14) for a, b in ((summary.total.cost, data["total"]["cost"]),
                                                             (summary.final_run.flops, data["final_run"]["flops"])))


def test_json_has_no_float_noise(tmp_path):
    """A sum of exact prices prints as the figure a person would write: 3520, not 3519.9999999999995."""
    from support import write_scenario
    path = write_scenario(tmp_path, (SCENARIOS / "bert-large.toml").read_text().replace(
        "[pricing]", "[pricing]\nprice_per_hour = 0.1", 1))
    data = json.loads(planner.summarize(planner.load(path)).to_json())
    costs = [c["cost"] for c in data["categories"]] + [data["total"]["cost"]]
    assert all(repr(c) == repr(float(f"{c:.15g}")) for c in costs)
