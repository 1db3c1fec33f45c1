"""The nlp-budget command: formats, exit codes, messages without tracebacks."""

import csv
import io
import json
import subprocess
import sys

import pytest

import planner
from planner.cli import main
from conftest import SCENARIOS, write_scenario

BERT = str(SCENARIOS / "bert-large.toml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_json_is_the_contract(capsys):
    code, out, err = run(capsys, "summary", BERT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(json.dumps(planner.summarize(planner.load(BERT))))
    assert [c["category"] for c in data["categories"]] == ["final", "ensemble", "tuning", "ablations",
                                                         "baselines", "seed_repeats", "contingency"]
    for key in ("runs", "flops", "accelerator_hours", "cost", "energy_kwh", "co2_kg"):
        assert data["total"][key] == pytest.approx(sum(c[key] for c in data["categories"]))
    assert set(data["pricing"]) >= {"catalog", "as_of", "offer", "region", "accelerator",
                                    "price_per_accelerator_hour"}
    assert set(data["final_run"]) >= {"params", "active_params", "tokens", "flops", "accelerator_hours",
                                      "wall_clock_hours", "cost", "energy_kwh", "co2_kg"}


def test_summary_text_reads_at_a_glance(capsys):
    code, out, _ = run(capsys, "summary", BERT)
    summary = planner.summarize(planner.load(BERT))
    assert code == 0
    assert f"${summary['total']['cost']:,.0f}" in out
    assert "Iceberg ratio" in out and f"{summary['iceberg_ratio']:,.1f}x" in out
    for label in ("Final run", "Tuning trials", "Seed repeats", "Contingency", "Total"):
        assert label in out


def test_markdown_and_csv(capsys):
    _, md, _ = run(capsys, "summary", BERT, "--format", "markdown")
    assert md.startswith("# BERT") and "| **Total** |" in md
    _, text, _ = run(capsys, "summary", BERT, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["category"] for r in rows][-1] == "total"
    summary = planner.summarize(planner.load(BERT))
    assert float(rows[-1]["cost"]) == pytest.approx(summary["total"]["cost"])


def test_catalog_and_offer_options_reprice(capsys):
    _, out, _ = run(capsys, "summary", BERT, "--format", "json", "--offer", "spot")
    spot = json.loads(out)
    _, out, _ = run(capsys, "summary", BERT, "--format", "json")
    demand = json.loads(out)
    assert spot["pricing"]["offer"] == "spot"
    assert spot["total"]["cost"] == pytest.approx(demand["total"]["cost"] * 1.35 / 4.50)


def test_refused_file_exits_2_without_traceback(tmp_path, capsys):
    path = write_scenario(tmp_path, 'schema = 1\nname = "x"\n[model]\nparams = 1e9\n[training]\n'
                          'tokens = 1e9\n[compute]\naccelerator = "h1OO"\ncount = 1\n')
    code, out, err = run(capsys, "summary", str(path))
    assert code == 2 and out == ""
    assert "compute.accelerator" in err and "h100" in err and "Traceback" not in err


def test_unknown_catalog_option(capsys):
    code, _, err = run(capsys, "summary", BERT, "--catalog", "aws-2052")
    assert code == 2 and "aws-2025" in err


def test_catalogs_lists_catalogs_offers_and_accelerators(capsys):
    code, out, _ = run(capsys, "catalogs")
    assert code == 0
    for ident in ("gcp-2019", "aws-2020", "aws-2025", "gcp-2025", "lambda-2025", "h100", "tpu-v3"):
        assert ident in out


def test_user_catalog_dir_and_broken_catalog_reported(tmp_path, capsys):
    good = tmp_path / "mine.toml"
    good.write_text('schema = 1\nid = "our-cluster"\ncurrency = "USD"\nas_of = "2026-01-01"\n'
                    'source = "our invoice"\n[[price]]\naccelerator = "h100"\nper = "accelerator"\n'
                    'on-demand = 1.5\n')
    (tmp_path / "broken.toml").write_text('schema = 1\nid = "bad"\n[[price]]\naccelerator = "h100"\n')
    code, out, err = run(capsys, "catalogs", "--catalog-dir", str(tmp_path))
    assert code == 0 and "our-cluster" in out
    assert "broken.toml" in err and "currency" in err


def test_console_entry_point_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "planner.cli", "summary", BERT, "--format", "json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["name"].startswith("BERT-Large")
