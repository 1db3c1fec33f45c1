"""Headline figures and the category table: what the engine answered for the current scenario."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from planner.formats import LABELS, hours_text, money
from .table_model import RowsTableModel

COLUMNS = ("Category", "Runs", "Accelerator-hours", "Cost", "Share", "Energy (MWh)", "CO2e (t)")


class CategoryTableModel(RowsTableModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._text: list[tuple[str, ...]] = []
        self._currency = "USD"
        self._total = 1.0

    def set_summary(self, summary: dict) -> None:
        rows = list(summary["categories"]) + [{"category": "total", **summary["total"]}]
        same_shape = len(rows) == len(self._rows)
        if not same_shape:
            self.beginResetModel()
        self._rows, self._currency = rows, summary["currency"]
        self._total = summary["total"]["cost"] or 1.0
        # Text is formatted once per change; views ask for it many times per paint.
        self._text = [self._format(row) for row in rows]
        if same_shape:
            self.dataChanged.emit(self.index(0, 1), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.endResetModel()

    def _format(self, row: dict) -> tuple[str, ...]:
        runs = row["runs"]
        return (LABELS.get(row["category"], "Total"),
                f"{runs:,.0f}" if float(runs).is_integer() else f"{runs:,.1f}",
                f"{row['accelerator_hours']:,.0f}", money(row["cost"], self._currency),
                f"{row['cost'] / self._total:.1%}", f"{row['energy_kwh'] / 1000:,.2f}",
                f"{row['co2_kg'] / 1000:,.2f}")

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == QtCore.Qt.DisplayRole:
            return self._text[index.row()][col]
        if role == QtCore.Qt.ToolTipRole:
            return f"{row['cost']:,.2f} {self._currency}; {row['flops']:.4g} FLOPs"
        if role == QtCore.Qt.TextAlignmentRole and col:
            return int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
        if role == QtCore.Qt.FontRole and row["category"] == "total":
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None


class Headline(QtWidgets.QFrame):
    """One figure: a caption and a large value, with an optional range line below."""

    def __init__(self, caption: str, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QtWidgets.QFrame.StyledPanel)
        self.caption = QtWidgets.QLabel(caption)
        self.value = QtWidgets.QLabel()
        self.value.setObjectName(f"{name}.value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.band = QtWidgets.QLabel()
        self.band.setObjectName(f"{name}.band")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        for w in (self.caption, self.value, self.band):
            w.setTextFormat(QtCore.Qt.PlainText)
            layout.addWidget(w)

    def show_value(self, text: str, band: str = "", tooltip: str = "") -> None:
        self.value.setText(text)
        self.band.setText(band)
        self.band.setVisible(bool(band))
        self.setToolTip(tooltip)


class ResultsPanel(QtWidgets.QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QtWidgets.QGridLayout()
        self.figures = {}
        specs = (("Total project cost", "total_cost"), ("Final run cost", "final_cost"),
                 ("Iceberg ratio", "iceberg"), ("Accelerator-hours", "accelerator_hours"),
         ("Wall-clock", "wall_clock"), ("Energy", "energy"), ("CO2e", "co2"))
        for i, (caption, name) in enumerate(specs):
            self.figures[name] = Headline(caption, name)
            grid.addWidget(self.figures[name], i // 4, i % 4)
        self.table_model = CategoryTableModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("categories")
        self.table.setModel(self.table_model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setMinimumHeight(8 * (self.table.fontMetrics().height() + 6) + 30)
        # Fixed widths wide enough for large figures: ResizeToContents would re-measure every cell on
        # every keystroke (hundreds of data() calls per edit).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.Interactive)
        header.setStretchLastSection(True)
        width = self.table.fontMetrics().horizontalAdvance
        for col, sample in enumerate(("Ensemble members", "1,000.0", "10,000,000,000", "$10,000,000,000",
                                      "100.0%", "Energy (MWh)")):
            header.resizeSection(col, width(sample) + 16)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.table)
        self.notes = QtWidgets.QLabel()
        self.notes.setObjectName("notes")
        self.notes.setTextFormat(QtCore.Qt.PlainText)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)

    def set_summary(self, summary: dict) -> None:
        cur, t, f = summary["currency"], summary["total"], summary["final_run"]
        unc = summary.get("uncertainty", {})
        count = summary["assumptions"]["count"]

        def band(key, fmt):
            if key not in unc:
                return ""
            u = unc[key]
            return f"90%: {fmt(u['p5'])} - {fmt(u['p95'])}"

        self.figures["total_cost"].show_value(money(t["cost"], cur), band("cost", lambda v: money(v, cur)),
                                              f"{t['cost']:,.2f} {cur}")
        self.figures["final_cost"].show_value(money(f["cost"], cur), "", f"{f['cost']:,.2f} {cur}; "
                                              f"{hours_text(f['wall_clock_hours'])} on {count:,g}")
        self.figures["iceberg"].show_value(f"{summary['iceberg_ratio']:,.1f}x", "whole project / final run")
        self.figures["accelerator_hours"].show_value(f"{t['accelerator_hours']:,.0f}",
                                                     band("accelerator_hours", lambda v: f"{v:,.0f}"))
        self.figures["wall_clock"].show_value(
            f"{t['wall_clock_hours'] / 24:,.1f} days",
            band("wall_clock_hours", lambda v: f"{v / 24:,.1f}") or f"final run: {hours_text(f['wall_clock_hours'])}",
            f"The whole project run back to back on {count:,g} accelerators; the final run alone takes "
            f"{hours_text(f['wall_clock_hours'])}")
        self.figures["energy"].show_value(f"{t['energy_kwh'] / 1000:,.1f} MWh",
                                          band("energy_kwh", lambda v: f"{v / 1000:,.1f}"))
        self.figures["co2"].show_value(f"{t['co2_kg'] / 1000:,.1f} t", band("co2_kg", lambda v: f"{v / 1000:,.1f}"))
        self.table_model.set_summary(summary)
        self.notes.setText("\n".join(note_lines(summary)))
        self.notes.setVisible(bool(self.notes.text()))


def note_lines(summary: dict) -> list[str]:
    """What-if effects, serving, and sanity checks, one line each."""
    cur = summary["currency"]
    lines = []
    for effect in summary.get("whatifs", []):
        if effect["lever"] != "distill":
            sign = "+" if effect["cost_change"] >= 0 else "-"
            lines.append(f"What-if: {effect['description']}: {sign}{money(abs(effect['cost_change']), cur)}")
    serving = summary.get("serving")
    if serving:
        lines.append(f"Serving: distilled {serving['distilled']}, {serving['inference_speedup']:g}x faster at "
                     f"inference; distilling costs {money(serving['distillation']['cost'], cur)} more")
    lines += [f"Check: {n}" for n in summary.get("checks", {}).get("notes", [])]
    return lines
