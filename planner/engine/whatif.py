"""What-if levers, each with its source: they change the engine's inputs, never its code path.

- sample_efficiency: ELECTRA (Clark et al. 2020) matched RoBERTa and XLNet with under 1/4 of their
  compute; compute (and so time, cost, energy) is divided by the factor given. The run's training
  tokens stay as the file gives them: the lever says the same data costs less compute.
- attention "linear": Longformer (Beltagy et al. 2020) attends to a window of w tokens, so the
  attention term grows with w, not the sequence length T: it is scaled by w / T (w = 512 by default,
  Longformer's window). "nlogn": Reformer (Kitaev et al. 2020) grows as T log T; the planner scales
  the term by w log2(T) / (T log2(w)), normalised to equal the windowed cost at T = w (an asymptotic
  form: the constant is the planner's, not Reformer's).
- spot: price at the catalog's spot offer, with `preemption_overhead` (a share of time lost to
  preemptions and restarts, the user's figure; none given, none added, with a warning) added to
  every run's hours.
- start_delay_years: GPU price-performance doubles about every 2.5 years (Epoch AI), so the same
  FLOPs cost 0.5 ** (years / 2.5) as much.
- distill: a distilled model for serving, TinyBERT (Jiao et al. 2020: 7.5x smaller, 9.4x faster at
  inference) or DistilBERT (Sanh et al. 2019: 40% smaller, 60% faster), with the cost of distilling
  it (`distill_scale` x one final run) counted as an eighth category, "distillation", of the project.
"""

from __future__ import annotations

import math

from planner.model.values import Number, Range

PRICE_PERFORMANCE_DOUBLING_YEARS = 2.5
LONGFORMER_WINDOW = 512
DISTILLED_MODELS = {
    "tinybert": {"name": "TinyBERT", "size_factor": 1 / 7.5, "inference_speedup": 9.4,
                 "source": "Jiao et al. 2020: 7.5x smaller and 9.4x faster than BERT-Base"},
    "distilbert": {"name": "DistilBERT", "size_factor": 0.6, "inference_speedup": 1.6,
                   "source": "Sanh et al. 2019: 40% smaller and 60% faster than BERT-Base"},
}


def attention_factor(whatif, seq_len: int | None) -> float:
    if not whatif.attention or whatif.attention == "quadratic" or not seq_len:
        return 1.0
    w = whatif.attention_window or LONGFORMER_WINDOW
    if seq_len <= w:
        return 1.0
    if whatif.attention == "linear":
        return w / seq_len
    return w * math.log2(seq_len) / (seq_len * math.log2(w))


def delay_price_factor(years: float) -> float:
    return 0.5 ** (years / PRICE_PERFORMANCE_DOUBLING_YEARS)


def scaled(value: Number, factor) -> Number:
    if isinstance(value, Range):
        return Range(value.low * factor, value.high * factor)
    return value * factor


def active(whatif) -> list[str]:
    """The levers switched on, by key."""
    on = []
    for key in ("sample_efficiency", "attention", "spot", "start_delay_years", "distill"):
        value = getattr(whatif, key)
        if value and value != "quadratic":
            on.append(key)
    return on


def describe(whatif, key: str) -> str:
    """One line on a lever that is on; every number may be a range ("5%-50%")."""
    if key == "sample_efficiency":
        return f"sample efficiency: compute / {_num(whatif.sample_efficiency)} (ELECTRA, Clark et al. 2020)"
    if key == "attention":
        src = "Longformer, Beltagy et al. 2020" if whatif.attention == "linear" else "Reformer, Kitaev et al. 2020"
        return f"{whatif.attention} attention, window {whatif.attention_window or LONGFORMER_WINDOW} ({src})"
    if key == "spot":
        if whatif.preemption_overhead is None:
            return "spot instances, no preemption overhead given"
        return f"spot instances, {_share(whatif.preemption_overhead)} preemption overhead"
    if key == "start_delay_years":
        years = whatif.start_delay_years
        factors = _num(_map(years, delay_price_factor), ".2f")
        return (f"start {_num(years)} years later: price x {factors} (Epoch AI, price-performance "
                "doubling every 2.5 years)")
    model = DISTILLED_MODELS[whatif.distill]
    return (f"serve a distilled {model['name']} ({model['source']}); distilling it costs "
            f"{_num(whatif.distill_scale)} x one final run")


def _map(value, fn):
    """fn of a number, or of both ends of a range (sorted: fn may decrease)."""
    if isinstance(value, Range):
        low, high = sorted((fn(value.low), fn(value.high)))
        return Range(low, high)
    return fn(value)


def _num(value, spec: str = "g") -> str:
    if isinstance(value, Range):
        return f"{value.low:{spec}}-{value.high:{spec}}"
    return f"{value:{spec}}"


def _share(value) -> str:
    if isinstance(value, Range):
        return f"{value.low:.0%}-{value.high:.0%}"
    return f"{value:.0%}"
