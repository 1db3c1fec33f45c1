"""Model presets (resources/presets.toml): published shapes to start a scenario from."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from planner.model.scenario import Model


@dataclass(frozen=True)
class Preset:
    name: str
    source: str
    model: Model


@lru_cache(maxsize=1)
def presets() -> tuple[Preset, ...]:
    text = resources.files("planner.resources").joinpath("presets.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple(Preset(p["name"], p["source"], replace(Model(), **p["model"])) for p in data["preset"])
