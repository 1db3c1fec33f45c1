"""What each editor field and result tile means, its unit, and where its default comes from (tooltips)."""

from __future__ import annotations

FIELD_HELP = {
    "name": "The scenario's title, printed on every report",
    "description": "Free text: the report's introduction. Leave empty for none",
    "model.family": "decoder = causal attention (GPT, Llama); encoder = BERT; encoder-decoder = T5",
    "model.layers": "Transformer layers (blocks). With d_model and heads it gives the parameter count. "
                    "Encoder-decoder: all layers of both stacks (T5-11B: 48 = 24 + 24)",
    "model.encoder_layers": "Encoder-decoder only: layers of the encoder stack. Default: layers / 2 (T5's even "
                            "split), or layers - decoder layers (docs/scenario-format.md)",
    "model.decoder_layers": "Encoder-decoder only: layers of the decoder stack, each with cross-attention. "
                            "Default: layers / 2 (T5's even split), or layers - encoder layers",
    "model.target_len": "Encoder-decoder only: decoder (target) tokens per input sequence of seq_len tokens; "
                        "scales the decoder's FLOPs and activations. Default: = sequence length",
    "model.tie_embeddings": "Checked: the output projection is the input embedding matrix, counted once in the "
                            "parameters (BERT, GPT-2, T5). Unchecked: its own vocab x d_model matrix (Llama, "
                            "Mistral). Default: tied (a file without the key)",
    "model.d_model": "Hidden size (width of the residual stream), in dimensions",
    "model.heads": "Attention heads per layer",
    "model.kv_heads": "Key/value heads; fewer than heads is grouped-query attention. Default: = heads",
    "model.head_dim": "Dimensions per head. Default: d_model / heads",
    "model.d_ff": "Feed-forward width, in dimensions. Default: 4 x d_model",
    "model.gated_mlp": "SwiGLU-style MLP with three matrices instead of two",
    "model.vocab": "Vocabulary size, in tokens (embedding parameters)",
    "model.seq_len": "Training sequence length, in tokens: sets the attention FLOPs",
    "model.params": "Total parameters, e.g. 7B. Default: counted from the shape",
    "model.active_params": "Parameters used per token (mixture of experts). Default: all of them",
    "model.experts": "Experts per MoE layer",
    "model.experts_per_token": "Experts each token is routed to",
    "model.attention": "Which attention FLOPs are counted. Default: causal for decoders, full otherwise",
    "model.preset": "Published shapes of well-known models, with sources",
    "training.mode": "Give the run's length as tokens, or as steps x batch x sequence length",
    "training.tokens": "Training tokens of one final run, e.g. 1.4T or 131B; [low, high] or 1T-2T for a range",
    "training.steps": "Optimizer steps of one final run",
    "training.batch_size": "Sequences per step",
    "training.precision": "Arithmetic whose peak FLOP/s applies. Default: bf16 where the accelerator has it, "
                          "else fp16 (hardware catalog)",
    "training.micro_batch": "Sequences per accelerator per micro-step, for the memory model's activations "
                            "(Korthikanti et al. 2022). Default: 1",
    "training.recompute": "Full recompute costs one more forward pass (8/6 the hours); selective about 3%",
    "compute.accelerator": "The accelerator (hardware catalog, with sources). A measured run moves to another "
                           "one at the utilization it implies",
    "compute.mode": "Where throughput comes from: the catalog's default utilization (Epoch AI median), your "
                    "utilization, measured tokens/s, or measured hours",
    "compute.zero": "ZeRO stage for the memory model (Rajbhandari et al. 2020): 1 partitions the Adam state "
                    "over data-parallel replicas, 2 also the gradients, 3 also the weights. Default: 3",
    "compute.tp": "Tensor-parallel degree (Megatron-LM): each layer's heads split over this many accelerators; "
                  "a divisor of the heads, tp x pp at most the count. Default: 1",
    "compute.pp": "Pipeline-parallel degree: the layers split into this many stages, one per accelerator; "
                  "at most the layers, tp x pp at most the count. Default: 1",
    "budget.confidence": "The committed budget is the total at this confidence: 0.9 = 90% of the Monte Carlo "
                         "draws stay within it (needs some input given as a range). Default: 0.5",
    "budget.cap": "The most the project may spend, in the catalog's currency (e.g. 250k or $1.2M): the chance "
                  "of exceeding it is shown here and on the Uncertainty tab. Saved as [budget] cap. Default: none",
    "pricing.catalog": "Price list used (bundled catalogs carry their source and date)",
    "pricing.offer": "On-demand, spot, or a 1- or 3-year commitment (a commitment's minimum term is paid "
                     "whatever the run's length)",
    "pricing.region": "Sets the price row and the grid's CO2 intensity. Default: the catalog's first region",
    "pricing.price_per_hour": "Your price per accelerator-hour, e.g. $2; wins over the catalog",
    "project.ensemble": "Final models trained, each a full run (count)",
    "project.final_seeds": "Runs of the final configuration (count, 1 = no repeats)",
    "project.seeds": "Runs per configuration for tuning trials, ablations and baselines (count)",
    "project.trials": "Hyper-parameter configurations tried (count)",
    "project.trial_scale": "Compute of one trial as a share of one final run, e.g. 0.1",
    "project.contingency": "Share added for failed runs: 0.1 or 10% adds a tenth",
    "project.ablations": "Ablation runs: name, runs, scale (share of one final run). Tab leaves the table",
    "project.baselines": "Baseline runs: name, runs, scale (share of one final run). Tab leaves the table",
    "energy.power_watts": "Average draw per accelerator, in W. Default: the accelerator's TDP (hardware catalog)",
    "energy.pue": "Power usage effectiveness of the data centre. Default: the region's or provider's figure",
    "energy.grid_kg_per_kwh": "Grid carbon intensity, kg CO2e per kWh. Default: the region's (ML CO2 Impact)",
    "whatif.sample_efficiency": "Divide every run's compute: ELECTRA matched RoBERTa with under 1/4 (enter 4)",
    "whatif.attention": "Cheaper long-sequence attention: linear (Longformer) or n log n (Reformer)",
    "whatif.attention_window": "Tokens each token attends to under linear attention. Default: 512 (Longformer)",
    "whatif.spot": "Price at the catalog's spot offer",
    "whatif.preemption_overhead": "Share of time lost to spot preemptions, e.g. 0.1 or 10%",
    "whatif.start_delay_years": "Start later: price-performance doubles about every 2.5 years (Epoch AI)",
    "whatif.distill_scale": "Compute of distilling, as a multiple of one final run",
    "whatif.distill": "Serve a distilled model; set the distillation compute first",
}

TILE_HELP = {
    "total_cost": "Whole project: final run, ensemble, tuning, ablations, baselines, seed repeats, contingency, "
                  "and the line items beyond compute",
    "committed": "The committed budget: the total at the scenario's budget.confidence (a quantile of the Monte "
                 "Carlo draws), the figure to put in a grant",
    "final_cost": "One final training run at the catalog price",
    "iceberg": "Whole-project cost divided by the final run's cost",
    "accelerator_hours": "Accelerator-hours of the whole project (hours x accelerators)",
    "wall_clock": "Days from the schedule's start to its end: the phases one after another, runs side by side "
                  "as schedule.accelerators allow",
    "energy": "Energy in MWh: accelerator-hours x power x PUE",
    "co2": "Tonnes of CO2e: energy x the grid's intensity",
}

COLUMN_HELP = ("Part of the project", "Training runs (a share of a run for scaled ones)",
               "Accelerator-hours (hours x accelerators)", "Cost at the scenario's price",
               "Share of the total cost", "Energy in MWh (PUE included)", "Tonnes of CO2e")
