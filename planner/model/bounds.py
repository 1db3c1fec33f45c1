"""Limits on a scenario's inputs: what a file is refused for, and where Monte Carlo draws are clipped."""

from __future__ import annotations

MAX_FILE_BYTES = 2_000_000  # a scenario is a page of text; refuse anything absurd before parsing it
# Upper bounds of the shape keys: generous physical limits, far above any published model (GPT-3:
# 96 layers; PaLM: d_model 18,432; vocabularies of 10^5 tokens), low enough that every count the
# shape gives stays an exact, finite float. A larger value is a typo, not a model.
SHAPE_MAX = {"layers": 1e6, "heads": 1e6, "kv_heads": 1e6, "experts": 1e6, "experts_per_token": 1e6,
             "d_model": 1e7, "d_ff": 1e7, "head_dim": 1e7, "vocab": 1e9, "seq_len": 1e9,
             "encoder_layers": 1e6, "decoder_layers": 1e6, "target_len": 1e9}
MAX_COUNT = 1e8  # accelerators used at once: far above any cluster built, so only a typo is refused
# PUE is facility power / IT power, so 1 at least. The industry average is 1.58 (Uptime Institute,
# resources/regions.toml); 3, nearly twice that, is a generous ceiling that still catches typos.
PUE_MAX = 3.0
# Ablation and baseline rows per list. Each row given as ranges costs Monte Carlo 40,000 draws; at
# 2,000 rows in each list every command stays within about 3 s and 100 MB (benchmarks/limits.py).
# A project with more distinct rows is better described by grouping them (a row's runs count them).
MAX_ROWS = 2_000
