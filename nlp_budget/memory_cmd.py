"""`nlp-budget memory FILE`: memory per accelerator under the file's (or the flags') ZeRO stage and parallelism."""

from __future__ import annotations

from nlp_budget.output import json_text
from planner.engine import memory
from planner.present.memory_text import memory_text


def memory_output(args, scenario, catalogs) -> str:
    layout = memory.checked_layout(scenario, args.zero, args.tp, args.pp)
    gb = catalogs.accelerators[scenario.compute.accelerator].memory_gb
    data = memory.as_json(memory.estimate(scenario, gb, layout))
    if args.format == "json":
        return json_text(data, scenario.path)
    return memory_text(scenario.name, data)
