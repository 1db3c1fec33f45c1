"""Shapes, time modes and precision, through scenario files, against figures worked by hand.

The formulas are those of shared/reference/cost-model.md (Kaplan 2020 / Megatron-LM parameters, 6ND,
PaLM's attention term) plus the planner's documented extras: two layer norms (4 x d_model) per layer and
a router (d_model x experts) per MoE layer (docs/scenario-format.md, Decisions).

A tiny decoder keeps the arithmetic legible: 2 layers, d_model 64, 8 heads (head_dim 8), vocab 100,
seq_len 128, d_ff 4 x 64 = 256.
"""

import pytest

import planner
from support import write_scenario

TOKENS = 1e9
FILE = """schema = 1
name = "tiny"

[model]
family = "decoder"
layers = 2
d_model = 64
heads = 8
vocab = 100
seq_len = 128
{model}

[training]
tokens = 1e9
{training}

[compute]
accelerator = "{accelerator}"
count = 4
{compute}

[pricing]
catalog = "{catalog}"
"""

EMBEDDING = 100 * 64                      # tied input/output embedding: 6,400
NORMS = 4 * 64                            # two layer norms, scale and bias: 256 per layer
MHA = 64 * (64 + 2 * 64) + 64 * 64        # d (q + 2 kv) + q d with q = kv = 64: 16,384 per layer
MLP = 2 * 64 * 256                        # two matrices: 32,768 per layer
ATTENTION_PER_TOKEN = 12 * 2 * 8 * 8 * 128 / 2   # 12 L H Q T, halved for a causal model: 98,304


def summarise(tmp_path, model="", training="", compute="utilization = 0.5", accelerator="h100",
              catalog="aws-2025"):
    text = FILE.format(model=model, training=training, compute=compute, accelerator=accelerator,
                       catalog=catalog)
    return planner.summarize(planner.load(write_scenario(tmp_path, text)))


def flops(active_params: float) -> float:
    return (6 * active_params + ATTENTION_PER_TOKEN) * TOKENS


def test_multi_head_baseline(tmp_path):
    final = summarise(tmp_path)["final_run"]
    params = 2 * (MHA + MLP + NORMS) + EMBEDDING            # 105,216
    assert final["params"] == params == 105_216
    assert final["flops"] == pytest.approx(flops(params))


def test_grouped_query_attention_shrinks_the_key_value_projections(tmp_path):
    final = summarise(tmp_path, model="kv_heads = 2")["final_run"]
    gqa = 64 * (64 + 2 * 16) + 64 * 64                      # kv = 2 heads x 8 = 16: 10,240 per layer
    params = 2 * (gqa + MLP + NORMS) + EMBEDDING            # 92,928
    assert final["params"] == params == 92_928
    # The attention FLOPs term counts queries against keys: grouping the keys does not change it.
    assert final["flops"] == pytest.approx(flops(params))


def test_gated_mlp_has_three_matrices(tmp_path):
    final = summarise(tmp_path, model="gated_mlp = true\nd_ff = 172")["final_run"]
    params = 2 * (MHA + 3 * 64 * 172 + NORMS) + EMBEDDING   # 3 x 64 x 172 = 33,024: 105,728
    assert final["params"] == params == 105_728
    assert final["flops"] == pytest.approx(flops(params))


def test_mixture_of_experts_trains_on_the_active_parameters(tmp_path):
    final = summarise(tmp_path, model="experts = 4\nexperts_per_token = 1")["final_run"]
    router = 64 * 4
    total = 2 * (MHA + 4 * MLP + router + NORMS) + EMBEDDING    # 302,336
    active = 2 * (MHA + 1 * MLP + router + NORMS) + EMBEDDING   # 105,728
    assert (final["params"], final["active_params"]) == (total, active) == (302_336, 105_728)
    assert final["flops"] == pytest.approx(flops(active))


def test_active_params_scale_with_the_shape_when_params_is_given(tmp_path):
    final = summarise(tmp_path, model="experts = 4\nexperts_per_token = 1\nparams = 3e6")["final_run"]
    assert final["params"] == 3e6
    assert final["active_params"] == pytest.approx(3e6 * 105_728 / 302_336)


def test_recompute_raises_hours_but_not_flops(tmp_path):
    plain = summarise(tmp_path)["final_run"]
    hours = flops(105_216) / (989e12 * 0.5) / 3600          # H100 bf16 dense peak 989 TFLOP/s
    assert plain["accelerator_hours"] == pytest.approx(hours)
    for recompute, factor in (("full", 8 / 6), ("selective", 1.03)):
        final = summarise(tmp_path, training=f'recompute = "{recompute}"')["final_run"]
        assert final["flops"] == pytest.approx(plain["flops"])
        assert final["accelerator_hours"] == pytest.approx(hours * factor)
        assert final["cost"] == pytest.approx(plain["cost"] * factor)


def test_measured_tokens_per_second_sets_the_time(tmp_path):
    summary = summarise(tmp_path, compute="tokens_per_second = 1000")
    final = summary["final_run"]
    seconds = TOKENS / 1000                                  # per accelerator: 1e6 accelerator-seconds
    assert summary["assumptions"]["mode"] == "tokens_per_second"
    assert final["accelerator_hours"] == pytest.approx(seconds / 3600)
    assert final["wall_clock_hours"] == pytest.approx(seconds / 3600 / 4)
    assert final["utilization"] == pytest.approx(flops(105_216) / (seconds * 989e12))
    # Measured throughput already includes recompute: the hours do not move.
    full = summarise(tmp_path, compute="tokens_per_second = 1000", training='recompute = "full"')
    assert full["final_run"]["accelerator_hours"] == pytest.approx(final["accelerator_hours"])


def test_precision_picks_the_dense_peak(tmp_path):
    bf16 = summarise(tmp_path)
    fp8 = summarise(tmp_path, training='precision = "fp8"')
    assert (bf16["assumptions"]["precision"], fp8["assumptions"]["precision"]) == ("bf16", "fp8")
    assert fp8["assumptions"]["peak_flops_per_accelerator"] == 1979e12
    assert fp8["final_run"]["accelerator_hours"] == pytest.approx(
        bf16["final_run"]["accelerator_hours"] * 989 / 1979)


def test_v100_defaults_to_fp16_for_want_of_bf16(tmp_path):
    summary = summarise(tmp_path, accelerator="v100", catalog="lambda-2025")
    assert summary["assumptions"]["precision"] == "fp16"
    assert summary["assumptions"]["peak_flops_per_accelerator"] == 125e12
    assert summary["final_run"]["accelerator_hours"] == pytest.approx(flops(105_216) / (125e12 * 0.5) / 3600)


def test_a_shape_without_seq_len_has_no_attention_term_and_says_so(tmp_path):
    text = FILE.format(model="", training="", compute="utilization = 0.5", accelerator="h100",
                       catalog="aws-2025").replace("seq_len = 128\n", "")
    scenario = planner.load(write_scenario(tmp_path, text))
    summary = planner.summarize(scenario)
    params = 2 * (MHA + MLP + NORMS) + EMBEDDING
    assert summary["final_run"]["flops"] == pytest.approx(6 * params * TOKENS)
    assert summary["assumptions"]["sources"]["attention"] == "none (model.seq_len not given)"
    assert any("model.seq_len is not given" in w for w in summary["warnings"])
