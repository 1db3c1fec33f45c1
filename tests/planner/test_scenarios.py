"""Every bundled scenario loads, summarises and says where its figures come from."""

from pathlib import Path

import pytest

import planner
from support import SCENARIOS

FILES = sorted(SCENARIOS.glob("*.toml"))


def test_the_examples_asked_for_are_there():
    names = {p.stem for p in FILES}
    assert {"bert-base", "bert-large", "gpt2-1.5b", "t5-11b", "decoder-7b-h100", "deepseek-v3-moe"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bundled_scenario_loads_and_summarises(path: Path):
    scenario = planner.load(path)
    summary = planner.summarize(scenario)
    assert summary["total"]["cost"] > summary["final_run"]["cost"] > 0
    assert summary["final_run"]["flops"] is None and any("tokens is not given" in w for w in scenario.warnings) \
        or summary["final_run"]["flops"] > 0
    assert all("unknown key" not in w for w in scenario.warnings)
    assert "#" in path.read_text()  # cited sources live in comments


def test_bert_large_is_the_sharir_fully_loaded_project():
    summary = planner.summarize(planner.load(SCENARIOS / "bert-large.toml"))
    assert summary["total"]["runs"] == 20
    # 64 TPU v2 chips x 96 h at $4.50 per 4-chip device (gcp-2019): $6,912 per run
    assert summary["final_run"]["cost"] == pytest.approx(64 * 96 * 4.50 / 4)


def test_moe_uses_active_parameters():
    summary = planner.summarize(planner.load(SCENARIOS / "deepseek-v3-moe.toml"))
    assert summary["final_run"]["active_params"] == pytest.approx(37e9)
    assert summary["final_run"]["params"] == pytest.approx(671e9)


def test_presets_are_valid_models_with_sources(tmp_path):
    from dataclasses import replace

    from planner.model.presets import presets
    base = planner.load(SCENARIOS / "bert-large.toml")
    found = presets()
    assert len(found) >= 6
    for preset in found:
        assert preset.source
        scenario = planner.validate(replace(base, model=preset.model))
        assert planner.summarize(scenario)["final_run"]["params"] > 1e8
    gpt3 = next(p for p in found if p.name.startswith("GPT-3"))
    assert planner.summarize(replace(base, model=gpt3.model))["final_run"]["params"] == pytest.approx(175e9, rel=0.01)
