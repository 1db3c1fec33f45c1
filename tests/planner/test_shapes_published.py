"""Untied embeddings and encoder-decoders: hand-counted tiny shapes, then two published models.

Hand counts use the tiny model of test_engine_shapes.py: d_model 64, 8 heads of 8, d_ff 256, vocab 100,
seq_len 128; per layer attention 16,384, MLP 32,768, two layer norms 256.

Published counts:
- Llama 3 8B: 8,030,261,248 parameters (the BF16 safetensors of meta-llama/Meta-Llama-3-8B on the
  Hugging Face Hub, "safetensors.total"); shape from its config.json (tests/data/hf/llama-3-8b.json).
- T5-11B: 11.3B (Raffel et al. 2020 call it "11 billion"; 11.3B is the count of the released
  checkpoint, google-t5/t5-11b); shape from its config.json: d_model 1024, d_ff 65536, 128 heads of
  128, 24 + 24 layers, vocab 32128, tied embeddings.
"""

import pytest

import planner
from planner.model.errors import ScenarioError
from support import write_scenario

TOKENS = 1e9
FILE = """schema = 1
name = "tiny"

[model]
{model}

[training]
tokens = 1e9

[compute]
accelerator = "h100"
count = 8
utilization = 0.5
{compute}

[pricing]
catalog = "aws-2025"
"""
TINY = "d_model = 64\nheads = 8\nvocab = 100\nseq_len = 128\n"
MHA, MLP, NORMS, EMBEDDING = 16_384, 32_768, 256, 6_400


def final(tmp_path, model, compute=""):
    path = write_scenario(tmp_path, FILE.format(model=model, compute=compute))
    return planner.summarize(planner.load(path))["final_run"]


def test_untied_embeddings_add_a_matrix_to_the_count_but_not_to_the_flops(tmp_path):
    tied = final(tmp_path, 'family = "decoder"\nlayers = 2\n' + TINY)
    untied = final(tmp_path, 'family = "decoder"\nlayers = 2\ntie_embeddings = false\n' + TINY)
    assert tied["params"] == 2 * (MHA + MLP + NORMS) + EMBEDDING == 105_216
    assert untied["params"] == tied["params"] + EMBEDDING == 111_616
    # The output projection runs once per token either way; the input embedding is a lookup.
    assert untied["flops"] == pytest.approx(tied["flops"])
    attention = 12 * 2 * 64 * 128 / 2
    assert tied["flops"] == pytest.approx((6 * 105_216 + attention) * TOKENS)


def test_encoder_decoder_counts_cross_attention_and_scales_the_decoder_by_target_length(tmp_path):
    got = final(tmp_path, 'family = "encoder-decoder"\nlayers = 4\ntarget_len = 64\n' + TINY)
    encoder_layer = MHA + MLP + NORMS                       # 49,408
    decoder_layer = encoder_layer + MHA + 2 * 64            # + cross-attention and its norm: 65,920
    assert got["params"] == 2 * encoder_layer + 2 * decoder_layer + EMBEDDING == 237_056
    # Per encoder input token: the encoder, the cross-attention keys and values of its output, and half a
    # decoder token (target_len 64 / seq_len 128) with its share of the output projection.
    cross_kv = 2 * 64 * 64
    matrix = 2 * encoder_layer + 2 * cross_kv + 0.5 * (2 * (decoder_layer - cross_kv) + EMBEDDING)
    assert matrix == 176_128
    # 12 Q per layer: encoder full over 128, decoder causal over 64 and cross over 128, half as often.
    attention = 12 * 64 * (2 * 128 + 0.5 * 2 * (64 / 2 + 128))
    assert got["flops"] == pytest.approx((6 * matrix + attention) * TOKENS)


def test_encoder_and_decoder_layers_may_differ(tmp_path):
    got = final(tmp_path, 'family = "encoder-decoder"\nencoder_layers = 3\ndecoder_layers = 1\n' + TINY)
    assert got["params"] == 3 * (MHA + MLP + NORMS) + (2 * MHA + MLP + NORMS + 128) + EMBEDDING


@pytest.mark.parametrize("model, key, says", [
    ('family = "decoder"\nlayers = 2\nencoder_layers = 1', "model.encoder_layers", "encoder-decoder"),
    ('family = "encoder"\nlayers = 2\ntarget_len = 64', "model.target_len", "encoder-decoder"),
    ('family = "encoder-decoder"\nlayers = 3', "model.layers", "even"),
    ('family = "encoder-decoder"\nlayers = 4\nencoder_layers = 3\ndecoder_layers = 2', "model.layers", "(5)"),
    ('family = "encoder-decoder"\nlayers = 4\nencoder_layers = 4', "model.encoder_layers", "fewer than"),
    ('family = "decoder"\nlayers = 2\ntie_embeddings = "no"', "model.tie_embeddings", "true or false"),
])
def test_impossible_stacks_are_refused_by_key(tmp_path, model, key, says):
    with pytest.raises(ScenarioError) as caught:
        final(tmp_path, model + "\n" + TINY)
    assert caught.value.key == key and says in str(caught.value)


LLAMA_3_8B = """family = "decoder"
layers = 32
d_model = 4096
heads = 32
kv_heads = 8
d_ff = 14336
gated_mlp = true
vocab = 128256
seq_len = 8192
tie_embeddings = false
"""
T5_11B = """family = "encoder-decoder"
layers = 48
d_model = 1024
heads = 128
head_dim = 128
d_ff = 65536
vocab = 32128
seq_len = 512
"""


def test_llama_3_8b_matches_its_published_count(tmp_path):
    got = final(tmp_path, LLAMA_3_8B)
    assert got["params"] == pytest.approx(8_030_261_248, rel=0.005)
    tied = final(tmp_path, LLAMA_3_8B.replace("tie_embeddings = false", ""))["params"]
    assert tied == pytest.approx(7.505e9, rel=0.001)         # what the planner said before: -6.5%


def test_t5_11b_matches_its_published_count(tmp_path):
    got = final(tmp_path, T5_11B)
    assert got["params"] == pytest.approx(11.3e9, rel=0.005)
    # Before cross-attention was counted: 48 plain layers gave 9.7B (-14%).
    plain = 48 * (1024 * 16384 * 4 + 2 * 1024 * 65536 + 4 * 1024) + 32128 * 1024
    assert plain == pytest.approx(9.7e9, rel=0.01) and got["params"] > plain * 1.15
