"""Offers grouped like for like: a commitment never ranks among on-demand offers, each group's best first."""

from __future__ import annotations

import planner
from planner.analysis.offer_groups import fit, group_offers
from planner.analysis.offers import price_options
from support import SCENARIOS


def decoder_groups():
    options = price_options(planner.load(SCENARIOS / "decoder-7b-h100.toml"))
    return options, group_offers(options)


def test_groups_put_the_scenario_s_own_first_and_commitments_after_like_for_like_offers():
    options, groups = decoder_groups()
    # Bundled catalogs (2025): the cheapest row overall is lambda's 3-year commitment at $97,787 ...
    assert options[0].offer == "commit-3y"
    names = [g.name for g in groups]
    assert names == ["on-demand", "spot", "1-year commitment", "3-year commitment"]
    # ... while the scenario (on-demand, 14.5 days) is compared first with on-demand offers only.
    assert all(o.offer == "on-demand" for o in groups[0].shown + groups[0].others)
    assert groups[3].title == "3-year commitment: min. 3 years paid, not in costs"
    assert sum(len(g.shown) + len(g.others) for g in groups) == len(options)   # none lost


def test_each_group_shows_each_accelerator_s_cheapest_and_the_scenario_s_own_row():
    options, groups = decoder_groups()
    on_demand = groups[0]
    accelerators = [o.accelerator for o in on_demand.shown if not o.current]
    assert len(accelerators) == len(set(accelerators))            # one row per accelerator ...
    costs = [o.cost for o in on_demand.shown]
    assert costs == sorted(costs)
    h100 = [o for o in on_demand.shown if o.accelerator == "h100"]
    assert [(o.catalog, o.current) for o in h100] == [("runpod-2025", False), ("aws-2025", True)]   # ... and ours
    assert "p100" in {o.accelerator for o in on_demand.shown}      # the $6.8M outlier is still a row
    assert on_demand.heading == f"On-demand · {len(on_demand.shown)} of {len(on_demand.shown) + len(on_demand.others)}"


def test_fit_keeps_each_group_s_cheapest_and_the_scenario_s_row_and_moves_the_rest_to_others():
    options, groups = decoder_groups()
    cut = fit(groups, 12)
    assert sum(1 + len(g.shown) for g in cut) == 12
    for whole, part in zip(groups, cut):
        assert part.shown[0] is whole.shown[0]
        assert len(part.shown) + len(part.others) == len(whole.shown) + len(whole.others)
    assert any(o.current for o in cut[0].shown)
    tiny = fit(groups, 1)   # never fewer than a heading, the cheapest and the scenario's row per group
    assert [len(g.shown) for g in tiny] == [2, 1, 1, 1]
    assert fit(groups, 1000) == groups
