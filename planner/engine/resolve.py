"""Turn a scenario's choices (accelerator, catalog, offer, region) into the engine's numeric inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.engine import whatif
from planner.engine.core import RECOMPUTE_FACTOR
from planner.engine.ownership import owned_inputs
from planner.files.catalogs import Catalogs, Price, load_catalogs
from planner.files.ownership import load_ownership
from planner.model.scenario import Scenario
from planner.model.shape import attention_mode, counts
from planner.model.values import Number


@dataclass(frozen=True)
class Resolved:
    """Named numeric inputs (a number or a Range each) and the context the summary reports."""
    inputs: dict[str, Number]
    mode: str
    n_ablations: int
    n_baselines: int
    accelerator: str
    precision: str
    catalog: str | None  # None when owned
    as_of: str
    currency: str
    offer: str
    region: str | None
    price_source: str
    price_estimate: bool
    price_note: str
    sources: dict[str, str] = field(default_factory=dict)  # where power, PUE and grid came from
    n_costs: int = 0                                        # [[costs]] rows (line items)


def resolve(scenario: Scenario, catalogs: Catalogs | None = None) -> Resolved:
    """The scenario as the engine's numeric inputs, with where each default came from."""
    catalogs = catalogs or load_catalogs()
    c, pr = scenario.compute, scenario.project
    acc = catalogs.accelerators[c.accelerator]
    precision = acc.precision(scenario.training.precision)
    x = _model_inputs(scenario, acc, precision)
    mode = _throughput(scenario, catalogs, x)
    context, sources, cat, region = _price_inputs(scenario, catalogs, x)
    x.update(_levers(scenario.whatif))
    _energy_inputs(scenario, catalogs, acc, cat, region, x, sources)
    sources["attention"] = _attention_source(scenario.model)
    _project_inputs(scenario, x)
    return Resolved(x, mode, len(pr.ablations), len(pr.baselines), acc.id, precision, *context, sources,
                    len(scenario.costs))


def _model_inputs(scenario: Scenario, acc, precision: str) -> dict[str, Number]:
    """Parameters, FLOPs per token, the accelerator's peak and the training length."""
    m, t, c, w = scenario.model, scenario.training, scenario.compute, scenario.whatif
    shape = counts(m)
    params = m.params if m.params is not None else shape.params
    if m.active_params is not None:
        active = m.active_params
    elif m.params is not None:
        active = m.params if shape is None or shape.params == shape.active_params else \
            whatif.scaled(m.params, shape.active_params / shape.params)
    else:
        active = shape.active_params
    x: dict[str, Number] = {
        "params": params, "active_params": active,
        "attention_flops_per_token": (shape.attention_flops_per_token if shape else 0.0)
        * whatif.attention_factor(w, m.seq_len),
        "peak_flops": acc.peak_tflops[precision] * 1e12,
        "recompute": RECOMPUTE_FACTOR[t.recompute], "count": c.count,
    }
    if shape and shape.flop_params != shape.active_params:
        # Untied embeddings, learned positions or an encoder-decoder's target length: the parameters
        # doing matrix work per input token differ from the active count (shape.py). A fixed share, so
        # a range on the count keeps one consistent draw.
        x["flop_share"] = shape.flop_params / shape.active_params
    if t.tokens is not None:
        x["tokens"] = t.tokens
    elif t.steps is None:
        x["tokens"] = 0.0  # measured hours without tokens: no FLOPs to report
    else:
        x.update(steps=t.steps, batch_size=t.batch_size, seq_len=float(m.seq_len))
    return x


def _throughput(scenario: Scenario, catalogs: Catalogs, x: dict) -> str:
    """The mode (measured hours, measured tokens/s, or utilization) and its input."""
    c = scenario.compute
    mode = "hours" if c.hours is not None else "tokens_per_second" if c.tokens_per_second is not None \
        else "utilization"
    x[mode] = getattr(c, mode) if getattr(c, mode) is not None else catalogs.default_utilization
    return mode


def _price_inputs(scenario: Scenario, catalogs: Catalogs, x: dict):
    """The price per accelerator-hour (or the owned terms it is computed from), and where it came from:
    (context for Resolved, sources, the catalog or None, the region)."""
    p, acc_id, w = scenario.pricing, scenario.compute.accelerator, scenario.whatif
    if p.owned:
        owned, sources = owned_inputs(p, acc_id)
        x.update(owned)
        table = load_ownership()
        return ((None, table.as_of, table.currency, "owned", p.region, "owned (amortized purchase plus energy): "
                 + table.source, False, ""), sources, None, p.region)
    cat = catalogs.pricing[p.catalog]
    offer = "spot" if w.spot and p.price_per_hour is None else p.offer
    if p.price_per_hour is not None:
        price = Price(p.price_per_hour, p.region, False, "override (pricing.price_per_hour)")
    else:
        price = cat.price(acc_id, offer, p.region)
    x["price"] = price.value
    source = "pricing.price_per_hour" if p.price_per_hour is not None else cat.source
    return ((cat.id, cat.as_of, cat.currency, offer, price.region, source, price.estimate, price.derived), {},
            cat, price.region)


def _energy_inputs(scenario: Scenario, catalogs: Catalogs, acc, cat, region, x: dict, sources: dict) -> None:
    """Power, PUE and grid intensity: the file's, else the region's or provider's, else a default."""
    e = scenario.energy
    reg = catalogs.regions.get(region) if region else None
    provider = reg.provider if reg else (cat.provider if cat else None)  # no region: the catalog's provider's PUE
    x["power_watts"], sources["power_watts"] = _first(
        (e.power_watts, "energy.power_watts"),
        (acc.tdp_watts, f"{acc.id} TDP ({acc.source})"),
        (acc.average_watts, f"{acc.id} average draw ({acc.source})"),
        (0.0, "no power figure in the catalog"))
    x["pue"], sources["pue"] = _first(
        (e.pue, "energy.pue"), (reg.pue if reg else None, f"region {region}"),
        (catalogs.provider_pue.get(provider), f"provider {provider}"),
        (catalogs.default_pue, "industry average (Uptime Institute)"))
    x["grid"], sources["grid"] = _first(
        (e.grid_kg_per_kwh, "energy.grid_kg_per_kwh"),
        (reg.grid_kg_per_kwh if reg else None, f"region {region} (ML CO2 Impact)"),
        (catalogs.default_grid, "world average (CodeCarbon)"))


def _attention_source(m) -> str:
    if not counts(m):
        return "none (parameters given without a shape)"
    if not m.seq_len:
        return "none (model.seq_len not given)"
    if m.family == "encoder-decoder" and not m.attention:
        return "full (encoder, cross-attention), causal (decoder)"
    return attention_mode(m)


def _project_inputs(scenario: Scenario, x: dict) -> None:
    """The iceberg under the final run, and the line items beyond compute."""
    pr = scenario.project
    x.update(ensemble=pr.ensemble, seeds=pr.seeds, final_seeds=pr.final_seeds,
             contingency=pr.contingency, trials=pr.trials, trial_scale=pr.trial_scale)
    for i, row in enumerate(pr.ablations):
        x[f"ablation_runs_{i}"], x[f"ablation_scale_{i}"] = row.runs, row.scale
    for i, row in enumerate(pr.baselines):
        x[f"baseline_runs_{i}"], x[f"baseline_scale_{i}"] = row.runs, row.scale
    for i, item in enumerate(scenario.costs):
        if item.amount is not None:
            x[f"cost_amount_{i}"] = item.amount
        else:
            x[f"cost_quantity_{i}"], x[f"cost_unit_price_{i}"] = item.quantity, item.unit_price


def _levers(w) -> dict[str, Number]:
    """What-if levers that are on, as engine inputs (a range stays a range: Monte Carlo samples it)."""
    x = {}
    if w.sample_efficiency is not None:
        x["sample_efficiency"] = w.sample_efficiency
    if w.spot and w.preemption_overhead is not None:  # the overhead is a spot lever only
        x["preemption_overhead"] = w.preemption_overhead
    if w.start_delay_years:
        x["start_delay_years"] = w.start_delay_years
    if w.distill:
        x["distill_scale"] = w.distill_scale
    return x


def _first(*candidates):
    for value, source in candidates:
        if value is not None:
            return value, source
    raise ValueError("no candidate")

