"""The [model], [training] and [compute] sections of a scenario file, read and checked."""

from __future__ import annotations

from planner.files.catalogs import Catalogs
from planner.files.reader import Reader
from planner.model.bounds import MAX_COUNT, SHAPE_MAX
from planner.model.errors import nearest
from planner.model.scenario import (
    ATTENTION,
    FAMILIES,
    PRECISIONS,
    RECOMPUTE,
    Compute,
    Model,
    Training,
)
from planner.model.shape import attention_mode, counts
from planner.model.values import low_end, point

_SHAPE_KEYS = ("layers", "d_model", "heads", "kv_heads", "head_dim", "d_ff", "vocab", "seq_len",
               "experts", "experts_per_token", "encoder_layers", "decoder_layers", "target_len")


def read_model(r: Reader, t: dict, warnings: list[str]) -> Model:
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


def read_training(r: Reader, t: dict, model: Model, measured_hours: bool) -> Training:
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


def read_compute(r: Reader, t: dict, catalogs: Catalogs) -> Compute:
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
    if parallel > low_end(count):
        r.fail("compute.tp" if tp and tp > 1 else "compute.pp", f"expected compute.tp x compute.pp ({parallel:,}) "
               f"at most compute.count ({low_end(count):g}): each model replica spans tp x pp accelerators",
               tp if tp and tp > 1 else pp)
    return Compute(acc, count, r.number(t, s, "utilization", at_most=1.0),
                   r.number(t, s, "tokens_per_second"), r.number(t, s, "hours"), zero, tp, pp)


def check_parallel_fits_shape(r: Reader, model: Model, compute: Compute) -> None:
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
