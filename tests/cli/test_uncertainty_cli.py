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
