"""Write a scenario back to TOML, merged into the text it was read from.

Comments, key order and keys the planner does not know survive because we edit the user's own
document (tomlkit) and touch only values that changed.
"""

from __future__ import annotations

import datetime
import math
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Float, Integer, Trivia

from planner.files.atomic import write_atomic
from planner.files.catalogs import Catalogs
from planner.files.scenario_load import validate
from planner.files.toml_rows import drop_row, removed_rows
from planner.model.errors import ScenarioError
from planner.model.scenario import (
    SCHEMA_VERSION,
    CostItem,
    Project,
    Runs,
    Scenario,
    section_keys,
)
from planner.model.values import Range

_DEFAULTS = {  # values not written when the file does not already say them
    ("model", "family"): "decoder", ("model", "gated_mlp"): False, ("training", "recompute"): "none",
    ("pricing", "offer"): "on-demand", ("project", "ensemble"): 1.0, ("project", "seeds"): 1.0,
    ("project", "final_seeds"): 1.0, ("project", "contingency"): 0.0, ("whatif", "spot"): False,
    ("budget", "confidence"): 0.5, ("schedule", "period"): "year", ("schedule", "fiscal_year_start"): 1,
}
_INTEGER_KEYS = {"attention_window", "layers", "d_model", "heads", "kv_heads", "head_dim", "d_ff", "vocab", "seq_len",
                 "experts", "experts_per_token", "fiscal_year_start"}
_COST_KEYS = ("name", "kind", "amount", "quantity", "unit_price", "unit", "source")


def to_text(scenario: Scenario) -> str:
    doc = tomlkit.parse(scenario.source_text) if scenario.source_text else tomlkit.document()
    _set(doc, "schema", doc.get("schema", SCHEMA_VERSION), integer=True)
    _set(doc, "name", scenario.name)
    if scenario.description or "description" in doc:
        _set(doc, "description", scenario.description)
    for section in ("model", "training", "compute", "pricing", "energy", "whatif", "budget", "schedule"):
        part = getattr(scenario, section)
        values = {k: getattr(part, k) for k in section_keys(section)}
        _write_section(doc, section, values)
    _write_project(doc, scenario.project)
    _write_costs(doc, scenario.costs)
    text = tomlkit.dumps(doc)
    tomllib.loads(text)  # never write a file we could not read back
    return text


def save(scenario: Scenario, path: str | Path, catalogs: Catalogs | None = None) -> str:
    """Save atomically and return the text written; on any failure the file on disk is unchanged and
    ScenarioError is raised.

    The scenario is checked by the rules a file is loaded by first, so a save never writes a file the
    planner would refuse to open. Saving through a symbolic link writes the file it points to.
    """
    validate(replace(scenario, path=str(path)), catalogs)
    try:
        text = to_text(scenario)
        write_atomic(path, text)
    except OSError as exc:
        raise ScenarioError(path, None, f"could not be saved ({exc.strerror or exc}); the file on disk "
                            "is unchanged") from None
    return text


def _write_section(doc, section: str, values: dict) -> None:
    table = doc.get(section)
    # Write what is set, except a default value the file does not already spell out.
    wanted = {k: v for k, v in values.items()
              if v is not None and not (_DEFAULTS.get((section, k)) == v and (table is None or k not in table))}
    if table is None:
        if not wanted:
            return
        table = tomlkit.table()
        doc[section] = table
    for key, value in values.items():
        if key in wanted:
            _set(table, key, value, integer=key in _INTEGER_KEYS)
        elif value is None and key in table:
            del table[key]


def _write_project(doc, project: Project) -> None:
    table = doc.get("project")
    simple = {"ensemble": project.ensemble, "seeds": project.seeds, "final_seeds": project.final_seeds,
              "contingency": project.contingency}
    needed = any(_DEFAULTS[("project", k)] != v for k, v in simple.items()) or project.trials \
        or project.ablations or project.baselines
    if table is None:
        if not needed:
            return
        table = tomlkit.table()
        doc["project"] = table
    for key, value in simple.items():
        if key in table or _DEFAULTS[("project", key)] != value:
            _set(table, key, value)
    tuning = table.get("tuning")
    if tuning is not None or project.trials:
        if tuning is None:
            tuning = tomlkit.table()
            table["tuning"] = tuning
        _set(tuning, "trials", project.trials)
        _set(tuning, "scale", project.trial_scale)
    for key in ("ablations", "baselines"):
        _write_runs(table, key, getattr(project, key))


def _write_runs(table, key: str, rows: tuple[Runs, ...]) -> None:
    _write_rows(table, key, rows, _write_run)


def _write_run(entry, row: Runs) -> None:
    for key in ("name", "runs", "scale"):
        _set(entry, key, getattr(row, key))


def _write_costs(doc, rows: tuple[CostItem, ...]) -> None:
    _write_rows(doc, "costs", rows, _write_cost)


def _write_rows(table, key: str, rows: tuple, write_entry) -> None:
    """An array of tables ([[project.ablations]], [[costs]]), entry by entry: a removed row takes its own
    entry and comments with it (rows are aligned by name), and every other entry keeps its comments and
    unknown keys."""
    existing = table.get(key)
    if not rows:
        if existing is not None:
            del table[key]
        return
    if existing is None:
        existing = AoT([])
        table[key] = existing
    if len(existing) > len(rows):  # rows removed: drop those very entries, with their comments
        names = [entry.get("name") for entry in existing]
        for index in reversed(removed_rows(names, [row.name for row in rows])):
            drop_row(table, existing, index)
    while len(existing) > len(rows):
        del existing[len(existing) - 1]
    for i, row in enumerate(rows):
        if i >= len(existing):
            existing.append(tomlkit.table())
        write_entry(existing[i], row)


def _write_cost(entry, row: CostItem) -> None:
    for key in _COST_KEYS:
        value = getattr(row, key)
        if key == "kind" and value == "other" and key not in entry:
            continue   # the default: a row that never said its kind is not made to say it
        if value is None:
            if key in entry:
                del entry[key]
        else:
            _set(entry, key, value)


def _set(container, key: str, value, integer: bool = False) -> None:
    """Set `key` only when its value really changed, so untouched lines keep their spelling."""
    if key in container and _same(_plain(container[key]), value):
        return
    item = _item(value, integer)
    if key in container and isinstance(container[key], (Integer, Float, tomlkit.items.String,
                                                          tomlkit.items.Bool, tomlkit.items.Array)):
        # Keep an end-of-line comment, marked stale: it was written about the old value.
        item.trivia.comment = _stale(container[key].trivia.comment, container[key].as_string().strip(),
                                     item.as_string().strip())
        item.trivia.comment_ws = container[key].trivia.comment_ws
    container[key] = item


_WAS = re.compile(r"^#\s*\(was (.*?)\)\s?")


def _stale(comment: str, old: str, new: str) -> str:
    """`# 256 sequences [Devlin]` -> `# (was 256) 256 sequences [Devlin]`; back to the value the comment
    was written for, the mark goes again. A comment already marked keeps its first value."""
    if not comment:
        return comment
    marked = _WAS.match(comment)
    if marked:
        return "# " + comment[marked.end():] if marked.group(1) == new else comment
    return f"# (was {old}) " + comment.lstrip("#").lstrip()


def _plain(item):
    return item.unwrap() if hasattr(item, "unwrap") else item


def _same(old, new) -> bool:
    if isinstance(new, Range):
        return isinstance(old, list) and len(old) == 2 and _same(old[0], new.low) and _same(old[1], new.high)
    if isinstance(new, bool) or isinstance(old, bool):
        return old is new
    if isinstance(new, (int, float)) and isinstance(old, (int, float)):
        return math.isclose(float(old), float(new), rel_tol=1e-12, abs_tol=0.0)
    return old == new


def _item(value, integer: bool = False):
    if isinstance(value, Range):
        array = tomlkit.array()
        array.append(_number(value.low))
        array.append(_number(value.high))
        return array
    if isinstance(value, (bool, str, datetime.date)):
        return tomlkit.item(value)
    if integer:
        return tomlkit.item(int(value))
    return _number(value)


def _number(value: float):
    """A number as a person would type it: 96, 0.4, 1.31e11 (not 131000000000.0)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e6:
        return Integer(int(value), Trivia(), str(int(value)))
    raw = repr(value)
    if "e" in raw:
        mantissa, exponent = raw.split("e")
        raw = f"{mantissa}e{int(exponent)}"
    elif value.is_integer():
        mantissa = f"{value:.15e}".split("e")[0].rstrip("0").rstrip(".")
        raw = f"{mantissa}e{int(f'{value:e}'.split('e')[1])}"
        if float(raw) != value:
            raw = repr(value)
    return Float(value, Trivia(), raw)
