"""Saving refuses targets a rename would wrong (devices, FIFOs, hard links), cleans up its temporary
files (even a killed save's), and keeps each surviving row's own comments when rows are removed."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest
from support import SCENARIOS, write_scenario

import planner
from planner.files.atomic import TAG, write_atomic
from planner.model.scenario import with_value

BERT = (SCENARIOS / "bert-large.toml").read_text(encoding="utf-8")
ROWS = """
# comment of row A
[[project.ablations]]
name = "A"  # A's own
runs = 1
scale = 0.5

# comment of row B
[[project.ablations]]
name = "B"  # B's own
runs = 2
scale = 0.25

# comment of row C
[[project.ablations]]
name = "C"  # C's own
runs = 3
scale = 0.1
"""


def test_a_fifo_target_is_refused_and_left_alone(tmp_path):
    scenario = planner.load(write_scenario(tmp_path, BERT))
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(planner.ScenarioError, match="not a regular file.*unchanged"):
        planner.save(scenario, fifo)
    assert os.path.exists(fifo) and not fifo.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.toml", "scenario.toml"]


def test_a_device_target_is_refused(tmp_path):
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic("/dev/null", "x")


def test_a_hard_linked_file_is_refused_rather_than_unlinked(tmp_path):
    path = write_scenario(tmp_path, BERT)
    os.link(path, tmp_path / "other-name.toml")
    scenario = with_value(planner.load(path), "compute", "count", 128.0)
    with pytest.raises(planner.ScenarioError, match="2 hard links.*unchanged"):
        planner.save(scenario, path)
    assert path.read_text() == BERT == (tmp_path / "other-name.toml").read_text()
    assert os.stat(path).st_nlink == 2


def test_a_killed_saves_leftover_is_removed_by_the_next_save(tmp_path):
    path = write_scenario(tmp_path, BERT)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    leftover = tmp_path / f".scenario.toml.{TAG}-{dead}-abc123.tmp"
    leftover.write_text("half a file")
    mine = tmp_path / f".scenario.toml.{TAG}-{os.getpid()}-zzz.tmp"  # a save still running here: kept
    mine.write_text("in progress")
    unrelated = tmp_path / ".other.toml.nlp-budget-1-x.tmp"
    unrelated.write_text("another file's")
    planner.save(with_value(planner.load(path), "compute", "count", 128.0), path)
    assert not leftover.exists() and mine.exists() and unrelated.exists()
    assert planner.load(path).compute.count == 128


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch):
    path = write_scenario(tmp_path, BERT)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(planner.ScenarioError, match="I/O error"):
        planner.save(with_value(planner.load(path), "compute", "count", 128.0), path)
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.toml"] and path.read_text() == BERT


@pytest.mark.parametrize("drop, kept", [(0, "BC"), (1, "AC"), (2, "AB")])
def test_removing_a_row_keeps_each_surviving_rows_own_comments(tmp_path, drop, kept):
    path = write_scenario(tmp_path, BERT + ROWS)
    scenario = planner.load(path)
    rows = tuple(r for i, r in enumerate(scenario.project.ablations) if i != drop)
    planner.save(replace(scenario, project=replace(scenario.project, ablations=rows)), path)
    text = path.read_text()
    removed = "ABC"[drop]
    assert f"row {removed}" not in text and f"{removed}'s own" not in text
    for name in kept:
        header = text.index(f'name = "{name}"  # {name}\'s own')
        assert text.rindex("# comment of row", 0, header) == text.index(f"# comment of row {name}"), text[-400:]
    assert [r.name for r in planner.load(path).project.ablations] == list(kept)


COSTS = "".join(f"""
# comment of cost {n}
[[costs]]
name = "{n}"  # {n}'s own
amount = {i + 1}000
""" for i, n in enumerate("ABC"))


@pytest.mark.parametrize("drop, kept", [(0, "BC"), (1, "AC"), (2, "AB")])
def test_removing_a_cost_row_keeps_each_surviving_rows_own_comments(tmp_path, drop, kept):
    """Line items go through the same row writer as ablations: a removed row takes its comments along."""
    path = write_scenario(tmp_path, BERT + COSTS)
    scenario = planner.load(path)
    planner.save(replace(scenario, costs=tuple(c for i, c in enumerate(scenario.costs) if i != drop)), path)
    text = path.read_text()
    removed = "ABC"[drop]
    assert f"cost {removed}" not in text and f"{removed}'s own" not in text
    for name in kept:
        header = text.index(f'name = "{name}"  # {name}\'s own')
        assert text.rindex("# comment of cost", 0, header) == text.index(f"# comment of cost {name}"), text[-300:]
    assert [c.name for c in planner.load(path).costs] == list(kept)
