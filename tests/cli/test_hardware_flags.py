"""--accelerator and --count on every command that prices scenario files."""

from __future__ import annotations

import json

import pytest

from nlp_budget.main import main
from support import SCENARIOS, write_scenario

BERT = str(SCENARIOS / "bert-large.toml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_accelerator_switch_equals_the_offers_row(capsys):
    code, out, err = run(capsys, "summary", BERT, "--accelerator", "h100", "--format", "json")
    assert code == 0
    summary = json.loads(out)
    assert "28.3% implied utilization kept on h100" in err and "aws-skypilot-2026" in err
    code, out, _ = run(capsys, "offers", BERT, "--format", "json")
    row = next(o for o in json.loads(out) if (o["accelerator"], o["catalog"], o["offer"])
               == ("h100", "aws-skypilot-2026", "on-demand"))
    assert summary["total"]["cost"] == pytest.approx(row["cost"], rel=1e-12)
    assert round(summary["total"]["cost"]) == 38_467   # was $756,941 before measured hours were converted


def test_count_keeps_measured_accelerator_hours(capsys):
    code, out, err = run(capsys, "summary", BERT, "--count", "128", "--format", "json")
    summary = json.loads(out)
    assert code == 0 and summary["total"]["cost"] == 138_240 and summary["assumptions"]["count"] == 128
    assert summary["final_run"]["wall_clock_hours"] == 48
    assert "linear scaling assumed" in err


@pytest.mark.parametrize("command", [["summary"], ["compare"], ["plan", "--solve", "trials", "--budget", "300k"],
                                     ["offers"], ["sensitivity"]])
def test_every_command_takes_the_flags(command, capsys):
    argv = [command[0], BERT] + (["bert-base"] if command[0] == "compare" else []) + command[1:]
    code, out, err = run(capsys, *argv, "--accelerator", "h100", "--count", "8", "--format", "json")
    assert code == 0, err
    assert err.count("implied utilization kept on h100") == (2 if command[0] == "compare" else 1)


def test_report_takes_the_flags(capsys, tmp_path):
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", BERT, "-o", str(out), "--accelerator", "h100")
    assert code == 0 and "h100" in out.read_text() and "implied utilization" in err


def test_refusals_name_the_flag(capsys, tmp_path):
    code, _, err = run(capsys, "summary", BERT, "--accelerator", "h10")
    assert code == 2 and "--accelerator: expected an accelerator id (nearest: h100" in err
    for bad in ("0", "2.5"):   # as the file's compute.count: a whole number of at least 1
        with pytest.raises(SystemExit) as exited:
            run(capsys, "summary", BERT, "--count", bad)
        err = capsys.readouterr().err
        assert exited.value.code == 2 and f"--count: expected a whole number of at least 1; found {bad}" in err
        assert err.count("\n") == 1
    path = write_scenario(tmp_path, 'schema = 1\nname = "m"\n[model]\nparams = 1e9\n[compute]\n'
                          'accelerator = "a100-80gb"\ncount = 8\nhours = 10\n[pricing]\ncatalog = "aws-2025"\n')
    code, _, err = run(capsys, "summary", str(path), "--accelerator", "h100")
    assert code == 2 and "FLOPs are unknown" in err and err.count("\n") == 1


def test_plan_tokens_works_from_measured_hours(capsys):
    code, out, err = run(capsys, "plan", "bert-large", "--budget", "250k", "--solve", "tokens")
    assert code == 0, err
    assert "Solved for tokens: 237B training tokens" in out
    assert "28.3% implied utilization kept for the solved token count" in out
    assert "$249,961" in out


def test_bare_command_prints_help_and_version(capsys):
    code, out, _ = run(capsys)
    assert code == 2 and "summary" in out and "--version" in out
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("nlp-budget ")


def test_every_argument_has_help():
    import argparse
    from nlp_budget.parser import build_parser
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {a.dest}" for name, p in subs.choices.items() for a in p._actions if not a.help]
    assert missing == []


def test_unknown_figures_are_null_in_json_and_not_given_in_text(capsys, tmp_path):
    path = write_scenario(tmp_path, 'schema = 1\nname = "m"\n[model]\nparams = 1e9\n[compute]\n'
                          'accelerator = "a100-80gb"\ncount = 8\nhours = [8, 12]\n[pricing]\ncatalog = "aws-2025"\n')
    code, out, _ = run(capsys, "summary", str(path), "--format", "json")
    summary = json.loads(out)
    assert code == 0
    final = summary["final_run"]
    assert (final["tokens"], final["flops"], final["utilization"]) == (None, None, None)
    assert summary["assumptions"]["utilization"] is None and summary["total"]["flops"] is None
    assert all(c["flops"] is None for c in summary["categories"])
    assert summary["uncertainty"]["flops"] is None and summary["total"]["cost"] > 0
    code, out, _ = run(capsys, "summary", str(path))
    assert "tokens and FLOPs not given" in out and "utilization not given (hours)" in out
    assert "0 FLOPs" not in out and "0.0%" not in out.split("Category")[0]
    for fmt in ("markdown", "csv"):
        code, out, err = run(capsys, "summary", str(path), "--format", fmt)
        assert code == 0, err
    code, out, err = run(capsys, "compare", str(path), BERT, "--format", "json")
    assert code == 0, err


def test_offers_mark_commitments_and_a_measured_run_without_flops_keeps_its_own(capsys, tmp_path):
    code, out, _ = run(capsys, "offers", BERT)
    rows = [line for line in out.splitlines() if "commit-" in line and "min." in line]
    assert code == 0 and rows and all(("min. 3 years" in r) == ("commit-3y" in r) for r in rows)
    assert "the commitment's minimum (every hour of the term) is paid whatever the project's length" in out
    code, out, _ = run(capsys, "offers", "gpt2-1.5b", "--format", "json")   # measured hours, no tokens
    offers = json.loads(out)
    assert code == 0 and offers and {o["accelerator"] for o in offers} == {"tpu-v3"}
    current = next(o for o in offers if o["current"])
    code, out, _ = run(capsys, "summary", "gpt2-1.5b", "--format", "json")
    assert current["cost"] == pytest.approx(json.loads(out)["total"]["cost"], rel=1e-12)
    assert {o["group"] for o in offers} >= {"spot", "on-demand", "3-year commitment"}
