"""The editor's controls for model keys that depend on the family, and for the memory model's layout.

Family is a choice of several keys at once: leaving encoder-decoder drops the stack keys (the rule is
planner.analysis.model_family's). The encoder-decoder keys are shown only for that family; their
placeholders say what the engine uses when they are left out.
"""

from __future__ import annotations

from planner.analysis.model_family import STACK_KEYS, switch_family
from planner.model.scenario import FAMILIES

from ui.editor.choices import MultiKeyChoice

# ZeRO stages (Rajbhandari et al. 2020): which model states are partitioned over data-parallel replicas.
ZERO_STAGES = [("Default: 3 (everything partitioned)", None), ("0: nothing partitioned", 0),
               ("1: Adam state", 1), ("2: Adam state and gradients", 2),
               ("3: Adam state, gradients and weights", 3)]


class FamilyChoice(MultiKeyChoice):
    label = "model family"

    def __init__(self, document, parent=None):
        super().__init__(document, [(f, f) for f in FAMILIES], parent)
        self.setObjectName("model.family")

    def current_of(self, scenario):
        return scenario.model.family

    def scenario_for(self, scenario, family):
        edited = switch_family(scenario, family)
        self._notes = " ".join(n.say() for n in edited.notes)
        return edited.scenario

    def side_effect(self, before, after) -> str:
        return getattr(self, "_notes", "")


def stack_placeholders(model) -> dict[str, str]:
    """What each encoder-decoder key is when left out (the engine's default), for its placeholder."""
    out = {"model.layers": "= encoder + decoder layers"
           if model.layers is None and None not in (model.encoder_layers, model.decoder_layers) else ""}
    if model.family != "encoder-decoder" or not model.has_shape:
        out.update({f"model.{k}": "" for k in STACK_KEYS})
        return out
    enc, dec = model.stacks()
    out["model.encoder_layers"] = f"{enc} (layers / 2)" if model.decoder_layers is None else f"{enc} (layers - decoder)"
    out["model.decoder_layers"] = f"{dec} (layers / 2)" if model.encoder_layers is None else f"{dec} (layers - encoder)"
    out["model.target_len"] = f"= sequence length ({model.seq_len:,})" if model.seq_len else "= sequence length"
    return out


def memory_note(summary) -> str:
    """One line of the memory check the Memory tab draws (`nlp-budget memory`'s figures)."""
    checks = summary.checks
    m = checks.memory if checks is not None else None
    if m is None:
        return "Memory per accelerator: not known (give the model's shape or parameters)"
    total = f"{m.per_accelerator_gb.total:,.1f} GB per accelerator"
    if m.accelerator_gb is None:
        return f"{total}; the accelerator's memory is not known"
    fits = "fits" if m.fits else "does NOT fit"
    least = ("no count fits this layout" if m.min_accelerators is None
             else f"fewest that fit: {m.min_accelerators:,}")
    return (f"{total} of {m.accelerator_gb:,.0f} GB: {fits} on {m.count:,} ({least}). "
            "See the Memory tab")
