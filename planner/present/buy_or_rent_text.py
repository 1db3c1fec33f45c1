"""The buy-or-rent comparison (planner.analysis.buy_or_rent) as text for a terminal or a report."""

from __future__ import annotations

from planner.model.quantities import count, money, price


def buy_or_rent_text(b) -> str:
    cur, n = b.currency, f"{b.count:,g}"
    region = f", {b.rent_region}" if b.rent_region else ""
    lines = [f"Buy or rent: {n} x {b.accelerator}", "",
             f"Renting      {b.rent_catalog} {b.rent_offer}{region}: {price(b.rent_price_per_hour, cur)} per "
             "accelerator-hour",
             f"Owning       {money(b.capex_per_year, cur)} a year for {n} accelerators (purchase, servers and "
             f"network over their life) + {price(b.energy_per_hour, cur)} of electricity per accelerator-hour",
             f"             = {price(b.owned_price_per_hour, cur)} per accelerator-hour at "
             f"{b.cluster_utilization:.0%} cluster utilization"]
    if b.break_even_hours_per_year is None:
        lines.append("Break-even   none: renting costs no more than the electricity alone, so owning never pays")
    else:
        beyond = " (more than the cluster can work: owning never pays)" if b.break_even_share > 1 else ""
        lines.append(f"Break-even   {count(b.break_even_hours_per_year)} accelerator-hours a year, "
                     f"{b.break_even_share:.1%} of the cluster's {count(b.capacity_hours_per_year)}{beyond}: "
                     "owning is cheaper above it")
    lines.append(_point("This project", b.project_hours, b))
    lines.append(_point(f"A year of such projects ({b.projects_per_year:,.1f} at "
                        f"{b.cluster_utilization:.0%} utilization)", b.year_hours, b))
    return "\n".join(lines) + "\n"


def _point(name: str, hours: float, b) -> str:
    return (f"{name}: {count(hours)} accelerator-hours; a year renting {money(b.rent_cost(hours), b.currency)}, "
            f"owning {money(b.own_cost(hours), b.currency)}: {b.cheaper(hours)}")
