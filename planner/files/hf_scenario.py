"""A complete scenario from a Hugging Face config: its shape as [model], the rest the planner's defaults.

The training tokens are the one figure a config cannot give: the new scenario uses the compute-optimal
20 tokens per parameter (Hoffmann et al. 2022, Chinchilla) and says so in a comment, so the file prices
at once and the person edits what they plan. Accelerator, count and pricing are the defaults of a blank
scenario (planner/model/scenario.py: Compute, Pricing).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.files.atomic import write_atomic
from planner.files.hf_config import HFShape
from planner.files.scenario_load import parse
from planner.model.errors import ScenarioError
from planner.model.scenario import Compute, Model, Pricing, Scenario
from planner.model.shape import counts

ORDER = ("family", "layers", "encoder_layers", "decoder_layers", "d_model", "heads", "kv_heads", "head_dim",
         "d_ff", "gated_mlp", "experts", "experts_per_token", "vocab", "seq_len", "tie_embeddings")
TOKENS_PER_PARAM = 20


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name_of(shape: HFShape) -> str:
    path = Path(shape.source)
    folder = path.parent.name if path.name == "config.json" else path.stem
    return f"{folder or shape.model_type or 'model'} (from its Hugging Face config)"


def scenario_text(shape: HFShape) -> str:
    model = Model(**shape.model)
    params = counts(model).params
    tokens = float(f"{TOKENS_PER_PARAM * params:.3g}")
    compute, pricing = Compute(), Pricing()
    lines = [f"# Written by `nlp-budget new --from-hf` from {shape.source}",
             f"# (model_type {shape.model_type or 'not given'}). [model] is that config's shape; the other sections",
             "# are a blank scenario's defaults: edit them to the run you plan.",
             "schema = 1", f"name = {_quoted(name_of(shape))}", "", "[model]",
             f"# From {Path(shape.source).name} (scenario key <- config field):"]
    pairs = [f"{k} <- {v}" for k, v in shape.used.items()]
    lines += ["#   " + ", ".join(pairs[i:i + 4]) for i in range(0, len(pairs), 4)]
    lines += [f"{key} = {_toml(shape.model[key])}" for key in ORDER if key in shape.model]
    lines += [f"# The shape counts {params:,.0f} parameters."]
    lines += ["", "[training]",
              f"tokens = {f'{tokens:.3g}'.replace('e+', 'e')}  # ASSUMPTION: ~{TOKENS_PER_PARAM} tokens per parameter, compute-optimal "
              "(Hoffmann et al. 2022); set your own", "",
              "[compute]", f'accelerator = "{compute.accelerator}"', f"count = {compute.count:g}", "",
              "[pricing]", f'catalog = "{pricing.catalog}"', f'offer = "{pricing.offer}"', ""]
    return "\n".join(lines)


def write_new(shape: HFShape, out: str | Path, catalogs=None, replace_file: bool = False) -> Scenario:
    """Write the scenario to `out` and return it as loaded; nothing is written on a failure. An existing
    file is refused unless `replace_file` (a save dialog that already asked)."""
    if Path(out).exists() and not replace_file:
        raise ScenarioError(out, None, "exists already: choose a new file name (nothing was changed)")
    text = scenario_text(shape)
    scenario = parse(text, str(out), catalogs)  # never write a file the planner would refuse
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise ScenarioError(out, None, f"could not be written ({exc.strerror or exc})") from None
    return replace(scenario, path=str(out))


def report(shape: HFShape) -> list[str]:
    """What the import did not use or had to assume, one line each (for standard error or a dialog)."""
    lines = list(shape.notes)
    if shape.unused:
        lines.append("not used (no [model] key reads them): " + ", ".join(shape.unused))
    if shape.runtime:
        lines.append("not needed (training or inference settings): " + ", ".join(shape.runtime))
    return lines
