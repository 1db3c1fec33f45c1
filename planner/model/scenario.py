"""The scenario: plain frozen data, one field per key of the scenario file (scenario-format.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields, replace

from planner.model.values import Number

FAMILIES = ("encoder", "decoder", "encoder-decoder")
PRECISIONS = ("fp32", "tf32", "fp16", "bf16", "fp8")
RECOMPUTE = ("none", "selective", "full")
OFFERS = ("on-demand", "spot", "commit-1y", "commit-3y")
PRICING_MODES = ("rent", "owned")
ATTENTION = ("causal", "full", "none")
COST_KINDS = ("staff", "storage", "data", "evaluation", "other")
PERIODS = ("year", "quarter", "month")
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Model:
    family: str = "decoder"
    layers: int | None = None
    d_model: int | None = None
    heads: int | None = None
    kv_heads: int | None = None       # default: heads
    head_dim: int | None = None       # extension; default: d_model / heads
    d_ff: int | None = None           # default: 4 * d_model
    gated_mlp: bool = False
    vocab: int | None = None
    seq_len: int | None = None
    params: Number | None = None
    active_params: Number | None = None
    experts: int | None = None
    experts_per_token: int | None = None
    attention: str | None = None      # extension; default: causal for decoders, else full
    tie_embeddings: bool | None = None  # None: true (the output projection is the input embedding)
    encoder_layers: int | None = None   # encoder-decoder only; default layers / 2
    decoder_layers: int | None = None   # encoder-decoder only; default layers / 2
    target_len: int | None = None       # encoder-decoder only: decoder tokens per sequence; default seq_len

    @property
    def has_shape(self) -> bool:
        stacks = self.layers is not None or None not in (self.encoder_layers, self.decoder_layers)
        return stacks and None not in (self.d_model, self.heads)

    @property
    def tied(self) -> bool:
        return self.tie_embeddings is not False

    def stacks(self) -> tuple[int, int]:
        """(encoder layers, decoder layers) of a shape; a decoder or an encoder has one stack."""
        if self.family != "encoder-decoder":
            return (self.layers, 0) if self.family == "encoder" else (0, self.layers)
        enc, dec, total = self.encoder_layers, self.decoder_layers, self.layers
        if enc is None and dec is None:
            return total // 2, total - total // 2  # `layers` alone counts both stacks, split evenly (T5)
        if enc is None:
            return total - dec, dec
        return enc, (dec if dec is not None else total - enc)


@dataclass(frozen=True)
class Training:
    tokens: Number | None = None
    steps: Number | None = None
    batch_size: Number | None = None
    precision: str | None = None      # None: bf16 where the accelerator has it, else fp16
    recompute: str = "none"
    micro_batch: int | None = None    # sequences per accelerator per micro-step (memory model); default 1


@dataclass(frozen=True)
class Compute:
    accelerator: str = "h100"
    count: Number = 8
    utilization: Number | None = None
    tokens_per_second: Number | None = None
    hours: Number | None = None
    zero: int | None = None           # ZeRO stage 0-3 (memory model); default 3
    tp: int | None = None             # tensor-parallel degree; default 1
    pp: int | None = None             # pipeline-parallel degree; default 1


@dataclass(frozen=True)
class Pricing:
    catalog: str | None = "aws-2025"  # None only when owned (mode = "owned" needs no catalog)
    offer: str = "on-demand"
    region: str | None = None
    price_per_hour: Number | None = None
    # Owning the accelerators (docs/scenario-format.md, [pricing] mode = "owned"): amortized purchase plus
    # energy. With mode "rent" (None) the purchase terms are kept for the buy-or-rent comparison.
    mode: str | None = None                     # None or "rent": rented; "owned": the lab's own cluster
    purchase_price: Number | None = None        # per accelerator
    server_overhead: Number | None = None       # servers, networking, storage: share of the accelerators' price
    life_years: Number | None = None
    cluster_utilization: Number | None = None   # share of the hardware's life it does useful work
    electricity_per_kwh: Number | None = None

    @property
    def owned(self) -> bool:
        return self.mode == "owned"


@dataclass(frozen=True)
class Energy:
    power_watts: Number | None = None
    pue: Number | None = None
    grid_kg_per_kwh: Number | None = None


@dataclass(frozen=True)
class WhatIf:
    """Levers a user switches on to see a documented effect (docs/scenario-format.md, [whatif])."""
    sample_efficiency: Number | None = None   # compute divided by this (ELECTRA: about 4)
    attention: str | None = None              # "linear" (Longformer) or "nlogn" (Reformer)
    attention_window: int | None = None       # tokens each token attends to; default 512 (Longformer)
    spot: bool = False                        # price at the catalog's spot offer ...
    preemption_overhead: Number | None = None  # ... with this share of time lost to preemptions
    start_delay_years: Number | None = None   # start later: price-performance doubles every 2.5 years
    distill: str | None = None                # "tinybert" or "distilbert": a distilled model for serving
    distill_scale: Number | None = None       # compute of distilling it, relative to one final run


@dataclass(frozen=True)
class Runs:
    """One row of [[project.ablations]] or [[project.baselines]]."""
    name: str = ""
    runs: Number = 1
    scale: Number = 1.0


@dataclass(frozen=True)
class Project:
    ensemble: Number = 1
    seeds: Number = 1
    final_seeds: Number = 1
    contingency: Number = 0.0
    trials: Number = 0
    trial_scale: Number = 1.0
    ablations: tuple[Runs, ...] = ()
    baselines: tuple[Runs, ...] = ()


@dataclass(frozen=True)
class Budget:
    """[budget]: the committed budget is the total at `confidence` (a quantile of the Monte Carlo)."""
    confidence: float = 0.5
    cap: float | None = None


@dataclass(frozen=True)
class Schedule:
    """[schedule]: when the runs happen, on how many accelerators at once, and the periods spend is
    reported by. `start` None: today (the schedule command says so)."""
    start: datetime.date | None = None
    accelerators: float | None = None    # default: compute.count (one run at a time)
    period: str = "year"
    fiscal_year_start: int = 1           # month a (fiscal) year starts in


@dataclass(frozen=True)
class CostItem:
    """One [[costs]] row: a cost beyond compute, `amount` or `quantity` x `unit_price`."""
    name: str = ""
    kind: str = "other"
    amount: Number | None = None
    quantity: Number | None = None
    unit_price: Number | None = None
    unit: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Scenario:
    name: str = "Untitled scenario"
    description: str = ""
    model: Model = field(default_factory=Model)
    training: Training = field(default_factory=Training)
    compute: Compute = field(default_factory=Compute)
    pricing: Pricing = field(default_factory=Pricing)
    energy: Energy = field(default_factory=Energy)
    project: Project = field(default_factory=Project)
    whatif: WhatIf = field(default_factory=WhatIf)
    budget: Budget = field(default_factory=Budget)
    schedule: Schedule = field(default_factory=Schedule)
    costs: tuple[CostItem, ...] = ()
    # Where it came from, and the text as read: saving merges into that text so comments survive.
    path: str | None = field(default=None, compare=False)
    source_text: str | None = field(default=None, compare=False, repr=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)


SECTIONS = ("model", "training", "compute", "pricing", "energy", "project", "whatif", "budget", "schedule")
WHATIF_ATTENTION = ("quadratic", "linear", "nlogn")
DISTILLED = ("tinybert", "distilbert")


def section_keys(section: str) -> tuple[str, ...]:
    """The file keys of a section, in the order the format lists them."""
    cls = {"model": Model, "training": Training, "compute": Compute, "pricing": Pricing,
           "energy": Energy, "whatif": WhatIf, "budget": Budget, "schedule": Schedule}[section]
    return tuple(f.name for f in fields(cls))


def with_value(scenario: Scenario, section: str, key: str, value) -> Scenario:
    """A copy of `scenario` with one field changed: the single edit the window and sweeps make."""
    if section == "":
        return replace(scenario, **{key: value})
    part = getattr(scenario, section)
    return replace(scenario, **{section: replace(part, **{key: value})})
