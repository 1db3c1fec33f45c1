"""The nlp-budget command: formats, exit codes, messages without tracebacks."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest

import planner
from nlp_budget.main import main
from support import SCENARIOS, write_scenario

BERT = str(SCENARIOS / "bert-large.toml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_json_is_the_contract(capsys):
    code, out, err = run(capsys, "summary", BERT, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(planner.summarize(planner.load(BERT)).to_json())
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
    summary = planner.summarize(planner.load(BERT))
    total = next(r for r in rows if (r["section"], r["metric"]) == ("total", "cost"))
    assert float(total["value"]) == pytest.approx(summary["total"]["cost"])


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
    result = subprocess.run([sys.executable, "-m", "nlp_budget", "summary", BERT, "--format", "json"],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["name"].startswith("BERT-Large")


DEEPSEEK = str(SCENARIOS / "deepseek-v3-moe.toml")
DECODER = str(SCENARIOS / "decoder-7b-h100.toml")


def summary_json(capsys, *argv):
    code, out, err = run(capsys, "summary", *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out), err


def test_catalog_option_replaces_the_files_price_override(capsys, tmp_path):
    path = write_scenario(tmp_path, open(DEEPSEEK).read().replace('accelerator = "h800"', 'accelerator = "h100"'))
    fixed, err = summary_json(capsys, str(path))
    assert fixed["pricing"]["price_per_accelerator_hour"] == 2.0 and err == ""
    lambda_, err = summary_json(capsys, str(path), "--catalog", "lambda-2025")
    assert err == "note: --catalog replaces the file's pricing.price_per_hour = 2\n"
    assert lambda_["pricing"]["price_per_accelerator_hour"] == pytest.approx(2.49)  # Lambda's H100 price
    assert lambda_["final_run"]["cost"] == pytest.approx(fixed["final_run"]["cost"] * 2.49 / 2.0)
    _, err = summary_json(capsys, str(path), "--offer", "commit-1y")
    assert err == "note: --offer replaces the file's pricing.price_per_hour = 2\n"


def test_catalog_option_keeps_the_files_region_where_it_can(capsys):
    plain, _ = summary_json(capsys, DECODER)
    same, err = summary_json(capsys, DECODER, "--catalog", "aws-2025")
    assert err == ""
    assert same["pricing"]["region"] == "us-east-1" == plain["pricing"]["region"]
    assert same["total"]["energy_kwh"] == pytest.approx(plain["total"]["energy_kwh"])
    assert same["assumptions"]["pue"] == 1.15  # AWS's provider PUE: us-east-1 has none of its own
    moved, err = summary_json(capsys, DECODER, "--catalog", "lambda-2025")
    assert err == ('note: catalog "lambda-2025" does not price "h100" in the file\'s region "us-east-1": '
                   "using the catalog's default region\n")
    assert moved["pricing"]["region"] is None
    assert moved["assumptions"]["pue"] == 1.58 and moved["assumptions"]["grid_kg_per_kwh"] == 0.475
    assert moved["total"]["energy_kwh"] == pytest.approx(plain["total"]["energy_kwh"] * 1.58 / 1.15)


def test_pricing_option_errors_name_the_file(capsys):
    code, out, err = run(capsys, "summary", DECODER, "--catalog", "gcp-2019")
    assert code == 2 and out == ""
    assert err.startswith(f"error: {DECODER}: --catalog: ") and 'no price for accelerator "h100"' in err
    code, _, err = run(capsys, "summary", DEEPSEEK, "--catalog", "aws-2052")
    assert code == 2 and err.startswith(f"error: {DEEPSEEK}: --catalog: expected a pricing catalog id")


def test_user_catalog_replacing_a_bundled_one_is_noted(tmp_path, capsys):
    (tmp_path / "mine.toml").write_text('schema = 1\nid = "aws-2025"\nprovider = "aws"\ncurrency = "USD"\n'
                                        'as_of = "2026"\nsource = "our invoice"\n[[price]]\naccelerator = "h100"\n'
                                        'per = "accelerator"\non-demand = 1.5\n')
    code, out, err = run(capsys, "summary", DECODER, "--format", "json", "--catalog-dir", str(tmp_path))
    assert code == 0
    assert f"note: user catalog {tmp_path / 'mine.toml'} replaces the bundled catalog aws-2025" in err
    assert json.loads(out)["pricing"]["price_per_accelerator_hour"] == 1.5


def test_figures_too_large_for_a_float_are_an_error_not_infinity(tmp_path, capsys):
    path = write_scenario(tmp_path, 'schema = 1\nname = "x"\n[model]\nparams = 1e12\n[training]\n'
                          'tokens = 1e308\n[compute]\naccelerator = "h100"\ncount = 8\n'
                          '[pricing]\ncatalog = "lambda-2025"\n')
    for argv in (["summary", "--format", "json"], ["summary", "--format", "text"], ["summary", "--format", "csv"],
                 ["offers"], ["offers", "--format", "json"], ["sensitivity"],
                 ["plan", "--solve", "trials", "--budget", "1e9"], ["compare"], ["compare", "--format", "csv"],
                 ["report", "-o", str(tmp_path / "r.md")]):
        code, out, err = run(capsys, *argv, str(path))
        assert (code, out) == (2, ""), out
        # Every command names the file and the key behind the overflow, as summary does.
        assert err.startswith(f"error: {path}: training.tokens:") and "Traceback" not in err
    assert not (tmp_path / "r.md").exists()


def test_a_range_beyond_float32_is_summarised_not_blamed_on_the_file(tmp_path, capsys):
    path = write_scenario(tmp_path, 'schema = 1\nname = "x"\n[model]\nparams = 1e9\n[training]\n'
                          'tokens = [1e39, 1e40]\n[compute]\naccelerator = "h100"\ncount = 8\n'
                          '[pricing]\ncatalog = "lambda-2025"\n')
    for fmt in ("text", "json"):
        code, out, err = run(capsys, "summary", str(path), "--format", fmt)
        assert code == 0 and err == "", err
    assert json.loads(out)["uncertainty"]["cost"]["p95"] > 0


def test_arithmetic_failures_are_one_error_naming_the_file(capsys, monkeypatch):
    def overflowing(*args, **kwargs):
        raise OverflowError("(34, 'Numerical result out of range')")

    monkeypatch.setattr("nlp_budget.main.summarize", overflowing)
    code, out, err = run(capsys, "summary", BERT)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {BERT}: cannot be computed") and "too large or too small" in err
    assert len(err.splitlines()) == 1


def test_non_finite_json_is_refused_not_printed(capsys, monkeypatch):
    from planner.engine import summary as summary_module
    real = summary_module.summarize
    monkeypatch.setattr("nlp_budget.main.summarize", lambda *a, **k: {**real(*a, **k), "iceberg_ratio": float("inf")})
    code, out, err = run(capsys, "summary", BERT, "--format", "json")
    assert (code, out) == (2, "") and "not a finite number" in err and "Infinity" not in err


def test_an_endless_file_is_refused(capsys):
    code, out, err = run(capsys, "summary", "/dev/zero")
    assert (code, out) == (2, "")
    assert err == "error: /dev/zero: expected a regular scenario file; found a character device\n"


def _cli(args, stdout):
    return subprocess.run([sys.executable, "-m", "nlp_budget", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def test_a_reader_that_goes_away_is_no_traceback():
    read, write = os.pipe()
    os.close(read)  # like `| head -3` after its third line: every write now fails with EPIPE
    try:
        result = _cli(["catalogs"], write)
    finally:
        os.close(write)
    assert result.returncode == 141  # as a command killed by SIGPIPE
    assert result.stderr == ""


def test_a_full_disk_is_one_error_not_a_traceback():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = _cli(["summary", BERT], full)
    assert result.returncode == 2
    assert result.stderr == "error: the output could not be written (No space left on device)\n"


def test_bundled_scenarios_are_listed_and_usable_by_name(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    assert "bert-large       BERT-Large, fully-loaded project (Sharir et al. 2020)\n" in out
    assert len(out.splitlines()) == len(list(SCENARIOS.glob("*.toml")))
    monkeypatch.chdir(tmp_path)  # no file of that name here
    by_name, err = summary_json(capsys, "bert-large")
    assert err == f"note: bert-large is the bundled scenario {SCENARIOS / 'bert-large.toml'}\n"
    assert by_name["total"]["cost"] == pytest.approx(20 * 64 * 96 * 4.50 / 4)
    write_scenario(tmp_path, open(BERT).read().replace("count = 64", "count = 32"), "bert-large")
    local, err = summary_json(capsys, "bert-large")  # a local file of that name wins
    assert err == "" and local["total"]["cost"] == pytest.approx(by_name["total"]["cost"] / 2)
    code, out, err = run(capsys, "summary", "bert-larg")
    assert code == 2 and out == ""
    assert err == ("error: bert-larg: is neither a file nor a bundled scenario (nearest: bert-large, bert-base; "
                   "nlp-budget scenarios lists them)\n")


def test_summary_markdown_is_the_markdown_report(capsys, tmp_path):
    """One Markdown renderer: `summary --format markdown` prints exactly what `report -o F.md` writes."""
    for name in ("bert-large", "decoder-7b-h100"):
        path = str(SCENARIOS / f"{name}.toml")
        _, md, _ = run(capsys, "summary", path, "--format", "markdown")
        assert main(["report", path, "-o", str(tmp_path / f"{name}.md")]) == 0
        assert md == (tmp_path / f"{name}.md").read_text(encoding="utf-8")
        assert "## Budget" in md and "## Assumptions" in md


def test_schedule_command_json_text_and_csv(tmp_path, capsys):
    path = write_scenario(tmp_path, (SCENARIOS / "bert-large.toml").read_text().replace(
        "[model]", '[schedule]\nstart = 2027-11-01\naccelerators = 128\nperiod = "year"\n\n[model]', 1))
    code, out, _ = run(capsys, "schedule", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"start", "end", "phases", "periods"}
    assert (data["start"], data["end"]) == ("2027-11-01", "2027-12-15")   # 44 days at two runs at once
    for entry in data["phases"]:
        assert set(entry) >= {"category", "start", "end", "accelerator_hours", "cost"}
    assert [p["period"] for p in data["periods"]] == ["2027"]
    assert sum(p["cost"] for p in data["periods"]) == pytest.approx(138_240)
    code, text, _ = run(capsys, "schedule", str(path))
    assert code == 0 and "Start 2027-11-01; end 2027-12-15; 44.0 days on 128 accelerators (2 runs at once)" in text
    code, text, _ = run(capsys, "schedule", str(path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["scenario", "section", "item", "metric", "value", "unit"]
    assert {"section": "period", "item": "2027", "metric": "cost", "value": "138240.00", "unit": "USD"}.items() \
        <= next(r for r in rows if r["section"] == "period" and r["metric"] == "cost").items()
