"""Files and catalogs from the window: revert, recent files, drops, importing catalogs; field labels."""

from __future__ import annotations

import planner
import pytest
from PySide6 import QtCore

from gui_helpers import copy_scenario, drop

CATALOG = ('schema = 1\nid = "{id}"\nname = "Our cluster"\ncurrency = "USD"\nas_of = "2026-01-01"\n'
           'source = "internal quote from our cluster team"\n'
           '[[price]]\naccelerator = "h100"\nper = "accelerator"\non-demand = {price}\n')


def edit(field, text: str):
    field.setText(text)
    field.textEdited.emit(text)


def test_revert_asks_its_own_question_and_cancel_keeps_the_changes(make_window, tmp_path, dialogs_log):
    path = copy_scenario(tmp_path)
    window = make_window(path)
    edit(window.editor.fields["compute.count"], "8")
    dialogs_log["answers"]["revert"] = False
    assert not window.revert()
    assert dialogs_log["revert"] == ["bert-large.toml"] and dialogs_log["confirm"] == []
    assert window.document.scenario.compute.count == 8 and window.isWindowModified()
    dialogs_log["answers"]["revert"] = True
    assert window.revert()
    assert window.document.scenario == planner.load(path) and not window.isWindowModified()


def test_revert_without_changes_does_not_ask(make_window, tmp_path, dialogs_log):
    window = make_window(copy_scenario(tmp_path))
    assert window.revert()
    assert dialogs_log["revert"] == []


def test_drop_accepts_upper_case_toml(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))
    other = tmp_path / "OTHER.TOML"
    other.write_text(copy_scenario(tmp_path, "t5-11b.toml").read_text())
    drop(window, other)
    assert window.document.path == other


def test_a_recent_file_that_is_gone_leaves_the_menu(make_window, tmp_path, dialogs_log):
    from ui import settings
    window = make_window(copy_scenario(tmp_path))
    gone = copy_scenario(tmp_path, "gpt2-1.5b.toml")
    assert window.open_path(str(gone))
    gone.unlink()
    window.open_recent(str(gone.resolve()))
    assert dialogs_log["errors"] and str(gone) in dialogs_log["errors"][-1]
    assert str(gone.resolve()) not in settings.recent_files()
    assert str(gone.resolve()) not in [a.text() for a in window.recent_menu.actions()]


def test_catalog_import_refuses_a_bundled_id(make_window, tmp_path, dialogs_log, _isolated_config):
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path))
    dialog = CatalogsDialog(window.document.catalogs, window)
    clash = tmp_path / "clash.toml"
    clash.write_text(CATALOG.format(id="aws-2025", price=1.0))
    assert not dialog.import_file(str(clash))
    assert "rename the id in the file" in dialogs_log["errors"][-1]
    assert not (_isolated_config / "nlp-budget-planner" / "catalogs" / "aws-2025.toml").exists()
    assert dialog.catalogs.pricing["aws-2025"].bundled


def test_catalog_import_asks_before_replacing_your_own(make_window, tmp_path, dialogs_log, _isolated_config):
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path))
    dialog = CatalogsDialog(window.document.catalogs, window)
    ours = tmp_path / "ours.toml"
    ours.write_text(CATALOG.format(id="our-cluster", price=1.0))
    assert dialog.import_file(str(ours)) and dialogs_log["overwrite"] == []
    stored = _isolated_config / "nlp-budget-planner" / "catalogs" / "our-cluster.toml"
    ours.write_text(CATALOG.format(id="our-cluster", price=9.0))
    dialogs_log["answers"]["overwrite"] = False
    assert not dialog.import_file(str(ours))
    assert dialogs_log["overwrite"] == ["our-cluster"] and "on-demand = 1.0" in stored.read_text()
    dialogs_log["answers"]["overwrite"] = True
    assert dialog.import_file(str(ours))
    assert "on-demand = 9.0" in stored.read_text()
    assert dialog.catalogs.pricing["our-cluster"].price("h100", "on-demand", None) is not None


def test_catalogs_dialog_shows_the_selected_source_whole(make_window, tmp_path, qtbot):
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path))
    dialog = CatalogsDialog(window.document.catalogs, window)
    qtbot.addWidget(dialog)
    dialog.show()
    for row in range(dialog.model.rowCount()):
        dialog.view.selectRow(row)
        catalog = dialog.model.catalog(row)
        assert f"Source: {catalog.source}" in dialog.detail.text()
        assert catalog.as_of in dialog.detail.text()
    assert dialog.detail.wordWrap()


def test_throughput_value_is_labelled_for_its_mode(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))   # measured hours
    editor = window.editor
    label = editor.hardware_form.labelForField(editor.throughput)
    assert label.text() == "Measured hours" and "hours" in editor.throughput.toolTip()
    mode = editor.fields["compute.mode"]
    for value, text in (("utilization", "Utilization (MFU)"), ("tokens_per_second", "Tokens per second per accelerator")):
        mode.setCurrentIndex(mode.findData(value))
        mode.activated.emit(mode.currentIndex())
        assert label.text() == text


def test_name_refused_says_why(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path))
    name = window.editor.fields["name"]
    edit(name, "")
    assert name.invalid and "name" in name.toolTip()
    assert window.document.scenario.name == planner.load(window.document.path).name


def test_preset_shows_its_source_and_says_what_else_changed(make_window, tmp_path):
    from planner.model.presets import presets
    window = make_window(copy_scenario(tmp_path, "bert-base.toml"))   # given as steps x batch
    preset = window.editor.fields["model.preset"]
    index = next(i for i in range(preset.count()) if preset.itemText(i).startswith("GPT-2"))
    before = window.document.summary["final_run"]["tokens"]
    preset.setCurrentIndex(index)
    preset.activated.emit(index)
    chosen = presets()[preset.itemData(index)]
    assert window.editor.preset_note.text() == f"Preset: {chosen.name} ({chosen.source})"
    assert not window.editor.preset_note.isHidden()
    after = window.document.summary["final_run"]["tokens"]
    assert after != before and "Training tokens now" in window.statusBar().currentMessage()


def test_price_and_parameter_placeholders_read_well(make_window, tmp_path):
    window = make_window(copy_scenario(tmp_path, "decoder-7b-h100.toml"))
    assert window.editor.price_label.text().startswith("$6.88 per accelerator-hour")
    bert = make_window(copy_scenario(tmp_path, "bert-large.toml"))
    params = bert.document.summary["final_run"]["params"]
    assert bert.editor.fields["model.params"].placeholderText() == f"{params / 1e6:.0f}M from the shape"


def test_a_scenario_priced_by_a_catalog_only_the_window_knows_saves(qtbot, isolated_settings, dialogs_log,
                                                                      tmp_path):
    """Saving checks the scenario against the window's own catalogs (here one from a --catalog-dir),
    not a fresh load of the default ones, which would refuse the catalog id."""
    from ui.document import ScenarioDocument
    from ui.main_window import MainWindow
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "ours.toml").write_text(CATALOG.format(id="our-cluster", price=1.5))
    catalogs = planner.load_catalogs([folder])
    path = copy_scenario(tmp_path, "decoder-7b-h100.toml")
    text = path.read_text().replace('catalog = "aws-2025"', 'catalog = "our-cluster"')
    text = text.replace('region = "us-east-1"', '')
    path.write_text(text)
    window = MainWindow(ScenarioDocument(planner.load(path, catalogs), catalogs, path))
    qtbot.addWidget(window)
    edit(window.editor.fields["compute.count"], "128")
    assert window.save()
    assert dialogs_log["errors"] == []
    assert planner.load(path, catalogs).compute.count == 128


def test_catalog_import_writes_the_text_it_validated(make_window, tmp_path, dialogs_log, _isolated_config,
                                                     monkeypatch):
    from planner.files import catalogs as catalogs_module
    from ui.dialogs import catalogs_view
    window = make_window(copy_scenario(tmp_path))
    dialog = catalogs_view.CatalogsDialog(window.document.catalogs, window)
    ours = tmp_path / "ours.toml"
    valid = CATALOG.format(id="our-cluster", price=1.0)
    ours.write_text(valid)
    real = catalogs_module.parse_pricing

    def validate_then_swap(*args, **kwargs):   # the file replaced right after it was checked
        catalog = real(*args, **kwargs)
        ours.write_text("not a catalog = [")
        return catalog

    monkeypatch.setattr(catalogs_module, "parse_pricing", validate_then_swap)
    assert dialog.import_file(str(ours))
    stored = _isolated_config / "nlp-budget-planner" / "catalogs" / "our-cluster.toml"
    assert stored.read_text() == valid
    assert not [p for p in stored.parent.iterdir() if p.name != "our-cluster.toml"]


def test_a_catalog_import_that_cannot_be_written_is_an_error_not_a_crash(make_window, tmp_path, dialogs_log,
                                                                           _isolated_config, monkeypatch):
    from ui.dialogs import catalogs_view
    window = make_window(copy_scenario(tmp_path))
    dialog = catalogs_view.CatalogsDialog(window.document.catalogs, window)
    ours = tmp_path / "ours.toml"
    ours.write_text(CATALOG.format(id="our-cluster", price=1.0))

    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(catalogs_view, "write_atomic", full_disk)
    assert not dialog.import_file(str(ours))
    assert "could not be written (No space left on device); nothing was changed" in dialogs_log["errors"][-1]
    assert "our-cluster" not in dialog.catalogs.pricing


def test_catalog_import_reads_a_bounded_amount(make_window, tmp_path, dialogs_log, _isolated_config):
    from planner.files.catalogs import MAX_CATALOG_BYTES
    from ui.dialogs.catalogs_view import CatalogsDialog
    window = make_window(copy_scenario(tmp_path))
    dialog = CatalogsDialog(window.document.catalogs, window)
    huge = tmp_path / "huge.toml"
    huge.write_text(CATALOG.format(id="huge", price=1.0) + "#" * MAX_CATALOG_BYTES)
    assert not dialog.import_file(str(huge))
    assert f"at most {MAX_CATALOG_BYTES:,} bytes" in dialogs_log["errors"][-1]
    folder = _isolated_config / "nlp-budget-planner" / "catalogs"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("ask, answer", [("confirm_revert", ("bert-large.toml",)),
                                         ("confirm_overwrite_catalog", ("ours", "/x/ours.toml"))])
@pytest.mark.parametrize("click, expected", [("action", True), ("Cancel", False), (None, False)])
def test_questions_default_to_cancel_and_say_yes_only_for_their_action(qtbot, monkeypatch, ask, answer,
                                                                       click, expected):
    from PySide6 import QtWidgets
    from ui.dialogs import messages as dialogs
    asked = []

    def fake_exec(box):
        action = next(b for b in box.buttons() if box.buttonRole(b) == QtWidgets.QMessageBox.DestructiveRole)
        asked.append((box.text(), box.textFormat(), box.defaultButton() is box.button(QtWidgets.QMessageBox.Cancel),
                      action.text()))
        if click == "action":
            action.click()
        elif click == "Cancel":
            box.button(QtWidgets.QMessageBox.Cancel).click()
        return 0

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", fake_exec)
    assert getattr(dialogs, ask)(None, *answer) is expected
    (text, text_format, cancel_default, action), = asked
    assert answer[0] in text and text_format == QtCore.Qt.PlainText and cancel_default
    assert action == ("Revert" if ask == "confirm_revert" else "Replace")
