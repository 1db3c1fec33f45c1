"""Seeded, time-boxed fuzzing of every command with mutated scenarios and user catalogs (a few seconds
here; benchmarks/fuzz.py runs longer): exit 0 or 2, never a traceback, a numpy warning, a message over
two lines, inf or nan in an output. A failure prints the argv and the file to reproduce it."""

from __future__ import annotations

import os

from fuzz_support import fuzz


def test_mutated_files_never_break_a_promise(tmp_path, _isolated_config):
    seed = int(os.environ.get("NLP_BUDGET_FUZZ_SEED", "20240601"))
    seconds = float(os.environ.get("NLP_BUDGET_FUZZ_SECONDS", "4"))
    counts = fuzz(tmp_path, seconds, seed, config_home=_isolated_config)
    assert counts.tried > 10 and counts.refused and counts.accepted
    assert not counts.failures, "\n\n".join(f"{w}\n{argv}\n{err}\n{text[:600]}"
                                            for w, argv, text, err in counts.failures[:3])
