"""`nlp-budget memory` as text: memory per accelerator, split as the JSON splits it."""

from __future__ import annotations

from planner.model.quantities import accelerators

PARTS = (("weights", "Weights (bf16/fp16, 2 B/param)"), ("gradients", "Gradients (2 B/param)"),
         ("optimizer", "Adam state (fp32: 12 B/param)"), ("activations", "Activations"))


def memory_text(name: str, m: dict) -> str:
    """`m` is memory.as_json(): GB figures, the layout and the verdict."""
    gb = m["per_accelerator_gb"]
    lines = [name, "=" * len(name), "",
             f"ZeRO stage {m['zero']}, tensor parallel {m['tp']}, pipeline parallel {m['pp']}, "
             f"{m['data_parallel']:,} data-parallel replica(s) on {accelerators(m['count'])}; "
             f"micro-batch {m['micro_batch']}, recompute {m['recompute']}", "",
             "Per accelerator                       GB"]
    for key, label in PARTS:
        value = gb[key]
        lines.append(f"{label:<32}{'not known' if value is None else f'{value:>10,.2f}':>10}")
    lines.append(f"{'Total':<32}{gb['total']:>10,.2f}")
    capacity = m["accelerator_gb"]
    lines.append(f"{'Accelerator memory':<32}{'not known' if capacity is None else f'{capacity:>10,.2f}':>10}")
    lines.append("")
    if capacity is None:
        lines.append("The hardware catalog gives no memory for this accelerator: no verdict.")
    else:
        lines.append("Fits: " + ("yes" if m["fits"] else "no"))
        lines.append("Fewest accelerators that fit: " + fewest_text(m))
    if gb["activations"] is None:
        lines.append("Activations are not counted: the model has no shape with a sequence length.")
    lines.append("Sources: ZeRO (Rajbhandari et al. 2020) for model states; Korthikanti et al. 2022 for "
                 "activations. GB = 10^9 bytes.")
    return "\n".join(lines) + "\n"


def fewest_text(m) -> str:
    """The fewest accelerators that fit, or why none does (the window's Memory tab says the same)."""
    smallest, gb = m["min_accelerators"], m["per_accelerator_gb"]
    if smallest:
        return f"{smallest:,}"
    if (gb["activations"] or 0) >= (m["accelerator_gb"] or 0):
        return ("none: one micro-batch's activations alone exceed the accelerator's memory (try "
                'training.recompute = "selective", or tensor parallelism)')
    return ("none at this ZeRO stage, tp and pp (the model states it does not shard are too large: raise "
            "zero, tp or pp)")
