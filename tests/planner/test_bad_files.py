"""Refused files: one clear message naming the file, the key and the reason; the file is untouched."""

from pathlib import Path

import pytest

import planner
from planner.files.catalogs import load_catalogs
from support import write_scenario

BASE = """schema = 1
name = "base"

[model]
family = "encoder"
layers = 24
d_model = 1024
heads = 16
vocab = 30522
seq_len = 512

[training]
tokens = 131e9

[compute]
accelerator = "tpu-v3"
count = 64
utilization = 0.4

[pricing]
catalog = "gcp-2019"
offer = "on-demand"

[project]
seeds = 2
[project.tuning]
trials = 10
scale = 0.1
"""


def edit(old: str, new: str):
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return apply


def append(extra: str):
    return lambda text: text + extra


def energy(extra: str):
    return edit("[project]", "[energy]\n" + extra + "\n\n[project]")


def model(extra: str):
    return edit("heads = 16", "heads = 16\n" + extra)


def swap(*pairs):
    def apply(text: str) -> str:
        for old, new in pairs:
            text = edit(old, new)(text)
        return text
    return apply


TUNING = "[project.tuning]\ntrials = 10\nscale = 0.1\n"

# (id, change to BASE, key the message must name, line it must point at, words the message must hold).
# BASE's lines: 4 [model], 6 layers, 8 heads, 12 [training], 13 tokens, 15 [compute], 17 count,
# 18 utilization, 20 [pricing], 21 catalog, 22 offer, 24 [project], 25 seeds, 27 trials.
# A missing key points at its table's header; a missing top-level key has no line.
BAD = [
    ("not-toml", edit("[compute]", "[compute"), None, 15, ["not valid TOML"]),
    ("newer-schema", edit("schema = 1", "schema = 2"), "schema", 1, ["newer planner", "2"]),
    ("schema-missing", edit("schema = 1\n", ""), "schema", None, ["required"]),
    ("schema-string", edit("schema = 1", 'schema = "1"'), "schema", 1, ["whole number"]),
    ("name-missing", edit('name = "base"\n', ""), "name", None, ["required"]),
    ("name-empty", edit('name = "base"', 'name = "  "'), "name", 2, ["non-empty"]),
    ("unknown-accelerator", edit('"tpu-v3"', '"tpu-v9"'), "compute.accelerator", 16, ["tpu-v", "nearest"]),
    ("accelerator-wrong-case", edit('"tpu-v3"', '"H100"'), "compute.accelerator", 16, ["nearest: h100,"]),
    ("unknown-catalog", edit('"gcp-2019"', '"gcp-2091"'), "pricing.catalog", 21, ["gcp-2019", "nearest"]),
    ("unknown-offer", edit('offer = "on-demand"', 'offer = "reserved"'), "pricing.offer", 22, ["spot"]),
    ("unknown-region", edit('offer = "on-demand"', 'offer = "on-demand"\nregion = "us-centrl1"'), "pricing.region",
     23, ["us-central1"]),
    ("region-of-another-provider", edit('offer = "on-demand"', 'offer = "on-demand"\nregion = "us-east-1"'),
     "pricing.region", 23, ["region of the catalog's provider, gcp;", '"us-east-1" belongs to aws',
                            'found "us-east-1"']),
    ("region-the-rows-do-not-list", swap(('"tpu-v3"', '"a100-40gb"'), ('"gcp-2019"', '"gcp-2025"'),
                                         ('offer = "on-demand"', 'offer = "on-demand"\nregion = "us-west1"')),
     "pricing.region", 23, ['prices "a100-40gb": us-central1']),
    ("zero-count", edit("count = 64", "count = 0"), "compute.count", 17, ["greater than zero", "0"]),
    ("negative-count", edit("count = 64", "count = -8"), "compute.count", 17, ["greater than zero", "-8"]),
    ("fractional-count", edit("count = 64", "count = 2.5"), "compute.count", 17, ["whole number", "2.5"]),
    ("absurd-count", edit("count = 64", "count = 99999999999999999999999"), "compute.count", 17,
     ["64-bit"]),
    ("count-a-date", edit("count = 64", "count = 2024-01-01"), "compute.count", 17, ["found 2024-01-01"]),
    ("count-a-table", edit("count = 64", "count = {n = 64}"), "compute.count", 17, ["found {n = 64}"]),
    ("utilization-above-one", edit("utilization = 0.4", "utilization = 1.5"), "compute.utilization", 18,
     ["at most 1"]),
    ("utilization-zero", edit("utilization = 0.4", "utilization = 0.0"), "compute.utilization", 18,
     ["greater than zero"]),
    ("utilization-nan", edit("utilization = 0.4", "utilization = nan"), "compute.utilization", 18, ["finite", "nan"]),
    ("tokens-inf", edit("tokens = 131e9", "tokens = inf"), "training.tokens", 13, ["finite", "inf"]),
    ("tokens-beyond-float", edit("tokens = 131e9", "tokens = 1" + "0" * 400), "training.tokens", 13,
     ["64-bit", "an integer of 401 digits"]),
    ("count-string", edit("count = 64", 'count = "64"'), "compute.count", 17, ['"64"']),
    ("layers-float", edit("layers = 24", "layers = 24.5"), "model.layers", 6, ["whole number"]),
    ("layers-absurd", edit("layers = 24", "layers = 1e30"), "model.layers", 6, ["at most 1,000,000", "1e+30"]),
    ("layers-int64", edit("layers = 24", "layers = 9223372036854775807"), "model.layers", 6, ["at most 1,000,000"]),
    ("d_model-absurd", edit("d_model = 1024", "d_model = 1e300"), "model.d_model", 7, ["at most 10,000,000"]),
    ("vocab-absurd", edit("vocab = 30522", "vocab = 30522000000"), "model.vocab", 9, ["at most 1,000,000,000"]),
    ("tokens-and-steps", edit("tokens = 131e9", "tokens = 131e9\nsteps = 1000\nbatch_size = 256"),
     "training.steps", 14, ["conflicts with training.tokens"]),
    ("steps-without-batch", edit("tokens = 131e9", "steps = 1000"), "training.batch_size", 12, ["required"]),
    ("fractional-steps", edit("tokens = 131e9", "steps = 1000.5\nbatch_size = 256"), "training.steps", 13,
     ["whole number"]),
    ("no-tokens", edit("tokens = 131e9\n", ""), "training.tokens", 12, ["required"]),
    ("two-throughputs", edit("utilization = 0.4", "utilization = 0.4\nhours = 96"), "compute.hours", 19,
     ["conflicts with compute.utilization"]),
    ("heads-not-dividing", edit("heads = 16", "heads = 15"), "model.heads", 8, ["divisor of model.d_model"]),
    ("kv-heads-not-dividing", model("kv_heads = 5"), "model.kv_heads", 9, ["divisor"]),
    ("shape-incomplete", edit("heads = 16\n", ""), "model.heads", 4, ["required"]),
    ("no-model", edit("layers = 24\nd_model = 1024\nheads = 16\n", ""), "model.params", 4, ["required"]),
    ("bad-family", edit('family = "encoder"', 'family = "rnn"'), "model.family", 5, ['"decoder"', '"rnn"']),
    ("bad-precision", edit("tokens = 131e9", 'tokens = 131e9\nprecision = "int4"'), "training.precision", 14,
     ["bf16"]),
    ("precision-not-on-accelerator", edit("tokens = 131e9", 'tokens = 131e9\nprecision = "fp8"'),
     "training.precision", 14, ["tpu-v3", "bf16"]),
    ("bad-recompute", edit("tokens = 131e9", 'tokens = 131e9\nrecompute = "some"'), "training.recompute", 14,
     ["selective"]),
    ("range-reversed", edit("utilization = 0.4", "utilization = [0.5, 0.3]"), "compute.utilization", 18,
     ["low <= high", "[0.5, 0.3]"]),
    ("range-three", edit("utilization = 0.4", "utilization = [0.3, 0.4, 0.5]"), "compute.utilization", 18,
     ["two numbers"]),
    ("negative-trials", edit("trials = 10", "trials = -1"), "project.tuning.trials", 27, ["zero or more"]),
    ("fractional-trials", edit("trials = 10", "trials = 2.5"), "project.tuning.trials", 27, ["whole number"]),
    ("zero-seeds", edit("seeds = 2", "seeds = 0"), "project.seeds", 25, ["at least 1"]),
    ("fractional-seeds", edit("seeds = 2", "seeds = 2.5"), "project.seeds", 25, ["whole number", "2.5"]),
    ("fractional-final-seeds", edit("seeds = 2", "seeds = 2\nfinal_seeds = 1.5"), "project.final_seeds", 26,
     ["whole number"]),
    ("fractional-ensemble", edit("seeds = 2", "seeds = 2\nensemble = 1.5"), "project.ensemble", 26,
     ["whole number"]),
    ("contingency-negative", edit("seeds = 2", "seeds = 2\ncontingency = -0.1"), "project.contingency", 26,
     ["zero or more"]),
    ("contingency-above-100-percent", edit("seeds = 2", "seeds = 2\ncontingency = 1.5"), "project.contingency",
     26, ["at most 1 (100%)", "1.5"]),
    ("contingency-range-above-100-percent", edit("seeds = 2", "seeds = 2\ncontingency = [0.5, 2]"),
     "project.contingency", 26, ["at most 1 (100%)", "[0.5, 2]"]),
    ("pue-below-one", energy("pue = 0.9"), "energy.pue", 25, ["at least 1", "0.9"]),
    ("pue-range-below-one", energy("pue = [0.9, 1.2]"), "energy.pue", 25, ["at least 1"]),
    ("pue-absurd", energy("pue = 4.0"), "energy.pue", 25, ["at most 3", "4.0"]),
    ("ablation-not-table", edit("seeds = 2", "seeds = 2\nablations = 3"), "project.ablations", 26,
     ["array of tables"]),
    ("ablation-bad-scale", append('[[project.ablations]]\nname = "a"\nruns = 1\n\n[[project.ablations]]\nname = "b"\n'
                                  'scale = -2\n'), "project.ablations[1].scale", 35, ["greater than zero"]),
    ("ablation-fractional-runs", append('[[project.ablations]]\nname = "a"\nruns = 1.5\n'),
     "project.ablations[0].runs", 31, ["whole number", "1.5"]),
    ("baseline-fractional-runs", append('[[project.baselines]]\nname = "a"\nruns = 0.5\n'),
     "project.baselines[0].runs", 31, ["whole number"]),
    ("baselines-a-table", append('[project.baselines]\nname = "x"\n'), "project.baselines", 29,
     ['found {name = "x"}']),
    ("tuning-an-array", edit(TUNING, "[[project.tuning]]\ntrials = 10\n"), "project.tuning", 26,
     ["expected a table", "found [{trials = 10}]"]),
    ("dotted-key", edit(TUNING, "tuning.trials = -1\n"), "project.tuning.trials", 26, ["zero or more"]),
    ("inline-table", edit(TUNING, "tuning = {trials = 10, scale = -0.1}\n"), "project.tuning.scale", 26,
     ["greater than zero"]),
    ("section-not-table", lambda t: t.replace('name = "base"', 'name = "base"\ncompute = "fast"')
     .replace("[compute]", "[compute_x]"), "compute", 3, ["expected a table"]),
    ("experts-without-topk", model("experts = 8"), "model.experts_per_token", 4, ["required"]),
    ("topk-above-experts", model("experts = 8\nexperts_per_token = 9"), "model.experts_per_token", 10,
     ["at most"]),
    ("active-above-total", model("params = 1e9\nactive_params = 2e9"), "model.active_params", 10,
     ["at most", "found 2e9"]),
    ("active-above-the-shape", model("active_params = 1e12"), "model.active_params", 9,
     ["parameter count of the shape (3.339e+08)", "found 1e12"]),
    ("experts-without-shape-or-active", edit("layers = 24\nd_model = 1024\nheads = 16\n",
                                             "params = 1e9\nexperts = 8\nexperts_per_token = 2\n"),
     "model.active_params", 4, ["is required with model.experts", "params alone"]),
    ("accelerator-not-in-catalog", edit('"tpu-v3"', '"h100"'), "pricing.catalog", 21, ["h100", "it prices"]),
    ("offer-not-in-catalog", swap(('"tpu-v3"', '"h100"'), ('"gcp-2019"', '"coreweave-2025"'),
                                  ('"on-demand"', '"spot"')), "pricing.offer", 22, ["on-demand"]),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_file_is_refused_clearly_and_left_alone(tmp_path, case):
    _, change, key, line, words = case
    text = change(BASE)
    path = write_scenario(tmp_path, text)
    before = path.read_bytes()
    with pytest.raises(planner.ScenarioError) as info:
        planner.load(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    if key:
        assert f"{key}:" in message, message
    for word in words:
        assert word in message, message
    assert info.value.line == line, message
    if line is not None:
        assert f"{path}, line {line}: " in message
    assert path.read_bytes() == before
    assert len(message.splitlines()) == 1


def test_base_file_is_valid(tmp_path):
    planner.summarize(planner.load(write_scenario(tmp_path, BASE)))


def test_line_number_points_at_the_key(tmp_path):
    path = write_scenario(tmp_path, BASE.replace("count = 64", "count = 0"))
    with pytest.raises(planner.ScenarioError) as info:
        planner.load(path)
    assert info.value.line == 17
    assert "line 17" in str(info.value)


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "x.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(planner.ScenarioError, match="UTF-8"):
        planner.load(binary)
    with pytest.raises(planner.ScenarioError, match="cannot be read"):
        planner.load(tmp_path / "missing.toml")


def test_unknown_keys_warn_with_a_suggestion(tmp_path):
    path = write_scenario(tmp_path, BASE.replace("utilization = 0.4", "utilisation = 0.4"))
    scenario = planner.load(path)
    assert any("compute.utilisation" in w and '"utilization"' in w for w in scenario.warnings)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))  # as Notepad writes UTF-8
    assert planner.load(path) == planner.load(write_scenario(tmp_path, BASE))


def test_an_endless_file_is_refused_without_reading_it_all(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(planner.ScenarioError, match="expected a regular scenario file; found a character device"):
        planner.load("/dev/zero")  # refused before a byte is read
    big = tmp_path / "big.toml"
    big.write_text(BASE + "# padding\n" * 300_000)
    with pytest.raises(planner.ScenarioError, match="at most 2,000,000 bytes"):
        planner.load(big)


def test_a_shape_without_seq_len_warns_that_attention_is_left_out(tmp_path):
    scenario = planner.load(write_scenario(tmp_path, BASE.replace("seq_len = 512\n", "")))
    assert "model.seq_len is not given: the attention FLOPs term is left out" in scenario.warnings
    with_seq = planner.load(write_scenario(tmp_path, BASE, "with.toml"))
    assert not any("seq_len" in w for w in with_seq.warnings)


def test_experts_without_a_shape_warn_that_they_are_not_used(tmp_path):
    text = BASE.replace("layers = 24\nd_model = 1024\nheads = 16\n",
                        "params = 1e9\nactive_params = 3e8\nexperts = 8\nexperts_per_token = 2\n")
    scenario = planner.load(write_scenario(tmp_path, text))
    assert any(w.startswith("model.experts and model.experts_per_token are not used without a shape")
               for w in scenario.warnings)
    assert planner.summarize(scenario)["final_run"]["active_params"] == pytest.approx(3e8)


def test_ranges_of_counts_may_have_fractional_bounds(tmp_path):
    """A range is an uncertain average, so [1.5, 3] trials is fine where a plain 2.5 is refused."""
    text = BASE.replace("trials = 10", "trials = [1.5, 3]").replace("count = 64", "count = [48, 64.5]")
    scenario = planner.load(write_scenario(tmp_path, text))
    assert (scenario.project.trials.low, scenario.compute.count.high) == (1.5, 64.5)


# Pricing catalogs a colleague wrote: (id, text, words the problem must hold)
GOOD_CATALOG = ('schema = 1\nid = "ours"\ncurrency = "USD"\nas_of = "2026-03"\nsource = "invoice"\n'
                '[[price]]\naccelerator = "h100"\nper = "accelerator"\non-demand = 1.5\n')
BAD_CATALOGS = [
    ("as-of-words", GOOD_CATALOG.replace('"2026-03"', '"last spring"'), ["as_of", "YYYY-MM", '"last spring"', "line 4"]),
    ("as-of-month-13", GOOD_CATALOG.replace('"2026-03"', '"2026-13"'), ["as_of", "2026-13"]),
    ("as-of-day-32", GOOD_CATALOG.replace('"2026-03"', '"2026-01-32"'), ["as_of"]),
    ("not-utf8", None, ["UTF-8"]),
    ("not-toml", GOOD_CATALOG.replace("[[price]]", "[[price]"), ["line 6:", "not valid TOML"]),
]


@pytest.mark.parametrize("case", BAD_CATALOGS, ids=[c[0] for c in BAD_CATALOGS])
def test_a_broken_user_catalog_is_skipped_with_its_file_named(tmp_path, case):
    _, text, words = case
    path = tmp_path / "broken.toml"
    if text is None:
        path.write_bytes(b"\xff\xfe\x00 not text")
    else:
        path.write_text(text)
    catalogs = load_catalogs([tmp_path])
    [problem] = catalogs.problems
    assert problem.startswith(str(path)), problem
    for word in words:
        assert word in problem, problem
    assert "ours" not in catalogs.pricing


def test_catalog_dates_may_be_a_year_a_month_a_day_or_a_toml_date(tmp_path):
    for i, as_of in enumerate(('"2026"', '"2026-03"', '"2026-03-01"', "2026-03-01")):
        (tmp_path / f"c{i}.toml").write_text(GOOD_CATALOG.replace('"ours"', f'"ours-{i}"')
                                             .replace('"2026-03"', as_of))
    catalogs = load_catalogs([tmp_path])
    assert catalogs.problems == ()
    assert [catalogs.pricing[f"ours-{i}"].as_of for i in range(4)] == ["2026", "2026-03", "2026-03-01",
                                                                       "2026-03-01"]


def test_a_user_catalog_replacing_a_bundled_one_is_noticed(tmp_path):
    (tmp_path / "aws.toml").write_text(GOOD_CATALOG.replace('"ours"', '"aws-2025"'))
    catalogs = load_catalogs([tmp_path])
    assert catalogs.pricing["aws-2025"].source == "invoice"
    assert catalogs.notices == (f"user catalog {tmp_path / 'aws.toml'} replaces the bundled catalog aws-2025",)
    assert load_catalogs().notices == ()
