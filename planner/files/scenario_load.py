"""Read and validate a scenario file into a Scenario; every refusal is one clear ScenarioError."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

from planner.files.catalogs import Catalogs, load_catalogs
from planner.files.load_model import (
    check_parallel_fits_shape,
    read_compute,
    read_model,
    read_training,
)
from planner.files.load_pricing import read_energy, read_pricing
from planner.files.load_project import (
    read_budget,
    read_costs,
    read_project,
    read_schedule,
    read_whatif,
)
from planner.files.reader import Reader, warn_unknown
from planner.files.text_file import read_text
from planner.files.toml_guard import parse_toml
from planner.model.bounds import MAX_FILE_BYTES
from planner.model.errors import ScenarioError
from planner.model.scenario import SCHEMA_VERSION, CostItem, Scenario, section_keys
from planner.model.values import Range

_SHAPE_KEYS = ("layers", "d_model", "heads", "kv_heads", "head_dim", "d_ff", "vocab", "seq_len",
               "experts", "experts_per_token", "encoder_layers", "decoder_layers", "target_len")
_TOP_KEYS = ("schema", "name", "description") + ("model", "training", "compute", "pricing", "energy", "project",
                                                  "whatif", "budget", "schedule", "costs")
_COST_KEYS = tuple(f.name for f in fields(CostItem))
_PROJECT_KEYS = ("ensemble", "seeds", "final_seeds", "contingency", "tuning", "ablations", "baselines")

def load(path: str | Path, catalogs: Catalogs | None = None) -> Scenario:
    """Load and validate a scenario file. Raises ScenarioError naming file, key, line and reason."""
    return parse(read_text(path, MAX_FILE_BYTES), str(path), catalogs)


def parse(text: str, file: str = "<scenario>", catalogs: Catalogs | None = None) -> Scenario:
    return from_dict(parse_toml(text, file, ScenarioError), file, text, catalogs)


def validate(scenario: Scenario, catalogs: Catalogs | None = None) -> Scenario:
    """Check an edited scenario with the very rules a file is checked by; raises ScenarioError.

    Returns the scenario with fresh warnings, keeping its path and source text.
    """
    checked = from_dict(to_dict(scenario), scenario.path or "<scenario>", None, catalogs)
    return replace(scenario, warnings=checked.warnings)


def from_dict(data: dict, file: str, text: str | None, catalogs: Catalogs | None = None) -> Scenario:
    catalogs = catalogs or load_catalogs()
    r = Reader(file, text)
    warnings: list[str] = []

    schema = r.number(data, "", "schema", required=True, integer=True, allow_range=False)
    if schema > SCHEMA_VERSION:
        r.fail("schema", f"this planner reads scenario schema {SCHEMA_VERSION}; the file needs a newer "
               "planner", schema)
    if schema < 1:
        r.fail("schema", "expected 1", schema)
    name = r.string(data, "", "name", required=True)
    if not name.strip():
        r.fail("name", "expected a non-empty name", name)
    description = r.string(data, "", "description", default="")
    warn_unknown(data, "", _TOP_KEYS, warnings)

    sections = {s: r.table(data, "", s) for s in ("model", "training", "compute", "pricing", "energy", "project",
                                                  "whatif", "budget", "schedule")}
    for s in ("model", "training", "compute", "pricing", "energy", "whatif", "budget", "schedule"):
        warn_unknown(sections[s], s, section_keys(s), warnings)
    warn_unknown(sections["project"], "project", _PROJECT_KEYS, warnings)

    model = read_model(r, sections["model"], warnings)
    training = read_training(r, sections["training"], model, "hours" in sections["compute"])
    compute = read_compute(r, sections["compute"], catalogs)
    pricing = read_pricing(r, sections["pricing"], catalogs, compute.accelerator, warnings)
    energy = read_energy(r, sections["energy"])
    project = read_project(r, sections["project"], warnings)
    whatif = read_whatif(r, sections["whatif"], catalogs, compute, pricing)
    check_parallel_fits_shape(r, model, compute)
    budget = read_budget(r, sections["budget"])
    schedule = read_schedule(r, sections["schedule"])
    costs = read_costs(r, data.get("costs", []), warnings)
    acc = catalogs.accelerators[compute.accelerator]
    if training.precision and training.precision not in acc.peak_tflops:
        r.fail("training.precision", f'expected a precision that "{acc.id}" has a dense peak for: '
               + ", ".join(acc.peak_tflops), training.precision)
    if training.tokens is None and training.steps is None:
        warnings.append("training.tokens is not given: FLOPs and utilization are not known; cost, "
                        "hours, energy and CO2 come from compute.hours")
    if energy.power_watts is None and acc.power_watts is None:
        warnings.append(f'the hardware catalog gives no power for "{acc.id}"; set energy.power_watts '
                        "for energy and CO2 figures")
    return Scenario(name, description, model, training, compute, pricing, energy, project, whatif, budget,
                    schedule, costs, path=None if file.startswith("<") else file, source_text=text, warnings=tuple(warnings))


def to_dict(scenario: Scenario) -> dict:
    """The scenario in the file's shape (plain values; a Range as [low, high])."""
    def plain(value):
        return [value.low, value.high] if isinstance(value, Range) else value

    def section(part, name):
        return {k: plain(getattr(part, k)) for k in section_keys(name) if getattr(part, k) is not None}

    p = scenario.project
    costs = [{k: plain(getattr(c, k)) for k in _COST_KEYS if getattr(c, k) is not None} for c in scenario.costs]
    runs = lambda rows: [{"name": r.name, "runs": plain(r.runs), "scale": plain(r.scale)} for r in rows]
    return {
        "schema": SCHEMA_VERSION, "name": scenario.name, "description": scenario.description,
        **{name: section(getattr(scenario, name), name) for name in ("model", "training", "compute",
                                                                      "pricing", "energy", "whatif",
                                                                      "budget", "schedule")},
        "costs": costs,
        "project": {"ensemble": plain(p.ensemble), "seeds": plain(p.seeds), "final_seeds": plain(p.final_seeds),
                    "contingency": plain(p.contingency),
                    "tuning": {"trials": plain(p.trials), "scale": plain(p.trial_scale)},
                    "ablations": runs(p.ablations), "baselines": runs(p.baselines)},
    }
