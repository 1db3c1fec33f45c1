"""Offers compared like for like: grouped by how they are bought, each accelerator's best first.

An hourly price compares only with prices bought the same way. A commitment's hourly price is low
because every hour of its term (1 or 3 years) is paid whatever the project's length, and that minimum
is not in price_options' costs; spot capacity can be taken back. So a 3-year commitment must never
read as the cheapest way to run a 15-day job. Offers are grouped by `Option.group`: the scenario's own
group first (like for like), then on-demand, spot, commitments by term, owned, an override. Within a
group each accelerator's cheapest offer is shown, plus the scenario's own row, cheapest first; the
group's other offers are kept as `others` (`nlp-budget offers` lists every one). `fit()` cuts the
shown rows to a number of rows (a chart's height), each group keeping its cheapest and the scenario's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from planner.analysis.offers import Option

ORDER = ("on-demand", "spot", "1-year commitment", "3-year commitment", "owned", "override")
TITLES = {"on-demand": "On-demand", "spot": "Spot (preemptible)", "owned": "Owned (amortized purchase + energy)",
          "override": "Your price"}


@dataclass(frozen=True)
class OfferGroup:
    name: str                      # Option.group
    term_years: int                # minimum commitment, 0 for none
    shown: tuple[Option, ...]      # cheapest first
    others: tuple[Option, ...]     # the group's offers not shown, cheapest first

    @property
    def title(self) -> str:
        if self.term_years:
            years = f"{self.term_years} year{'s' if self.term_years > 1 else ''}"
            return f"{self.term_years}-year commitment: min. {years} paid, not in costs"
        return TITLES.get(self.name, self.name)

    @property
    def heading(self) -> str:
        """The title, and how many of the group's offers are shown when not all are."""
        total = len(self.shown) + len(self.others)
        return f"{self.title} · {len(self.shown)} of {total}" if self.others else self.title


def _rank(name: str) -> int:
    return ORDER.index(name) if name in ORDER else len(ORDER)


def group_offers(options: list[Option]) -> list[OfferGroup]:
    """price_options() rows in like-for-like groups, the scenario's own group first."""
    by_group: dict[str, list[Option]] = {}
    for o in sorted(options, key=lambda o: o.cost):
        by_group.setdefault(o.group, []).append(o)
    own = next((o.group for o in options if o.current), None)
    groups = []
    for name in sorted(by_group, key=lambda g: (g != own, _rank(g), g)):
        rows, seen, shown, others = by_group[name], set(), [], []
        for o in rows:
            best = o.accelerator not in seen
            seen.add(o.accelerator)
            (shown if best or o.current else others).append(o)
        groups.append(OfferGroup(name, rows[0].term_years, tuple(shown), tuple(others)))
    return groups


def fit(groups: list[OfferGroup], rows: int) -> list[OfferGroup]:
    """The groups cut to about `rows` rows, a heading each included. Every group keeps its cheapest
    offer and the scenario's own; the rest are added cheapest first, one group after the other."""
    keep = [[o for i, o in enumerate(g.shown) if i == 0 or o.current] for g in groups]
    used = len(groups) + sum(len(k) for k in keep)
    added = True
    while used < rows and added:
        added = False
        for g, k in zip(groups, keep):
            extra = next((o for o in g.shown if all(o is not c for c in k)), None)
            if extra is not None and used < rows:
                k.append(extra)
                used, added = used + 1, True
    out = []
    for g, k in zip(groups, keep):
        shown = tuple(o for o in g.shown if any(o is c for c in k))
        cut = [o for o in g.shown if all(o is not c for c in k)]
        out.append(replace(g, shown=shown, others=tuple(sorted([*g.others, *cut], key=lambda o: o.cost))))
    return out
