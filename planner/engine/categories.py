"""The categories of a project's compute, in the order every output lists them, and their names."""

from __future__ import annotations

CATEGORIES = ("final", "ensemble", "tuning", "ablations", "baselines", "seed_repeats", "contingency")
EXTRA_CATEGORIES = ("distillation",)  # only when the distill what-if is on; not in contingency's base

LABELS = {"final": "Final run", "ensemble": "Ensemble members", "tuning": "Tuning trials",
          "ablations": "Ablations", "baselines": "Baselines", "seed_repeats": "Seed repeats",
          "contingency": "Contingency", "distillation": "Distillation (serving)",
          "line_items": "Beyond compute"}   # the [[costs]] line items, as one block of the iceberg


def category_label(category: str) -> str:
    """What a summary category (or "total") is called in every output; an unknown one stays readable."""
    if category == "total":
        return "Total"
    return LABELS.get(category) or category.replace("_", " ").capitalize()
