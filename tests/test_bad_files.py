"""Refused files: one clear message naming the file, the key and the reason; the file is untouched."""

import pytest

import planner
from conftest import write_scenario

BASE = """schema = 1
name = "base"

[model]
family = "encoder"
layers = 24
d_model = 1024
heads = 16
vocab = 30522
seq_len = 512

[training]
tokens = 131e9

[compute]
accelerator = "tpu-v3"
count = 64
utilization = 0.4

[pricing]
catalog = "gcp-2019"
offer = "on-demand"

[project]
seeds = 2
[project.tuning]
trials = 10
scale = 0.1
"""


def edit(old: str, new: str):
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return apply


def append(extra: str):
    return lambda text: text + extra


# (id, change to BASE, key the message must name, words the message must hold)
BAD = [
    ("not-toml", edit("[compute]", "[compute"), None, ["not valid TOML", "line 15"]),
    ("newer-schema", edit("schema = 1", "schema = 2"), "schema", ["newer planner", "2"]),
    ("schema-missing", edit("schema = 1\n", ""), "schema", ["required"]),
    ("schema-string", edit("schema = 1", 'schema = "1"'), "schema", ["whole number"]),
    ("name-missing", edit('name = "base"\n', ""), "name", ["required"]),
    ("name-empty", edit('name = "base"', 'name = "  "'), "name", ["non-empty"]),
    ("unknown-accelerator", edit('"tpu-v3"', '"tpu-v9"'), "compute.accelerator", ["tpu-v", "nearest"]),
    ("unknown-catalog", edit('"gcp-2019"', '"gcp-2091"'), "pricing.catalog", ["gcp-2019", "nearest"]),
    ("unknown-offer", edit('offer = "on-demand"', 'offer = "reserved"'), "pricing.offer", ["spot"]),
    ("unknown-region", edit('offer = "on-demand"', 'offer = "on-demand"\nregion = "us-centrl1"'), "pricing.region", ["us-central1"]),
    ("zero-count", edit("count = 64", "count = 0"), "compute.count", ["greater than zero", "0"]),
    ("negative-count", edit("count = 64", "count = -8"), "compute.count", ["greater than zero", "-8"]),
    ("utilization-above-one", edit("utilization = 0.4", "utilization = 1.5"), "compute.utilization", ["at most 1"]),
    ("utilization-zero", edit("utilization = 0.4", "utilization = 0.0"), "compute.utilization", ["greater than zero"]),
    ("utilization-nan", edit("utilization = 0.4", "utilization = nan"), "compute.utilization", ["finite", "nan"]),
    ("tokens-inf", edit("tokens = 131e9", "tokens = inf"), "training.tokens", ["finite", "inf"]),
    ("count-string", edit("count = 64", 'count = "64"'), "compute.count", ['"64"']),
    ("layers-float", edit("layers = 24", "layers = 24.5"), "model.layers", ["whole number"]),
    ("tokens-and-steps", edit("tokens = 131e9", "tokens = 131e9\nsteps = 1000\nbatch_size = 256"),
     "training.steps", ["conflicts with training.tokens"]),
    ("steps-without-batch", edit("tokens = 131e9", "steps = 1000"), "training.batch_size", ["required"]),
    ("no-tokens", edit("tokens = 131e9\n", ""), "training.tokens", ["required"]),
    ("two-throughputs", edit("utilization = 0.4", "utilization = 0.4\nhours = 96"), "compute.hours",
     ["conflicts with compute.utilization"]),
    ("heads-not-dividing", edit("heads = 16", "heads = 15"), "model.heads", ["divisor of model.d_model"]),
    ("kv-heads-not-dividing", edit("heads = 16", "heads = 16\nkv_heads = 5"), "model.kv_heads", ["divisor"]),
    ("shape-incomplete", edit("heads = 16\n", ""), "model.heads", ["required"]),
    ("no-model", edit("layers = 24\nd_model = 1024\nheads = 16\n", ""), "model.params", ["required"]),
    ("bad-family", edit('family = "encoder"', 'family = "rnn"'), "model.family", ['"decoder"', '"rnn"']),
    ("bad-precision", edit("tokens = 131e9", 'tokens = 131e9\nprecision = "int4"'), "training.precision", ["bf16"]),
    ("precision-not-on-accelerator", edit("tokens = 131e9", 'tokens = 131e9\nprecision = "fp8"'),
     "training.precision", ["tpu-v3", "bf16"]),
    ("bad-recompute", edit("tokens = 131e9", 'tokens = 131e9\nrecompute = "some"'), "training.recompute", ["selective"]),
    ("range-reversed", edit("utilization = 0.4", "utilization = [0.5, 0.3]"), "compute.utilization", ["low <= high"]),
    ("range-three", edit("utilization = 0.4", "utilization = [0.3, 0.4, 0.5]"), "compute.utilization", ["two numbers"]),
    ("negative-trials", edit("trials = 10", "trials = -1"), "project.tuning.trials", ["zero or more"]),
    ("zero-seeds", edit("seeds = 2", "seeds = 0"), "project.seeds", ["at least 1"]),
    ("contingency-negative", edit("seeds = 2", "seeds = 2\ncontingency = -0.1"), "project.contingency", ["zero or more"]),
    ("ablation-not-table", edit("seeds = 2", "seeds = 2\nablations = 3"), "project.ablations", ["array of tables"]),
    ("ablation-bad-scale", append('[[project.ablations]]\nname = "a"\nruns = 1\n\n[[project.ablations]]\nname = "b"\nscale = -2\n'),
     "project.ablations[1].scale", ["greater than zero", "line 35"]),
    ("section-not-table", lambda t: t.replace('name = "base"', 'name = "base"\ncompute = "fast"').replace("[compute]", "[compute_x]"), "compute", ["expected a table"]),
    ("experts-without-topk", edit("heads = 16", "heads = 16\nexperts = 8"), "model.experts_per_token", ["required"]),
    ("topk-above-experts", edit("heads = 16", "heads = 16\nexperts = 8\nexperts_per_token = 9"),
     "model.experts_per_token", ["at most"]),
    ("active-above-total", edit("heads = 16", "heads = 16\nparams = 1e9\nactive_params = 2e9"),
     "model.active_params", ["at most"]),
    ("accelerator-not-in-catalog", edit('"tpu-v3"', '"h100"'), "pricing.catalog", ["h100", "it prices"]),
    ("offer-not-in-catalog", lambda t: t.replace('"tpu-v3"', '"h100"').replace('"gcp-2019"', '"coreweave-2025"')
     .replace('"on-demand"', '"spot"'), "pricing.offer", ["on-demand"]),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_file_is_refused_clearly_and_left_alone(tmp_path, case):
    _, change, key, words = case
    text = change(BASE)
    path = write_scenario(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(planner.ScenarioError) as info:
        planner.load(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    if key:
        assert f"{key}:" in message, message
    for word in words:
        assert word in message, message
    assert path.read_bytes() == before
    assert len(message.splitlines()) == 1


def test_base_file_is_valid(tmp_path):
    planner.summarize(planner.load(write_scenario(tmp_path, BASE)))


def test_line_number_points_at_the_key(tmp_path):
    path = write_scenario(tmp_path, BASE.replace("count = 64", "count = 0"))
    with pytest.raises(planner.ScenarioError) as info:
        planner.load(path)
    assert info.value.line == 17
    assert "line 17" in str(info.value)


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "x.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(planner.ScenarioError, match="UTF-8"):
        planner.load(binary)
    with pytest.raises(planner.ScenarioError, match="cannot be read"):
        planner.load(tmp_path / "missing.toml")


def test_unknown_keys_warn_with_a_suggestion(tmp_path):
    path = write_scenario(tmp_path, BASE.replace("utilization = 0.4", "utilisation = 0.4"))
    scenario = planner.load(path)
    assert any("compute.utilisation" in w and '"utilization"' in w for w in scenario.warnings)
