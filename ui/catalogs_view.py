"""The catalogs dialog: bundled and user pricing catalogs with dates and sources; import a file."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

import planner
from planner.atomic import write_atomic
from planner.catalogs import read_pricing_file, user_catalog_dirs

from . import dialogs
from .table_model import RowsTableModel

COLUMNS = ("Id", "Name", "As of", "Currency", "Accelerators", "Origin", "Source")


class CatalogTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, catalogs, parent=None):
        super().__init__(parent)
        self._rows = []
        self.set_catalogs(catalogs)

    def set_catalogs(self, catalogs) -> None:
        self.beginResetModel()
        self._rows = sorted(catalogs.pricing.values(), key=lambda c: (not c.bundled, c.id))
        self.endResetModel()

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        c = self._rows[index.row()]
        if role in (QtCore.Qt.DisplayRole, QtCore.Qt.ToolTipRole):
            return (c.id, c.name, c.as_of, c.currency, ", ".join(c.accelerators()),
                    "bundled" if c.bundled else f"yours: {c.path}", c.source)[index.column()]
        return None


class CatalogsDialog(QtWidgets.QDialog):
    """Lists catalogs; Import validates a file, copies it to the user's catalog folder and reloads."""

    imported = QtCore.Signal(object)  # the new Catalogs

    def __init__(self, catalogs, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Pricing catalogs")
        self.resize(980, 420)
        self.catalogs = catalogs
        self.model = CatalogTableModel(catalogs, self)
        view = QtWidgets.QTableView()
        view.setModel(self.model)
        view.setObjectName("catalogs")
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeColumnsToContents()
        self.problems = QtWidgets.QLabel("\n".join(f"Skipped: {p}" for p in catalogs.problems))
        self.problems.setTextFormat(QtCore.Qt.PlainText)
        self.problems.setWordWrap(True)
        folder = user_catalog_dirs()[0]
        hint = QtWidgets.QLabel(f"Your own catalogs live in {folder}")
        hint.setTextFormat(QtCore.Qt.PlainText)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.Close)
        self.import_button = buttons.addButton("Import...", QtWidgets.QDialogButtonBox.ActionRole)
        self.import_button.clicked.connect(self.ask_import)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        for w in (view, self.problems, hint, buttons):
            layout.addWidget(w)

    def ask_import(self) -> None:
        paths = dialogs.ask_open_paths(self, "Import pricing catalog", "", "Catalog files (*.toml)")
        for path in paths:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        try:
            catalog = read_pricing_file(path, self.catalogs)
        except planner.CatalogError as exc:
            dialogs.show_error(self, "Catalog not imported", str(exc))
            return False
        folder = user_catalog_dirs()[0]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{catalog.id}.toml"
        write_atomic(target, Path(path).read_bytes())
        self.catalogs = planner.load_catalogs()
        self.model.set_catalogs(self.catalogs)
        self.imported.emit(self.catalogs)
        return True


