"""Parameter and per-token FLOP counts from a transformer's shape.

Kaplan et al. 2020 (Table 1) and Megatron-LM for the parameter count; PaLM (Chowdhery et al. 2022,
App. B) for the attention FLOPs, halved for causal models as Megatron-LM counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model.scenario import Model


@dataclass(frozen=True)
class ShapeCounts:
    params: float
    active_params: float
    attention_flops_per_token: float  # training (forward + backward) FLOPs of scores and weighted values


def attention_mode(model: Model) -> str:
    if model.attention:
        return model.attention
    return "causal" if model.family == "decoder" else "full"


def counts(model: Model) -> ShapeCounts | None:
    """Counts from the shape, or None when the model is given by `params` alone."""
    if not model.has_shape:
        return None
    d, layers, heads = model.d_model, model.layers, model.heads
    head_dim = model.head_dim or d // heads
    q = heads * head_dim
    kv = (model.kv_heads or heads) * head_dim
    d_ff = model.d_ff or 4 * d
    attention = d * (q + 2 * kv) + q * d
    one_mlp = (3 if model.gated_mlp else 2) * d * d_ff
    if model.experts:
        mlp_total = model.experts * one_mlp + d * model.experts  # experts plus the router
        mlp_active = model.experts_per_token * one_mlp + d * model.experts
    else:
        mlp_total = mlp_active = one_mlp
    norms = 4 * d  # two layer norms (scale and bias) per layer: small, kept for honesty
    # The input embedding is tied to the output projection, so it is counted once; its 6*d*vocab
    # FLOPs per token are the logits. Encoders (BERT) also learn position embeddings.
    embedding = (model.vocab or 0) * d + (model.seq_len * d if model.family == "encoder" and model.seq_len else 0)
    total = layers * (attention + mlp_total + norms) + embedding
    active = layers * (attention + mlp_active + norms) + embedding
    factor = {"causal": 0.5, "full": 1.0, "none": 0.0}[attention_mode(model)]
    attn_flops = 12.0 * layers * q * (model.seq_len or 0) * factor
    return ShapeCounts(float(total), float(active), attn_flops)
