"""The catalogs dialog: bundled and user pricing catalogs with dates and sources; import a file."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

import planner
from planner.files.atomic import write_atomic
from planner.files.catalogs import load_catalogs, read_pricing_file, user_catalog_dirs
from planner.files.skypilot_catalog import default_id, import_skypilot, write_user_catalog

from ui.dialogs import messages as dialogs
from ui.table_model import RowsTableModel

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

    def catalog(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None


def describe(c) -> str:
    """Everything about one catalog, for the detail pane under the table."""
    origin = "bundled with the planner" if c.bundled else f"your file {c.path}"
    return (f"{c.name} ({c.id}), {c.currency}, prices as of {c.as_of}; {origin}\n"
            f"Accelerators: {', '.join(c.accelerators())}\nSource: {c.source}")


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
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
        view.horizontalHeader().setStretchLastSection(True)
        view.resizeColumnsToContents()
        for col in (1, 4, 5):   # long names, accelerator lists and paths: elided; the pane below has them whole
            view.setColumnWidth(col, min(view.columnWidth(col), 220))
        self.view = view
        # The selected catalog in full: sources are long, and were off-screen in their column.
        self.detail = QtWidgets.QLabel()
        self.detail.setObjectName("catalog_detail")
        self.detail.setTextFormat(QtCore.Qt.PlainText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.detail.setFrameShape(QtWidgets.QFrame.StyledPanel)
        self.detail.setMargin(6)
        view.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_detail(current.row()))
        self.problems = QtWidgets.QLabel()
        self.problems.setTextFormat(QtCore.Qt.PlainText)
        self.problems.setWordWrap(True)
        self.import_note = QtWidgets.QLabel()   # what a SkyPilot import used and skipped
        self.import_note.setObjectName("import_note")
        self.import_note.setTextFormat(QtCore.Qt.PlainText)
        self.import_note.setWordWrap(True)
        self.import_note.setVisible(False)
        self._show_problems()
        folder = user_catalog_dirs()[0]
        hint = QtWidgets.QLabel(f"Your own catalogs live in {folder}")
        hint.setTextFormat(QtCore.Qt.PlainText)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.Close)
        self.import_button = buttons.addButton("Import...", QtWidgets.QDialogButtonBox.ActionRole)
        self.import_button.clicked.connect(self.ask_import)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(view, 1)
        for w in (self.detail, self.import_note, self.problems, hint, buttons):
            layout.addWidget(w)
        view.selectRow(0)
        self._show_detail(0)

    def _show_detail(self, row: int) -> None:
        catalog = self.model.catalog(row)
        self.detail.setText(describe(catalog) if catalog is not None else "")

    def _show_problems(self) -> None:
        lines = [f"Skipped: {p}" for p in self.catalogs.problems] + list(getattr(self.catalogs, "notices", ()))
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def ask_import(self) -> None:
        paths = dialogs.ask_open_paths(self, "Import pricing catalog", "",
                                       "Catalog files (*.toml);;SkyPilot catalog (vms.csv) (*.csv)")
        for path in paths:
            (self.import_skypilot if path.lower().endswith(".csv") else self.import_file)(path)

    def import_skypilot(self, path: str) -> bool:
        """A SkyPilot vms.csv made into a catalog (planner.files.skypilot_catalog), under the id
        skypilot-<cloud>-<file date>; what was used and skipped is shown under the table."""
        try:
            imported = import_skypilot(path, default_id(path), catalogs=self.catalogs)
        except planner.PlannerError as exc:
            dialogs.show_error(self, "Catalog not imported", str(exc))
            return False
        existing = self.catalogs.pricing.get(imported.catalog.id)
        if existing is not None and not dialogs.confirm_overwrite_catalog(self, imported.catalog.id,
                                                                         str(existing.path)):
            return False
        try:
            write_user_catalog(imported, self.catalogs, replace=True)
        except planner.PlannerError as exc:
            dialogs.show_error(self, "Catalog not imported", str(exc))
            return False
        self._reload(imported.catalog.id)
        self.import_note.setText("Imported " + imported.summary())
        self.import_note.setVisible(True)
        return True

    def import_file(self, path: str) -> bool:
        """Validate and copy a catalog file into the user's folder. A bundled id is refused (the
        bundled prices would silently change); replacing one of the user's own catalogs is asked first.
        The file is read once (bounded) and the text validated is the text written: a file changed or
        replaced meanwhile cannot slip an unchecked catalog in."""
        try:
            catalog, text = read_pricing_file(path, self.catalogs)
        except planner.CatalogError as exc:
            dialogs.show_error(self, "Catalog not imported", str(exc))
            return False
        if catalog.id in load_catalogs(include_user=False).pricing:
            dialogs.show_error(self, "Catalog not imported",
                               f'{path}: id "{catalog.id}" is a bundled catalog\'s; rename the id in the file '
                               f"(for example \"{catalog.id}-ours\") and import it again")
            return False
        folder = user_catalog_dirs()[0]
        target = folder / f"{catalog.id}.toml"
        existing = self.catalogs.pricing.get(catalog.id)
        if existing is not None:
            if not dialogs.confirm_overwrite_catalog(self, catalog.id, str(existing.path)):
                return False
            if existing.path and Path(existing.path).parent == folder:
                target = Path(existing.path)   # replace that file, not add a second one with its id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text)
        except OSError as exc:
            dialogs.show_error(self, "Catalog not imported",
                               f"{target}: could not be written ({exc.strerror or exc}); nothing was changed")
            return False
        self._reload(catalog.id)
        return True

    def _reload(self, ident: str) -> None:
        """The catalogs read again after an import, the new one selected, and the window told."""
        self.catalogs = planner.load_catalogs()
        self.model.set_catalogs(self.catalogs)
        self._show_problems()
        row = next(i for i in range(self.model.rowCount()) if self.model.catalog(i).id == ident)
        self.view.selectRow(row)
        self._show_detail(row)
        self.imported.emit(self.catalogs)


