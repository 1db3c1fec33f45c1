"""The price of an owned accelerator-hour: amortized purchase plus energy (Epoch AI, Cottier et al. 2024).

    capex_per_hour  = purchase_price * (1 + server_overhead) / (life_years * 8766 * cluster_utilization)
    energy_per_hour = power_watts * pue / 1000 * electricity_per_kwh

Both are computed from engine inputs, inside the vectorised engine, so that a range on any purchase
term (or on power and PUE) is sampled by Monte Carlo and swung by the tornado like every other input.
The inputs come from the scenario's [pricing] keys, else the bundled ownership table (resolve.py).
"""

from __future__ import annotations

from dataclasses import replace

from planner.files.ownership import OWNED_KEYS, Ownership, load_ownership
from planner.model.errors import RequestError
from planner.model.values import Number

HOURS_PER_YEAR = 8766.0  # 365.25 days x 24 hours (Epoch AI's HOURS_PER_YEAR)
# For an accelerator the file prices itself (the table has no row for it): Epoch AI's average server
# multiplier 1.64 with the 19% cluster interconnect, and its 5-year life of hardware from 2023 on
# (every accelerator the table leaves out but TPU v2 and v3 is that recent).
AVERAGE_OVERHEAD = 1.64 / 0.81 - 1.0
NEW_HARDWARE_LIFE = 5.0


def capex_per_hour(x):
    """Purchase, servers and networking spread over the hours the hardware works in its life."""
    return (x["purchase_price"] * (1.0 + x["server_overhead"])
            / (x["life_years"] * HOURS_PER_YEAR * x["cluster_utilization"]))


def energy_per_hour(x):
    """Electricity one accelerator draws in an hour, with the facility's overhead (PUE)."""
    return x["power_watts"] * x["pue"] / 1000.0 * x["electricity_per_kwh"]


def owned_price(x):
    return capex_per_hour(x) + energy_per_hour(x)


def capex_per_year(x):
    """The fixed yearly cost of owning one accelerator: what it costs whether it works or idles."""
    return x["purchase_price"] * (1.0 + x["server_overhead"]) / x["life_years"]


def owned_inputs(pricing, accelerator: str, table: Ownership | None = None) -> tuple[dict[str, Number], dict[str, str]]:
    """The five ownership inputs for `accelerator` (the file's value, else the table's) and where each
    came from. Raises KeyError when neither gives a purchase price (the loader refuses that file)."""
    table = table or load_ownership()
    row = table.purchases.get(accelerator)
    power = table.electricity_for(pricing.region)
    defaults = {
        "purchase_price": (row.purchase_price, f"{accelerator} purchase ({row.source}, {row.as_of})") if row else None,
        "server_overhead": (row.server_overhead, "Epoch AI server and interconnect overhead") if row else (
            AVERAGE_OVERHEAD, "Epoch AI server and interconnect overhead (average server)"),
        "life_years": (row.life_years, "Epoch AI hardware life by date") if row else (
            NEW_HARDWARE_LIFE, "Epoch AI hardware life for hardware from 2023 on"),
        "cluster_utilization": (table.cluster_utilization, table.cluster_utilization_source),
        "electricity_per_kwh": (power.price_per_kwh, f"{power.source} ({power.as_of})"),
    }
    values, sources = {}, {}
    for key in OWNED_KEYS:
        given = getattr(pricing, key)
        if given is not None:
            values[key], sources[key] = given, f"pricing.{key}"
        elif defaults[key] is None:
            raise KeyError(key)
        else:
            values[key], sources[key] = defaults[key]
    return values, sources


def has_purchase_terms(pricing) -> bool:
    """True when the file gives any purchase term: it then also wants owning priced beside renting."""
    return any(getattr(pricing, key) is not None for key in OWNED_KEYS)


def owned_variant(scenario):
    """The scenario with its accelerators owned (pricing.mode = "owned"; its other pricing keys kept).
    Raises RequestError naming pricing.purchase_price when no purchase price is known for the accelerator."""
    acc = scenario.compute.accelerator
    if scenario.pricing.purchase_price is None and acc not in load_ownership().purchases:
        raise RequestError("pricing.purchase_price", f'expected the price of one "{acc}" to price owning it (the '
                           "bundled ownership table has no published purchase price for it): set "
                           "pricing.purchase_price (its source in a comment)", "nothing", file=scenario.path)
    return replace(scenario, pricing=replace(scenario.pricing, mode="owned", price_per_hour=None),
                   whatif=replace(scenario.whatif, spot=False, preemption_overhead=None))
