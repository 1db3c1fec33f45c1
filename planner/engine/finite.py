"""Absurd inputs (1e308 tokens) overflow to inf or nan: one refusal for every output, naming the
likeliest key, so that a summary, the offers, the tornado and a plan all say the same thing."""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager

import numpy as np

from planner.engine.sampling import INPUTS, file_key, label
from planner.model.errors import ComputeError, ScenarioError
from planner.model.values import Range


def check_finite(scenario, res, figures) -> None:
    """Raise ScenarioError unless every number in `figures` is finite: an array, or a summary's
    nested dicts and lists (text, None and whole numbers pass)."""
    if finite(figures):
        return
    extremes = {}  # input -> (how far from 1 in orders of magnitude, its value as the file gives it)
    for key, value in res.inputs.items():
        if not (key in INPUTS or key.startswith(("ablation_", "baseline_"))):
            continue  # derived inputs (peak FLOPs, attention) follow from the ones a file gives
        bounds = (value.low, value.high) if isinstance(value, Range) else (float(value),)
        positive = [b for b in bounds if b > 0]
        if positive:
            shown = f"[{value.low:g}, {value.high:g}]" if isinstance(value, Range) else f"{float(value):g}"
            extremes[key] = (max(abs(math.log10(b)) for b in positive), shown)
    if not extremes:
        raise ScenarioError(scenario.path, None, "expected values whose figures stay finite: the project's "
                            "figures overflow (not finite)")
    key = max(extremes, key=lambda k: extremes[k][0])  # the most extreme, large or small
    raise ScenarioError(scenario.path, file_key(key),
                        "expected values whose figures stay finite: the project's figures overflow "
                        f"(not finite); {label(key, scenario).lower()} is the most extreme input",
                        extremes[key][1])


def finite(data) -> bool:
    """True when no float in `data` (a number, an array, nested dicts and lists) is inf or nan."""
    if isinstance(data, float):  # np.float64 too
        return math.isfinite(data)
    if isinstance(data, np.ndarray):
        return bool(np.isfinite(data).all())
    if isinstance(data, dict):
        data = data.values()
    elif not isinstance(data, (list, tuple)):
        return True
    return all(finite(item) for item in data)


@contextmanager
def computing(file):
    """Arithmetic that fails on a file's extreme numbers (Python floats raise where numpy gives inf)
    becomes the planner's ComputeError naming the file, never a bare OverflowError or ZeroDivisionError."""
    try:
        yield
    except ArithmeticError as exc:  # OverflowError, ZeroDivisionError, FloatingPointError
        raise ComputeError(f"cannot be computed ({exc}): a number in the file is too large or too small "
                           "for the arithmetic; check its largest and smallest values", file=file) from None


def refuse_arithmetic(function):
    """`computing` around a public function whose first argument is the scenario."""
    @functools.wraps(function)
    def guarded(scenario, *args, **kwargs):
        with computing(getattr(scenario, "path", None)):
            return function(scenario, *args, **kwargs)
    return guarded
