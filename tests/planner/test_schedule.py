"""The schedule: phases in order on a capacity of accelerators, their sums, bounds and spend per period."""

from __future__ import annotations

import datetime as dt

import pytest

import planner
from planner.analysis.schedule import period_bounds, schedule
from support import SCENARIOS, write_scenario

BERT = (SCENARIOS / "bert-large.toml").read_text()


def _bert(tmp_path, block: str = ""):
    scenario = planner.load(write_scenario(tmp_path, BERT.replace("[model]", block + "\n[model]", 1)))
    return scenario, planner.summarize(scenario)


def _check_sums(summary, result):
    """Entries sum to their categories, periods to the compute total; the end is never too early."""
    for c in summary.categories:
        entries = [e for e in result.phases if e.category == c.category]
        assert sum(e.cost for e in entries) == pytest.approx(c.cost, rel=1e-12, abs=1e-9)
        assert sum(e.accelerator_hours for e in entries) == pytest.approx(c.accelerator_hours, rel=1e-12, abs=1e-9)
    assert sum(p.cost for p in result.periods) == pytest.approx(summary.total.compute_cost, rel=1e-12)
    assert sum(p.accelerator_hours for p in result.periods) == pytest.approx(summary.total.accelerator_hours)
    assert result.duration_hours >= summary.total.accelerator_hours / result.accelerators * (1 - 1e-12)
    end = dt.datetime.fromisoformat(result.end)
    assert end >= dt.datetime.fromisoformat(result.start) + dt.timedelta(hours=result.duration_hours)


def test_bert_large_back_to_back_is_twenty_runs_of_four_days(tmp_path):
    scenario, summary = _bert(tmp_path, "[schedule]\nstart = 2027-01-01\n")
    result = schedule(scenario, summary)
    assert result.start == "2027-01-01" and result.start_given
    assert result.duration_days == pytest.approx(80.0) and result.end == "2027-03-22"
    assert [(e.phase, e.category) for e in result.phases] == [
        ("tuning", "tuning"), ("tuning", "seed_repeats"), ("final", "final"), ("final seeds", "seed_repeats")]
    assert result.phases[2].start == "2027-02-10T00:00" and result.phases[2].end == "2027-02-14T00:00"
    assert [(p.period, round(p.cost, 2)) for p in result.periods] == [("2027", 138_240.0)]
    _check_sums(summary, result)


def test_twice_the_accelerators_runs_two_at_once(tmp_path):
    scenario, summary = _bert(tmp_path, "[schedule]\nstart = 2027-01-01\naccelerators = 128\n")
    result = schedule(scenario, summary)
    # tuning: 10 runs in 5 waves (20 days); final: 4 days; 9 seed repeats in 5 waves (20 days)
    assert result.runs_at_once == 2 and result.duration_days == pytest.approx(44.0)
    _check_sums(summary, result)


def test_fewer_accelerators_than_a_run_uses_slow_each_run_down(tmp_path):
    scenario, summary = _bert(tmp_path, "[schedule]\nstart = 2027-01-01\naccelerators = 32\n")
    result = schedule(scenario, summary)
    assert result.duration_days == pytest.approx(160.0)   # the accelerator-hours over 32, exactly the bound
    _check_sums(summary, result)


def test_contingency_distillation_and_named_rows_each_have_their_phase(tmp_path):
    text = (SCENARIOS / "decoder-7b-h100.toml").read_text().replace(
        "[model]", '[schedule]\nstart = 2027-07-01\naccelerators = 512\nperiod = "quarter"\n'
                   'fiscal_year_start = 7\n\n[whatif]\ndistill = "distilbert"\ndistill_scale = 0.2\n\n[model]', 1)
    scenario = planner.load(write_scenario(tmp_path, text))
    summary = planner.summarize(scenario)
    result = schedule(scenario, summary)
    phases = list(dict.fromkeys(e.phase for e in result.phases))
    assert phases == ["tuning", "ablations and baselines", "final", "distillation", "contingency"]
    assert result.phases[-1].category == "contingency"
    assert result.phases[-1].end_hours == pytest.approx(result.duration_hours)
    assert result.periods[0].period == "FY2027-28 Q1" and result.periods[0].start == "2027-07-01"
    _check_sums(summary, result)


@pytest.mark.parametrize("day, kind, fiscal, expected", [
    ("2027-01-01", "year", 1, ("2027-01-01", "2028-01-01", "2027")),
    ("2027-03-15", "year", 7, ("2026-07-01", "2027-07-01", "FY2026-27")),
    ("2027-08-15", "year", 7, ("2027-07-01", "2028-07-01", "FY2027-28")),
    ("2027-05-31", "quarter", 1, ("2027-04-01", "2027-07-01", "2027 Q2")),
    ("2027-05-31", "quarter", 10, ("2027-04-01", "2027-07-01", "FY2026-27 Q3")),
    ("2027-12-02", "month", 4, ("2027-12-01", "2028-01-01", "2027-12")),
])
def test_period_bounds_and_fiscal_labels(day, kind, fiscal, expected):
    first, after, label = period_bounds(dt.date.fromisoformat(day), kind, fiscal)
    assert (first.isoformat(), after.isoformat(), label) == expected


def test_spend_is_split_across_years_in_proportion_to_time(tmp_path):
    scenario, summary = _bert(tmp_path, '[schedule]\nstart = 2027-12-01\nperiod = "year"\n')
    result = schedule(scenario, summary)
    first, second = result.periods
    # December is 31 of the tuning phase's 40 days: 31/40 of its 10 runs' $69,120
    assert first.cost == pytest.approx(69_120 * 31 / 40) and second.period == "2028"
    _check_sums(summary, result)


@pytest.mark.parametrize("block, key", [
    ("[schedule]\nstart = \"next year\"\n", "schedule.start"),
    ("[schedule]\nstart = 2027-01-01T09:00:00\n", "schedule.start"),
    ("[schedule]\nperiod = \"week\"\n", "schedule.period"),
    ("[schedule]\nfiscal_year_start = 13\n", "schedule.fiscal_year_start"),
    ("[schedule]\naccelerators = 0\n", "schedule.accelerators"),
])
def test_bad_schedule_keys_are_refused_by_key(tmp_path, block, key):
    with pytest.raises(planner.ScenarioError) as err:
        _bert(tmp_path, block)
    assert err.value.key == key


def test_the_schedule_is_saved_with_a_date(tmp_path):
    from dataclasses import replace
    scenario, _ = _bert(tmp_path, "[schedule]\nstart = 2027-01-01 # grant start\n")
    edited = replace(scenario, schedule=replace(scenario.schedule, start=dt.date(2028, 4, 1), period="quarter"))
    text = planner.save(edited, tmp_path / "out.toml")
    assert "start = 2028-04-01 # grant start" in text and 'period = "quarter"' in text
    assert planner.load(tmp_path / "out.toml").schedule == edited.schedule


def test_a_project_too_long_for_a_calendar_is_refused_not_crashed(tmp_path):
    scenario, summary = _bert(tmp_path, "[schedule]\naccelerators = 1\n")
    scenario = planner.model.scenario.with_value(scenario, "project", "trials", 1e12)
    with pytest.raises(planner.ComputeError) as err:
        schedule(scenario, planner.summarize(scenario))
    assert "years on 1 accelerators" in str(err.value)


def test_the_period_tables_caption_ends_on_the_tables_last_day(tmp_path):
    """The caption and the Total row name the same last day (the schedule's end is the midnight after it)."""
    from planner.analysis.schedule import schedule as make_schedule
    from planner.present.content import period_table
    scenario = planner.load(SCENARIOS / "decoder-7b-h100.toml")
    caption, _header, rows = period_table(make_schedule(scenario, planner.summarize(scenario)))
    assert f" to {rows[-1][2]}:" in caption
