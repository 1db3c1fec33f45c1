"""File > New from Hugging Face Config...: pick a model's config.json and where to save the new scenario.
The reading and writing are planner.files.hf_config / hf_scenario, as for `nlp-budget new --from-hf`."""

from __future__ import annotations

from pathlib import Path

from planner.files import hf_config, hf_scenario
from planner.model.errors import PlannerError

from ui.dialogs import messages as dialogs

CONFIG_FILTER = "Hugging Face model config (*.json);;All files (*)"


def import_hf_config(window) -> tuple[str, list[str]] | None:
    """(the scenario written, what the import did not use), or None when cancelled or refused (said)."""
    folder = str(window.document.path.parent) if window.document.path else ""
    picked = dialogs.ask_open_paths(window, "New from Hugging Face config.json", folder, CONFIG_FILTER)
    if not picked:
        return None
    config = Path(picked[0])
    suggested = config.with_name(f"{config.parent.name or config.stem}-scenario.toml")
    out = dialogs.ask_save_path(window, str(suggested), title="Save the new scenario as")
    if not out:
        return None
    if not out.lower().endswith(".toml"):
        out += ".toml"
    try:
        shape = hf_config.read(config)
        hf_scenario.write_new(shape, out, window.document.catalogs, replace_file=True)
    except PlannerError as exc:
        dialogs.show_error(window, "Could not make a scenario from the config", str(exc))
        return None
    return out, hf_scenario.report(shape)
