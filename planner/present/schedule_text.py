"""A schedule (planner.analysis.schedule) as text: its phases and the spend per period."""

from __future__ import annotations

from planner.engine.categories import category_label
from planner.model.quantities import money


def schedule_text(name: str, s) -> str:
    cur = s.currency
    start = s.start + ("" if s.start_given else " (today: schedule.start is not set)")
    lines = [f"Schedule of {name}", "",
             f"Start {start}; end {s.end}; {s.duration_days:,.1f} days on {s.accelerators:,g} accelerators "
             f"({s.runs_at_once:,} run{'s' if s.runs_at_once != 1 else ''} at once)", "",
             f"{'Phase':<26}{'Category':<20}{'Start':>18}{'End':>18}{'Accel-hours':>14}{'Cost':>14}",
             "-" * 110]
    for e in s.phases:
        lines.append(f"{e.phase:<26}{category_label(e.category):<20}{e.start.replace('T', ' '):>18}"
                     f"{e.end.replace('T', ' '):>18}{e.accelerator_hours:>14,.0f}{money(e.cost, cur):>14}")
    lines += ["", f"{'Period':<16}{'From':>12}{'To (excl.)':>12}{'Accel-hours':>14}{'Compute cost':>16}", "-" * 70]
    for p in s.periods:
        lines.append(f"{p.period:<16}{p.start:>12}{p.end:>12}{p.accelerator_hours:>14,.0f}{money(p.cost, cur):>16}")
    total = sum(p.cost for p in s.periods)
    lines += ["-" * 70, f"{'Total':<40}{sum(p.accelerator_hours for p in s.periods):>14,.0f}{money(total, cur):>16}",
              "", "Compute only: line items ([[costs]]) are not scheduled. Phases run one after another; runs in a "
              "phase side by side as the accelerators allow, each on compute.count; cost accrues evenly in a phase."]
    return "\n".join(lines) + "\n"
