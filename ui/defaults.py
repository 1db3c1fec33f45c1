"""The default scenario the window opens, and the templates behind File > New."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import planner

DEFAULT_SCENARIO = "bert-large.toml"
# A blank scenario: no description and no comments; a 1B decoder on the Chinchilla ratio of 20 tokens per
# parameter (Hoffmann et al. 2022), on 8 H100 at the catalog's default utilization, one run, no repeats.
BLANK = "blank.toml"


def default_path() -> str:
    return str(resources.files("planner.scenarios").joinpath(DEFAULT_SCENARIO))


def templates() -> list[tuple[str, str]]:
    """(label, path) of what File > New starts from: the blank scenario first, then every bundled example."""
    import tomllib
    found = [("Blank scenario (no description, no comments)", str(resources.files("planner.resources").joinpath(BLANK)))]
    folder = resources.files("planner.scenarios")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            title = tomllib.loads(entry.read_text(encoding="utf-8")).get("name", entry.name)
            found.append((f"Example: {title}", str(entry)))
    return found


def new_scenario(catalogs=None, template: str | None = None):
    """A new, unsaved scenario from `template` (a path; default the blank one). An example keeps its
    comments as a guide; saving asks for a file name."""
    scenario = planner.load(template or templates()[0][1], catalogs)
    return replace(scenario, path=None)
