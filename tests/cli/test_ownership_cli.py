"""nlp-budget with owned accelerators: summary, offers --owned and buy-or-rent."""

import json

import pytest

import planner
from nlp_budget.main import main
from support import write_scenario

OWNED = """schema = 1
name = "owned"
[model]
params = 7e9
[training]
tokens = 1e12
[compute]
accelerator = "h100"
count = 64
utilization = 0.4
[pricing]
{pricing}
cluster_utilization = 0.7
region = "us-east-1"
"""


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_owned_summary_reports_both_parts(capsys, tmp_path):
    path = write_scenario(tmp_path, OWNED.format(pricing='mode = "owned"'))
    code, out, _ = run(capsys, "summary", path, "--format", "json")
    pricing = json.loads(out)["pricing"]
    assert code == 0 and pricing["offer"] == "owned" and pricing["catalog"] is None
    assert pricing["capex_per_hour"] + pricing["energy_per_hour"] == pytest.approx(pricing["price_per_accelerator_hour"])
    _, text, _ = run(capsys, "summary", path)
    assert "owned (hardware $1.4921 + energy $0.0718)" in text


def test_buy_or_rent_prints_the_break_even(capsys, tmp_path):
    path = write_scenario(tmp_path, OWNED.format(pricing='catalog = "aws-2025"'))
    code, out, _ = run(capsys, "buy-or-rent", path)
    assert code == 0 and "Break-even   86,070 accelerator-hours a year" in out
    code, out, _ = run(capsys, "buy-or-rent", path, "--format", "json")
    data = json.loads(out)
    assert data["break_even_hours_per_year"] == pytest.approx(86069.62, rel=1e-6)
    assert data["project_cheaper"] == "rent" and data["year_cheaper"] == "own"


def test_buy_or_rent_of_an_owned_file_needs_a_rental_catalog(capsys, tmp_path):
    path = write_scenario(tmp_path, OWNED.format(pricing='mode = "owned"'))
    code, _, err = run(capsys, "buy-or-rent", path)
    assert code == 2 and "--catalog: is needed to compare owning with renting" in err and "Traceback" not in err
    code, out, _ = run(capsys, "buy-or-rent", path, "--catalog", "lambda-2025")
    assert code == 0 and "lambda-2025 on-demand" in out


def test_offers_owned_adds_the_cluster(capsys, tmp_path):
    path = write_scenario(tmp_path, OWNED.format(pricing='catalog = "aws-2025"').replace("cluster_utilization = 0.7\n", ""))
    _, plain, _ = run(capsys, "offers", path, "--format", "json")
    assert not [o for o in json.loads(plain) if o["catalog"] == "your cluster"]
    code, out, _ = run(capsys, "offers", path, "--owned", "--format", "json")
    owned = [o for o in json.loads(out) if o["catalog"] == "your cluster"]
    assert code == 0 and len(owned) == 1 and owned[0]["offer"] == "owned"
    as_owned = planner.summarize(planner.load(write_scenario(
        tmp_path, OWNED.format(pricing='mode = "owned"').replace("cluster_utilization = 0.7\n", ""), "o.toml")))
    assert owned[0]["cost"] == pytest.approx(as_owned.total.cost, rel=1e-9)


def test_catalog_flag_on_an_owned_file_prices_renting_and_says_so(capsys, tmp_path):
    path = write_scenario(tmp_path, OWNED.format(pricing='mode = "owned"'))
    code, out, err = run(capsys, "summary", path, "--catalog", "aws-2025", "--format", "json")
    assert code == 0 and 'prices renting instead of the file\'s pricing.mode = "owned"' in err
    assert json.loads(out)["pricing"]["price_per_accelerator_hour"] == pytest.approx(55.04 / 8)
    code, _, err = run(capsys, "summary", path, "--offer", "spot")
    assert code == 2 and "names no rental catalog" in err
