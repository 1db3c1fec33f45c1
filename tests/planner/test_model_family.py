"""Switching the model family: the encoder-decoder keys go with the family, the shape's depth stays."""

from __future__ import annotations

from dataclasses import replace

import planner
import pytest
from planner.analysis.model_family import switch_family
from support import SCENARIOS


def t5(**model):
    scenario = planner.load(SCENARIOS / "t5-11b.toml")
    return replace(scenario, model=replace(scenario.model, **model))


def test_leaving_encoder_decoder_drops_its_keys_and_keeps_the_depth():
    edited = switch_family(t5(layers=None, encoder_layers=20, decoder_layers=28, target_len=114), "decoder")
    m = edited.scenario.model
    assert (m.family, m.layers, m.encoder_layers, m.decoder_layers, m.target_len) == ("decoder", 48, None, None, None)
    said = [n.say() for n in edited.notes]
    assert said == ["model.layers is set to 48 (encoder + decoder layers)",
                    "model.encoder_layers, model.decoder_layers, model.target_len dropped: used only by an "
                    "encoder-decoder"]
    planner.validate(edited.scenario)   # the file would load: no key left that the family refuses


def test_a_plain_switch_changes_only_the_family():
    scenario = t5()
    edited = switch_family(scenario, "encoder")
    assert edited.notes == () and edited.scenario == replace(scenario, model=replace(scenario.model,
                                                                                     family="encoder"))
    assert switch_family(scenario, "encoder-decoder").scenario is scenario


def test_an_unknown_family_is_refused_by_name():
    with pytest.raises(planner.RequestError, match="model.family"):
        switch_family(t5(), "rnn")
