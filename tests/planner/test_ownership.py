"""Owned accelerators: amortized purchase plus energy, checked by hand; validation; ranges; save."""

import json

import pytest

import planner
from planner.analysis.offers import OWNED_CATALOG, price_options
from planner.analysis.sensitivity import tornado
from planner.files.ownership import load_ownership
from planner.model.errors import RequestError
from support import ROOT, write_scenario

BASE = """schema = 1
name = "owned"
[model]
params = 7e9
[training]
tokens = 1e12
[compute]
accelerator = "{acc}"
count = 64
utilization = 0.4
[pricing]
{pricing}
{extra}
"""

DEFAULTS = 'mode = "owned"\ncluster_utilization = 0.7\nregion = "us-east-1"'
GIVEN = ('mode = "owned"\npurchase_price = 30000\nserver_overhead = 0.5\nlife_years = 4\n'
         'cluster_utilization = 0.8\nelectricity_per_kwh = 0.10')


def load(tmp_path, pricing=DEFAULTS, acc="h100", extra=""):
    return planner.load(write_scenario(tmp_path, BASE.format(acc=acc, pricing=pricing, extra=extra)))


def test_amortized_price_by_hand_from_the_bundled_table(tmp_path):
    summary = planner.summarize(load(tmp_path))
    p = summary.pricing
    # H100: HGX server price / 8 = $37,080.50 (Epoch AI data, 2024-03-21), interconnect overhead 1/0.81 - 1
    # = 0.2346, 5 years, 70% busy; energy 700 W x PUE 1.15 (AWS) / 1000 x $0.0892/kWh (EIA 2023, Virginia).
    capex = 37080.50 * 1.2346 / (5 * 8766 * 0.7)
    energy = 700 * 1.15 / 1000 * 0.0892
    assert capex == pytest.approx(1.4921152, rel=1e-7)
    assert p.capex_per_hour == pytest.approx(capex, rel=1e-12)
    assert p.energy_per_hour == pytest.approx(energy, rel=1e-12)
    assert p.price_per_accelerator_hour == pytest.approx(capex + energy, rel=1e-12)
    assert p.offer == "owned" and p.catalog is None
    assert summary.total.cost == pytest.approx(summary.total.accelerator_hours * (capex + energy), rel=1e-12)
    data = json.loads(summary.to_json())
    assert data["pricing"]["capex_per_hour"] == pytest.approx(capex)
    assert summary.assumptions.sources["purchase_price"].startswith("h100 purchase (Supermicro 8125GS")


def test_amortized_price_by_hand_from_the_files_terms(tmp_path):
    s = load(tmp_path, GIVEN, extra="[energy]\npue = 1.2")
    p = planner.summarize(s).pricing
    assert p.capex_per_hour == pytest.approx(30000 * 1.5 / (4 * 8766 * 0.8), rel=1e-12)  # 1.604209...
    assert p.energy_per_hour == pytest.approx(700 * 1.2 / 1000 * 0.10, rel=1e-12)       # 0.084
    assert p.price_per_accelerator_hour == pytest.approx(1.6882090, rel=1e-6)


def test_a_rented_summary_has_no_ownership_parts(tmp_path):
    data = json.loads(planner.summarize(load(tmp_path, 'catalog = "aws-2025"')).to_json())
    assert "capex_per_hour" not in data["pricing"] and "energy_per_hour" not in data["pricing"]


def test_ranges_on_purchase_terms_reach_monte_carlo_and_the_tornado(tmp_path):
    s = load(tmp_path, GIVEN.replace("purchase_price = 30000", "purchase_price = [20000, 45000]"))
    summary = planner.summarize(s)
    ranged = {row.file_key for row in summary.uncertainty.inputs}
    assert "pricing.purchase_price" in ranged
    assert summary.uncertainty.cost.p5 < summary.total.cost < summary.uncertainty.cost.p95
    swings = {w.key: w for w in tornado(s)}
    assert swings["purchase_price"].ranged and swings["purchase_price"].low_input == 20000
    # owned: power and PUE set the electricity bill, so they move the cost too
    assert "power_watts" in swings and "electricity_per_kwh" in swings and "life_years" in swings
    low = planner.summarize(load(tmp_path, GIVEN.replace("30000", "20000"))).total.cost
    assert swings["purchase_price"].low_cost == pytest.approx(low, rel=1e-9)


@pytest.mark.parametrize("pricing, key, words", [
    ('mode = "owned"', "pricing.purchase_price", 'no published purchase price for "h200"'),
    ('mode = "owned"\nprice_per_hour = 2.0', "pricing.price_per_hour", "conflicts with pricing.mode"),
    ('mode = "buy"\ncatalog = "aws-2025"', "pricing.mode", 'expected one of "rent", "owned"'),
    ('mode = "owned"\npurchase_price = 30000\ncluster_utilization = 1.5', "pricing.cluster_utilization",
     "expected at most 1"),
    ('mode = "owned"\npurchase_price = -1', "pricing.purchase_price", "greater than zero"),
    ('mode = "owned"\npurchase_price = 30000\nlife_years = 0', "pricing.life_years", "greater than zero"),
    ('mode = "owned"\npurchase_price = 30000\nregion = "mars-1"', "pricing.region", "expected a region id"),
])
def test_bad_ownership_keys_are_refused_by_key(tmp_path, pricing, key, words):
    with pytest.raises(planner.ScenarioError) as info:
        load(tmp_path, pricing, acc="h200")
    assert info.value.key == key and words in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "scenario.toml"))


def test_spot_and_owned_do_not_go_together(tmp_path):
    with pytest.raises(planner.ScenarioError, match="whatif.spot: conflicts"):
        load(tmp_path, extra="[whatif]\nspot = true")


def test_owned_without_cluster_utilization_warns_of_the_assumption(tmp_path):
    s = load(tmp_path, 'mode = "owned"')
    assert any("pricing.cluster_utilization is not given" in w for w in s.warnings)
    assert planner.summarize(s).pricing.capex_per_hour == pytest.approx(37080.50 * 1.2346 / (5 * 8766))


def test_an_owned_scenario_saves_and_loads_back(tmp_path):
    s = load(tmp_path, GIVEN.replace("life_years = 4", "life_years = [3, 5]  # our depreciation"))
    out = tmp_path / "copy.toml"
    text = planner.save(s, out)
    assert "# our depreciation" in text
    again = planner.load(out)
    assert again.pricing == s.pricing
    assert planner.summarize(again).total.cost == planner.summarize(s).total.cost


def test_the_ownership_table_is_sourced_and_dated():
    table = load_ownership()
    assert set(table.purchases) == {"p100", "v100", "a100-40gb", "a100-80gb", "h100"}  # no TPU: never sold
    for row in list(table.purchases.values()) + list(table.electricity.values()):
        assert row.source and len(row.as_of) == 10
    regions = planner.load_catalogs().regions
    assert set(table.electricity) <= set(regions)
    assert "8766" in (ROOT / "resources" / "ownership.toml").read_text(encoding="utf-8")


def test_offers_list_owning_when_the_file_gives_terms(tmp_path):
    rented = load(tmp_path, 'catalog = "aws-2025"')
    assert not [o for o in price_options(rented) if o.catalog == OWNED_CATALOG]
    asked = [o for o in price_options(rented, owned=True) if o.catalog == OWNED_CATALOG]
    assert len(asked) == 1 and not asked[0].current
    terms = load(tmp_path, 'catalog = "aws-2025"\ncluster_utilization = 0.7\nregion = "us-east-1"')
    owned_option = next(o for o in price_options(terms) if o.catalog == OWNED_CATALOG)
    as_owned = planner.summarize(load(tmp_path))  # the same terms, mode = "owned"
    assert owned_option.cost == pytest.approx(as_owned.total.cost, rel=1e-9)
    current = next(o for o in price_options(load(tmp_path)) if o.current)
    assert current.catalog == OWNED_CATALOG and current.cost == pytest.approx(as_owned.total.cost, rel=1e-9)


def test_owning_an_accelerator_without_a_purchase_price_is_refused_by_name(tmp_path):
    with pytest.raises(RequestError) as info:
        price_options(load(tmp_path, 'catalog = "aws-2026"', acc="h200"), owned=True)
    assert info.value.field == "pricing.purchase_price"
