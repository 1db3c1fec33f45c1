"""Memory per accelerator against the papers it comes from, through scenario files where a file can say it.

- Rajbhandari et al. 2020 (ZeRO), Fig. 1: 7.5B parameters, mixed-precision Adam (K = 12), 64 data-parallel
  devices: 120 GB of model states per device without ZeRO, 31.4 GB with optimizer partitioning (stage 1),
  16.6 GB adding gradients (stage 2), 1.9 GB adding parameters (stage 3).
- Korthikanti et al. 2022, Table 2: activations per layer sbh(34 + 5as/h), 34sbh with selective
  recompute, 2sbh with full recompute; tensor + sequence parallel divides the first two by t. Sec. 5
  (their GPT-3 example): 5as/h = 80 for GPT-3 (a = 96, s = 2048, h = 12288), so selective recompute keeps
  34 / 114 of the activations: a 70% reduction.
"""

import pytest

import planner
from planner.engine import memory
from planner.model.errors import ScenarioError
from support import write_scenario

FILE = """schema = 1
name = "memory"

[model]
{model}

[training]
tokens = 1e12
{training}

[compute]
accelerator = "a100-80gb"
count = {count}
utilization = 0.4
{compute}

[pricing]
catalog = "lambda-2025"
"""
ZERO_FIG_1 = {0: 120.0, 1: 31.4, 2: 16.6, 3: 1.9}


def checks(tmp_path, model="params = 7.5e9", training="", count=64, compute=""):
    text = FILE.format(model=model, training=training, count=count, compute=compute)
    return planner.summarize(planner.load(write_scenario(tmp_path, text))).checks


@pytest.mark.parametrize("stage, published", ZERO_FIG_1.items())
def test_zero_figure_1_model_states_per_device(tmp_path, stage, published):
    gb = checks(tmp_path, compute=f"zero = {stage}").memory.per_accelerator_gb
    states = gb.weights + gb.gradients + gb.optimizer
    assert round(states, 1) == published
    assert gb.activations is None            # `params` alone: no shape to take activations from
    assert memory.model_states(7.5e9, memory.Layout(zero=stage), 64) == pytest.approx(
        tuple(v * 1e9 for v in (gb.weights, gb.gradients, gb.optimizer)))


def test_zero_three_with_model_parallelism_shards_by_all_of_it():
    w, g, o = memory.model_states(7.5e9, memory.Layout(zero=3, tp=4, pp=2), data_parallel=8)
    assert (w, g, o) == pytest.approx((2 * 7.5e9 / 64, 2 * 7.5e9 / 64, 12 * 7.5e9 / 64))


GPT3 = dict(s=2048, h=12288, a=96)


def test_korthikanti_table_2_per_layer_activations():
    s, h, a = GPT3["s"], GPT3["h"], GPT3["a"]
    assert 5 * a * s / h == 80                                        # their Sec. 5 figure for GPT-3
    none = memory.layer_activations(s, 1, h, a, "none")
    assert none == s * h * (34 + 80)
    assert memory.layer_activations(s, 1, h, a, "selective") / none == pytest.approx(34 / 114)  # -70%
    assert memory.layer_activations(s, 1, h, a, "full") == 2 * s * h
    # Tensor + sequence parallel (t = 8) divides both; full recompute keeps the layer input whole.
    assert memory.layer_activations(s, 4, h, a, "none", tp=8) == pytest.approx(s * 4 * h * 114 / 8)
    assert memory.layer_activations(s, 4, h, a, "selective", tp=8) == pytest.approx(34 * s * 4 * h / 8)
    assert memory.layer_activations(s, 4, h, a, "full", tp=8) == 2 * s * 4 * h


SHAPE = """family = "decoder"
layers = 96
d_model = 12288
heads = 96
vocab = 50257
seq_len = 2048"""


def test_activations_come_from_the_shape_with_micro_batch_and_recompute(tmp_path):
    per_layer = 2048 * 2 * 12288 * 34 / 8                      # selective, micro_batch 2, tp 8
    gb = checks(tmp_path, SHAPE, 'recompute = "selective"\nmicro_batch = 2', 1024,
                "tp = 8\npp = 8").memory.per_accelerator_gb
    assert gb.activations == pytest.approx(96 * per_layer / 1e9)  # the first stage: L layers' worth
    assert gb.total == pytest.approx(gb.weights + gb.gradients + gb.optimizer + gb.activations)


def test_min_accelerators_and_fits_by_hand(tmp_path):
    """A 7.5B model on 80 GB: activations of one 2048-token sequence of a 32 x 4096 shape, then
    ZeRO-3 spreads 16 bytes per parameter over the rest."""
    shape = "layers = 32\nd_model = 4096\nheads = 32\nvocab = 32000\nseq_len = 2048\nparams = 7.5e9"
    got = checks(tmp_path, shape, 'recompute = "selective"', count=1)
    act = 32 * 34 * 2048 * 4096
    want = -(-16 * 7.5e9 // (80e9 - act))                      # ceil: 2
    m = got.memory
    assert m.per_accelerator_gb.activations == pytest.approx(act / 1e9)
    assert (m.min_accelerators, got.min_count, m.fits) == (want, want, False)
    assert any("hold too little" in n or "holds too little" in n for n in got.notes)
    assert checks(tmp_path, shape, 'recompute = "selective"', count=int(want)).memory.fits is True
    # Stage 0 keeps all 16 bytes per parameter on every device: 120 GB never fits 80 GB.
    assert checks(tmp_path, shape, 'recompute = "selective"', 8, "zero = 0").memory.min_accelerators is None


@pytest.mark.parametrize("compute, key, says", [
    ("zero = 4", "compute.zero", "at most 3"),
    ("zero = 1.5", "compute.zero", "whole number"),
    ("tp = 0", "compute.tp", "greater than"),
    ("tp = 16\npp = 16", "compute.tp", "at most compute.count"),
    ("tp = 5", "compute.tp", "divisor of model.heads"),
    ("pp = 97", "compute.pp", "at most the model's layers"),
])
def test_layout_refusals_name_the_key(tmp_path, compute, key, says):
    with pytest.raises(ScenarioError) as caught:
        checks(tmp_path, SHAPE, count=128, compute=compute)
    assert caught.value.key == key and says in str(caught.value)
