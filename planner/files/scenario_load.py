"""Read and validate a scenario file into a Scenario; every refusal is one clear ScenarioError."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import replace
from pathlib import Path

from planner.files.catalogs import Catalogs, PriceLookupError, load_catalogs, region_refusal
from planner.files.ownership import load_ownership
from planner.files.reader import Reader
from planner.model.bounds import MAX_COUNT, MAX_FILE_BYTES, MAX_ROWS, PUE_MAX, SHAPE_MAX
from planner.model.errors import ScenarioError, nearest
from planner.model.scenario import (ATTENTION, COST_KINDS, DISTILLED, FAMILIES, OFFERS, PERIODS, PRECISIONS, PRICING_MODES,
                                    RECOMPUTE, SCHEMA_VERSION, WHATIF_ATTENTION, Budget, Compute, CostItem, Energy,
                                    Model, Pricing, Project, Runs, Scenario, Schedule, Training, WhatIf,
                                    section_keys)
from planner.model.shape import attention_mode, counts
from planner.files.text_file import read_text
from planner.files.toml_guard import parse_toml
from planner.model.values import Range, point

_SHAPE_KEYS = ("layers", "d_model", "heads", "kv_heads", "head_dim", "d_ff", "vocab", "seq_len",
               "experts", "experts_per_token", "encoder_layers", "decoder_layers", "target_len")
_TOP_KEYS = ("schema", "name", "description") + ("model", "training", "compute", "pricing", "energy", "project",
                                                  "whatif", "budget", "schedule", "costs")
_COST_KEYS = tuple(f.name for f in __import__("dataclasses").fields(CostItem))
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
    _unknown(data, "", _TOP_KEYS, warnings)

    sections = {s: r.table(data, "", s) for s in ("model", "training", "compute", "pricing", "energy", "project",
                                                  "whatif", "budget", "schedule")}
    for s in ("model", "training", "compute", "pricing", "energy", "whatif", "budget", "schedule"):
        _unknown(sections[s], s, section_keys(s), warnings)
    _unknown(sections["project"], "project", _PROJECT_KEYS, warnings)

    model = _model(r, sections["model"], warnings)
    training = _training(r, sections["training"], model, "hours" in sections["compute"])
    compute = _compute(r, sections["compute"], catalogs)
    pricing = _pricing(r, sections["pricing"], catalogs, compute.accelerator, warnings)
    energy = _energy(r, sections["energy"])
    project = _project(r, sections["project"], warnings)
    whatif = _whatif(r, sections["whatif"], catalogs, compute, pricing)
    _parallel_fits_shape(r, model, compute)
    budget = _budget(r, sections["budget"])
    schedule = _schedule(r, sections["schedule"])
    costs = _costs(r, data.get("costs", []), warnings)
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


def _unknown(table: dict, section: str, known, warnings: list[str]):
    """Unknown keys are kept on save (they may be a colleague's); a likely typo gets a warning."""
    for key in table:
        if key not in known:
            dotted = f"{section}.{key}" if section else key
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            warnings.append(f"unknown key {dotted} is kept but not used{hint}")


def _model(r: Reader, t: dict, warnings: list[str]) -> Model:
    s = "model"
    family = r.string(t, s, "family", choices=FAMILIES, default="decoder")
    shape = {k: r.number(t, s, k, integer=True, allow_range=False, at_most=SHAPE_MAX[k]) for k in _SHAPE_KEYS}
    params = r.number(t, s, "params")
    active = r.number(t, s, "active_params")
    attention = r.string(t, s, "attention", choices=ATTENTION)
    tie = r.boolean(t, s, "tie_embeddings", default=None)
    model = Model(family=family, gated_mlp=r.boolean(t, s, "gated_mlp"), params=params,
                  active_params=active, attention=attention, tie_embeddings=tie, **shape)
    _stacks(r, model)
    core = ("layers", "d_model", "heads")
    have = {"layers": model.layers is not None or None not in (model.encoder_layers, model.decoder_layers),
            "d_model": model.d_model is not None, "heads": model.heads is not None}
    given = [k for k in core if have[k]]
    if given and len(given) < 3:
        missing = [k for k in core if not have[k]][0]
        r.fail(f"model.{missing}", "is required with " + ", ".join(f"model.{g}" for g in given)
               + " (a shape needs layers, d_model and heads)")
    if not model.has_shape and params is None:
        r.fail("model.params", "is required: give the model's shape (layers, d_model, heads, vocab) "
               "or its parameter count")
    if model.has_shape:
        if shape["head_dim"] is None and shape["d_model"] % shape["heads"]:
            r.fail("model.heads", f"expected a divisor of model.d_model ({shape['d_model']}), or give "
                   "model.head_dim", shape["heads"])
        if shape["kv_heads"] is not None and (shape["kv_heads"] > shape["heads"] or shape["heads"] % shape["kv_heads"]):
            r.fail("model.kv_heads", f"expected a divisor of model.heads ({shape['heads']})", shape["kv_heads"])
        if params is None and shape["vocab"] is None:
            r.fail("model.vocab", "is required when the parameter count is derived from the shape")
    if (shape["experts"] is None) != (shape["experts_per_token"] is None):
        key = "experts" if shape["experts"] is None else "experts_per_token"
        r.fail(f"model.{key}", "is required with the other mixture-of-experts key "
               "(experts and experts_per_token go together)")
    if shape["experts"] is not None and shape["experts_per_token"] > shape["experts"]:
        r.fail("model.experts_per_token", f"expected at most model.experts ({shape['experts']})",
               shape["experts_per_token"])
    if active is not None and params is not None and point(active) > point(params):
        r.fail("model.active_params", f"expected at most model.params ({point(params):.4g})", t["active_params"])
    _model_notes(r, model, warnings, t.get("active_params"))
    return model


def _stacks(r: Reader, m: Model) -> None:
    """The encoder-decoder keys: only for that family, and adding up to `layers` when it is given too."""
    keys = [k for k in ("encoder_layers", "decoder_layers", "target_len") if getattr(m, k) is not None]
    if m.family != "encoder-decoder":
        if keys:
            r.fail(f"model.{keys[0]}", 'is used only with model.family = "encoder-decoder"', getattr(m, keys[0]))
        return
    enc, dec, total = m.encoder_layers, m.decoder_layers, m.layers
    if enc is not None and dec is not None:
        if total is not None and enc + dec != total:
            r.fail("model.layers", f"expected model.encoder_layers + model.decoder_layers ({enc + dec}), "
                   "or leave model.layers out", total)
    elif enc is not None or dec is not None:
        side = "encoder_layers" if enc is not None else "decoder_layers"
        if total is None or total <= (enc or dec):
            r.fail(f"model.{side}", "expected fewer than model.layers (all layers of both stacks); or give "
                   "both model.encoder_layers and model.decoder_layers", enc or dec)
    elif total is not None and total % 2:
        r.fail("model.layers", "expected an even number: an encoder-decoder's layers are split evenly between "
               "encoder and decoder (T5); or give model.encoder_layers and model.decoder_layers", total)


def _model_notes(r: Reader, model: Model, warnings: list[str], raw_active) -> None:
    """What a shape leaves out, or keys it makes pointless: refused when it changes the count."""
    if model.has_shape:
        total = counts(model).params
        if model.params is None and model.active_params is not None and point(model.active_params) > total:
            r.fail("model.active_params", f"expected at most the parameter count of the shape ({total:.4g}), "
                   "or give model.params", raw_active)
        if model.seq_len is None and attention_mode(model) != "none":
            warnings.append("model.seq_len is not given: the attention FLOPs term is left out")
    elif model.experts is not None:
        if model.active_params is None:
            r.fail("model.active_params", "is required with model.experts when the model is given by params "
                   "alone: give model.active_params (the planner derives the active share only from a shape)")
        warnings.append("model.experts and model.experts_per_token are not used without a shape: "
                        "model.active_params gives the parameters used per token")


def _training(r: Reader, t: dict, model: Model, measured_hours: bool) -> Training:
    s = "training"
    tokens = r.number(t, s, "tokens")
    steps = r.number(t, s, "steps", whole=True)
    batch = r.number(t, s, "batch_size", whole=True)
    if tokens is not None and (steps is not None or batch is not None):
        r.fail("training.steps" if steps is not None else "training.batch_size",
               "conflicts with training.tokens: give tokens, or steps and batch_size, not both")
    if tokens is None:
        if steps is None and batch is None:
            if measured_hours:  # measured hours price the run; without tokens there are no FLOPs
                return Training(None, None, None, r.string(t, s, "precision", choices=PRECISIONS),
                                r.string(t, s, "recompute", choices=RECOMPUTE, default="none"), _micro_batch(r, t))
            r.fail("training.tokens", "is required (or training.steps with training.batch_size; "
                   "only a run given as measured compute.hours may leave tokens out)")
        if steps is None or batch is None:
            r.fail("training.steps" if steps is None else "training.batch_size",
                   "is required with the other: tokens = steps * batch_size * model.seq_len")
        if model.seq_len is None:
            r.fail("model.seq_len", "is required when training is given as steps and batch_size")
    return Training(tokens, steps, batch, r.string(t, s, "precision", choices=PRECISIONS),
                    r.string(t, s, "recompute", choices=RECOMPUTE, default="none"), _micro_batch(r, t))


def _micro_batch(r: Reader, t: dict) -> int | None:
    return r.number(t, "training", "micro_batch", integer=True, allow_range=False, at_most=MAX_COUNT)


def _compute(r: Reader, t: dict, catalogs: Catalogs) -> Compute:
    s = "compute"
    acc = r.string(t, s, "accelerator", required=True)
    if acc not in catalogs.accelerators:
        r.fail("compute.accelerator", "expected an accelerator id from the hardware catalog ("
               + nearest(acc, catalogs.accelerators) + ")", acc)
    count = r.number(t, s, "count", required=True, whole=True, at_most=MAX_COUNT)
    given = [k for k in ("utilization", "tokens_per_second", "hours") if k in t]
    if len(given) > 1:
        r.fail(f"compute.{given[1]}", f"conflicts with compute.{given[0]}: give at most one of "
               "utilization, tokens_per_second and hours")
    zero = r.number(t, s, "zero", integer=True, allow_range=False, allow_zero=True, at_most=3)
    tp, pp = (r.number(t, s, k, integer=True, allow_range=False, at_most=MAX_COUNT) for k in ("tp", "pp"))
    parallel = (tp or 1) * (pp or 1)
    if parallel > _low(count):
        r.fail("compute.tp" if tp and tp > 1 else "compute.pp", f"expected compute.tp x compute.pp ({parallel:,}) "
               f"at most compute.count ({_low(count):g}): each model replica spans tp x pp accelerators",
               tp if tp and tp > 1 else pp)
    return Compute(acc, count, r.number(t, s, "utilization", at_most=1.0),
                   r.number(t, s, "tokens_per_second"), r.number(t, s, "hours"), zero, tp, pp)


def _parallel_fits_shape(r: Reader, model: Model, compute: Compute) -> None:
    """Megatron-LM splits attention heads across tensor-parallel ranks and layers across pipeline stages."""
    if not model.has_shape:
        return
    if compute.tp and model.heads % compute.tp:
        r.fail("compute.tp", f"expected a divisor of model.heads ({model.heads}): tensor parallelism splits the "
               "attention heads across accelerators", compute.tp)
    layers = sum(model.stacks())
    if compute.pp and compute.pp > layers:
        r.fail("compute.pp", f"expected at most the model's layers ({layers}): each pipeline stage holds "
               "whole layers", compute.pp)


def _pricing(r: Reader, t: dict, catalogs: Catalogs, accelerator: str, warnings: list[str]) -> Pricing:
    s = "pricing"
    mode = r.string(t, s, "mode", choices=PRICING_MODES)
    terms = _owned_terms(r, t)
    if mode == "owned":
        return _owned_pricing(r, t, catalogs, accelerator, terms, warnings)
    cat = r.string(t, s, "catalog", required=True)
    if cat not in catalogs.pricing:
        r.fail("pricing.catalog", "expected a pricing catalog id (" + nearest(cat, catalogs.pricing) + ")", cat)
    offer = r.string(t, s, "offer", choices=OFFERS, default="on-demand")
    region = r.string(t, s, "region")
    if region is not None and region not in catalogs.regions:
        r.fail("pricing.region", "expected a region id (" + nearest(region, catalogs.regions) + ")", region)
    if region is not None:
        refusal = region_refusal(catalogs.pricing[cat], accelerator, catalogs.regions[region])
        if refusal:
            r.fail("pricing.region", refusal, region)
    override = r.number(t, s, "price_per_hour")
    if override is None:
        try:
            catalogs.pricing[cat].price(accelerator, offer, region)
        except PriceLookupError as exc:
            r.fail(exc.key, f"{exc}; or set pricing.price_per_hour")
    return Pricing(cat, offer, region, override, mode, **terms)


def _owned_terms(r: Reader, t: dict) -> dict:
    """The five purchase terms (each a number or a range), None where the file leaves them out."""
    s = "pricing"
    return {"purchase_price": r.number(t, s, "purchase_price"),
            "server_overhead": r.number(t, s, "server_overhead", allow_zero=True, at_most=10.0),
            "life_years": r.number(t, s, "life_years", at_most=50.0),
            "cluster_utilization": r.number(t, s, "cluster_utilization", at_most=1.0),
            "electricity_per_kwh": r.number(t, s, "electricity_per_kwh", allow_zero=True, at_most=10.0)}


def _owned_pricing(r: Reader, t: dict, catalogs: Catalogs, accelerator: str, terms: dict,
                   warnings: list[str]) -> Pricing:
    """mode = "owned": no catalog needed (one given is the rental offer buy-or-rent compares with)."""
    s = "pricing"
    if "price_per_hour" in t:
        r.fail("pricing.price_per_hour", 'conflicts with pricing.mode = "owned": an owned price comes from '
               "purchase_price, server_overhead, life_years, cluster_utilization and electricity_per_kwh")
    cat = r.string(t, s, "catalog")
    if cat is not None and cat not in catalogs.pricing:
        r.fail("pricing.catalog", "expected a pricing catalog id (" + nearest(cat, catalogs.pricing) + ")", cat)
    region = r.string(t, s, "region")
    if region is not None and region not in catalogs.regions:
        r.fail("pricing.region", "expected a region id (" + nearest(region, catalogs.regions) + ")", region)
    table = load_ownership()
    if terms["purchase_price"] is None and accelerator not in table.purchases:
        r.fail("pricing.purchase_price", 'is required with pricing.mode = "owned": the bundled ownership table '
               f'has no published purchase price for "{accelerator}" (it prices '
               + ", ".join(sorted(table.purchases)) + ")")
    if terms["cluster_utilization"] is None:
        warnings.append(f"pricing.cluster_utilization is not given: {table.cluster_utilization:g} is assumed "
                        "(Epoch AI's amortization, the cluster busy its whole life); an idle share raises the "
                        "price per accelerator-hour")
    offer = r.string(t, s, "offer", choices=OFFERS, default="on-demand")
    return Pricing(cat, offer, region, None, "owned", **terms)


def _energy(r: Reader, t: dict) -> Energy:
    s = "energy"
    pue = r.number(t, s, "pue")
    if pue is not None and _low(pue) < 1.0:
        r.fail("energy.pue", "expected at least 1: PUE is facility power over IT power (1.1 = 10% "
               "overhead)", t["pue"])
    if pue is not None and _high(pue) > PUE_MAX:
        r.fail("energy.pue", f"expected at most {PUE_MAX:g} (the industry average is 1.58)", t["pue"])
    return Energy(r.number(t, s, "power_watts"), pue, r.number(t, s, "grid_kg_per_kwh"))


def _low(value) -> float:
    return value.low if isinstance(value, Range) else value


def _high(value) -> float:
    return value.high if isinstance(value, Range) else value


def _whatif(r: Reader, t: dict, catalogs: Catalogs, compute: Compute, pricing: Pricing) -> WhatIf:
    s = "whatif"
    w = WhatIf(
        sample_efficiency=r.number(t, s, "sample_efficiency", at_least=1.0),
        attention=r.string(t, s, "attention", choices=WHATIF_ATTENTION),
        attention_window=r.number(t, s, "attention_window", integer=True, allow_range=False),
        spot=r.boolean(t, s, "spot"),
        preemption_overhead=r.number(t, s, "preemption_overhead", allow_zero=True, at_most=10.0),
        start_delay_years=r.number(t, s, "start_delay_years", allow_zero=True, at_most=50.0),
        distill=r.string(t, s, "distill", choices=DISTILLED),
        distill_scale=r.number(t, s, "distill_scale"))
    if w.attention == "nlogn" and w.attention_window is not None and w.attention_window < 2:
        r.fail("whatif.attention_window", 'expected at least 2 with whatif.attention = "nlogn" (the cost '
               "goes as w log w: a window of 1 has no logarithm to divide by)", w.attention_window)
    if w.distill and w.distill_scale is None:
        r.fail("whatif.distill_scale", "is required with whatif.distill: the compute of distilling, as a "
               "share of one final run")
    if w.spot and pricing.owned:
        r.fail("whatif.spot", 'conflicts with pricing.mode = "owned": spot is a rental offer')
    if w.spot and pricing.price_per_hour is None:
        try:
            catalogs.pricing[pricing.catalog].price(compute.accelerator, "spot", pricing.region)
        except PriceLookupError as exc:
            r.fail("whatif.spot", f"{exc}; choose a catalog with spot prices")
    return w


def _budget(r: Reader, t: dict) -> Budget:
    confidence = r.number(t, "budget", "confidence", allow_range=False, default=0.5)
    if not 0 < confidence < 1:
        r.fail("budget.confidence", "expected a share between 0 and 1: 0.9 commits the total that 90% of "
               "the Monte Carlo draws stay within", t["confidence"])
    return Budget(confidence, r.number(t, "budget", "cap", allow_range=False))


def _schedule(r: Reader, t: dict) -> Schedule:
    s = "schedule"
    start = t.get("start")
    if isinstance(start, str):
        try:
            start = datetime.date.fromisoformat(start)
        except ValueError:
            r.fail("schedule.start", "expected a date such as 2027-01-01", start)
    if start is not None and (isinstance(start, datetime.datetime) or not isinstance(start, datetime.date)):
        r.fail("schedule.start", "expected a date such as 2027-01-01 (no time of day)", start)
    fiscal = r.number(t, s, "fiscal_year_start", integer=True, allow_range=False, at_least=1, at_most=12,
                      default=1)
    return Schedule(start, r.number(t, s, "accelerators", whole=True, allow_range=False, at_most=MAX_COUNT),
                    r.string(t, s, "period", choices=PERIODS, default="year"), fiscal)


def _costs(r: Reader, items, warnings: list[str]) -> tuple[CostItem, ...]:
    if not isinstance(items, list):
        r.fail("costs", "expected an array of tables ([[costs]])", items)
    out = []
    for i, item in enumerate(items):
        sec = f"costs[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table with name, kind and amount (or quantity and unit_price)", item)
        _unknown(item, sec, _COST_KEYS, warnings)
        amount = r.number(item, sec, "amount", allow_zero=True)
        quantity = r.number(item, sec, "quantity", allow_zero=True)
        unit_price = r.number(item, sec, "unit_price", allow_zero=True)
        if amount is not None and (quantity is not None or unit_price is not None):
            r.fail(f"{sec}.{'quantity' if quantity is not None else 'unit_price'}",
                   f"conflicts with {sec}.amount: give amount, or quantity and unit_price, not both")
        if amount is None and (quantity is None or unit_price is None):
            missing = "amount" if quantity is None and unit_price is None else \
                ("quantity" if quantity is None else "unit_price")
            r.fail(f"{sec}.{missing}", "is required: give amount, or quantity and unit_price")
        out.append(CostItem(r.string(item, sec, "name", default=f"cost {i + 1}"),
                            r.string(item, sec, "kind", choices=COST_KINDS, default="other"),
                            amount, quantity, unit_price, r.string(item, sec, "unit"),
                            r.string(item, sec, "source")))
    return tuple(out)


def _runs_list(r: Reader, t: dict, key: str) -> tuple[Runs, ...]:
    items = t.get(key, [])
    if not isinstance(items, list):
        r.fail(f"project.{key}", f"expected an array of tables ([[project.{key}]])", items)
    if len(items) > MAX_ROWS:
        r.fail(f"project.{key}", f"expected at most {MAX_ROWS:,} rows (group similar runs into one row: "
               "runs counts them)", f"{len(items):,} rows")
    out = []
    for i, item in enumerate(items):
        sec = f"project.{key}[{i}]"
        if not isinstance(item, dict):
            r.fail(sec, "expected a table with name, runs and scale", item)
        out.append(Runs(r.string(item, sec, "name", default=f"{key[:-1]} {i + 1}"),
                        r.number(item, sec, "runs", default=1.0, allow_zero=True, whole=True),
                        r.number(item, sec, "scale", default=1.0)))
    return tuple(out)


def _project(r: Reader, t: dict, warnings) -> Project:
    s = "project"
    tuning = r.table(t, s, "tuning")
    _unknown(tuning, "project.tuning", ("trials", "scale"), warnings)
    contingency = r.number(t, s, "contingency", default=0.0, allow_zero=True)
    if _high(contingency) > 1.0:
        r.fail("project.contingency", "expected a share of at most 1 (100%): 0.10 adds 10% for failed "
               "and restarted runs", t["contingency"])
    return Project(
        ensemble=r.number(t, s, "ensemble", default=1.0, at_least=1, whole=True),
        seeds=r.number(t, s, "seeds", default=1.0, at_least=1, whole=True),
        final_seeds=r.number(t, s, "final_seeds", default=1.0, at_least=1, whole=True),
        contingency=contingency,
        trials=r.number(tuning, "project.tuning", "trials", default=0.0, allow_zero=True, whole=True),
        trial_scale=r.number(tuning, "project.tuning", "scale", default=1.0),
        ablations=_runs_list(r, t, "ablations"),
        baselines=_runs_list(r, t, "baselines"))


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
