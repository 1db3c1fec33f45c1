"""Engine speed: prints figures, asserts nothing (speed is measured here, never in tests).

    python benchmarks/engine.py
"""

from __future__ import annotations

import statistics
import time
from importlib import resources

import numpy as np

import planner
from planner.engine.core import evaluate
from planner.engine.resolve import resolve
from planner.engine.summary import monte_carlo
from planner.engine.sampling import point_inputs
from planner.model.values import Range


def _time(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    path = resources.files("planner.scenarios").joinpath("bert-large.toml")
    catalogs = planner.load_catalogs()
    scenario = planner.load(str(path), catalogs)
    planner.summarize(scenario, catalogs)  # warm caches
    summary_times = _time(lambda: planner.summarize(scenario, catalogs), 2000)
    print(f"summarize() of bert-large.toml: median {statistics.median(summary_times) * 1e3:.3f} ms, "
          f"p95 {np.percentile(summary_times, 95) * 1e3:.3f} ms (target < 1 ms)")

    res = resolve(scenario, catalogs)
    x = point_inputs(res.inputs)
    for key in ("hours", "steps", "batch_size", "seq_len"):
        x.pop(key, None)
    n = 1000
    util = np.linspace(0.2, 0.6, n)[:, None]
    tokens = np.geomspace(1e10, 1e12, n)[None, :]
    grid = {**x, "utilization": util, "tokens": tokens}
    out = evaluate(grid, "utilization", res.n_ablations, res.n_baselines)
    assert out["final_cost"].shape == (n, n)  # really a million variants
    vec = min(_time(lambda: evaluate(grid, "utilization", res.n_ablations, res.n_baselines), 5))
    loop_n = 2000
    pairs = [(float(u), float(t)) for u, t in zip(np.resize(util.ravel(), loop_n), np.resize(tokens.ravel(), loop_n))]

    def loop():
        for u, t in pairs:
            evaluate({**x, "utilization": u, "tokens": t}, "utilization", res.n_ablations, res.n_baselines)

    loop_s = min(_time(loop, 3))
    vec_rate, loop_rate = n * n / vec, loop_n / loop_s
    print(f"sweep of {n * n:,} variants (utilization x tokens): {vec:.3f} s vectorised "
          f"({vec_rate:,.0f}/s) vs a Python loop at {loop_rate:,.0f}/s: {vec_rate / loop_rate:,.0f}x "
          "(targets: < 0.5 s, >= 100x)")

    ranged = planner.model.scenario.with_value(scenario, "compute", "hours", Range(80.0, 120.0))
    ranged = planner.model.scenario.with_value(ranged, "project", "trials", Range(0.5, 2.0))
    _monte_carlo("a full project, 2 ranged inputs", resolve(ranged, catalogs))
    many = resolve(_many_ranges(catalogs), catalogs)
    _monte_carlo(f"decoder-7b-h100.toml, {len(MANY_RANGES) + 1} ranged inputs", many)


# Ranges on the inputs people are least sure of; with the file's own utilization range, 9 in all.
MANY_RANGES = (("training", "tokens", Range(1e12, 3e12)), ("project", "trials", Range(12, 48)),
               ("project", "contingency", Range(0.05, 0.2)), ("compute", "count", Range(128, 512)),
               ("energy", "pue", Range(1.1, 1.6)), ("energy", "grid_kg_per_kwh", Range(0.2, 0.5)),
               ("energy", "power_watts", Range(400, 700)), ("project", "seeds", Range(1, 3)))


def _many_ranges(catalogs):
    path = resources.files("planner.scenarios").joinpath("decoder-7b-h100.toml")
    scenario = planner.load(str(path), catalogs)
    for section, key, value in MANY_RANGES:
        scenario = planner.model.scenario.with_value(scenario, section, key, value)
    return scenario


def _monte_carlo(what: str, res) -> None:
    for samples, target in ((100_000, "50 ms"), (1_000_000, "0.5 s")):
        times = _time(lambda: monte_carlo(res, samples, 1), 5)
        print(f"Monte Carlo of {what}, {samples:,} samples: min {min(times) * 1e3:.1f} ms, "
              f"median {statistics.median(times) * 1e3:.1f} ms (target < {target})")


if __name__ == "__main__":
    main()
