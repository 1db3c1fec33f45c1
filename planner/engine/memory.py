"""Memory per accelerator for training: model states under ZeRO and model parallelism, plus activations.

Model states, mixed-precision Adam (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward
Training Trillion Parameter Models", Sec. 3.1 and Fig. 1): fp16/bf16 weights 2 bytes and gradients 2
bytes per parameter, and K = 12 bytes of optimizer state (fp32 master weights, momentum, variance). With
tensor parallelism `tp` and pipeline parallelism `pp` each accelerator holds 1 / (tp x pp) of the model;
ZeRO then partitions over the Nd = count / (tp x pp) data-parallel replicas: stage 1 the optimizer state,
stage 2 also the gradients, stage 3 also the weights. Fig. 1 (7.5B parameters, Nd = 64): 120, 31.4,
16.6 and 1.9 GB.

Activations (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models",
Table 2), bytes per layer for `b` sequences of length s, width h, a heads, 16-bit activations:
s*b*h*(34 + 5*a*s/h) without recompute, 34*s*b*h with selective recompute, 2*s*b*h with full recompute.
With tensor parallelism the paper's tensor + sequence parallel rows divide the first two by t (full
recompute keeps the layer input, 2*s*b*h, whole). With pipeline parallelism the first stage holds
L/pp layers for pp micro-batches in flight (1F1B schedule), L layers' worth in all: independent of pp
(Sec. 4.2.3). An encoder-decoder's decoder layers count at target_len (cross-attention's extra
activations are left out). The embedding and output-layer activations are left out, as in the paper's
per-layer figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.model.errors import RequestError
from planner.model.scenario import Model, Scenario
from planner.model.shape import counts
from planner.model.values import point

GB = 1e9
WEIGHT_BYTES, GRADIENT_BYTES, OPTIMIZER_BYTES = 2.0, 2.0, 12.0   # mixed-precision Adam (ZeRO Sec. 3.1)
ZERO_STAGES = (0, 1, 2, 3)


@dataclass(frozen=True)
class Layout:
    """How the run is spread: ZeRO stage, tensor and pipeline degrees, sequences per micro-step."""
    zero: int = 3
    tp: int = 1
    pp: int = 1
    micro_batch: int = 1

    @property
    def model_parallel(self) -> int:
        return self.tp * self.pp


@dataclass(frozen=True)
class Memory:
    """Bytes per accelerator, and what they mean for the accelerator count."""
    weights: float
    gradients: float
    optimizer: float
    activations: float | None      # None: no shape with a sequence length to compute them from
    accelerator_bytes: float | None
    min_accelerators: int | None   # None: no count fits (or the accelerator's memory is not known)
    layout: Layout
    count: int
    recompute: str

    @property
    def states(self) -> float:
        return self.weights + self.gradients + self.optimizer

    @property
    def total(self) -> float:
        return self.states + (self.activations or 0.0)

    @property
    def fits(self) -> bool | None:
        return None if self.accelerator_bytes is None else self.total <= self.accelerator_bytes


def layout_of(scenario: Scenario, zero: int | None = None, tp: int | None = None, pp: int | None = None) -> Layout:
    """The file's layout ([compute] zero, tp, pp; [training] micro_batch), with any override."""
    c = scenario.compute
    return Layout(_first(zero, c.zero, 3), _first(tp, c.tp, 1), _first(pp, c.pp, 1),
                  scenario.training.micro_batch or 1)


def checked_layout(scenario: Scenario, zero: int | None = None, tp: int | None = None,
                   pp: int | None = None) -> Layout:
    """layout_of() for values a person asked for (a flag, a field): refused by the file's own rules."""
    layout = layout_of(scenario, zero, tp, pp)
    file, m = scenario.path, scenario.model
    if layout.zero not in ZERO_STAGES:
        raise RequestError("compute.zero", "expected a ZeRO stage 0, 1, 2 or 3", str(layout.zero), file)
    for key in ("tp", "pp"):
        if getattr(layout, key) < 1:
            raise RequestError(f"compute.{key}", "expected a whole number of at least 1", str(getattr(layout, key)), file)
    count = max(1, round(point(scenario.compute.count)))
    if layout.model_parallel > count:
        raise RequestError("compute.tp", f"expected tp x pp ({layout.model_parallel:,}) at most compute.count "
                           f"({count:,}): each model replica spans tp x pp accelerators", str(layout.tp), file)
    if m.has_shape and m.heads % layout.tp:
        raise RequestError("compute.tp", f"expected a divisor of model.heads ({m.heads})", str(layout.tp), file)
    if m.has_shape and layout.pp > sum(m.stacks()):
        raise RequestError("compute.pp", f"expected at most the model's layers ({sum(m.stacks())})", str(layout.pp),
                           file)
    return layout


def _first(*values):
    return next(v for v in values if v is not None)


def model_states(params: float, layout: Layout, data_parallel: int) -> tuple[float, float, float]:
    """(weights, gradients, optimizer) bytes per accelerator for `params` parameters."""
    share = params / layout.model_parallel
    nd = max(1, data_parallel)
    weights = WEIGHT_BYTES * share / (nd if layout.zero >= 3 else 1)
    gradients = GRADIENT_BYTES * share / (nd if layout.zero >= 2 else 1)
    optimizer = OPTIMIZER_BYTES * share / (nd if layout.zero >= 1 else 1)
    return weights, gradients, optimizer


def layer_activations(s: float, b: float, h: float, a: float, recompute: str, tp: int = 1) -> float:
    """Korthikanti et al. 2022, Table 2: bytes of one layer's activations (tensor + sequence parallel)."""
    if recompute == "full":
        return 2.0 * s * b * h
    if recompute == "selective":
        return 34.0 * s * b * h / tp
    return s * b * h * (34.0 + 5.0 * a * s / h) / tp


def activation_bytes(model: Model, recompute: str, layout: Layout = Layout()) -> float | None:
    """Activations per accelerator (the first pipeline stage holds L layers' worth), or None."""
    if not model.has_shape or not model.seq_len:
        return None
    enc, dec = model.stacks()
    b, h, a, tp = layout.micro_batch, model.d_model, model.heads, layout.tp
    decoder_len = model.target_len or model.seq_len  # target_len is an encoder-decoder's only
    return (enc * layer_activations(model.seq_len, b, h, a, recompute, tp)
            + dec * layer_activations(decoder_len, b, h, a, recompute, tp))


def parameters(scenario: Scenario) -> float:
    m = scenario.model
    return float(point(m.params)) if m.params is not None else counts(m).params


def estimate(scenario: Scenario, memory_gb: float | None, layout: Layout | None = None,
             recompute: str | None = None, count: int | None = None) -> Memory:
    """Memory per accelerator at the file's count (or `count`), and the fewest accelerators that fit."""
    layout = layout or layout_of(scenario)
    recompute = recompute or scenario.training.recompute
    count = count or max(1, round(point(scenario.compute.count)))
    params = parameters(scenario)
    act = activation_bytes(scenario.model, recompute, layout)
    states = model_states(params, layout, count // layout.model_parallel)
    capacity = memory_gb * GB if memory_gb else None
    smallest = min_accelerators(params, act or 0.0, layout, capacity) if capacity else None
    return Memory(*states, act, capacity, smallest, layout, count, recompute)


def min_accelerators(params: float, activations: float, layout: Layout, capacity: float) -> int | None:
    """Fewest accelerators (a multiple of tp x pp) whose memory holds the sharded states plus activations;
    None when even unlimited data parallelism cannot (the unsharded part alone is too large)."""
    share = params / layout.model_parallel
    kept = {0: 16.0, 1: 4.0, 2: 2.0, 3: 0.0}[layout.zero] * share    # bytes ZeRO does not partition
    spread = {0: 0.0, 1: 12.0, 2: 14.0, 3: 16.0}[layout.zero] * share
    room = capacity - activations - kept
    if room <= 0:
        return None
    replicas = max(1, math.ceil(spread / room - 1e-9))
    return replicas * layout.model_parallel


def as_json(m: Memory) -> dict:
    """The `nlp-budget memory` JSON (GB = 10^9 bytes), plus the layout it was computed for."""
    gb = lambda v: None if v is None else v / GB  # noqa: E731
    return {"per_accelerator_gb": {"weights": gb(m.weights), "gradients": gb(m.gradients),
                                   "optimizer": gb(m.optimizer), "activations": gb(m.activations),
                                   "total": gb(m.total)},
            "accelerator_gb": gb(m.accelerator_bytes), "min_accelerators": m.min_accelerators, "fits": m.fits,
            "count": m.count, "zero": m.layout.zero, "tp": m.layout.tp, "pp": m.layout.pp,
            "micro_batch": m.layout.micro_batch, "recompute": m.recompute,
            "data_parallel": max(1, m.count // m.layout.model_parallel)}
