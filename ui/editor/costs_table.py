"""The [[costs]] table: line items beyond compute (staff, storage, data, evaluation, other), editable like the
ablation and baseline tables, with a storage helper that fills a storage row from the model's size."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6 import QtCore, QtWidgets

import planner
from planner.analysis.storage import FULL_CHECKPOINT_BYTES, storage_item, storage_price
from planner.model.quantities import format_quantity, money, parse_quantity
from planner.model.scenario import COST_KINDS, CostItem, with_value
from ui.table_model import RowsTableModel

NAME, KIND, AMOUNT, QUANTITY, UNIT, UNIT_PRICE, SOURCE, COST = range(8)
HEADERS = ("Name", "Kind", "Amount", "Quantity", "Unit", "Unit price", "Source", "Cost")
NUMBERS = {AMOUNT: "amount", QUANTITY: "quantity", UNIT_PRICE: "unit_price"}
TEXTS = {NAME: "name", KIND: "kind", UNIT: "unit", SOURCE: "source"}


class CostsTableModel(RowsTableModel):
    """Rows of `costs`; edits go through the document (validated by the file's rules, undoable)."""

    columns = HEADERS
    refused = QtCore.Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._rows: tuple[CostItem, ...] = ()
        self._costs: list[float] = []

    def set_rows(self, rows, summary=None) -> None:
        rows, costs = tuple(rows), [c.cost for c in (summary.costs if summary is not None else [])]
        if rows == self._rows and costs == self._costs:
            return
        reset = len(rows) != len(self._rows)
        if reset:
            self.beginResetModel()
        self._rows, self._costs = rows, costs
        if reset:
            self.endResetModel()
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, COST))

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        if role in (QtCore.Qt.DisplayRole, QtCore.Qt.EditRole):
            if col in TEXTS:
                return getattr(row, TEXTS[col]) or ""
            if col in NUMBERS:
                value = getattr(row, NUMBERS[col])
                return "" if value is None else format_quantity(value)
            if col == COST and index.row() < len(self._costs):
                return money(self._costs[index.row()], self.document.summary.currency)
        if role == QtCore.Qt.ToolTipRole and col == SOURCE:
            return row.source
        if role == QtCore.Qt.TextAlignmentRole and col in (AMOUNT, QUANTITY, UNIT_PRICE, COST):
            return int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
        return None

    def flags(self, index):
        if not index.isValid():
            return QtCore.Qt.NoItemFlags
        base = QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable
        return base if index.column() == COST else base | QtCore.Qt.ItemIsEditable

    def setData(self, index, value, role=QtCore.Qt.EditRole) -> bool:  # noqa: N802 - Qt's name
        if role != QtCore.Qt.EditRole or not index.isValid() or index.column() == COST:
            return False
        try:
            row = edited_row(self._rows[index.row()], index.column(), str(value))
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        rows = self._rows[:index.row()] + (row,) + self._rows[index.row() + 1:]
        try:
            self.apply(rows, "Edit line item")
        except ValueError:
            return False
        return True

    def rows(self) -> tuple[CostItem, ...]:
        return self._rows

    def add_row(self, row: CostItem | None = None) -> None:
        row = row or CostItem(f"line item {len(self._rows) + 1}", "other", 0.0)
        with contextlib.suppress(ValueError):
            self.apply(self._rows + (row,), "Add line item")

    def remove_rows(self, rows: list[int]) -> None:
        keep = tuple(r for i, r in enumerate(self._rows) if i not in set(rows))
        if keep != self._rows:
            with contextlib.suppress(ValueError):
                self.apply(keep, "Remove line items")

    def apply(self, rows, text: str) -> None:
        """One undoable edit; a refusal (planner or engine) is reported through `refused`, then raised."""
        scenario = with_value(self.document.scenario, "", "costs", tuple(rows))
        try:
            self.document.edit(planner.validate(scenario, self.document.catalogs), text)
        except ValueError as exc:
            self.refused.emit(str(exc))
            raise


def edited_row(row: CostItem, column: int, text: str) -> CostItem:
    """`row` with one cell changed. An amount replaces quantity x unit price and the other way round (a
    quantity without a price gets price 0, a price without a quantity gets quantity 1, to fill in next)."""
    text = text.strip()
    if column in TEXTS:
        key = TEXTS[column]
        if key == "kind" and text not in COST_KINDS:
            raise ValueError("expected one of " + ", ".join(COST_KINDS))
        return replace(row, **{key: text or (None if key in ("unit", "source") else text)})
    value = parse_quantity(text) if text else None
    key = NUMBERS[column]
    if key == "amount":
        return replace(row, amount=value, quantity=None if value is not None else row.quantity,
                       unit_price=None if value is not None else row.unit_price)
    other = "unit_price" if key == "quantity" else "quantity"
    filled = getattr(row, other) if getattr(row, other) is not None else (0.0 if other == "unit_price" else 1.0)
    return replace(row, amount=None, **{key: value, other: filled})


class StorageHelper(QtWidgets.QDialog):
    """Parameters x bytes per parameter x checkpoints kept x months = GB-months, at the bundled price."""

    def __init__(self, params: float, months: float, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Storage helper")
        self.price = storage_price()
        form = QtWidgets.QFormLayout(self)
        self.fields = {}
        for key, label, value, tip in (
                ("params", "Parameters", params, "The final model's parameters"),
                ("bytes", "Bytes per parameter", FULL_CHECKPOINT_BYTES,
                 "16: a full training checkpoint with Adam's state; 2: bf16 weights alone"),
                ("checkpoints", "Checkpoints kept", 3, "How many checkpoints are kept at once"),
                ("months", "Months", months, "How long they are kept (default: the schedule's length)")):
            edit = QtWidgets.QLineEdit(format_quantity(value))
            edit.setObjectName(f"storage.{key}")
            edit.setToolTip(tip)
            edit.textChanged.connect(self._update)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.result = QtWidgets.QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("storage.result")
        form.addRow(self.result)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.Ok | QtWidgets.QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._update()

    def item(self) -> CostItem:
        v = {k: float(parse_quantity(e.text(), allow_range=False)) for k, e in self.fields.items()}
        return storage_item("checkpoint storage", v["params"], v["bytes"], v["checkpoints"], v["months"], self.price)

    def _update(self) -> None:
        try:
            item = self.item()
        except ValueError as exc:
            self.result.setText(f"Not a number: {exc}")
            return
        self.result.setText(f"{item.quantity:,.1f} GB-months x ${self.price.price_per_gb_month:g} per GB-month = "
                            f"{money(item.quantity * item.unit_price, self.price.currency)}\n"
                            f"Price: {self.price.source} (as of {self.price.as_of})")


class CostsTable(QtWidgets.QWidget):
    """The table, Add / Remove, and the storage helper (which adds or fills a storage row)."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.model = CostsTableModel(document, self)
        self.view = QtWidgets.QTableView(self)
        self.view.setObjectName("costs")
        self.view.setTabKeyNavigation(False)   # Tab leaves the table (no keyboard trap); arrows move in it
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        # Eight columns in a narrow editor: fixed small widths (scrolling sideways), the name stretching.
        header.setSectionResizeMode(QtWidgets.QHeaderView.Interactive)
        header.setMinimumSectionSize(36)
        for col, chars in ((KIND, 7), (AMOUNT, 7), (QUANTITY, 7), (UNIT, 8), (UNIT_PRICE, 7), (SOURCE, 8), (COST, 8)):
            header.resizeSection(col, self.view.fontMetrics().horizontalAdvance("0" * chars) + 10)
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.Stretch)
        self.view.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAsNeeded)
        self.view.setMinimumWidth(200)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.view.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.view.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Maximum)
        self.add = QtWidgets.QPushButton("Add", self)
        self.remove = QtWidgets.QPushButton("Remove", self)
        self.storage = QtWidgets.QPushButton("Storage helper...", self)
        self.storage.setToolTip("Fill a storage row's GB-months from the model's size, checkpoints and months")
        self.add.clicked.connect(lambda: self.model.add_row())
        self.remove.clicked.connect(lambda: self.model.remove_rows(
            sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})))
        self.storage.clicked.connect(self.open_storage_helper)
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.add, self.remove, self.storage):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def refresh(self, scenario) -> None:
        self.model.set_rows(scenario.costs, self.document.summary)

    def storage_helper(self) -> StorageHelper:
        months = 12.0
        with contextlib.suppress(planner.PlannerError):
            months = max(1.0, round(self.document.schedule().duration_days / 30.44, 1))
        return StorageHelper(self.document.summary.final_run.params, months, self)

    def open_storage_helper(self) -> None:
        dialog = self.storage_helper()
        if dialog.exec() == QtWidgets.QDialog.Accepted:
            self.fill_storage(dialog.item())

    def fill_storage(self, item: CostItem) -> None:
        """Fill the selected storage row (else the first storage row) or add one."""
        rows = list(self.model.rows())
        selected = [i.row() for i in self.view.selectionModel().selectedIndexes()]
        target = next((i for i in selected if rows[i].kind == "storage"),
                      next((i for i, r in enumerate(rows) if r.kind == "storage"), None))
        if target is None:
            self.model.add_row(item)
            return
        rows[target] = replace(item, name=rows[target].name)
        with contextlib.suppress(ValueError):
            self.model.apply(rows, "Fill storage row")
