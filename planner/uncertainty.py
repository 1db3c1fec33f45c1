"""Monte Carlo over 90% intervals: each Range input is sampled lognormally (Epoch AI, Guesstimate)."""

from __future__ import annotations

import numpy as np

from .values import Number, Range

Z90 = 1.6448536269514722  # the 95th percentile of the standard normal: a 90% interval spans +-Z90 sigma


def point_inputs(inputs: dict[str, Number]) -> dict[str, float]:
    return {k: (v.point if isinstance(v, Range) else float(v)) for k, v in inputs.items()}


def has_ranges(inputs: dict[str, Number]) -> bool:
    return any(isinstance(v, Range) for v in inputs.values())


def sample_inputs(inputs: dict[str, Number], n: int, seed: int = 0) -> dict[str, np.ndarray | float]:
    """Inputs with every Range replaced by `n` seeded samples; the same seed gives the same samples."""
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray | float] = {}
    for key in sorted(inputs):  # sorted: the sample stream must not depend on dict order
        value = inputs[key]
        if isinstance(value, Range):
            out[key] = sample_range(value, n, rng)
        else:
            out[key] = float(value)
    return out


def sample_range(value: Range, n: int, rng: np.random.Generator) -> np.ndarray:
    if value.low > 0:
        mu = 0.5 * (np.log(value.low) + np.log(value.high))
        sigma = (np.log(value.high) - np.log(value.low)) / (2 * Z90)
        return np.exp(rng.normal(mu, sigma, n))
    # A bound at zero cannot be lognormal: a normal on the same 90% interval, clipped at zero.
    mid, sigma = (value.low + value.high) / 2, (value.high - value.low) / (2 * Z90)
    return np.clip(rng.normal(mid, sigma, n), 0.0, None)


def percentiles(values: np.ndarray) -> dict[str, float]:
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95)}
