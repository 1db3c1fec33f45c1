"""When the money is spent: the project's runs as phases on a capacity of accelerators, and spend per period.

Phases run one after another, in the order a project does them (scenario-format.md, [schedule]):
tuning; ablations and baselines; the final run with the ensemble members; the final run's repeats with
other seeds; distillation; contingency last. The seed repeats of trials, ablations and baselines run
inside their own phase. Within a phase, runs go side by side as the accelerators allow: each run uses
`compute.count` of them, so floor(accelerators / count) run at once (longest first, each on the slot
that frees first). With fewer accelerators than `count`, one run at a time, each proportionally
slower. Contingency (reruns) is spread over the whole capacity. A phase lists an entry per category
it holds (tuning's phase holds `tuning` and its `seed_repeats`), so a category may appear twice.

Figures are the point estimate's, from the summary: an entry's accelerator-hours and cost are its
category's share, so the entries sum to the categories, and the periods to the compute total. Cost
accrues evenly within a phase. Line items ([[costs]]) are not scheduled.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field

from planner.model.errors import ComputeError
from planner.model.values import point

MAX_JOBS = 10_000   # beyond this many runs in a phase, waves are counted in bulk (the bound, not LPT)
MONTHS = 12
MAX_YEARS = 1000    # a schedule longer than this is a typo's (or needs more accelerators), not a plan


@dataclass(frozen=True)
class PhaseEntry:
    phase: str
    category: str
    start: str                 # ISO date and time, to the minute
    end: str
    start_hours: float         # since the project's start
    end_hours: float
    accelerator_hours: float
    cost: float


@dataclass(frozen=True)
class Period:
    period: str
    start: str                 # ISO date: the period's first day
    end: str                   # ISO date: the day after its last (the next period's start)
    cost: float
    accelerator_hours: float


@dataclass(frozen=True)
class ProjectSchedule:
    start: str                 # ISO date the first run starts (at midnight)
    end: str                   # ISO date: the first midnight at or after the last run ends
    start_given: bool          # False: schedule.start is not in the file, and today was used
    duration_hours: float
    accelerators: float
    runs_at_once: int          # floor(accelerators / compute.count), at least 1
    period_kind: str
    fiscal_year_start: int
    currency: str
    phases: list[PhaseEntry] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)

    @property
    def duration_days(self) -> float:
        return self.duration_hours / 24

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "start_given": self.start_given,
                "duration_hours": self.duration_hours, "accelerators": self.accelerators,
                "runs_at_once": self.runs_at_once, "period": self.period_kind,
                "fiscal_year_start": self.fiscal_year_start, "currency": self.currency,
                "phases": [e.__dict__ for e in self.phases], "periods": [p.__dict__ for p in self.periods]}


def schedule(scenario, summary, today: dt.date | None = None) -> ProjectSchedule:
    """The schedule of `scenario` whose summary is `summary` (planner.summarize)."""
    s = scenario.schedule
    count = float(point(scenario.compute.count))
    capacity = float(s.accelerators) if s.accelerators is not None else count
    slots, stretch = (int(capacity // count), 1.0) if capacity >= count else (1, count / capacity)
    start_date = s.start or today or dt.date.today()
    origin = dt.datetime.combine(start_date, dt.time())
    f = summary.final_run
    run_hours = f.wall_clock_hours * stretch   # one final run's wall-clock on its share of the capacity
    phases, clock = [], 0.0
    for phase, jobs, parts in _phases(scenario, summary):
        if phase == "contingency":
            length = parts["contingency"] * f.accelerator_hours / capacity
        else:
            length = _makespan([(n, scale * run_hours) for n, scale in jobs], slots)
        phases.append((phase, parts, clock, clock + length))
        clock += length
    if not clock <= MAX_YEARS * 8766:
        raise ComputeError(f"would take {clock / 8766:,.3g} years on {capacity:,g} accelerators: more than a "
                           f"schedule of {MAX_YEARS:,} years shows; give schedule.accelerators or check the "
                           "run's size", file=scenario.path)
    if origin.year > 9999 - MAX_YEARS:
        raise ComputeError("starts too late for a calendar (schedule.start)", file=scenario.path)
    entries = [_entry(phase, category, multiple, begin, finish, f, origin)
               for phase, parts, begin, finish in phases for category, multiple in parts.items() if multiple > 0]
    end = origin + dt.timedelta(hours=clock)
    end_date = end.date() + (dt.timedelta(days=1) if end.time() != dt.time() else dt.timedelta())
    periods = _periods(entries, origin, end, s.period, s.fiscal_year_start)
    return ProjectSchedule(start_date.isoformat(), end_date.isoformat(), s.start is not None, clock, capacity,
                           slots, s.period, s.fiscal_year_start, summary.currency,
                           entries, periods)


def _phases(scenario, summary):
    """(phase, jobs [(runs, scale)], {category: compute in final runs}) in the order they run."""
    p = scenario.project
    seeds, final_seeds, ensemble = (float(point(v)) for v in (p.seeds, p.final_seeds, p.ensemble))
    trials, trial_scale = float(point(p.trials)), float(point(p.trial_scale))
    rows = {key: [(float(point(r.runs)), float(point(r.scale))) for r in getattr(p, key)]
            for key in ("ablations", "baselines")}
    tuning = trials * trial_scale
    out = [("tuning", [(trials * seeds, trial_scale)], {"tuning": tuning, "seed_repeats": (seeds - 1) * tuning})]
    side = {key: sum(n * sc for n, sc in rows[key]) for key in rows}
    out.append(("ablations and baselines", [(n * seeds, sc) for key in rows for n, sc in rows[key]],
                {**side, "seed_repeats": (seeds - 1) * (side["ablations"] + side["baselines"])}))
    out.append(("final", [(ensemble, 1.0)], {"final": 1.0, "ensemble": ensemble - 1}))
    out.append(("final seeds", [(final_seeds - 1, 1.0)], {"seed_repeats": final_seeds - 1}))
    f_hours = summary.final_run.accelerator_hours or 1.0
    distill = summary.category("distillation")
    if distill is not None:
        scale = distill.accelerator_hours / f_hours
        out.append(("distillation", [(1.0, scale)], {"distillation": scale}))
    contingency = summary.category("contingency")
    out.append(("contingency", [], {"contingency": contingency.accelerator_hours / f_hours if contingency else 0.0}))
    return out


def _makespan(rows: list[tuple[float, float]], slots: int) -> float:
    """Wall-clock of runs side by side on `slots`: `rows` are (runs, hours of one); a fractional count
    (the point of a range) is a last, shorter run. Longest first, each to the slot that frees first."""
    rows = [(n, hours) for n, hours in rows if n > 0 and hours > 0]
    if sum(int(n) + 1 for n, _ in rows) > MAX_JOBS:   # too many to place one by one: the waves' bound
        return max(max(h for _, h in rows), sum(n * h for n, h in rows) / slots)
    jobs: list[float] = []
    for n, hours in rows:
        whole, part = int(n), n - int(n)
        jobs += [hours] * whole + ([hours * part] if part > 1e-9 else [])
    if not jobs:
        return 0.0
    free = [0.0] * min(slots, len(jobs))
    for hours in sorted(jobs, reverse=True):
        heapq.heapreplace(free, free[0] + hours)
    return max(free)


def _entry(phase, category, multiple, start, end, f, origin) -> PhaseEntry:
    return PhaseEntry(phase, category, _stamp(origin, start), _stamp(origin, end), start, end,
                      multiple * f.accelerator_hours, multiple * f.cost)


def _stamp(origin: dt.datetime, hours: float) -> str:
    return (origin + dt.timedelta(hours=hours)).isoformat(timespec="minutes")


# -- periods ----------------------------------------------------------------------------------------
def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * MONTHS + day.month - 1 + months
    return dt.date(index // MONTHS, index % MONTHS + 1, 1)


def period_bounds(day: dt.date, kind: str, fiscal_start: int) -> tuple[dt.date, dt.date, str]:
    """(first day, day after the last, label) of the period of `kind` holding `day`. Fiscal years start
    in month `fiscal_start` and are named by both calendar years they span ("FY2027-28")."""
    step = {"year": 12, "quarter": 3, "month": 1}[kind]
    anchor = 1 if kind == "month" else fiscal_start
    months = (day.year * MONTHS + day.month - 1) - (day.year * MONTHS + anchor - 1)
    first = _add_months(dt.date(day.year, anchor, 1), (months // step) * step)
    after = _add_months(first, step)
    if kind == "month":
        return first, after, f"{first.year}-{first.month:02d}"
    fy_first = _add_months(dt.date(day.year, fiscal_start, 1), ((months // 12) * 12))
    year = str(fy_first.year) if fiscal_start == 1 else f"FY{fy_first.year}-{(fy_first.year + 1) % 100:02d}"
    if kind == "year":
        return first, after, year
    quarter = ((first.year * MONTHS + first.month) - (fy_first.year * MONTHS + fy_first.month)) // 3 + 1
    return first, after, f"{year} Q{quarter}"


def _periods(entries, origin: dt.datetime, end: dt.datetime, kind: str, fiscal_start: int) -> list[Period]:
    out = []
    day = origin.date()
    while True:
        first, after, label = period_bounds(day, kind, fiscal_start)
        lo, hi = dt.datetime.combine(first, dt.time()), dt.datetime.combine(after, dt.time())
        cost = hours = 0.0
        for e in entries:
            share = _overlap(e, origin, lo, hi)
            cost, hours = cost + share * e.cost, hours + share * e.accelerator_hours
        out.append(Period(label, first.isoformat(), after.isoformat(), cost, hours))
        if hi >= end:
            return out
        day = after


def _overlap(entry: PhaseEntry, origin: dt.datetime, lo: dt.datetime, hi: dt.datetime) -> float:
    """The share of `entry` (spending evenly over its time) that falls in [lo, hi)."""
    a = (lo - origin).total_seconds() / 3600
    b = (hi - origin).total_seconds() / 3600
    length = entry.end_hours - entry.start_hours
    if length <= 0:   # a phase with no duration: all of it where it starts
        return 1.0 if a <= entry.start_hours < b else 0.0
    return max(0.0, min(b, entry.end_hours) - max(a, entry.start_hours)) / length
