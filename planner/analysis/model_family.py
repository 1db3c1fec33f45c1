"""Switching a model's family: the rule the window's Family choice applies.

The encoder-decoder keys (`encoder_layers`, `decoder_layers`, `target_len`) are refused with any other
family, so leaving encoder-decoder drops them rather than refusing the switch (the user could not
otherwise leave the family without first emptying three fields). A shape given by its two stacks alone
keeps its depth as `layers` (encoder + decoder), so the model still has a shape. Each adjustment is a Note.
"""

from __future__ import annotations

from dataclasses import replace

from planner.analysis.edits import Edited, Note
from planner.model.errors import RequestError
from planner.model.scenario import FAMILIES, Scenario

STACK_KEYS = ("encoder_layers", "decoder_layers", "target_len")


def switch_family(scenario: Scenario, family: str) -> Edited:
    """`scenario` with `model.family = family`. Raises RequestError for an unknown family."""
    if family not in FAMILIES:
        raise RequestError("model.family", "expected one of " + ", ".join(FAMILIES), family, file=scenario.path)
    m = scenario.model
    if family == m.family:
        return Edited(scenario)
    changes, notes = {"family": family}, []
    if m.family == "encoder-decoder" and family != "encoder-decoder":
        given = [k for k in STACK_KEYS if getattr(m, k) is not None]
        if m.layers is None and None not in (m.encoder_layers, m.decoder_layers):
            changes["layers"] = m.encoder_layers + m.decoder_layers
            notes.append(Note(f"is set to {changes['layers']} (encoder + decoder layers)", "model.layers"))
        for key in given:
            changes[key] = None
        if given:
            notes.append(Note(", ".join(f"model.{k}" for k in given) + " dropped: used only by an "
                              "encoder-decoder"))
    return Edited(replace(scenario, model=replace(m, **changes)), tuple(notes))
