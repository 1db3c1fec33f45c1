"""Line items in the window: the [[costs]] table, the storage helper, the budget table's rows and the iceberg."""

from __future__ import annotations

import pytest

from gui_helpers import copy_scenario
from planner.analysis.storage import storage_price
from planner.present.content import ROW_MARK
from ui.editor.costs_table import AMOUNT, KIND, NAME, QUANTITY


def _set(model, row, col, text):
    return model.setData(model.index(row, col), text)


def test_line_items_are_edited_in_a_table_and_reach_every_figure(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    table = window.editor.fields["costs"]
    table.model.add_row()
    assert _set(table.model, 0, NAME, "postdoc, 6 months") and _set(table.model, 0, KIND, "staff")
    assert _set(table.model, 0, AMOUNT, "40k-60k")
    summary = window.document.summary
    item = window.document.scenario.costs[0]
    assert (item.name, item.kind) == ("postdoc, 6 months", "staff") and item.amount.low == 40_000
    assert summary.total.cost == pytest.approx(summary.total.compute_cost + summary.costs[0].cost)
    lines = [window.results.table_model.data(window.results.table_model.index(r, 0))
             for r in range(window.results.table_model.rowCount())]
    assert "Staff: postdoc, 6 months" in lines and lines[-1] == "Total"
    assert ("line_items", summary.costs[0].cost) in [(b[0], b[3]) for b in window.charts.iceberg.blocks()]
    assert not _set(table.model, 0, KIND, "travel")          # refused, nothing changed
    assert window.document.scenario.costs[0].kind == "staff"
    window.document.undo_stack.undo()                         # one undo step per cell
    assert window.document.scenario.costs[0].amount == 0.0


def test_the_storage_helper_fills_a_storage_row_at_the_sourced_price(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path))
    table = window.editor.fields["costs"]
    helper = table.storage_helper()
    helper.fields["params"].setText("340M")
    helper.fields["bytes"].setText("16")
    helper.fields["checkpoints"].setText("3")
    helper.fields["months"].setText("12")
    item = helper.item()
    assert item.quantity == pytest.approx(340e6 * 16 * 3 / 1e9 * 12)   # 195.84 GB-months
    assert "$0.023 per GB-month" in helper.result.text() and storage_price().as_of in helper.result.text()
    table.fill_storage(item)
    row = window.document.scenario.costs[0]
    assert (row.kind, row.unit, row.unit_price) == ("storage", "GB-month", 0.023)
    assert "aws.amazon.com/s3/pricing" in row.source
    assert _set(table.model, 0, QUANTITY, "300")              # a quantity stays quantity x unit price
    assert window.document.summary.costs[0].cost == pytest.approx(300 * 0.023)


def test_named_ablations_and_baselines_are_their_own_lines(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    model = window.results.table_model
    lines = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    scenario = window.document.scenario
    for row in scenario.project.ablations + scenario.project.baselines:
        assert ROW_MARK + row.name in lines
    runs = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert all(r.replace(",", "").isdigit() or r.endswith(" expected") or not r for r in runs)
