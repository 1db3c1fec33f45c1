"""`nlp-budget memory`: the same figures as the summary's memory check, flags that override the file's
layout, and refusals that name the flag."""

import json

import pytest

import planner
from nlp_budget.main import main
from support import SCENARIOS, write_scenario

GPT2 = str(SCENARIOS / "gpt2-1.5b.toml")
ZERO_FILE = """schema = 1
name = "ZeRO Fig. 1"
[model]
params = 7.5e9
[training]
tokens = 1e11
[compute]
accelerator = "a100-80gb"
count = 64
[pricing]
catalog = "lambda-2025"
"""


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_the_summary_memory_check(capsys):
    code, out, _ = run(capsys, "memory", GPT2, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data["per_accelerator_gb"]) == {"weights", "gradients", "optimizer", "activations", "total"}
    assert {"min_accelerators", "fits"} <= set(data)
    assert data == planner.summarize(planner.load(GPT2)).checks.memory.to_dict()


@pytest.mark.parametrize("stage, published", [(0, 120.0), (1, 31.4), (2, 16.6), (3, 1.9)])
def test_zero_flag_reproduces_figure_1(capsys, tmp_path, stage, published):
    path = write_scenario(tmp_path, ZERO_FILE)
    code, out, _ = run(capsys, "memory", str(path), "--zero", str(stage), "--format", "json")
    gb = json.loads(out)["per_accelerator_gb"]
    assert code == 0 and round(gb["weights"] + gb["gradients"] + gb["optimizer"], 1) == published
    assert gb["activations"] is None          # unknown, never 0


def test_text_names_each_part_and_the_verdict(capsys, tmp_path):
    path = write_scenario(tmp_path, ZERO_FILE)
    code, out, _ = run(capsys, "memory", str(path), "--zero", "0")
    assert code == 0
    assert "ZeRO stage 0" in out and "120.00" in out and "Fits: no" in out
    assert "none at this ZeRO stage" in out and "not known" in out


def test_tp_and_pp_flags_shard_the_model(capsys):
    _, plain, _ = run(capsys, "memory", GPT2, "--zero", "0", "--format", "json")
    _, split, _ = run(capsys, "memory", GPT2, "--zero", "0", "--tp", "5", "--pp", "2", "--format", "json")
    plain, split = json.loads(plain), json.loads(split)
    assert split["per_accelerator_gb"]["weights"] == pytest.approx(plain["per_accelerator_gb"]["weights"] / 10)
    assert (split["tp"], split["pp"], split["data_parallel"]) == (5, 2, 3)


@pytest.mark.parametrize("flags, says", [
    (("--tp", "7"), "--tp: expected a divisor of model.heads (25)"),
    (("--tp", "0"), "--tp: expected a whole number of at least 1"),
    (("--tp", "25", "--pp", "4"), "--tp: expected tp x pp (100) at most compute.count (32)"),
])
def test_bad_flags_exit_2_naming_the_flag(capsys, flags, says):
    code, out, err = run(capsys, "memory", GPT2, *flags)
    assert code == 2 and out == "" and says in err and "Traceback" not in err


def test_new_from_hf_writes_a_scenario_and_reports_unused_fields(capsys, tmp_path):
    from support import DATA
    out = tmp_path / "llama.toml"
    code, stdout, err = run(capsys, "new", "--from-hf", str(DATA / "hf" / "llama-3-8b-instruct.json"), "-o", str(out))
    assert code == 0 and stdout == ""
    assert "not used (no [model] key reads them): attention_bias, pretraining_tp" in err and f"wrote {out}" in err
    assert planner.summarize(planner.load(out))["final_run"]["params"] == pytest.approx(8.0303e9, rel=1e-4)
    code, _, err = run(capsys, "new", "--from-hf", str(DATA / "hf" / "gpt2.json"), "-o", str(out))
    assert code == 2 and "exists already" in err
