"""Editable tables of ablations and baselines: a Qt table model over a tuple of planner Runs."""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore, QtWidgets

import planner
from planner.quantities import format_quantity, parse_quantity
from planner.scenario import Runs, with_value
from .table_model import RowsTableModel

NAME, RUNS, SCALE, COMPUTE = range(4)
HEADERS = ("Name", "Runs", "Scale (x final run)", "Compute (runs x scale)")


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
                return f"{planner.values.point(row.runs) * planner.values.point(row.scale):.3g} runs"
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
            rows = self._rows[:index.row()] + (row,) + self._rows[index.row() + 1:]
            self._apply(rows, f"Edit {self.key[:-1]}")
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        return True

    def add_row(self) -> None:
        label = "ablation" if self.key == "ablations" else "baseline"
        self._apply(self._rows + (Runs(f"{label} {len(self._rows) + 1}", 1.0, 1.0),), f"Add {label}")

    def remove_rows(self, rows: list[int]) -> None:
        keep = tuple(r for i, r in enumerate(self._rows) if i not in set(rows))
        if keep != self._rows:
            self._apply(keep, f"Remove {self.key}")

    def _apply(self, rows, text: str) -> None:
        scenario = with_value(self.document.scenario, "project", self.key, rows)
        self.document.edit(planner.validate(scenario, self.document.catalogs), text)


class RunsTable(QtWidgets.QWidget):
    """The table with Add and Remove buttons."""

    def __init__(self, document, key: str, parent=None):
        super().__init__(parent)
        self.model = RunsTableModel(document, key, self)
        self.view = QtWidgets.QTableView(self)
        self.view.setObjectName(f"project.{key}")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.view.setMinimumHeight(90)
        self.add = QtWidgets.QPushButton("Add", self)
        self.remove = QtWidgets.QPushButton("Remove", self)
        self.add.clicked.connect(self.model.add_row)
        self.remove.clicked.connect(lambda: self.model.remove_rows(
            sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})))
        buttons = QtWidgets.QVBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def refresh(self, scenario) -> None:
        self.model.set_rows(getattr(scenario.project, self.model.key))
