"""Controls whose one choice changes several keys at once: throughput mode, tokens or steps, the
accelerator (which may need another catalog), the pricing catalog and a model preset."""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore, QtWidgets

import planner
from planner.analysis.edits import change_count, reprice, switch_accelerator
from planner.model.errors import RequestError
from planner.model.quantities import engineering
from planner.model.presets import presets

from ui.editor.fields import NumberField, compact

THROUGHPUT = (("Default utilization (catalog)", None), ("Utilization (MFU)", "utilization"),
              ("Measured tokens/s per accelerator", "tokens_per_second"), ("Measured hours of one run", "hours"))


class MultiKeyChoice(QtWidgets.QComboBox):
    """A combo box whose choice maps to a whole new scenario (validated, one undo step)."""

    error = QtCore.Signal(str)
    notice = QtCore.Signal(str)   # what the choice changed besides itself, for the status bar
    label = ""

    def __init__(self, document, items, parent=None):
        super().__init__(parent)
        self.document = document
        compact(self)
        for text, value in items:
            self.addItem(text, value)
        self.activated.connect(self._chosen)

    def current_of(self, scenario):  # the item data the scenario corresponds to
        raise NotImplementedError

    def scenario_for(self, scenario, value):  # the scenario after choosing `value`
        raise NotImplementedError

    def refresh(self, scenario) -> None:
        index = self.findData(self.current_of(scenario))
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def side_effect(self, before: dict, after: dict) -> str:  # a notice about what else changed
        return ""

    def _chosen(self, index: int) -> None:
        before = self.document.summary
        try:
            after = self.scenario_for(self.document.scenario, self.itemData(index))
            # Merged like typing: choosing back the value the session started from leaves no undo step.
            self.document.edit(planner.validate(after, self.document.catalogs), f"Change {self.label}",
                               merge_key=self.objectName())
            self.error.emit("")
        except planner.PlannerError as exc:
            self.error.emit(str(exc).split(": ", 1)[-1])
            self.refresh(self.document.scenario)
            return
        notice = self.side_effect(before, self.document.summary)
        if notice:
            self.notice.emit(notice)


class ThroughputChoice(MultiKeyChoice):
    label = "throughput"

    def __init__(self, document, parent=None):
        super().__init__(document, THROUGHPUT, parent)
        self.setObjectName("compute.mode")

    def current_of(self, scenario):
        c = scenario.compute
        return next((k for k in ("utilization", "tokens_per_second", "hours") if getattr(c, k) is not None), None)

    def scenario_for(self, scenario, mode):
        c = scenario.compute
        # A mode's own value is remembered when it is left, so choosing it again gives it back whole
        # (and an undo step that changes nothing is not left behind).
        remembered = getattr(self, "_remembered", {})
        remembered.update({k: getattr(c, k) for k in ("utilization", "tokens_per_second", "hours")
                           if getattr(c, k) is not None})
        self._remembered = remembered
        final = self.document.summary.final_run
        tokens = final.tokens or 0.0   # None: a measured run without tokens
        start = {"utilization": round(final.utilization or 0.0, 3) or self.document.catalogs.default_utilization,
                 "tokens_per_second": round(tokens / (final.accelerator_hours * 3600), 1) or 1.0,
                 "hours": round(final.wall_clock_hours, 1)}
        values = {k: None for k in start}
        if mode:
            values[mode] = remembered.get(mode, start[mode])
        return replace(scenario, compute=replace(c, **values))


class TokensChoice(MultiKeyChoice):
    label = "training length"

    def __init__(self, document, parent=None):
        super().__init__(document, (("Tokens", "tokens"), ("Steps x batch", "steps")), parent)
        self.setObjectName("training.mode")

    def current_of(self, scenario):
        return "steps" if scenario.training.steps is not None else "tokens"

    def scenario_for(self, scenario, mode):
        t, seq = scenario.training, scenario.model.seq_len
        tokens = self.document.summary.final_run.tokens or 0.0
        if mode == "tokens":
            return replace(scenario, training=replace(t, tokens=tokens or 1e9, steps=None, batch_size=None))
        if not seq:
            raise RequestError("model.seq_len", "set the model's sequence length first: tokens = steps x batch x "
                               "seq_len")
        batch = 256.0
        return replace(scenario, training=replace(t, tokens=None, batch_size=batch,
                                                  steps=float(round(tokens / (batch * seq)) or 1)))


class AcceleratorChoice(MultiKeyChoice):
    label = "accelerator"

    def __init__(self, document, parent=None):
        cats = document.catalogs
        super().__init__(document, [(f"{a.name} ({a.id})", a.id) for a in cats.accelerators.values()], parent)
        self.setObjectName("compute.accelerator")

    def current_of(self, scenario):
        return scenario.compute.accelerator

    def scenario_for(self, scenario, acc):
        # The command line's rule (planner.analysis.edits.switch_accelerator): measured hours or tokens/s
        # become the utilization they imply (FLOPs kept), and a catalog that does not price the
        # accelerator is replaced by the newest that does, said in the status bar.
        edited = switch_accelerator(scenario, self.document.catalogs, acc)
        self._notes = [_sentence(n.say()) for n in edited.notes]
        return edited.scenario

    def side_effect(self, before, after) -> str:
        notes, self._notes = getattr(self, "_notes", []), []
        return "; ".join(notes)


class CountField(NumberField):
    """compute.count by the command line's rule (planner.analysis.edits.change_count): measured hours
    keep their accelerator-hours. While typing, each value is applied to the scenario the typing started
    from, so "1", "12", "128" give exactly what typing 128 at once gives."""

    notice = QtCore.Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(document, "compute", "count", "Count")
        self._base = self._applied = None

    def _edited(self, text: str) -> None:
        self._try(lambda: self._apply(self._parse(text)))

    def _apply(self, count) -> None:
        if self.document.scenario is not self._applied:   # not this field's own last edit: start afresh
            self._base = self.document.scenario
        edited = change_count(self._base, self.document.catalogs, count)
        after = planner.validate(edited.scenario, self.document.catalogs)
        self.document.edit(after, "Edit Count", merge_key=self.name)
        self._applied = self.document.scenario
        self.notice.emit("; ".join(_sentence(n.say()) for n in edited.notes))


def _sentence(text: str) -> str:
    """A note as a sentence for the status bar; one that starts with a key (energy.power_watts) keeps it."""
    first = text.split(" ", 1)[0]
    return text if "." in first or "_" in first else text[:1].upper() + text[1:]


class CatalogChoice(MultiKeyChoice):
    label = "pricing catalog"

    def __init__(self, document, parent=None):
        super().__init__(document, [], parent)
        self.setObjectName("pricing.catalog")
        self.reload()

    def reload(self) -> None:
        self.blockSignals(True)
        self.clear()
        for cat in sorted(self.document.catalogs.pricing.values(), key=lambda c: c.id):
            origin = "" if cat.bundled else " (yours)"
            self.addItem(f"{cat.id} - {cat.name} ({cat.as_of}){origin}", cat.id)
        self.blockSignals(False)
        self.refresh(self.document.scenario)

    def current_of(self, scenario):
        return scenario.pricing.catalog

    def scenario_for(self, scenario, ident):
        # The command line's rule (planner.analysis.edits.reprice): the catalog's price replaces a
        # price_per_hour override, the region stays where the catalog prices it, and an offer the catalog
        # lacks is refused with the offers it has.
        edited = reprice(scenario, self.document.catalogs, catalog=ident)
        self._notes = [n.say({"pricing.catalog": "The catalog"}) for n in edited.notes]
        return edited.scenario

    def side_effect(self, before, after) -> str:
        notes, self._notes = getattr(self, "_notes", []), []
        return "; ".join(notes)


class PresetChoice(MultiKeyChoice):
    label = "model preset"

    def __init__(self, document, parent=None):
        items = [("Start from a preset...", None)] + [(p.name, i) for i, p in enumerate(presets())]
        super().__init__(document, items, parent)
        self.setObjectName("model.preset")
        for i, p in enumerate(presets(), start=1):
            self.setItemData(i, p.source, QtCore.Qt.ToolTipRole)

    def current_of(self, scenario):
        return next((i for i, p in enumerate(presets()) if p.model == scenario.model), None)

    def scenario_for(self, scenario, index):
        if index is None:
            return scenario
        return replace(scenario, model=presets()[index].model)

    def side_effect(self, before: dict, after: dict) -> str:
        # Given as steps x batch, the tokens follow the preset's sequence length: say so.
        old, new = before.final_run.tokens, after.final_run.tokens
        if self.document.scenario.training.steps is None or old == new:
            return ""
        return (f"Training tokens now {engineering(new)} (were {engineering(old)}): steps x batch x the "
                f"preset's sequence length of {self.document.scenario.model.seq_len:,}")

    def description(self, scenario) -> str:
        """'Preset: name (source)' while the model is exactly a preset's shape, else ""."""
        index = self.current_of(scenario)
        if index is None:
            return ""
        preset = presets()[index]
        return f"Preset: {preset.name} ({preset.source})"


class DistillChoice(MultiKeyChoice):
    """The distilled model for serving. It needs the distillation compute, which has no default:
    choosing a model before that is set is not applied, and the compute field is asked for instead."""

    label = "distilled model"
    needs_scale = QtCore.Signal(str)   # the hint to show while the compute field takes the focus

    def __init__(self, document, items, parent=None):
        super().__init__(document, items, parent)
        self.setObjectName("whatif.distill")

    def current_of(self, scenario):
        return scenario.whatif.distill

    def scenario_for(self, scenario, model):
        return replace(scenario, whatif=replace(scenario.whatif, distill=model))

    def _chosen(self, index: int) -> None:
        model = self.itemData(index)
        if model and self.document.scenario.whatif.distill_scale is None:
            self.refresh(self.document.scenario)
            self.needs_scale.emit(f"Set the distillation compute first (x one final run), then choose "
                                  f"{self.itemText(index).split(' (')[0]}")
            return
        super()._chosen(index)
