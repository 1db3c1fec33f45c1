"""Parameter and per-token FLOP counts from a transformer's shape.

Kaplan et al. 2020 (Table 1) and Megatron-LM for the parameter count; PaLM (Chowdhery et al. 2022,
App. B) for the attention FLOPs, halved for causal models as Megatron-LM counts them.

Embeddings: the input embedding is a lookup (no FLOPs); the output projection (logits) is a matmul of
d_model x vocab per predicted token. With tied embeddings (`tie_embeddings`, the default) one matrix is
both, counted once in the parameters and once in the FLOPs, so 6N includes the logits. Untied (Llama,
Mistral, T5 v1.1) the parameters hold two matrices and the FLOPs still one: `flop_params` is the count
that does matrix work per input token, and the engine's 6N uses it.

Encoder-decoder (Vaswani et al. 2017; T5, Raffel et al. 2020): every decoder layer adds cross-attention
(queries from the decoder, keys and values from the encoder's output: the same four matrices as
self-attention) and a third layer norm. Training tokens count encoder input tokens; the decoder runs on
`target_len` tokens per `seq_len` input tokens, so its per-token terms are scaled by target_len / seq_len
(the cross-attention key and value projections run over the encoder's tokens, so they are not).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model.scenario import Model

ATTENTION_FACTOR = {"causal": 0.5, "full": 1.0, "none": 0.0}


@dataclass(frozen=True)
class ShapeCounts:
    params: float
    active_params: float
    attention_flops_per_token: float  # training (forward + backward) FLOPs of scores and weighted values
    flop_params: float = 0.0          # active parameters doing matrix work per input token (6N uses it)


def attention_mode(model: Model) -> str:
    if model.attention:
        return model.attention
    return "causal" if model.family == "decoder" else "full"


def _widths(model: Model) -> tuple[int, int, int, int]:
    d, heads = model.d_model, model.heads
    head_dim = model.head_dim or d // heads
    q = heads * head_dim
    kv = (model.kv_heads or heads) * head_dim
    return d, q, kv, model.d_ff or 4 * d


def counts(model: Model) -> ShapeCounts | None:
    """Counts from the shape, or None when the model is given by `params` alone."""
    if not model.has_shape:
        return None
    d, q, kv, d_ff = _widths(model)
    attention = d * (q + 2 * kv) + q * d
    one_mlp = (3 if model.gated_mlp else 2) * d * d_ff
    if model.experts:
        mlp_total = model.experts * one_mlp + d * model.experts  # experts plus the router
        mlp_active = model.experts_per_token * one_mlp + d * model.experts
    else:
        mlp_total = mlp_active = one_mlp
    norms = 4 * d  # two layer norms (scale and bias) per layer: small, kept for honesty
    enc, dec = model.stacks()
    cross = attention + 2 * d if model.family == "encoder-decoder" else 0  # cross-attention and its norm
    layers_total = enc * (attention + mlp_total + norms) + dec * (attention + mlp_total + norms + cross)
    layers_active = enc * (attention + mlp_active + norms) + dec * (attention + mlp_active + norms + cross)
    vocab = (model.vocab or 0) * d
    # Encoders (BERT) also learn position embeddings: a lookup, counted in parameters only.
    positions = model.seq_len * d if model.family == "encoder" and model.seq_len else 0
    embedding = vocab * (1 if model.tied else 2) + positions
    r = _target_share(model)
    flop = _flop_params(model, enc, dec, attention, mlp_active + norms, cross, kv, d, vocab, r)
    return ShapeCounts(float(layers_total + embedding), float(layers_active + embedding),
                       _attention_flops(model, enc, dec, q, r), float(flop))


def _target_share(model: Model) -> float:
    """Decoder tokens per encoder input token: target_len / seq_len (1 unless an encoder-decoder says so)."""
    if model.family != "encoder-decoder" or not model.target_len or not model.seq_len:
        return 1.0
    return model.target_len / model.seq_len


def _flop_params(model, enc, dec, attention, mlp_and_norms, cross, kv, d, vocab, r) -> float:
    if model.family != "encoder-decoder":
        return enc * (attention + mlp_and_norms) + dec * (attention + mlp_and_norms) + vocab
    cross_kv = 2 * d * kv  # keys and values of the encoder's output: once per encoder token
    decoder = dec * (attention + mlp_and_norms + cross - cross_kv) + vocab
    return enc * (attention + mlp_and_norms) + dec * cross_kv + r * decoder


def _attention_flops(model: Model, enc: int, dec: int, q: int, r: float) -> float:
    """PaLM's 12 * L * H * Q * T per token, by stack: encoder and cross-attention see the whole input,
    decoder self-attention is causal (half), unless `model.attention` sets one mode for all."""
    s = model.seq_len or 0
    if model.family != "encoder-decoder":
        return 12.0 * (enc + dec) * q * s * ATTENTION_FACTOR[attention_mode(model)]
    t = model.target_len or s
    full = causal = ATTENTION_FACTOR[model.attention] if model.attention else None
    full = 1.0 if full is None else full
    causal = 0.5 if causal is None else causal
    return 12.0 * q * (enc * s * full + r * dec * (t * causal + s * full))
