"""The scenario editor: the file's sections as a researcher thinks of them, every key editable."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from planner.model.quantities import engineering, price
from planner.model.scenario import ATTENTION, OFFERS, PERIODS, PRECISIONS, RECOMPUTE

from ui.editor.choices import (AcceleratorChoice, CatalogChoice, CountField, DistillChoice, PresetChoice,
                               ThroughputChoice, TokensChoice)
from ui.editor.ownership_fields import TERMS, PricingModeChoice, placeholders
from ui.editor.fields import CheckField, ChoiceField, DescriptionField, MoneyField, NumberField, TextField
from ui.editor.help_text import FIELD_HELP
from ui.editor.costs_table import CostsTable
from ui.editor.date_field import DateField
from ui.editor.runs_table import RunsTable
from ui.editor.stack_fields import ZERO_STAGES, FamilyChoice, memory_note, stack_placeholders

# The throughput value's label and tooltip follow the mode chosen above it.
THROUGHPUT_LABELS = {
    "utilization": ("Utilization (MFU)", "Share of the accelerator's peak FLOP/s achieved; 0.3-0.5 gives a 90% range"),
    "tokens_per_second": ("Tokens per second per accelerator",
                          "Measured training throughput of one accelerator, e.g. 3,100 (a range such as "
                          "2800-3400 gives a 90% range)"),
    "hours": ("Measured hours", "Wall-clock hours of one final run as measured, e.g. 72"),
    None: ("Utilization (MFU)", "The catalog's default utilization is used; choose a mode above to set your own"),
}


class ScenarioEditor(QtWidgets.QScrollArea):
    """Left-hand side of the window. `error` carries the reason of the latest refused entry, `notice`
    a remark on what an edit changed besides the field itself (both for the status bar)."""

    error = QtCore.Signal(str)
    notice = QtCore.Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.fields: dict[str, QtWidgets.QWidget] = {}
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        body = QtWidgets.QWidget()
        self.layout_ = QtWidgets.QVBoxLayout(body)
        self._scenario_group()
        self._model_group()
        self._training_group()
        self._hardware_group()
        self._memory_group()
        self._pricing_group()
        self._project_group()
        self._costs_group()
        self._budget_group()
        self._schedule_group()
        self._energy_group()
        self._whatif_group()
        self.layout_.addStretch(1)
        self.setWidget(body)
        self.setMinimumWidth(340)   # the window stays whole at 1024x640
        document.changed.connect(self.refresh)
        self.refresh(document.scenario, document.summary)

    # -- building -------------------------------------------------------------------------------
    def _group(self, title: str) -> QtWidgets.QFormLayout:
        box = QtWidgets.QGroupBox(title)
        form = QtWidgets.QFormLayout(box)
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.AllNonFixedFieldsGrow)
        self.layout_.addWidget(box)
        return form

    def _add(self, form, label: str, widget, help_text: str = ""):
        name = widget.objectName()
        self.fields[name] = widget
        if hasattr(widget, "error"):
            widget.error.connect(self.error)
        if hasattr(widget, "notice"):
            widget.notice.connect(self.notice)
        help_text = help_text or FIELD_HELP.get(name, "")
        if help_text:
            (widget.set_help if hasattr(widget, "set_help") else widget.setToolTip)(help_text)
        widget.setAccessibleName(label or name)
        form.addRow(_label(label) if label else "", widget)
        return widget

    def _note(self, form, name: str) -> QtWidgets.QLabel:
        """A wrapped, selectable line of read-only text under a field (price, preset source)."""
        note = QtWidgets.QLabel()
        note.setObjectName(name)
        note.setWordWrap(True)
        note.setTextFormat(QtCore.Qt.PlainText)
        note.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        note.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
        form.addRow(note)
        return note

    def _number(self, form, section, key, label, help_text="", **kw):
        return self._add(form, label, NumberField(self.document, section, key, label, **kw), help_text)

    def _choice(self, form, section, key, label, items, help_text=""):
        return self._add(form, label, ChoiceField(self.document, section, key, label, items), help_text)

    def _scenario_group(self):
        form = self._group("Scenario")
        self._add(form, "Name", TextField(self.document, "name", "name"))
        self._add(form, "Description", DescriptionField(self.document))

    def _model_group(self):
        d, form = self.document, self._group("Model")
        self.preset = self._add(form, "Preset", PresetChoice(d), "Published shapes of well-known models, with sources")
        self.preset_note = self._note(form, "model.preset_note")
        self.model_form = form
        self._add(form, "Family", FamilyChoice(d))
        self._number(form, "model", "layers", "Layers", integer=True, optional=True)
        # Encoder-decoder only (refused with another family): shown only for that family.
        self._number(form, "model", "encoder_layers", "Encoder layers", integer=True, optional=True)
        self._number(form, "model", "decoder_layers", "Decoder layers", integer=True, optional=True)
        self._number(form, "model", "target_len", "Target length", integer=True, optional=True)
        self._number(form, "model", "d_model", "d_model", integer=True, optional=True)
        self._number(form, "model", "heads", "Heads", integer=True, optional=True)
        self._number(form, "model", "kv_heads", "KV heads", integer=True, optional=True,
                     placeholder="= heads", help_text="Fewer than heads: grouped-query attention")
        self._number(form, "model", "head_dim", "Head dim", integer=True, optional=True, placeholder="d_model / heads")
        self._number(form, "model", "d_ff", "d_ff", integer=True, optional=True, placeholder="4 x d_model")
        self._add(form, "", CheckField(d, "model", "gated_mlp", "Gated MLP (SwiGLU: three matrices)"))
        self._add(form, "", CheckField(d, "model", "tie_embeddings", "Tied embeddings (input = output)",
                                       default_on=True))
        self._number(form, "model", "vocab", "Vocabulary", integer=True, optional=True)
        self._number(form, "model", "seq_len", "Sequence length", integer=True, optional=True)
        self._number(form, "model", "params", "Parameters", optional=True,
                     help_text="Overrides the count from the shape, e.g. 7B")
        self._number(form, "model", "active_params", "Active parameters", optional=True,
                     help_text="Mixture of experts: parameters used per token")
        self._number(form, "model", "experts", "Experts", integer=True, optional=True)
        self._number(form, "model", "experts_per_token", "Experts per token", integer=True, optional=True)
        self._choice(form, "model", "attention", "Attention FLOPs",
                     [("Default for the family", None)] + [(a, a) for a in ATTENTION],
                     "causal halves PaLM's 12*L*H*Q*T term (Megatron-LM); full counts it whole; none drops it")

    def _training_group(self):
        d, form = self.document, self._group("Training")
        self.training_form = form
        self._add(form, "Length given as", TokensChoice(d))
        self._number(form, "training", "tokens", "Tokens", optional=True, help_text="e.g. 1.4T or 131B")
        self._number(form, "training", "steps", "Steps", optional=True)
        self._number(form, "training", "batch_size", "Batch (sequences)", optional=True)
        self.precision = self._choice(form, "training", "precision", "Precision", [])
        self._choice(form, "training", "recompute", "Activation recompute", [(r, r) for r in RECOMPUTE],
                     "Full recompute costs one more forward pass (8/6 the hours); selective about 3%")

    def _hardware_group(self):
        d, form = self.document, self._group("Hardware")
        self._add(form, "Accelerator", AcceleratorChoice(d))
        self._add(form, "Count", CountField(d), "Accelerators used at once: sets wall-clock. Measured hours keep "
                  "their accelerator-hours when it changes (linear scaling assumed)")
        self._add(form, "Throughput from", ThroughputChoice(d))
        # Required while a mode is chosen: emptying it is refused (red, reason in its tooltip), never a
        # silent switch to the catalog's default. "Throughput from" is where the mode changes.
        self.throughput = self._number(form, "compute", "utilization", "Utilization (MFU)",
                                       help_text=THROUGHPUT_LABELS["utilization"][1])
        self.hardware_form = form

    def _memory_group(self):
        form = self._group("Memory layout (the Memory tab)")
        self._choice(form, "compute", "zero", "ZeRO stage", ZERO_STAGES)
        self._number(form, "compute", "tp", "Tensor parallel", integer=True, optional=True, placeholder="1")
        self._number(form, "compute", "pp", "Pipeline parallel", integer=True, optional=True, placeholder="1")
        self._number(form, "training", "micro_batch", "Micro-batch (sequences)", integer=True, optional=True,
                     placeholder="1")
        self.memory_note = self._note(form, "compute.memory_note")

    def _pricing_group(self):
        d, form = self.document, self._group("Pricing")
        self.pricing_form = form
        self._add(form, "Paid as", PricingModeChoice(d), "Rent from a catalog, or own the accelerators: "
                  "purchase, servers and electricity spread over their life (Epoch AI's amortized cost)")
        self.catalog = self._add(form, "Catalog", CatalogChoice(d))
        self.offer = self._choice(form, "pricing", "offer", "Offer", [(o, o) for o in OFFERS])
        self.region = self._choice(form, "pricing", "region", "Region", [("Catalog default", None)])
        self.price_label = QtWidgets.QLabel()
        self.price_label.setObjectName("pricing.shown")
        self.price_label.setWordWrap(True)
        self.price_label.setTextFormat(QtCore.Qt.PlainText)
        self.price_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        form.addRow(_label("Price"), self.price_label)
        self._number(form, "pricing", "price_per_hour", "Override", optional=True,
                     placeholder="price per accelerator-hour", help_text="Your own price; wins over the catalog")
        self.ownership_fields = {key: self._number(form, "pricing", key, label, optional=True, help_text=tip)
                                 for key, label, tip in TERMS}

    def _project_group(self):
        form = self._group("Project (the iceberg under the final run)")
        self._number(form, "project", "ensemble", "Ensemble members", help_text="Final models trained, each a full run")
        self._number(form, "project", "final_seeds", "Final-run seeds", help_text="Runs of the final configuration")
        self._number(form, "project", "seeds", "Seeds per config", help_text="For tuning trials, ablations, baselines")
        self._number(form, "project", "trials", "Tuning trials", help_text="Hyper-parameter configurations tried")
        self._number(form, "project", "trial_scale", "Trial scale", help_text="Compute of one trial / one final run")
        self._number(form, "project", "contingency", "Contingency", help_text="Share added for failed runs: 0.1 = 10%")
        for key, title in (("ablations", "Ablations"), ("baselines", "Baselines")):
            table = RunsTable(self.document, key)
            table.model.refused.connect(self.error)
            self.fields[f"project.{key}"] = table
            table.setToolTip(FIELD_HELP[f"project.{key}"])
            table.setAccessibleName(title)
            form.addRow(_label(title))   # the table spans the whole width: its columns need it
            form.addRow(table)

    def _costs_group(self):
        form = self._group("Costs beyond compute (staff, storage, data, evaluation)")
        table = CostsTable(self.document)
        table.model.refused.connect(self.error)
        table.setToolTip("Costs beyond compute: staff, storage, data, evaluation. Each row is an amount, or a "
                         "quantity x unit price; either may be a range [low, high]. They add to the total and "
                         "its uncertainty, never to contingency")
        self.fields["costs"] = table
        form.addRow(table)

    def _budget_group(self):
        d, form = self.document, self._group("Budget (the figure a grant commits)")
        self._number(form, "budget", "confidence", "Confidence", allow_range=False)
        self._add(form, "Cap", MoneyField(d, "budget", "cap", "Cap", allow_range=False, optional=True,
                                          placeholder="none"))

    def _schedule_group(self):
        form = self._group("Schedule (when the money is spent)")
        self._add(form, "Start", DateField(self.document, "schedule", "start", "Start", placeholder="today"),
                  "The day the first run starts, e.g. 2027-01-01")
        self._number(form, "schedule", "accelerators", "Accelerators at once", optional=True,
                     placeholder="= count (one run at a time)",
                     help_text="How many accelerators the project can use at once: runs go side by side")
        self._choice(form, "schedule", "period", "Spend per", [(p, p) for p in PERIODS],
                     "How the spend is reported: per year, quarter or month (of the fiscal year below)")
        months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
        self._choice(form, "schedule", "fiscal_year_start", "Fiscal year starts",
                     [(m, i) for i, m in enumerate(months, 1)], "Years and quarters follow this fiscal year")

    def _energy_group(self):
        form = self._group("Energy")
        self.energy_fields = [
            self._number(form, "energy", "power_watts", "Power per accelerator (W)", optional=True),
            self._number(form, "energy", "pue", "PUE", optional=True),
            self._number(form, "energy", "grid_kg_per_kwh", "Grid (kg CO2e/kWh)", optional=True)]

    def _whatif_group(self):
        d, form = self.document, self._group("What-ifs (levers with their sources)")
        self._number(form, "whatif", "sample_efficiency", "Sample efficiency", optional=True, placeholder="off",
                     help_text="Divide every run's compute: ELECTRA matched RoBERTa with under 1/4 (enter 4)")
        self._choice(form, "whatif", "attention", "Long-sequence attention",
                     [("Quadratic (off)", None), ("Linear (Longformer)", "linear"), ("n log n (Reformer)", "nlogn")])
        self._number(form, "whatif", "attention_window", "Attention window", integer=True, optional=True,
                     placeholder="512 (Longformer)")
        self._add(form, "", CheckField(d, "whatif", "spot", "Spot instances (catalog's spot price)"))
        self._number(form, "whatif", "preemption_overhead", "Preemption overhead", optional=True,
                     placeholder="share of time lost, e.g. 0.1")
        self._number(form, "whatif", "start_delay_years", "Start later (years)", optional=True,
                     help_text="Price-performance doubles about every 2.5 years (Epoch AI)")
        # The compute comes first: a distilled model needs it, and it has no default to invent.
        self.distill_scale = self._number(
            form, "whatif", "distill_scale", "Distillation compute", optional=True, placeholder="x one final run",
            help_text="Compute of distilling, relative to one final run; needed before choosing a distilled model")
        distill = DistillChoice(d, [("None", None), ("TinyBERT (7.5x smaller, 9.4x faster)", "tinybert"),
                                    ("DistilBERT (40% smaller, 60% faster)", "distilbert")])
        distill.needs_scale.connect(self._ask_distill_scale)
        self._add(form, "Distilled model for serving", distill,
                  "Serve a distilled model; set the distillation compute above first")

    def _ask_distill_scale(self, hint: str) -> None:
        self.notice.emit(hint)
        self.ensureWidgetVisible(self.distill_scale)
        self.distill_scale.setFocus()

    # -- refreshing -----------------------------------------------------------------------------
    def refresh(self, scenario, summary) -> None:
        self._refresh_choices(scenario)
        self._refresh_throughput(scenario)
        steps = scenario.training.steps is not None
        for key, visible in (("training.tokens", not steps), ("training.steps", steps),
                             ("training.batch_size", steps)):
            self.training_form.setRowVisible(self.fields[key], visible)
        self._refresh_stacks(scenario.model)
        for widget in self.fields.values():
            widget.refresh(scenario)
        self._refresh_notes(scenario, summary)
        self._refresh_ownership(scenario)

    def _refresh_stacks(self, model) -> None:
        """The encoder-decoder keys only for that family; there Layers counts both stacks."""
        both = model.family == "encoder-decoder"
        for key in ("model.encoder_layers", "model.decoder_layers", "model.target_len"):
            self.model_form.setRowVisible(self.fields[key], both)
        for key, text in stack_placeholders(model).items():
            self.fields[key].setPlaceholderText(text)
        layers = self.fields["model.layers"]
        _set_text(self.model_form.labelForField(layers), "Layers (both stacks)" if both else "Layers")

    def _refresh_ownership(self, scenario) -> None:
        """Owned: no override. The purchase terms show what owning would use where the file is silent."""
        self.pricing_form.setRowVisible(self.fields["pricing.price_per_hour"], not scenario.pricing.owned)
        for key, text in placeholders(scenario).items():
            if key in self.ownership_fields:
                self.ownership_fields[key].setPlaceholderText(text)

    def _refresh_choices(self, scenario) -> None:
        """Precisions, offers and regions are those of the accelerator and catalog chosen."""
        cats = self.document.catalogs
        acc = cats.accelerators[scenario.compute.accelerator]
        self.precision.set_items([(f"Default ({acc.precision(None)})", None)]
                                 + [(p, p) for p in PRECISIONS if p in acc.peak_tflops])
        cat = cats.pricing.get(scenario.pricing.catalog)   # None: owned, with no rental catalog named
        offers = (cat.offers_for(acc.id) if cat else []) or list(OFFERS)
        self.offer.set_items([(o, o) for o in offers])
        regions = sorted(cats.regions) if scenario.pricing.owned or cat is None else (
            sorted({g for r in cat.rows if r.accelerator == acc.id for g in r.regions}) or sorted(cats.regions))
        self.region.set_items([("Catalog default", None)] + [(g, g) for g in regions])

    def _refresh_throughput(self, scenario) -> None:
        """One field edits whichever throughput key the scenario gives; its label says which."""
        mode = next((k for k in ("utilization", "tokens_per_second", "hours")
                     if getattr(scenario.compute, k) is not None), None)
        field = self.throughput
        field.key = mode or "utilization"
        field.name = f"compute.{field.key}"   # the key its typing session (undo step) is merged under
        field.setEnabled(mode is not None)
        default = f"{self.document.catalogs.default_utilization:g} (Epoch AI median)"
        field.setPlaceholderText(default if mode is None else "")
        field.label, tip = THROUGHPUT_LABELS[mode]
        field.set_help(tip)
        _set_text(self.hardware_form.labelForField(field), field.label)

    def _refresh_notes(self, scenario, summary) -> None:
        """Placeholders and notes that show what the engine assumed or derived."""
        a = summary.assumptions
        placeholders = (f"{a.power_watts:g} ({a.sources['power_watts'].split(' (')[0]})",
                        f"{a.pue:g} ({a.sources['pue']})", f"{a.grid_kg_per_kwh:g} ({a.sources['grid']})")
        for field, text in zip(self.energy_fields, placeholders):
            field.setPlaceholderText(text)
        p, cur = summary.pricing, summary.currency
        note = " (estimate)" if p.estimate else ""
        derived = f"; {p.derived}" if p.derived else ""
        where = (f"owned: hardware {price(p.capex_per_hour, cur)} + energy {price(p.energy_per_hour, cur)}"
                 if p.capex_per_hour is not None else p.catalog)
        _set_text(self.price_label,
                  f"{price(p.price_per_accelerator_hour, cur)} per accelerator-hour{note}, "
                  f"{where} as of {p.as_of}\nSource: {p.source}{derived}")
        preset = self.preset.description(scenario)
        _set_text(self.preset_note, preset)
        self.preset_note.setVisible(bool(preset))
        _set_text(self.memory_note, memory_note(summary))
        self.fields["model.params"].setPlaceholderText(
            f"{engineering(summary.final_run.params)} from the shape" if scenario.model.params is None else "")


def _label(text: str) -> QtWidgets.QLabel:
    """A form label that wraps rather than widening the label column (the editor is narrow)."""
    label = QtWidgets.QLabel(text)
    label.setWordWrap(True)
    return label


def _set_text(label: QtWidgets.QLabel, text: str) -> None:
    if label.text() != text:   # a wrapped label re-lays out the form on every setText
        label.setText(text)
