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
    assert data["budget"]["amount"] == summary.budget.amount and data["total"]["compute_cost"] == summary.total.cost
    assert data["uncertainty"]["cost"]["p50"] == summary.uncertainty.cost.p50
    assert Summary.from_dict(data) == summary  # the JSON round-trips to the same record
