"""The default scenario the window opens, and the template behind File > New."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import planner

DEFAULT_SCENARIO = "bert-large.toml"


def default_path() -> str:
    return str(resources.files("planner.scenarios").joinpath(DEFAULT_SCENARIO))


def new_scenario(catalogs=None):
    """A new, unsaved scenario from the default example: its comments come along as a guide."""
    scenario = planner.load(default_path(), catalogs)
    return replace(scenario, name="Untitled scenario", path=None)
