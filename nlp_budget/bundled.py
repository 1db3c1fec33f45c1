"""Bundled example scenarios, usable by name wherever a command takes FILE ("bert-large")."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

from nlp_budget.output import json_text, note
from planner.model.errors import RequestError, nearest


def bundled_scenarios() -> dict[str, str]:
    """Bundled example scenarios by name (file stem) -> path."""
    folder = resources.files("planner.scenarios")
    return {entry.name[:-5]: str(entry) for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".toml")}


def scenario_file(name: str) -> str:
    """FILE as given, or, when no such file exists, the bundled scenario of that name ("bert-large")."""
    if os.sep in name or "/" in name or _exists(name):
        return name
    scenarios = bundled_scenarios()
    bundled = scenarios.get(name.removesuffix(".toml"))
    if bundled is None and name.endswith(".toml"):
        return name  # a file name: loading it says that it cannot be read
    if bundled is None:
        raise RequestError(None, "is neither a file nor a bundled scenario (" + nearest(name, scenarios)
                           + "; nlp-budget scenarios lists them)", file=name)
    note(f"note: {name} is the bundled scenario {bundled}")
    return bundled


def _exists(name: str) -> bool:
    """Whether a file of that name exists; a name too long or with a NUL byte names none."""
    try:
        return Path(name).exists()
    except (OSError, ValueError):
        return True  # let loading it say why it cannot be read, in one line naming it


def scenarios_output(fmt: str) -> str:
    rows = []
    for name, path in bundled_scenarios().items():
        with open(path, "rb") as handle:
            title = tomllib.load(handle).get("name", "")
        rows.append({"name": name, "title": title, "path": path})
    if fmt == "json":
        return json_text(rows, "the bundled scenarios")
    width = max(len(r["name"]) for r in rows)
    return "".join(f"{r['name']:<{width}}  {r['title']}\n" for r in rows)
