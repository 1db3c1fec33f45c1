"""Reports and comparisons from the command line: Markdown and CSV files."""

from __future__ import annotations

import json

import pytest

from support import SCENARIOS, load_all

BERT, BASE, T5 = (SCENARIOS / n for n in ("bert-large.toml", "bert-base.toml", "t5-11b.toml"))


def test_compare_json_deltas_are_differences_of_summaries(capsys):
    from nlp_budget.main import main
    assert main(["compare", str(BERT), str(BASE), str(T5), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    summaries, _ = load_all(BERT, BASE, T5)
    assert [s["name"] for s in data["scenarios"]] == [s["name"] for s in summaries]
    assert len(data["deltas"]) == 2
    for delta, other in zip(data["deltas"], summaries[1:]):
        assert delta["total"]["cost"] == pytest.approx(other["total"]["cost"] - summaries[0]["total"]["cost"])
        for d, a, b in zip(delta["categories"], summaries[0]["categories"], other["categories"]):
            assert d["category"] == a["category"]
            for key in ("runs", "flops", "accelerator_hours", "cost", "energy_kwh", "co2_kg"):
                assert d[key] == pytest.approx(b[key] - a[key])


def test_compare_text_and_markdown(capsys):
    from nlp_budget.main import main
    assert main(["compare", str(BERT), str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "$138,240" in out and "$34,560" in out and "-$103,680 (-75%)" in out
    assert main(["compare", str(BERT), str(BASE), "--format", "markdown"]) == 0
    assert "| **Cost** |" in capsys.readouterr().out
