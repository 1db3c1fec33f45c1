"""`nlp-budget new --from-hf config.json -o scenario.toml`: a scenario that prices at once, from a model's
Hugging Face config (offline). What the config holds that the planner does not use goes to standard error."""

from __future__ import annotations

from nlp_budget.output import note
from planner.files import hf_config, hf_scenario


def new_output(args, catalogs) -> int:
    shape = hf_config.read(args.from_hf)
    scenario = hf_scenario.write_new(shape, args.output, catalogs)
    for line in hf_scenario.report(shape):
        note(f"note: {line}")
    note(f"wrote {scenario.path}")
    return 0
