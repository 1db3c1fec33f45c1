"""Ranges, plans and sensitivity from the command line."""


import pytest

from support import RANGES_SCENARIO, write_scenario

BASE = RANGES_SCENARIO


def test_plan_cli_json(tmp_path, capsys):
    import json
    from nlp_budget.main import main
    path = write_scenario(tmp_path, BASE.format(util="0.4", extra=""))
    assert main(["plan", str(path), "--budget", "250k", "--solve", "tokens", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["solve"] == "tokens" and data["summary"]["total"]["cost"] == pytest.approx(250_000, rel=0.01)
    assert data["value"] == pytest.approx(data["summary"]["final_run"]["tokens"])



def test_confidence_on_the_command_line_overrides_the_file(tmp_path, capsys):
    import json
    from nlp_budget.main import main
    path = write_scenario(tmp_path, BASE.format(util="[0.3, 0.5]", extra="[budget]\nconfidence = 0.5\n"))
    assert main(["summary", str(path), "--format", "json", "--confidence", "0.9", "--budget-cap", "20k"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["budget"]["confidence"] == 0.9 and out["budget"]["cap"] == 20_000
    assert out["uncertainty"]["cost"]["p50"] < out["budget"]["amount"] < out["uncertainty"]["cost"]["p95"]
    assert main(["summary", str(path)]) == 0
    assert "Committed budget: " in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:   # argparse refuses it, naming the flag
        main(["summary", str(path), "--confidence", "1.5"])
    assert exited.value.code == 2 and "--confidence" in capsys.readouterr().err
