"""Shared set-up for window tests: isolated settings, patched dialogs, a window on a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import SCENARIOS


@pytest.fixture
def isolated_settings(tmp_path, qapp):
    from PySide6 import QtCore
    folder = tmp_path / "settings"
    folder.mkdir()
    QtCore.QSettings.setPath(QtCore.QSettings.IniFormat, QtCore.QSettings.UserScope, str(folder))
    return folder


@pytest.fixture
def dialogs_log(monkeypatch):
    """Every modal dialog replaced: errors are recorded, questions answered from `answers`."""
    from ui.dialogs import messages as dialogs
    log = {"errors": [], "confirm": [], "revert": [], "overwrite": [], "external": [],
           "answers": {"confirm": "discard", "open": None, "save": None, "revert": True, "overwrite": True,
                       "external": "cancel"}}
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, msg: log["errors"].append(msg))
    monkeypatch.setattr(dialogs, "confirm_discard",
                        lambda parent, name: log["confirm"].append(name) or log["answers"]["confirm"])
    monkeypatch.setattr(dialogs, "confirm_revert",
                        lambda parent, name: log["revert"].append(name) or log["answers"]["revert"])
    monkeypatch.setattr(dialogs, "confirm_overwrite_catalog",
                        lambda parent, ident, path: log["overwrite"].append(ident) or log["answers"]["overwrite"])
    monkeypatch.setattr(dialogs, "confirm_external_change",
                        lambda parent, name: log["external"].append(name) or log["answers"]["external"])
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder="": log["answers"]["open"])
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested="", filter_="", title="": log["answers"]["save"])
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda *a, **k: log["answers"].get("open_many", []))
    # File > New: the blank template unless a test picks another (an index into the choices)
    monkeypatch.setattr(dialogs, "ask_template", lambda parent, choices: log.setdefault("templates", choices)
                        and choices[log["answers"].get("template", 0)][1])
    return log


def drop(window, path: Path) -> None:
    """A file dropped on the window, as from a file manager."""
    from PySide6 import QtCore, QtGui
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    window.dropEvent(QtGui.QDropEvent(QtCore.QPointF(10, 10), QtCore.Qt.CopyAction, mime, QtCore.Qt.LeftButton,
                                      QtCore.Qt.NoModifier))


def euro_pricing(tmp_path: Path):
    """The bundled catalogs plus "gcp-eur" (gcp-2019's prices in EUR), and BERT-Large priced with it:
    (catalogs, the EUR scenario's path). Its whole project costs €138,240."""
    import planner
    text = (SCENARIOS.parent / "resources" / "pricing" / "gcp-2019.toml").read_text()
    folder = tmp_path / "eur-catalogs"
    folder.mkdir()
    (folder / "eur.toml").write_text(text.replace('id = "gcp-2019"', 'id = "gcp-eur"')
                                     .replace('currency = "USD"', 'currency = "EUR"'))
    euro = tmp_path / "bert-large-eur.toml"
    euro.write_text((SCENARIOS / "bert-large.toml").read_text().replace('catalog = "gcp-2019"', 'catalog = "gcp-eur"'))
    return planner.load_catalogs([str(folder)]), euro


def copy_scenario(tmp_path: Path, name: str = "bert-large.toml") -> Path:
    target = tmp_path / name
    shutil.copy(SCENARIOS / name, target)
    return target


@pytest.fixture
def make_window(qtbot, isolated_settings, dialogs_log):
    import planner
    from ui.document import ScenarioDocument
    from ui.main_window import MainWindow

    def make(path: Path):
        catalogs = planner.load_catalogs()
        document = ScenarioDocument(planner.load(path, catalogs), catalogs, Path(path))
        window = MainWindow(document)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        return window
    return make
