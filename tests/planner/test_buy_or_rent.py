"""Buy or rent: yearly cost lines, the break-even by hand, and both sides priced as summary prices them."""

import pytest

import planner
from planner.analysis.buy_or_rent import buy_or_rent
from planner.model.errors import RequestError
from planner.present.buy_or_rent_text import buy_or_rent_text
from support import write_scenario
from test_ownership import BASE


def load(tmp_path, pricing, acc="h100", extra=""):
    return planner.load(write_scenario(tmp_path, BASE.format(acc=acc, pricing=pricing, extra=extra)))


RENTED = 'catalog = "aws-2025"\ncluster_utilization = 0.7\nregion = "us-east-1"'


def test_break_even_by_hand(tmp_path):
    b = buy_or_rent(load(tmp_path, RENTED))
    # aws-2025 p5.48xlarge on-demand $55.04 / 8 = $6.88 per H100-hour.
    # Owning 64 H100: 64 x 37,080.50 x 1.2346 / 5 = $585,978.69 a year; electricity 700 W x 1.15 x $0.0892.
    capex = 64 * 37080.50 * 1.2346 / 5
    energy = 0.7 * 1.15 * 0.0892
    assert b.rent_price_per_hour == pytest.approx(6.88)
    assert b.capex_per_year == pytest.approx(capex, rel=1e-12)
    assert b.energy_per_hour == pytest.approx(energy, rel=1e-12)
    assert b.break_even_hours_per_year == pytest.approx(capex / (6.88 - energy), rel=1e-12)
    assert round(b.break_even_hours_per_year) == 86070
    assert b.break_even_share == pytest.approx(86069.62 / (64 * 8766), rel=1e-6)  # 15.3% of the cluster's hours
    # at the break-even both lines meet
    assert b.own_cost(b.break_even_hours_per_year) == pytest.approx(b.rent_cost(b.break_even_hours_per_year))


def test_both_sides_are_the_summaries_prices(tmp_path):
    rented = load(tmp_path, RENTED)
    b = buy_or_rent(rented)
    rent_summary = planner.summarize(rented)
    own_summary = planner.summarize(load(tmp_path, RENTED.replace('catalog = "aws-2025"', 'mode = "owned"')))
    assert b.rent_price_per_hour == rent_summary.pricing.price_per_accelerator_hour
    assert b.owned_price_per_hour == pytest.approx(own_summary.pricing.price_per_accelerator_hour, rel=1e-12)
    assert b.project_hours == pytest.approx(rent_summary.total.accelerator_hours, rel=1e-12)
    # a year of such projects: the cluster's hours at its utilization
    assert b.year_hours == pytest.approx(64 * 8766 * 0.7)
    assert b.projects_per_year == pytest.approx(b.year_hours / b.project_hours)
    assert b.cheaper(b.project_hours) == "rent" and b.cheaper(b.year_hours) == "own"


def test_an_owned_scenario_rents_at_its_catalog_or_is_told_to_name_one(tmp_path):
    owned = load(tmp_path, 'mode = "owned"\ncluster_utilization = 0.7')
    with pytest.raises(RequestError) as info:
        buy_or_rent(owned)
    assert info.value.field == "pricing.catalog"
    b = buy_or_rent(owned, catalog="lambda-2025")
    assert b.rent_catalog == "lambda-2025" and b.rent_price_per_hour == pytest.approx(2.49)
    with_catalog = load(tmp_path, 'mode = "owned"\ncatalog = "lambda-2025"\ncluster_utilization = 0.7')
    assert buy_or_rent(with_catalog).break_even_hours_per_year == pytest.approx(b.break_even_hours_per_year)


def test_owning_never_pays_when_renting_costs_less_than_electricity(tmp_path):
    cheap = load(tmp_path, 'catalog = "aws-2025"\nprice_per_hour = 0.05\nelectricity_per_kwh = 0.2')
    b = buy_or_rent(cheap)
    assert b.break_even_hours_per_year is None and b.break_even_share is None
    assert "owning never pays" in buy_or_rent_text(b)


def test_text_names_the_break_even(tmp_path):
    text = buy_or_rent_text(buy_or_rent(load(tmp_path, RENTED)))
    assert "Break-even   86,070 accelerator-hours a year, 15.3% of the cluster's 561,024" in text
    assert "This project: 29,491 accelerator-hours" in text


def test_a_comparison_says_an_owned_scenario_is_owned(tmp_path):
    from planner.analysis.compare import comparison_rows
    rented = planner.summarize(load(tmp_path, RENTED))
    owned = planner.summarize(load(tmp_path, RENTED.replace('catalog = "aws-2025"', 'mode = "owned"')))
    row = next(r for r in comparison_rows([rented, owned]) if r["label"] == "Price from")
    assert row["values"] == ["catalog", "owned (amortized purchase plus energy)"]
