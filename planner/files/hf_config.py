"""A model's shape from its Hugging Face `config.json` (offline: a file the user has).

Field names are those of the `transformers` configuration classes (LlamaConfig, MistralConfig,
MixtralConfig, Qwen2Config, GemmaConfig, GPT2Config, BertConfig, T5Config and the many that share their
names). A field the planner does not use is reported, never guessed from; a value the file leaves out
takes the default of its model_type's class where that default decides the count (DEFAULT_TIED), and
the note says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from planner.files.text_file import read_text
from planner.model.bounds import MAX_FILE_BYTES
from planner.model.errors import ScenarioError

# Aliases, in order: the first present wins. GPT-2 names its fields n_*, T5 d_kv/num_heads/d_ff.
ALIASES = {
    "layers": ("num_hidden_layers", "n_layer", "num_layers"),
    "d_model": ("hidden_size", "n_embd", "d_model"),
    "heads": ("num_attention_heads", "n_head", "num_heads"),
    "kv_heads": ("num_key_value_heads", "num_kv_heads"),
    "head_dim": ("head_dim", "d_kv"),
    "d_ff": ("intermediate_size", "n_inner", "d_ff", "ffn_dim"),
    "vocab": ("vocab_size",),
    "seq_len": ("max_position_embeddings", "n_positions", "n_ctx"),
    "experts": ("num_local_experts", "num_experts"),
    "experts_per_token": ("num_experts_per_tok",),
}
# SwiGLU/GeGLU MLPs (three matrices) by model_type; T5 says it in feed_forward_proj ("gated-gelu").
GATED = {"llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma", "gemma2",
         "gemma3_text", "phi3", "olmo", "olmo2", "olmoe", "granite", "starcoder2_gated", "cohere", "deepseek"}
ENCODERS = {"bert", "roberta", "xlm-roberta", "electra", "deberta", "deberta-v2", "distilbert", "albert"}
ENCODER_DECODERS = {"t5", "mt5", "umt5", "bart", "mbart", "pegasus", "marian"}
# tie_word_embeddings when the file leaves it out: the default of the model_type's transformers class
# (LlamaConfig, MistralConfig, MixtralConfig, Qwen2Config: False; PretrainedConfig: True).
DEFAULT_TIED = {"llama": False, "mistral": False, "mixtral": False, "qwen2": False, "qwen2_moe": False,
                "gemma": True, "gemma2": True, "gpt2": True, "bert": True, "t5": True, "mt5": False}
# Fields that configure training or inference, not the shape: named in the report as "not needed".
RUNTIME = {"architectures", "model_type", "torch_dtype", "transformers_version", "use_cache", "bos_token_id",
           "eos_token_id", "pad_token_id", "decoder_start_token_id", "initializer_range", "initializer_factor",
           "rms_norm_eps", "layer_norm_eps", "layer_norm_epsilon", "attention_dropout", "hidden_dropout_prob",
           "attention_probs_dropout_prob", "dropout_rate", "resid_pdrop", "embd_pdrop", "attn_pdrop",
           "rope_theta", "rope_scaling", "_name_or_path", "output_router_logits", "router_aux_loss_coef",
           "task_specific_params", "output_past", "gradient_checkpointing", "classifier_dropout",
           "is_encoder_decoder", "tie_word_embeddings", "num_decoder_layers", "feed_forward_proj",
           "hidden_act", "hidden_activation", "activation_function", "multi_query"}


@dataclass(frozen=True)
class HFShape:
    """The [model] keys read from a config, where each came from, and what was left unused."""
    model: dict
    source: str
    model_type: str
    used: dict = field(default_factory=dict)       # scenario key -> config field it came from
    notes: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()                   # fields that may matter but the planner does not read
    runtime: tuple[str, ...] = ()                  # fields that do not change parameters or FLOPs


def read(path: str | Path) -> HFShape:
    """Read and interpret a config.json; ScenarioError names the file and the field when it cannot."""
    text = read_text(path, MAX_FILE_BYTES)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(path, None, f"is not a JSON config.json ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise ScenarioError(path, None, "expected a JSON object (a Hugging Face config.json)")
    return interpret(data, str(path))


def interpret(data: dict, source: str) -> HFShape:
    notes: list[str] = []
    if "text_config" in data and isinstance(data["text_config"], dict):  # a multimodal wrapper
        notes.append("read the language model's text_config; the other sub-configs are not counted")
        data = {"model_type": data.get("model_type"), **data["text_config"]}
    model_type = str(data.get("model_type") or "")
    model, used = {}, {}
    for key, names in ALIASES.items():
        for name in names:
            value = data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                model[key], used[key] = value, name
                break
    for key in ("layers", "d_model", "heads", "vocab"):
        if key not in model:
            raise ScenarioError(source, ALIASES[key][0], f"is required to read the model's shape (or one of "
                                f"{', '.join(ALIASES[key][1:]) or 'its aliases'}): a positive whole number")
    if data.get("multi_query") is True and "kv_heads" not in model:
        model["kv_heads"], used["kv_heads"] = 1, "multi_query"
    model["family"] = _family(model_type, data)
    _gating(model, model_type, data, used)
    _stacks(model, data, used)
    _tying(model, model_type, data, used, notes)
    if model.get("head_dim") and model["head_dim"] * model["heads"] == model["d_model"]:
        del model["head_dim"]  # the default already: keep the scenario short
    if not model_type:
        notes.append("the file names no model_type: gating and tying are read only from explicit fields")
    unused = sorted(k for k in data if k not in set(used.values()) | RUNTIME and k != "text_config")
    runtime = sorted(k for k in data if k in RUNTIME and k not in set(used.values()))
    return HFShape(model, source, model_type, used, tuple(notes), tuple(unused), tuple(runtime))


def _family(model_type: str, data: dict) -> str:
    if data.get("is_encoder_decoder") is True or model_type in ENCODER_DECODERS:
        return "encoder-decoder"
    return "encoder" if model_type in ENCODERS else "decoder"


def _gating(model: dict, model_type: str, data: dict, used: dict) -> None:
    proj = data.get("feed_forward_proj")
    if isinstance(proj, str):
        model["gated_mlp"], used["gated_mlp"] = proj.startswith("gated"), "feed_forward_proj"
    elif model_type in GATED:
        model["gated_mlp"], used["gated_mlp"] = True, "model_type"


def _stacks(model: dict, data: dict, used: dict) -> None:
    """T5's num_layers is the encoder's; num_decoder_layers defaults to it (T5Config)."""
    if model["family"] != "encoder-decoder":
        return
    enc = model.pop("layers")
    dec = data.get("num_decoder_layers") or data.get("decoder_layers") or enc
    enc = data.get("encoder_layers") or enc
    model["encoder_layers"], model["decoder_layers"] = enc, dec
    used["encoder_layers"] = used.pop("layers")
    used["decoder_layers"] = "num_decoder_layers" if "num_decoder_layers" in data else used["encoder_layers"]


def _tying(model: dict, model_type: str, data: dict, used: dict, notes: list[str]) -> None:
    tied = data.get("tie_word_embeddings")
    if isinstance(tied, bool):
        used["tie_embeddings"] = "tie_word_embeddings"
    elif model_type in DEFAULT_TIED:
        tied = DEFAULT_TIED[model_type]
        notes.append(f"tie_word_embeddings is not in the file: {model_type}'s transformers default "
                     f"({str(tied).lower()}) is used")
    else:
        notes.append("tie_word_embeddings is not in the file and its model_type has no known default: "
                     "counted as tied (the planner's default); set model.tie_embeddings if it is not")
        return
    if not tied:
        model["tie_embeddings"] = False
