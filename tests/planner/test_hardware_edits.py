"""Measured figures belong to the hardware they were measured on (planner.analysis.edits)."""

from __future__ import annotations

import pytest

import planner
from planner.analysis.edits import change_count, switch_accelerator
from planner.analysis.offers import price_options
from planner.model.values import Range
from support import SCENARIOS, write_scenario

BERT = SCENARIOS / "bert-large.toml"


@pytest.fixture(scope="module")
def catalogs():
    return planner.load_catalogs()


def total(scenario, catalogs):
    return planner.summarize(scenario, catalogs, samples=0).total


def test_switch_under_measured_hours_equals_the_offers_row(catalogs):
    bert = planner.load(BERT, catalogs)
    # Before the rule, the switch priced h100 from tpu-v2's 96 measured hours: $756,941 at 1.3%.
    edited = switch_accelerator(bert, catalogs, "h100")
    s = edited.scenario
    assert (s.compute.accelerator, s.compute.hours, s.pricing.catalog) == ("h100", None, "aws-skypilot-2026")
    summary = planner.summarize(s, catalogs, samples=0)
    row = next(o for o in price_options(bert, catalogs)
               if (o.accelerator, o.catalog, o.offer) == ("h100", "aws-skypilot-2026", "on-demand"))
    assert summary.total.cost == pytest.approx(row.cost, rel=1e-12)
    assert round(summary.total.cost) == 38_467
    assert summary.final_run.utilization == pytest.approx(0.2833, abs=1e-4)
    assert summary.final_run.flops == pytest.approx(planner.summarize(bert, catalogs).final_run.flops)
    said = [n.say() for n in edited.notes]
    assert "measured on tpu-v2: 28.3% implied utilization kept on h100" in said
    assert any('priced with "aws-skypilot-2026" (as of 2026-11-27)' in n for n in said)


def test_switch_without_tokens_is_refused_with_the_reason(tmp_path, catalogs):
    path = write_scenario(tmp_path, 'schema = 1\nname = "m"\n[model]\nparams = 1e9\n[compute]\n'
                          'accelerator = "a100-80gb"\ncount = 8\nhours = 10\n[pricing]\ncatalog = "aws-2025"\n')
    with pytest.raises(planner.RequestError) as refused:
        switch_accelerator(planner.load(path, catalogs), catalogs, "h100")
    assert refused.value.field == "compute.accelerator"
    assert "FLOPs are unknown" in refused.value.expected


def test_switch_under_tokens_per_second_converts_too(tmp_path, catalogs):
    path = write_scenario(tmp_path, 'schema = 1\nname = "t"\n[model]\nparams = 1e9\n[training]\ntokens = 2e10\n'
                          '[compute]\naccelerator = "a100-80gb"\ncount = 8\ntokens_per_second = [2000, 3000]\n'
                          '[pricing]\ncatalog = "aws-2025"\n')
    s = planner.load(path, catalogs)
    before = planner.summarize(s, catalogs, samples=0).final_run.utilization
    edited = switch_accelerator(s, catalogs, "h100").scenario
    assert isinstance(edited.compute.utilization, Range) and edited.compute.tokens_per_second is None
    assert edited.compute.utilization.low < before < edited.compute.utilization.high
    assert edited.pricing.catalog == "aws-2025"   # it prices h100 on demand: kept


def test_switch_keeps_a_utilization_and_drops_a_precision_the_new_chip_lacks(catalogs):
    s = planner.load(SCENARIOS / "decoder-7b-h100.toml", catalogs)
    edited = switch_accelerator(s, catalogs, "v100").scenario
    assert edited.compute.utilization == s.compute.utilization
    assert edited.training.precision in (None, *catalogs.accelerators["v100"].peak_tflops)


def test_count_under_measured_hours_keeps_accelerator_hours(catalogs):
    bert = planner.load(BERT, catalogs)
    edited = change_count(bert, catalogs, 128)
    assert edited.scenario.compute.hours == 48
    assert total(edited.scenario, catalogs).cost == total(bert, catalogs).cost == 138_240
    assert total(edited.scenario, catalogs).wall_clock_hours == pytest.approx(total(bert, catalogs).wall_clock_hours / 2)
    assert "linear scaling assumed" in edited.notes[0].say()


def test_count_under_tokens_per_second_keeps_accelerator_hours(tmp_path, catalogs):
    path = write_scenario(tmp_path, 'schema = 1\nname = "t"\n[model]\nparams = 1e9\n[training]\ntokens = 2e10\n'
                          '[compute]\naccelerator = "h100"\ncount = 8\ntokens_per_second = 3000\n'
                          '[pricing]\ncatalog = "aws-2025"\n')
    s = planner.load(path, catalogs)
    edited = change_count(s, catalogs, 32).scenario
    assert total(edited, catalogs).accelerator_hours == pytest.approx(total(s, catalogs).accelerator_hours)
    assert total(edited, catalogs).wall_clock_hours == pytest.approx(total(s, catalogs).wall_clock_hours / 4)


@pytest.mark.parametrize("bad", [0, -4, float("inf")])
def test_count_must_be_positive(bad, catalogs):
    with pytest.raises(planner.RequestError) as refused:
        change_count(planner.load(BERT, catalogs), catalogs, bad)
    assert refused.value.field == "compute.count"


def test_plan_tokens_from_measured_hours(catalogs):
    from planner.analysis.plan import solve
    result = solve(planner.load(BERT, catalogs), "tokens", budget=250_000, catalogs=catalogs)
    assert result.summary.total.cost == pytest.approx(250_000, rel=1e-3) and result.summary.total.cost <= 250_000
    assert result.value == pytest.approx(2.37e11, rel=1e-2)
    assert result.summary.final_run.utilization == pytest.approx(0.2833, abs=1e-4)
    assert any("28.3% implied utilization" in n for n in result.notes)


def test_taking_an_offer_row_prices_the_scenario_as_that_row():
    from planner.analysis.edits import take_offer
    from planner.analysis.offers import price_options
    catalogs = planner.load_catalogs()
    scenario = planner.load(SCENARIOS / "bert-large.toml")   # measured 4 days on 64 TPU v2 chips
    options = price_options(scenario, catalogs)
    for o in [o for o in options if not o.current]:   # other accelerators and the own one's other offers
        edited = take_offer(scenario, catalogs, o.accelerator, o.catalog, o.offer)
        summary = planner.summarize(edited.scenario, catalogs)
        assert summary.total.cost == pytest.approx(o.cost, rel=1e-9), o.label
        p = edited.scenario.pricing
        assert (edited.scenario.compute.accelerator, p.catalog, p.offer) == (o.accelerator, o.catalog, o.offer)
        assert not any("does not price" in n.text for n in edited.notes)   # no catalog the row does not use
    with pytest.raises(planner.RequestError) as refused:
        take_offer(scenario, catalogs, "tpu-v2", "your cluster", "owned")
    assert refused.value.field == "pricing.catalog"
