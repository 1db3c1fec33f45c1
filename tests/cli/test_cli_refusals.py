"""The command line refuses bad numbers, names and files in one line with exit 2, never a traceback,
and never lets a name from a file or a path drive the terminal."""

from __future__ import annotations

import os

import pytest

from nlp_budget.main import main
from support import SCENARIOS, write_scenario

BERT = str(SCENARIOS / "bert-large.toml")


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse refusals
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv, words", [
    (["plan", BERT, "--solve", "count", "--deadline", "nan"], ["--deadline", "found nan"]),
    (["plan", BERT, "--solve", "count", "--deadline", "inf"], ["--deadline", "found inf"]),
    (["plan", BERT, "--solve", "count", "--deadline", "-5"], ["--deadline", "found -5"]),
    (["plan", BERT, "--solve", "count", "--deadline", "0"], ["--deadline", "found 0"]),
    (["plan", BERT, "--solve", "tokens", "--budget", "5e-324"], ["--budget", "from 0.01"]),
    (["plan", BERT, "--solve", "tokens", "--budget", "inf"], ["--budget"]),
    (["summary", BERT, "--budget-cap=-5"], ["--budget-cap", "greater than zero"]),
    (["summary", BERT, "--budget-cap", "nan"], ["--budget-cap"]),
])
def test_a_bad_number_is_refused_in_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def test_the_python_api_refuses_bad_requests_with_the_planners_error():
    import planner
    from planner.analysis.plan import solve
    scenario = planner.load(BERT)
    for kwargs in ({"budget": float("nan")}, {"budget": 5e-324}, {"budget": float("inf")}):
        with pytest.raises(planner.RequestError, match="budget"):
            solve(scenario, "tokens", **kwargs)
    with pytest.raises(planner.RequestError, match="deadline"):
        solve(scenario, "count", deadline_days=float("nan"))
    with pytest.raises(planner.RequestError, match="budget_cap"):
        planner.summarize(scenario, budget_cap=-5.0)


@pytest.mark.parametrize("name", ["a" * 300 + ".toml", "two\nlines.toml", "red\x1b[31m.toml", "nul\x00.toml"])
def test_an_odd_file_name_gives_one_escaped_line(capsys, name):
    code, out, err = run(capsys, "summary", name)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "\x1b" not in err and "Traceback" not in err, err


def test_names_from_a_file_never_reach_the_terminal_as_control_characters(tmp_path, capsys):
    text = open(BERT, encoding="utf-8").read()
    start = text.index("\nname = ") + 1
    end = text.index("\n", start)
    path = write_scenario(tmp_path, text[:start] + 'name = "evil\\u001b]0;pwned\\u0007\\r"' + text[end:]
                          + '\n[project.oops]\n"k\\u001b[2J" = 1\n')
    for command in (["summary", str(path)], ["compare", str(path), BERT], ["sensitivity", str(path)],
                    ["summary", str(path), "--format", "markdown"], ["summary", str(path), "--format", "csv"]):
        code, out, err = run(capsys, *command)
        assert code == 0, err
        assert not any(ch in out + err for ch in "\x1b\x07\r"), (command, out[:200])
        if command[0] != "sensitivity":  # (the tornado does not print the name)
            assert "pwned" in out, out[:200]


def test_tiny_prices_never_give_infinite_relative_changes(tmp_path, capsys):
    text = open(BERT, encoding="utf-8").read().replace("[pricing]\n", "[pricing]\nprice_per_hour = 5e-324\n")
    tiny = write_scenario(tmp_path, text)
    for fmt in ("text", "csv", "markdown", "json"):
        for files in ((BERT, str(tiny)), (str(tiny), BERT)):
            code, out, err = run(capsys, "compare", *files, "--format", fmt)
            assert code == 0, err
            assert "inf" not in out.lower().replace("info", ""), out
            assert "nan" not in out.lower().split(), out


def test_a_fifo_in_the_user_catalog_folder_does_not_hang(capsys, _isolated_config):
    folder = _isolated_config / "nlp-budget-planner" / "catalogs"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.toml")
    (folder / "deep.toml").write_text("x = " + "[" * 2000 + "]" * 2000 + "\n")
    code, out, err = run(capsys, "summary", "bert-large")
    assert code == 0 and "BERT-Large" in out
    assert "pipe.toml: expected a regular catalog file; found a FIFO" in err
    assert "deep.toml, line 1: expected at most 16 nested" in err


def test_the_python_api_turns_arithmetic_errors_into_the_planners_error():
    """A budget a million times the cost of a nearly free project: tokens beyond any float."""
    import planner
    from planner.analysis.plan import solve
    from planner.model.scenario import with_value
    scenario = planner.load(SCENARIOS / "decoder-7b-h100.toml")
    nearly_free = with_value(scenario, "pricing", "price_per_hour", 5e-324)
    with pytest.raises(planner.PlannerError) as info:
        solve(nearly_free, "tokens", budget=1e15)
    assert not isinstance(info.value, ArithmeticError)
