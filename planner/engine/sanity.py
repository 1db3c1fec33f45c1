"""Sanity checks the planner shows: data for the model's size, and memory for the accelerator count.

Compute-optimal training uses about 20 tokens per parameter (Hoffmann et al. 2022, Chinchilla).
Mixed-precision Adam keeps about 16 bytes per parameter: fp16/bf16 weights and gradients (2 + 2), fp32
master weights, momentum and variance (4 + 4 + 4) (Transformer Math 101, EleutherAI 2023). Activations
per layer for one sequence: s*h*(34 + 5*a*s/h) bytes without recompute, 34*s*h with selective
recompute, 2*s*h with full recompute (Korthikanti et al. 2022).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.model.quantities import accelerators, engineering

CHINCHILLA_TOKENS_PER_PARAM = 20.0
BYTES_PER_PARAM_ADAM = 16.0
FAR_FACTOR = 2.0  # "far from" 20 tokens per parameter: below 10 or above 40


@dataclass(frozen=True)
class Sanity:
    tokens_per_param: float
    optimal_params: float          # compute-optimal split of the same FLOPs (C = 6ND, D = 20N)
    optimal_tokens: float
    state_bytes: float              # weights, gradients, optimizer state
    activation_bytes: float | None  # one sequence on one accelerator; None without a shape
    min_count: int | None           # fewest accelerators that hold the state (sharded) plus activations
    notes: tuple[str, ...]


def activation_bytes(model, recompute: str) -> float | None:
    if not model.has_shape or not model.seq_len:
        return None
    s, h, a, layers = model.seq_len, model.d_model, model.heads, sum(model.stacks())
    per_layer = {"none": s * h * (34 + 5 * a * s / h), "selective": 34 * s * h, "full": 2 * s * h}[recompute]
    return layers * per_layer


def check(scenario, summary: dict, memory_gb: float | None) -> Sanity:
    f = summary["final_run"]
    params, tokens, flops_6nd = f["params"], f["tokens"], 6 * f["active_params"] * f["tokens"]
    notes = []
    ratio = tokens / params if params else 0.0
    opt_n = math.sqrt(flops_6nd / (6 * CHINCHILLA_TOKENS_PER_PARAM)) if flops_6nd else 0.0
    opt_d = CHINCHILLA_TOKENS_PER_PARAM * opt_n
    if tokens and not (CHINCHILLA_TOKENS_PER_PARAM / FAR_FACTOR <= ratio <= CHINCHILLA_TOKENS_PER_PARAM * FAR_FACTOR):
        notes.append(f"{ratio:,.1f} tokens per parameter, far from the compute-optimal ~20 (Chinchilla): "
                     f"the same FLOPs would train {engineering(opt_n)} parameters on {engineering(opt_d)} tokens")
    state = BYTES_PER_PARAM_ADAM * params
    act = activation_bytes(scenario.model, scenario.training.recompute)
    min_count = None
    if memory_gb:
        usable = memory_gb * 1e9 - (act or 0.0)
        if usable <= 0 and scenario.training.recompute == "none":
            selective = activation_bytes(scenario.model, "selective")
            notes.append(f"one {scenario.model.seq_len}-token sequence needs {act / 1e9:,.1f} GB of activations "
                         f"without recompute, more than the accelerator's {memory_gb:g} GB; selective "
                         f"recompute (or memory-efficient attention) needs {selective / 1e9:,.1f} GB")
            act = selective
            usable = memory_gb * 1e9 - act
        if usable <= 0:
            notes.append(f"one sequence's activations ({act / 1e9:,.1f} GB) exceed the accelerator's "
                         f"{memory_gb:g} GB: use full recompute or a shorter sequence")
        else:
            min_count = max(1, math.ceil(state / usable))
            count = summary["assumptions"]["count"]
            if count < min_count:
                notes.append(f"{accelerators(count)} {'holds' if count == 1 else 'hold'} too little: weights, gradients and Adam state "
                             f"({state / 1e9:,.0f} GB at 16 bytes per parameter) plus activations need at "
                             f"least {min_count:,} of {memory_gb:g} GB")
    return Sanity(ratio, opt_n, opt_d, state, act, min_count, tuple(notes))
