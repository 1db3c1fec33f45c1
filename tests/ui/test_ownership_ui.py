"""Owned accelerators in the window: "Paid as", the purchase terms, and the Buy or rent tab, with the
figures the command line gives."""

from __future__ import annotations

import pytest

import planner
from planner.analysis.buy_or_rent import buy_or_rent
from planner.analysis.offers import OWNED_CATALOG
from gui_helpers import copy_scenario


def choose(combo, data) -> None:
    combo.activated.emit(combo.findData(data))


def type_into(qtbot, field, text: str):
    field.selectAll()
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_switching_to_owned_prices_the_cluster_as_the_command_line_does(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    editor, doc = window.editor, window.document
    choose(editor.fields["pricing.mode"], "owned")
    assert doc.scenario.pricing.owned and doc.scenario.pricing.catalog == "aws-2025"  # the rental offer stays
    type_into(qtbot, editor.fields["pricing.cluster_utilization"], "0.7")
    assert doc.scenario.pricing.cluster_utilization == 0.7
    want = planner.summarize(planner.load(_saved(window, tmp_path)))
    assert doc.summary["total"]["cost"] == pytest.approx(want.total.cost, rel=1e-12)
    assert "owned: hardware $1.4" in editor.price_label.text()
    assert not editor.fields["pricing.price_per_hour"].isVisible()   # owned: no override
    assert "Epoch AI" in editor.fields["pricing.server_overhead"].placeholderText()
    assert window.editor.fields["pricing.purchase_price"].placeholderText().startswith("37080.5 (h100 purchase")
    choose(editor.fields["pricing.mode"], None)
    assert not doc.scenario.pricing.owned
    window.undo_action.trigger()
    assert doc.scenario.pricing.owned


def test_owning_an_accelerator_without_a_price_is_refused_with_the_reason(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "bert-large.toml"))   # TPU v3: never sold
    before = window.document.scenario
    choose(window.editor.fields["pricing.mode"], "owned")
    assert window.document.scenario == before
    assert "purchase" in window.statusBar().currentMessage()


def test_buy_or_rent_tab_draws_the_break_even_and_the_project(make_window, tmp_path, qtbot):
    path = copy_scenario(tmp_path, "decoder-7b-h100.toml")
    window = make_window(path)
    tabs = window.charts
    tabs.setCurrentIndex(tabs.indexOf(tabs.buy_or_rent))
    chart = tabs.buy_or_rent
    want = buy_or_rent(planner.load(path))
    assert chart.break_even() == pytest.approx(want.break_even_hours_per_year)
    lines = chart.lines()
    assert lines["rent"][1] == pytest.approx(6.88) and lines["own"][0] == pytest.approx(want.capex_per_year)
    texts = " ".join(t for t in _texts(chart))
    assert "Break-even" in texts and "This project" in texts and "A year of such projects" in texts
    # an edit redraws it: a higher purchase price moves the break-even right
    type_into(qtbot, window.editor.fields["pricing.purchase_price"], "60k")
    assert chart.break_even() > want.break_even_hours_per_year
    # and the Every offer chart now lists owning beside the catalogs
    assert any(o.catalog == OWNED_CATALOG for o in window.document.options())


def test_buy_or_rent_tab_says_why_there_is_no_comparison(make_window, tmp_path, qtbot):
    window = make_window(copy_scenario(tmp_path, "bert-large.toml"))
    tabs = window.charts
    tabs.setCurrentIndex(tabs.indexOf(tabs.buy_or_rent))
    assert "pricing.purchase_price" in tabs.buy_or_rent.message()


def _texts(chart):
    import pyqtgraph as pg
    return [i.toPlainText() for i in chart.getViewBox().childGroup.childItems()
            if isinstance(i, pg.TextItem) and i.isVisible()]


def _saved(window, tmp_path):
    path = tmp_path / "saved.toml"
    planner.save(window.document.scenario, path)
    return path


def test_catalog_dialog_imports_a_skypilot_csv(make_window, tmp_path, dialogs_log, _isolated_config):
    import shutil
    from support import DATA
    from ui.dialogs.catalogs_view import CatalogsDialog
    folder = tmp_path / "catalogs" / "v7" / "lambda"
    folder.mkdir(parents=True)
    csv_file = folder / "vms.csv"
    shutil.copy(DATA / "skypilot" / "lambda-v7.csv", csv_file)
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    dialog = CatalogsDialog(window.document.catalogs, window)
    dialog.imported.connect(window.document.set_catalogs)
    dialogs_log["answers"]["open_many"] = [str(csv_file)]
    dialog.ask_import()
    assert not dialogs_log["errors"]
    ident = next(i for i in window.document.catalogs.pricing if i.startswith("skypilot-lambda-"))
    stored = _isolated_config / "nlp-budget-planner" / "catalogs" / f"{ident}.toml"
    assert stored.exists()
    note = dialog.findChild(type(dialog.detail), "import_note").text()
    assert "12 rows of vms.csv: 6 used, 6 skipped" in note and "A6000" in note
    assert window.document.catalogs.pricing[ident].price("h100", "on-demand", None).value == pytest.approx(2.99)
