"""Ablation and baseline rows as four sums, so that per-row work is linear in the rows, never rows x draws.

The engine needs only each list's total runs and total compute (sum of runs x scale, in units of one
final run). A file may hold thousands of rows, each with ranges: Monte Carlo used to keep 20,000 draws
of every row's runs and scale at once (1,000 ranged rows: 0.6 GB), and the tornado a 2K-long array of
every input for each of its K swings (quadratic). Here rows are sampled a block at a time and summed,
and the tornado swings a row by adjusting the sums.
"""

from __future__ import annotations

import numpy as np

from planner.model.values import Range

KINDS = ("ablation", "baseline")
SUMS = {kind: (f"{kind}_runs_sum", f"{kind}_compute_sum") for kind in KINDS}
BLOCK_VALUES = 2_000_000  # draws held at once (16 MB of float64), whatever the number of rows
Z90 = 1.6448536269514722  # as sampling.Z90: a 90% interval spans +-Z90 sigma


def is_row_key(key: str) -> bool:
    return key.startswith(("ablation_runs_", "ablation_scale_", "baseline_runs_", "baseline_scale_"))


def row_count(inputs, kind: str) -> int:
    count = 0
    while f"{kind}_runs_{count}" in inputs:
        count += 1
    return count


def sums(x, kind: str, count: int):
    """(runs, compute) of one list: the sums `x` carries, else summed from its rows."""
    runs_key, compute_key = SUMS[kind]
    if runs_key in x:
        return x[runs_key], x[compute_key]
    runs = sum((x[f"{kind}_runs_{i}"] for i in range(count)), 0.0)
    compute = sum((x[f"{kind}_runs_{i}"] * x[f"{kind}_scale_{i}"] for i in range(count)), 0.0)
    return runs, compute


def _bounds(inputs, kind: str, part: str, count: int) -> tuple[np.ndarray, np.ndarray]:
    values = [inputs[f"{kind}_{part}_{i}"] for i in range(count)]
    low = np.array([v.low if isinstance(v, Range) else float(v) for v in values], dtype=float)
    high = np.array([v.high if isinstance(v, Range) else float(v) for v in values], dtype=float)
    return low, high


def sampled_sums(inputs, n: int, rng: np.random.Generator) -> dict[str, np.ndarray | float]:
    """The four sums over `n` seeded draws of every ranged row (a float where no row is ranged)."""
    with np.errstate(all="ignore"):  # absurd rows overflow: the caller refuses what is not finite, by key
        return _sampled_sums(inputs, n, rng)


def _sampled_sums(inputs, n: int, rng: np.random.Generator) -> dict[str, np.ndarray | float]:
    out: dict[str, np.ndarray | float] = {}
    for kind in KINDS:
        count = row_count(inputs, kind)
        runs_key, compute_key = SUMS[kind]
        ranged = [i for i in range(count) if isinstance(inputs[f"{kind}_runs_{i}"], Range)
                  or isinstance(inputs[f"{kind}_scale_{i}"], Range)]
        chosen = set(ranged)
        fixed = [(float(inputs[f"{kind}_runs_{i}"]), float(inputs[f"{kind}_scale_{i}"]))
                 for i in range(count) if i not in chosen]
        runs = sum((r for r, _ in fixed), 0.0)
        compute = sum((r * s for r, s in fixed), 0.0)
        if ranged:
            r_low, r_high = (a[ranged] for a in _bounds(inputs, kind, "runs", count))
            s_low, s_high = (a[ranged] for a in _bounds(inputs, kind, "scale", count))
            step = max(1, BLOCK_VALUES // (2 * max(n, 1)))
            for start in range(0, len(ranged), step):
                part = slice(start, start + step)
                r = _draws(r_low[part], r_high[part], n, rng)
                s = _draws(s_low[part], s_high[part], n, rng)
                runs = runs + r.sum(axis=0)
                r *= s
                compute = compute + r.sum(axis=0)
        out[runs_key], out[compute_key] = runs, compute
    return out


def _draws(low: np.ndarray, high: np.ndarray, n: int, rng) -> np.ndarray:
    """(rows, n) draws whose 5th and 95th percentiles are each row's bounds: lognormal when the low
    bound is above zero, else a normal clipped at zero (as sampling._to_interval); antithetic halves."""
    half = (n + 1) // 2
    z = np.empty((len(low), n))
    z[:, :half] = rng.standard_normal((len(low), half), dtype=np.float32)
    np.negative(z[:, :n - half], out=z[:, half:])
    positive = (low > 0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        log_low, log_high = np.log(np.where(low > 0, low, 1.0)), np.log(np.where(low > 0, high, 1.0))
    mu = np.where(low > 0, 0.5 * (log_low + log_high), low / 2 + high / 2)[:, None]
    sigma = np.where(low > 0, (log_high - log_low) / (2 * Z90), high / (2 * Z90) - low / (2 * Z90))[:, None]
    z *= sigma
    z += mu
    np.exp(z, out=z, where=positive)
    np.maximum(z, 0.0, out=z)
    fixed = low == high  # a point among ranged rows (runs fixed, scale a range): exactly its value
    if fixed.any():
        z[fixed] = low[fixed, None]
    return z


def swung_sums(inputs, point: dict[str, float], rows: list[tuple], size: int) -> dict[str, np.ndarray]:
    """The four sums for a tornado of `size` entries: the point sums, except that entry 2i (2i + 1)
    has row key rows[i][0] at rows[i][1] (rows[i][2]) instead of its point value."""
    with np.errstate(all="ignore"):  # absurd rows overflow: tornado() refuses what is not finite, by key
        return _swung_sums(inputs, point, rows, size)


def _swung_sums(inputs, point: dict[str, float], rows: list[tuple], size: int) -> dict[str, np.ndarray]:
    out = {}
    for kind in KINDS:
        runs, compute = sums(point, kind, row_count(inputs, kind))
        out[SUMS[kind][0]], out[SUMS[kind][1]] = np.full(size, float(runs)), np.full(size, float(compute))
    for i, (key, low, high, *_) in enumerate(rows):
        if not is_row_key(key):
            continue
        kind, part, index = key.split("_")
        r, s = point[f"{kind}_runs_{index}"], point[f"{kind}_scale_{index}"]
        runs_key, compute_key = SUMS[kind]
        for j, value in ((2 * i, low), (2 * i + 1, high)):
            if part == "runs":
                out[runs_key][j] += value - r
                out[compute_key][j] += (value - r) * s
            else:
                out[compute_key][j] += r * (value - s)
    return out
