"""What every table model here shares: a list of rows and fixed column headers."""

from __future__ import annotations

from PySide6 import QtCore


class RowsTableModel(QtCore.QAbstractTableModel):
    """Subclasses set `columns` and keep their rows in `self._rows`; they implement `data`."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list | tuple = []

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):  # noqa: N802
        if role == QtCore.Qt.DisplayRole and orientation == QtCore.Qt.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def valid(self, index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows)
