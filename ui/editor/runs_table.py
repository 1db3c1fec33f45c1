"""Editable tables of ablations and baselines: a Qt table model over a tuple of planner Runs."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6 import QtCore, QtWidgets

import planner
from planner.model.quantities import format_quantity, parse_quantity
from planner.model.scenario import Runs, with_value
from ui.table_model import RowsTableModel

NAME, RUNS, SCALE, COMPUTE = range(4)
HEADERS = ("Name", "Runs", "Scale", "Compute")
HEADER_TIPS = ("What the runs are for", "How many runs", "Compute of one run, as a share of one final run",
               "Runs x scale: the compute of the row in final runs")


class RunsTableModel(RowsTableModel):
    """Rows of one `project.<key>` list; edits go through the document (validated, undoable)."""

    columns = HEADERS

    refused = QtCore.Signal(str)

    def __init__(self, document, key: str, parent=None):
        super().__init__(parent)
        self.document, self.key = document, key
        self._rows: tuple[Runs, ...] = ()

    def set_rows(self, rows) -> None:
        rows = tuple(rows)
        if rows == self._rows:
            return
        if len(rows) == len(self._rows):
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, COMPUTE))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):  # noqa: N802 - Qt's name
        if role == QtCore.Qt.ToolTipRole and orientation == QtCore.Qt.Horizontal and 0 <= section < len(HEADER_TIPS):
            return HEADER_TIPS[section]
        return super().headerData(section, orientation, role)

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role in (QtCore.Qt.DisplayRole, QtCore.Qt.EditRole):
            if index.column() == NAME:
                return row.name
            if index.column() == RUNS:
                return format_quantity(row.runs)
            if index.column() == SCALE:
                return format_quantity(row.scale)
            if index.column() == COMPUTE:
                return f"{planner.model.values.point(row.runs) * planner.model.values.point(row.scale):.3g} runs"
        if role == QtCore.Qt.TextAlignmentRole and index.column() != NAME:
            return int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
        return None

    def flags(self, index):
        if not index.isValid():
            return QtCore.Qt.NoItemFlags
        base = QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable
        return base | QtCore.Qt.ItemIsEditable if index.column() != COMPUTE else base

    def setData(self, index, value, role=QtCore.Qt.EditRole) -> bool:  # noqa: N802
        if role != QtCore.Qt.EditRole or not index.isValid() or index.column() == COMPUTE:
            return False
        row = self._rows[index.row()]
        try:
            if index.column() == NAME:
                row = replace(row, name=str(value))
            elif index.column() == RUNS:
                row = replace(row, runs=parse_quantity(str(value)))
            else:
                row = replace(row, scale=parse_quantity(str(value)))
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        rows = self._rows[:index.row()] + (row,) + self._rows[index.row() + 1:]
        try:
            self._apply(rows, f"Edit {self.key[:-1]}")
        except ValueError:   # refused: already reported
            return False
        return True

    def add_row(self) -> None:
        label = "ablation" if self.key == "ablations" else "baseline"
        with contextlib.suppress(ValueError):   # refused: already reported
            self._apply(self._rows + (Runs(f"{label} {len(self._rows) + 1}", 1.0, 1.0),), f"Add {label}")

    def remove_rows(self, rows: list[int]) -> None:
        keep = tuple(r for i, r in enumerate(self._rows) if i not in set(rows))
        if keep != self._rows:
            with contextlib.suppress(ValueError):
                self._apply(keep, f"Remove {self.key}")

    def _apply(self, rows, text: str) -> None:
        """One undoable edit; a refusal (planner or engine) is reported through `refused`."""
        scenario = with_value(self.document.scenario, "project", self.key, rows)
        try:
            self.document.edit(planner.validate(scenario, self.document.catalogs), text)
        except ValueError as exc:
            self.refused.emit(str(exc))
            raise


class RunsTable(QtWidgets.QWidget):
    """The table with Add and Remove buttons under it (beside it, they pushed the columns off the editor)."""

    def __init__(self, document, key: str, parent=None):
        super().__init__(parent)
        self.model = RunsTableModel(document, key, self)
        self.view = QtWidgets.QTableView(self)
        self.view.setObjectName(f"project.{key}")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.Stretch)   # the name takes what is left
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.view.setTabKeyNavigation(False)   # Tab leaves the table (no keyboard trap); arrows move in it
        # As tall as its rows (an empty table keeps one row's room), so no blank block in the editor.
        self.view.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.view.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Maximum)
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height()
                                   + self.view.verticalHeader().defaultSectionSize() + 4)
        self.add = QtWidgets.QPushButton("Add", self)
        self.remove = QtWidgets.QPushButton("Remove", self)
        self.add.clicked.connect(self.model.add_row)
        self.remove.clicked.connect(lambda: self.model.remove_rows(
            sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})))
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def refresh(self, scenario) -> None:
        self.model.set_rows(getattr(scenario.project, self.model.key))
