"""Sanity checks the planner shows: data for the model's size, and memory for the accelerator count.

Compute-optimal training uses about 20 tokens per parameter (Hoffmann et al. 2022, Chinchilla).
Memory per accelerator is memory.py's model: mixed-precision Adam's 2 + 2 + 12 bytes per parameter
sharded by ZeRO stage and tensor/pipeline parallelism (Rajbhandari et al. 2020), plus activations
(Korthikanti et al. 2022).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.engine import memory as mem
from planner.model.quantities import accelerators, engineering

CHINCHILLA_TOKENS_PER_PARAM = 20.0
BYTES_PER_PARAM_ADAM = mem.WEIGHT_BYTES + mem.GRADIENT_BYTES + mem.OPTIMIZER_BYTES
FAR_FACTOR = 2.0  # "far from" 20 tokens per parameter: below 10 or above 40


@dataclass(frozen=True)
class Sanity:
    tokens_per_param: float
    optimal_params: float          # compute-optimal split of the same FLOPs (C = 6ND, D = 20N)
    optimal_tokens: float
    state_bytes: float              # weights, gradients, optimizer state (all replicas' worth: 16 per parameter)
    activation_bytes: float | None  # per accelerator; None without a shape
    min_count: int | None           # fewest accelerators that hold the sharded states plus activations
    notes: tuple[str, ...]
    memory: mem.Memory | None = None  # at the file's count and layout



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
    m = mem.estimate(scenario, memory_gb)
    min_count = _memory_notes(scenario, m, memory_gb, notes) if memory_gb else None
    return Sanity(ratio, opt_n, opt_d, BYTES_PER_PARAM_ADAM * params, m.activations, min_count, tuple(notes), m)


def _memory_notes(scenario, m: mem.Memory, memory_gb: float, notes: list[str]) -> int | None:
    """The fewest accelerators that hold the run, with a note when the file's count is below it; without
    recompute, a sequence too long for the accelerator falls back to selective recompute (with a note)."""
    act, layout = m.activations or 0.0, m.layout
    capacity = memory_gb * mem.GB
    if act > capacity and m.recompute == "none":
        selective = mem.estimate(scenario, memory_gb, recompute="selective")
        b = layout.micro_batch
        what = "one" if b == 1 else f"{b:,}"
        notes.append(f"{what} {scenario.model.seq_len}-token sequence{'' if b == 1 else 's'} "
                     f"need{'s' if b == 1 else ''} {act / 1e9:,.1f} GB of "
                     f"activations without recompute, more than the accelerator's {memory_gb:g} GB; selective "
                     f"recompute (or memory-efficient attention) needs {selective.activations / 1e9:,.1f} GB")
        m, act = selective, selective.activations
    if act > capacity:
        notes.append(f"activations ({act / 1e9:,.1f} GB per accelerator) exceed the accelerator's {memory_gb:g} GB: "
                     "use full recompute, tensor parallelism (compute.tp) or a shorter sequence")
        return None
    if m.min_accelerators is None:
        notes.append(f"at ZeRO stage {layout.zero} with tp {layout.tp} x pp {layout.pp}, the unsharded model states "
                     f"plus activations exceed the accelerator's {memory_gb:g} GB at any count: raise compute.zero, "
                     "compute.tp or compute.pp")
        return None
    count = m.count
    if count < m.min_accelerators:
        notes.append(f"{accelerators(count)} {'holds' if count == 1 else 'hold'} too little: weights, gradients and "
                     f"Adam state ({BYTES_PER_PARAM_ADAM * mem.parameters(scenario) / 1e9:,.0f} GB at 16 bytes per "
                     f"parameter, ZeRO stage {layout.zero}, tp {layout.tp}, pp {layout.pp}) plus activations need at "
                     f"least {m.min_accelerators:,} of {memory_gb:g} GB")
    return m.min_accelerators
