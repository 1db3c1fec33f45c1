"""Saving keeps a person's comments, key order and unknown keys, and is atomic."""

import os
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planner
from planner.model.scenario import Runs, with_value
from planner.model.values import Range
from support import write_scenario

COMMENTED = """# Our group's plan for the spring  (a comment the planner must keep)
schema = 1
name = "Spring plan"
owner = "nlp-lab"            # an unknown key: kept

[model]
family = "decoder"
layers = 32     # like Llama 2 7B
d_model = 4096
heads = 32
vocab = 32000
seq_len = 4096
rope_theta = 10000.0   # unknown to the planner, kept

[training]
tokens = 2.0e12   # 2T, Touvron et al. 2023

[compute]
accelerator = "h100"
count = 256
utilization = [0.35, 0.45]

[pricing]
catalog = "aws-2025"
offer = "on-demand"

[project]
contingency = 0.1
[project.tuning]
trials = 20
scale = 0.01

[[project.ablations]]
name = "data mix"
runs = 4
scale = 0.05
reviewer = "ana"   # unknown key inside an ablation: kept
"""


def test_unchanged_save_is_byte_identical(tmp_path):
    path = write_scenario(tmp_path, COMMENTED)
    planner.save(planner.load(path), tmp_path / "copy.toml")
    assert (tmp_path / "copy.toml").read_text() == COMMENTED


def test_edit_keeps_comments_unknown_keys_and_order(tmp_path):
    path = write_scenario(tmp_path, COMMENTED)
    scenario = planner.load(path)
    scenario = with_value(scenario, "compute", "count", 512.0)
    scenario = with_value(scenario, "training", "tokens", 1.4e12)
    written = planner.save(scenario, path)
    text = path.read_text()
    assert written == text    # what save returns is what the file holds (the window merges into it)
    assert "# Our group's plan for the spring" in text
    assert 'owner = "nlp-lab"            # an unknown key: kept' in text
    assert "rope_theta = 10000.0   # unknown to the planner, kept" in text
    assert 'reviewer = "ana"' in text
    assert "tokens = 1.4e12   # (was 2.0e12) 2T, Touvron et al. 2023" in text  # kept, marked stale
    assert "count = 512\n" in text
    assert text.index("[model]") < text.index("[training]") < text.index("[compute]")
    again = planner.load(path)
    assert again == scenario


def test_removing_and_adding_rows(tmp_path):
    path = write_scenario(tmp_path, COMMENTED)
    scenario = planner.load(path)
    project = replace(scenario.project, ablations=(), baselines=(Runs("1B baseline", 1, 0.15),))
    planner.save(replace(scenario, project=project), path)
    again = planner.load(path)
    assert again.project.ablations == ()
    assert again.project.baselines == (Runs("1B baseline", 1.0, 0.15),)


def test_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    path = write_scenario(tmp_path, COMMENTED)
    scenario = with_value(planner.load(path), "compute", "count", 1024.0)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(planner.ScenarioError, match="unchanged"):
        planner.save(scenario, path)
    assert path.read_text() == COMMENTED
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.toml"]  # no temporary left behind


def test_save_into_missing_folder_is_a_clear_error(tmp_path):
    scenario = planner.load(write_scenario(tmp_path, COMMENTED))
    with pytest.raises(planner.ScenarioError, match="could not be saved"):
        planner.save(scenario, tmp_path / "nope" / "x.toml")


def test_new_scenario_without_source_text_saves_and_loads(tmp_path):
    scenario = replace(planner.load(write_scenario(tmp_path, COMMENTED)), source_text=None)
    planner.save(scenario, tmp_path / "fresh.toml")
    assert planner.load(tmp_path / "fresh.toml") == scenario


numbers = st.floats(min_value=1e-3, max_value=1e15, allow_nan=False, allow_infinity=False)
ranges = st.tuples(numbers, numbers).map(lambda t: Range(min(t), max(t)) if t[0] != t[1] else t[0])
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, tokens=st.one_of(numbers, ranges), count=st.integers(1, 100_000),
       util=st.floats(0.01, 1.0), trials=st.integers(0, 500),
       ablations=st.lists(st.tuples(names, st.integers(0, 50), st.floats(0.001, 5.0)), max_size=4))
def test_round_trip_property(tmp_path, name, tokens, count, util, trials, ablations):
    path = write_scenario(tmp_path, COMMENTED)
    scenario = planner.load(path)
    scenario = replace(scenario, name=name)
    scenario = with_value(scenario, "training", "tokens", tokens)
    scenario = with_value(scenario, "compute", "count", float(count))
    scenario = with_value(scenario, "compute", "utilization", util)
    scenario = with_value(scenario, "project", "trials", float(trials))
    rows = tuple(Runs(n, float(r), s) for n, r, s in ablations)
    scenario = with_value(scenario, "project", "ablations", rows)
    planner.save(scenario, path)
    again = planner.load(path)
    assert again == scenario
    text = path.read_text()
    assert "# Our group's plan for the spring" in text and 'owner = "nlp-lab"' in text
    assert "rope_theta = 10000.0   # unknown to the planner, kept" in text


def test_validate_checks_an_edited_scenario_like_a_file(tmp_path):
    scenario = planner.load(write_scenario(tmp_path, COMMENTED))
    assert planner.validate(scenario) == scenario
    with pytest.raises(planner.ScenarioError, match="model.heads: expected a divisor"):
        planner.validate(with_value(scenario, "model", "heads", 30))
    with pytest.raises(planner.ScenarioError, match="compute.utilization"):
        planner.validate(with_value(scenario, "compute", "utilization", 1.7))


def test_an_invalid_scenario_is_never_written(tmp_path):
    path = write_scenario(tmp_path, COMMENTED)
    scenario = planner.load(path)
    for section, key, value, message in [("model", "heads", 30, "model.heads: expected a divisor"),
                                         ("compute", "count", 2.5, "compute.count: expected a whole number"),
                                         ("energy", "pue", 0.8, "energy.pue: expected at least 1")]:
        with pytest.raises(planner.ScenarioError, match=message) as info:
            planner.save(with_value(scenario, section, key, value), path)
        assert str(info.value).startswith(str(path))
        assert path.read_text() == COMMENTED
        with pytest.raises(planner.ScenarioError):
            planner.save(with_value(scenario, section, key, value), tmp_path / "new.toml")
        assert not (tmp_path / "new.toml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.toml"]


def test_saving_through_a_symlink_writes_the_file_it_points_to(tmp_path):
    real_dir = tmp_path / "shared"
    real_dir.mkdir()
    real = write_scenario(real_dir, COMMENTED, "plan.toml")
    link = tmp_path / "my-plan.toml"
    link.symlink_to(real)
    planner.save(with_value(planner.load(link), "compute", "count", 128.0), link)
    assert link.is_symlink() and link.resolve() == real
    assert "count = 128\n" in real.read_text()
    assert "# Our group's plan for the spring" in real.read_text()
    assert sorted(p.name for p in real_dir.iterdir()) == ["plan.toml"]  # no temporary left


def test_a_comment_about_an_edited_value_is_kept_marked_stale(tmp_path):
    from dataclasses import replace
    from support import SCENARIOS
    source = SCENARIOS / "bert-large.toml"
    scenario = planner.load(source)
    edited = replace(scenario, compute=replace(scenario.compute, count=128.0, hours=48.0))
    path = tmp_path / "bert.toml"
    planner.save(edited, path)
    text = path.read_text()
    assert 'count = 128             # (was 64) [Devlin] App. A.2: BERT_LARGE on "16 Cloud TPUs' in text
    assert "hours = 48.0" not in text and "hours = 48           # (was 96.0) [Devlin] App. A.2" in text
    assert 'accelerator = "tpu-v2" # ASSUMPTION' in text   # untouched values keep their comments as they were
    again = planner.load(path)
    back = replace(again, compute=replace(again.compute, count=64.0))
    planner.save(back, path)
    assert 'count = 64             # [Devlin] App. A.2' in path.read_text()   # back to its value: not stale
