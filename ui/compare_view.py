"""Compare scenarios: the open one and files beside it, every figure with its difference from the first.

The table's content is planner.compare.comparison_rows; this module only formats it, marks what
changed, and lets the user pick which scenarios to show and which one is the baseline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

import planner
from planner.atomic import write_atomic
from planner.compare import compare, comparison_rows
from planner.formats import engineering, money
from planner.report_text import write_text_report

from . import dialogs
from .charts import _price
from .colors import _mix
from .compare_chart import CompareChart, short_name

CHANGED = "#E6A700"   # amber, like a marker pen: apart from the blue of a selected column
EXPORT_FILTER = "CSV table (*.csv);;Markdown report (*.md);;PDF report (*.pdf);;JSON data (*.json)"
ALIGN_RIGHT = int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
ALIGN_LEFT = int(QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter)


def format_value(value, kind: str, currency: str) -> str:
    """How a figure of comparison_rows reads: $138,240, $1.125, 334M, 28.4%, tpu-v2."""
    if value is None or kind == "text":
        return "" if value is None else str(value)
    if kind == "share":
        return f"{value:.1%}"
    if kind == "money":
        return money(value, currency) if abs(value) >= 100 or value == 0 else _price(value, currency)
    if abs(value) >= 1e6:
        return engineering(value)
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:.3g}"


def format_delta(delta, relative, kind: str, currency: str) -> str:
    """-$103,680, -75.0%: a difference in absolute and relative terms; '' where there is none."""
    if delta is None:
        return ""
    sign = "+" if delta > 0 else "-" if delta < 0 else "±"
    size = f"{abs(delta) * 100:.1f} pp" if kind == "share" else format_value(abs(delta), kind, currency)
    if relative is None:
        return sign + size
    ratio = 1 + relative   # past ten times, "+3,195%" reads worse than "33×"
    share = f"{relative:+.1%}" if ratio < 10 else f"{ratio:.3g}×" if ratio < 100 else f"{ratio:,.0f}×"
    return f"{sign}{size}, {share}"


def _exact(value, kind: str, currency: str) -> str:
    if value is None or kind == "text":
        return str(value)
    if kind == "share":
        return f"{value:.4%}"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0")
    return f"{text} {currency}" if kind == "money" else text


class ComparisonTableModel(QtCore.QAbstractTableModel):
    """A row per figure under group headings (a heading row is a str); column 0 the label, then a
    column per scenario. Read-only; text is formatted once per change, tooltips on demand."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._summaries: list[dict] = []
        self._rows: list[dict | str] = []
        self._text: list[list[str]] = []
        self._headers: list[str] = []
        self._header_tips: list[str] = []
        self._brushes: dict[str, QtGui.QBrush] = {}
        self._bold = QtGui.QFont()
        self._bold.setBold(True)
        self.set_palette(QtWidgets.QApplication.palette())

    def set_comparison(self, summaries: list[dict], headers: list[str] | None = None,
                       header_tips: list[str] | None = None) -> None:
        self.beginResetModel()
        self._summaries = list(summaries)
        self._rows, group = [], None
        for row in comparison_rows(summaries) if summaries else []:
            if row["group"] != group:
                group = row["group"]
                self._rows.append(group)
            self._rows.append(row)
        self._text = [[row] if isinstance(row, str) else self._format(row) for row in self._rows]
        self._headers = headers or [short_name(s["name"]) for s in summaries]
        self._header_tips = header_tips or [s["name"] for s in summaries]
        self.endResetModel()

    def set_palette(self, palette: QtGui.QPalette) -> None:
        """Colours from the view's palette, so highlights stay readable in light and dark themes."""
        base = palette.color(QtGui.QPalette.ColorRole.Base)
        text = palette.color(QtGui.QPalette.ColorRole.Text)
        self._brushes = {"changed": QtGui.QBrush(_mix(QtGui.QColor(CHANGED), base, 0.68)),
                         "group": QtGui.QBrush(_mix(text, base, 0.9))}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._summaries)),
                                  [QtCore.Qt.BackgroundRole])

    def _format(self, row: dict) -> list[str]:
        cells = [row["label"]]
        base_currency = self._summaries[0]["currency"]
        for i, (value, summary) in enumerate(zip(row["values"], self._summaries)):
            text = format_value(value, row["kind"], summary["currency"])
            comparable = row["kind"] != "money" or summary["currency"] == base_currency
            if i and row["changed"][i] and comparable and row["deltas"][i] is not None:
                text += f"  ({format_delta(row['deltas'][i], row['relative'][i], row['kind'], base_currency)})"
            cells.append(text)
        return cells

    # -- for the dialog and tests ------------------------------------------------------------------
    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], str)

    def find(self, group: str, label: str) -> int:
        """The row of a figure, e.g. find("Cost", "Total"); -1 when absent (a category costing nothing)."""
        return next((r for r, row in enumerate(self._rows)
                     if not isinstance(row, str) and row["group"] == group and row["label"] == label), -1)

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent=QtCore.QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QtCore.QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else 1 + len(self._summaries)

    def flags(self, index):
        if not index.isValid():
            return QtCore.Qt.NoItemFlags
        if self.is_group(index.row()):
            return QtCore.Qt.ItemIsEnabled
        return QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):  # noqa: N802
        if orientation != QtCore.Qt.Horizontal or not 0 <= section <= len(self._headers):
            return None
        if role == QtCore.Qt.DisplayRole:
            return self._headers[section - 1] if section else "Figure"
        if role == QtCore.Qt.ToolTipRole and section:
            return self._header_tips[section - 1]
        return None

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r, col = index.row(), index.column()
        row = self._rows[r]
        if isinstance(row, str):   # a group heading; the view spans it over every column
            return {QtCore.Qt.DisplayRole: row if col == 0 else "", QtCore.Qt.FontRole: self._bold,
                    QtCore.Qt.BackgroundRole: self._brushes["group"]}.get(role)
        changed = col > 1 and row["changed"][col - 1]
        if role == QtCore.Qt.DisplayRole:
            return self._text[r][col]
        if role == QtCore.Qt.ToolTipRole:
            return self._tooltip(row, col)
        if role == QtCore.Qt.TextAlignmentRole:
            return ALIGN_RIGHT if col else ALIGN_LEFT
        if role == QtCore.Qt.BackgroundRole and changed:
            return self._brushes["changed"]
        if role == QtCore.Qt.FontRole and (changed or (col == 0 and row["label"] == "Total")):
            return self._bold
        return None

    def _tooltip(self, row: dict, col: int) -> str:
        figure = f"{row['group']}: {row['label']}" if row["group"] != "Assumptions" else row["label"]
        if col == 0:
            return figure
        i, s = col - 1, self._summaries[col - 1]
        lines = [s["name"], f"{figure} = {_exact(row['values'][i], row['kind'], s['currency'])}"]
        if i and row["deltas"][i] is not None and row["changed"][i]:
            rel = row["relative"][i]
            lines.append(f"Difference from {short_name(self._summaries[0]['name'])}: "
                         f"{row['deltas'][i]:+,.6g}" + (f" ({rel:+.3%})" if rel is not None else ""))
        elif i:
            lines.append("Same as " + short_name(self._summaries[0]["name"]) if not row["changed"][i]
                         else "Differs from " + short_name(self._summaries[0]["name"]))
        return "\n".join(lines)


@dataclass
class _Entry:
    scenario: planner.Scenario
    summary: dict
    path: Path | None
    is_open: bool = False


class CompareDialog(QtWidgets.QDialog):
    """The open scenario first, then files added beside it; the table above, the chart below.

    Deletes itself when closed: it listens to the document, and must not outlive the exec() call.
    """

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Compare scenarios")
        self.setAttribute(QtCore.Qt.WA_DeleteOnClose)
        self.resize(1100, 700)
        self.document = document
        self.entries = [_Entry(document.scenario, document.summary, document.path, is_open=True)]
        self.model = ComparisonTableModel(self)
        self._widths: list[int] = []
        self.table = self._make_table()
        self.chart = CompareChart()
        self.currency_note = QtWidgets.QLabel()
        self.currency_note.setVisible(False)
        split = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setSizes([430, 270])   # the table is what is read; the chart gives the picture
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self._make_buttons())
        layout.addWidget(self.currency_note)
        layout.addWidget(split, 1)
        layout.addWidget(self._make_button_box())
        document.changed.connect(self._document_changed)
        self._refresh()

    def _make_table(self) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setObjectName("comparison")
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        table.setWordWrap(False)
        # A column is a scenario: clicking it (or its header) selects that scenario for the buttons.
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectColumns)
        table.setSelectionMode(QtWidgets.QAbstractItemView.ExtendedSelection)
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._lay_out_table)
        table.viewport().installEventFilter(self)
        return table

    def _make_buttons(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        self.add_button = QtWidgets.QPushButton("Add files...")
        self.remove_button = QtWidgets.QPushButton("Remove selected")
        self.first_button = QtWidgets.QPushButton("Move to first")
        self.first_button.setToolTip("Differences are measured from the first scenario")
        self.add_button.clicked.connect(self.ask_add)
        self.remove_button.clicked.connect(lambda: self.remove(self.selected()))
        self.first_button.clicked.connect(lambda: self.move_to_first(self.selected()[0]))
        hint = QtWidgets.QLabel("Select a scenario's column to remove it or make it the baseline. "
                                "Highlighted figures differ from the first scenario.")
        hint.setWordWrap(True)
        for button in (self.add_button, self.remove_button, self.first_button):
            row.addWidget(button)
        row.addSpacing(12)
        row.addWidget(hint, 1)
        return row

    def _make_button_box(self) -> QtWidgets.QDialogButtonBox:
        box = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.Close)
        self.export_button = box.addButton("Export...", QtWidgets.QDialogButtonBox.ActionRole)
        self.export_button.clicked.connect(self.ask_export)
        box.rejected.connect(self.reject)
        return box

    # -- what is compared --------------------------------------------------------------------------
    def summaries(self) -> list[dict]:
        return [e.summary for e in self.entries]

    def scenarios(self) -> list:
        return [e.scenario for e in self.entries]

    def selected(self) -> list[int]:
        """Indexes (into entries) of the scenarios whose columns are selected."""
        return sorted({ix.column() - 1 for ix in self.table.selectionModel().selectedIndexes() if ix.column()})

    def add_paths(self, paths) -> int:
        """Load and add scenario files; a refused file is reported and left out. Returns how many added."""
        known = {e.path.resolve() for e in self.entries if e.path is not None and not e.is_open}
        added = 0
        for path in paths:
            if Path(path).resolve() in known:
                continue
            try:
                scenario = planner.load(path, self.document.catalogs)
                summary = planner.summarize(scenario, self.document.catalogs)
            except planner.ScenarioError as exc:
                dialogs.show_error(self, "Scenario not added", str(exc))
                continue
            self.entries.append(_Entry(scenario, summary, Path(path)))
            known.add(Path(path).resolve())
            added += 1
        if added:
            self._refresh()
        return added

    def remove(self, indexes) -> None:
        """Drop scenarios by index; the open one stays (it is what the window is editing)."""
        drop = set(indexes)
        self.entries = [e for i, e in enumerate(self.entries) if i not in drop or e.is_open]
        self._refresh()

    def move_to_first(self, index: int) -> None:
        """Make a scenario the baseline every difference is measured from."""
        if 0 < index < len(self.entries):
            self.entries.insert(0, self.entries.pop(index))
            self._refresh()
            self.table.selectColumn(1)

    def _document_changed(self, scenario, summary) -> None:
        entry = next(e for e in self.entries if e.is_open)
        entry.scenario, entry.summary, entry.path = scenario, summary, self.document.path
        self._refresh()

    # -- files -------------------------------------------------------------------------------------
    def _folder(self) -> Path:
        return self.document.path.parent if self.document.path else Path.cwd()

    def ask_add(self) -> None:
        paths = dialogs.ask_open_paths(self, "Add scenarios to compare", str(self._folder()), dialogs.FILTER)
        self.add_paths(paths)

    def ask_export(self) -> None:
        path = dialogs.ask_save_path(self, str(self._folder() / "comparison.csv"), EXPORT_FILTER)
        if path:
            self.export(path if Path(path).suffix else path + ".csv")

    def export(self, path) -> bool:
        """Write the comparison; the format follows the extension (.csv .md .pdf .json). Errors shown."""
        try:
            self._write(Path(path))
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, "Comparison not exported", str(exc))
            return False
        return True

    def _write(self, path: Path) -> None:
        summaries, scenarios, suffix = self.summaries(), self.scenarios(), path.suffix.lower()
        if suffix == ".json":
            write_atomic(path, json.dumps(compare(summaries), indent=2) + "\n")
        elif suffix in (".md", ".csv"):
            write_text_report(path, summaries, scenarios)
        elif suffix == ".pdf":
            from .report import write_pdf  # imported when used: it pulls in the printing machinery
            write_pdf(path, summaries, scenarios)
        else:
            raise ValueError(f"{path.name}: choose a file name ending .csv, .md, .pdf or .json")

    # -- drawing -----------------------------------------------------------------------------------
    def _refresh(self) -> None:
        headers, tips = zip(*(self._header(i, e) for i, e in enumerate(self.entries)))
        self.model.set_comparison(self.summaries(), list(headers), list(tips))
        self.chart.set_summaries(self.summaries())
        currencies = sorted({s["currency"] for s in self.summaries()})
        self.currency_note.setText(f"Priced in different currencies ({', '.join(currencies)}): "
                                   "money is not compared across them.")
        self.currency_note.setVisible(len(currencies) > 1)
        self._update_buttons()

    def _header(self, i: int, entry: _Entry) -> tuple[str, str]:
        name = ("(open) " if entry.is_open else "") + short_name(entry.summary["name"])
        where = entry.path.name if entry.path else "unsaved"
        tip = entry.summary["name"] + f"\n{entry.path or 'not saved yet'}"
        if entry.is_open:
            tip += "\nThe scenario open in the window, with any unsaved edits"
        return f"{name}\n{where}" + ("  · baseline" if i == 0 else ""), tip

    def _lay_out_table(self) -> None:
        self.table.clearSpans()
        columns = self.model.columnCount()
        for r in range(self.model.rowCount()):
            if self.model.is_group(r) and columns > 1:
                self.table.setSpan(r, 0, 1, columns)
        self.table.resizeColumnsToContents()
        # A very long name or value must not push the other columns off screen.
        self._widths = [min(self.table.columnWidth(col) + 12, 420) for col in range(columns)]
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Content widths, with any room left over shared among the scenario columns."""
        spare = self.table.viewport().width() - sum(self._widths)
        extra = max(spare, 0) // max(len(self._widths) - 1, 1)
        for col, width in enumerate(self._widths):
            self.table.setColumnWidth(col, width + (extra if col else 0))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # The viewport's own resize, not the dialog's: the table's geometry settles after the dialog's.
        table = getattr(self, "table", None)   # events may come while the table is being built
        if event.type() == QtCore.QEvent.Type.Resize and table is not None and watched is table.viewport():
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.remove_button.setEnabled(any(not self.entries[i].is_open for i in chosen if i < len(self.entries)))
        self.first_button.setEnabled(len(chosen) == 1 and chosen[0] > 0)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802
        if event.type() in (QtCore.QEvent.Type.PaletteChange, QtCore.QEvent.Type.ApplicationPaletteChange):
            # The dialog's own: Qt tells a widget of a new palette before its children get it.
            self.model.set_palette(self.palette())
        super().changeEvent(event)
