"""The Pricing section's ownership controls: "Paid as" (rented or owned) and the five purchase terms.

The terms are editable in either mode: owned, they price the hour; rented, they are the purchase terms
the Every offer chart and the Buy or rent tab compare with. Their placeholders show the defaults the
engine used (from the bundled ownership table) and where each came from.
"""

from __future__ import annotations

from planner.analysis.pricing_mode import switch_mode
from planner.engine.ownership import owned_inputs
from planner.model.quantities import format_quantity

from ui.editor.choices import MultiKeyChoice

TERMS = (("purchase_price", "Purchase price", "Price of one accelerator, e.g. 30k (a range such as 25k-40k "
          "gives a 90% range)"),
         ("server_overhead", "Server overhead", "Servers, networking and storage as a share of the "
          "accelerators' price: 0.5 = half as much again"),
         ("life_years", "Life (years)", "Years the hardware is written off over"),
         ("cluster_utilization", "Cluster utilization", "Share of the hardware's life it does useful work, "
          "e.g. 0.7"),
         ("electricity_per_kwh", "Electricity per kWh", "What the site pays per kWh"))


class PricingModeChoice(MultiKeyChoice):
    label = "how compute is paid"

    def __init__(self, document, parent=None):
        super().__init__(document, [("Rented (a catalog)", None), ("Owned (amortized purchase + energy)", "owned")],
                         parent)
        self.setObjectName("pricing.mode")

    def current_of(self, scenario):
        return "owned" if scenario.pricing.owned else None

    def scenario_for(self, scenario, mode):
        edited = switch_mode(scenario, self.document.catalogs, mode)  # a refusal is a RequestError (ValueError)
        self._notes = " ".join(n.say() for n in edited.notes)
        return edited.scenario

    def side_effect(self, before, after) -> str:
        return getattr(self, "_notes", "")


def placeholders(scenario) -> dict[str, str]:
    """For each term the file leaves out, the value owning would use and where it comes from."""
    try:
        values, sources = owned_inputs(scenario.pricing, scenario.compute.accelerator)
    except KeyError:   # no purchase price known: the field says so
        return {"purchase_price": "needed to own this accelerator (no published price)"}
    return {key: f"{format_quantity(values[key])} ({sources[key].split(' (')[0]})" if getattr(scenario.pricing, key) is None
            else "" for key, _, _ in TERMS}
