"""Compare scenarios: the open one and files beside it, every figure with its difference from the first.

The table's content is planner.analysis.compare.comparison_rows, worded by planner.compare_text as in every
other output; this module only shows it, marks what changed, and lets the user pick which scenarios
to show and which one is the baseline. The figures' names are the table's row headers, so they stay
in view when a narrow dialog scrolls the scenario columns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

import planner
from planner.files.atomic import write_atomic
from planner.analysis.compare import compare, comparison_rows
from planner.present.compare_text import cell_text, delta_text, relative_text, short_name
from planner.engine.summary_types import plain
from planner.present.export_format import export_format
from planner.present.report_text import write_text_report

from ui.dialogs import messages as dialogs
from ui.charts.colors import mix
from ui.dialogs.sizes import default_size
from ui.charts.compare_chart import CompareChart, plain_tooltip

CHANGED = "#E6A700"   # amber, like a marker pen: apart from the blue of a selected column
EXPORT_FILTERS = {".csv": "CSV table (*.csv)", ".md": "Markdown report (*.md)", ".pdf": "PDF report (*.pdf)",
                  ".json": "JSON data (*.json)", ".png": "PNG image of the chart (*.png)",
                  ".svg": "SVG image of the chart (*.svg)"}
EXPORT_FILTER = ";;".join(EXPORT_FILTERS.values())
ALIGN_RIGHT = int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)


def cell_display(row: dict, i: int) -> str:
    """A cell: the value in its scenario's currency, then its difference from the first
    ("$34,560  -$103,680 (-75%)"), as the reports print it."""
    d = delta_text(row, i) if i and row["changed"][i] else ""
    return cell_text(row, i) + (f"  {d}" if d else "")


def _exact(value, kind: str, currency: str) -> str:
    if value is None:
        return "not given"
    if kind == "text":
        return str(value)
    if kind == "share":
        return f"{value:.4%}"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6f}".rstrip("0")
    return f"{text} {currency}" if kind == "money" else text


class ComparisonTableModel(QtCore.QAbstractTableModel):
    """A row per figure under group headings (a heading row is a str), a column per scenario; the
    figure's name is the row's header. Read-only; text is formatted once per change, tooltips on demand."""

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
        # The costs first, their Total above the fold; then the assumptions behind them and the rest.
        rows = sorted(comparison_rows(summaries), key=lambda r: r["group"] != "Cost") if summaries else []
        for row in rows:
            if row["group"] != group:
                group = row["group"]
                self._rows.append(group)
            self._rows.append(row)
        self._text = [[] if isinstance(row, str) else [cell_display(row, i) for i in range(len(summaries))]
                      for row in self._rows]
        self._headers = headers or [f"{i}. {short_name(s.name)}" for i, s in enumerate(summaries, 1)]
        self._header_tips = header_tips or [s.name for s in summaries]
        self.endResetModel()

    def set_palette(self, palette: QtGui.QPalette) -> None:
        """Colours from the view's palette, so highlights stay readable in light and dark themes."""
        base = palette.color(QtGui.QPalette.ColorRole.Base)
        text = palette.color(QtGui.QPalette.ColorRole.Text)
        self._brushes = {"changed": QtGui.QBrush(mix(QtGui.QColor(CHANGED), base, 0.68)),
                         "group": QtGui.QBrush(mix(text, base, 0.9))}
        if self._rows and self._summaries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._summaries) - 1),
                                  [QtCore.Qt.BackgroundRole])

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
        return 0 if parent.isValid() else len(self._summaries)

    def flags(self, index):
        if not index.isValid():
            return QtCore.Qt.NoItemFlags
        if self.is_group(index.row()):
            return QtCore.Qt.ItemIsEnabled
        return QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):  # noqa: N802
        if orientation == QtCore.Qt.Vertical:
            return self._row_header(section, role)
        if not 0 <= section < len(self._headers):
            return None
        if role == QtCore.Qt.DisplayRole:
            return self._headers[section]
        if role == QtCore.Qt.ToolTipRole:
            return plain_tooltip(self._header_tips[section])   # a name such as "<b>x</b>" shows as typed
        return None

    def _row_header(self, r: int, role):
        if not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        if role == QtCore.Qt.DisplayRole:
            return row if isinstance(row, str) else row["label"]
        if role == QtCore.Qt.FontRole and (isinstance(row, str) or row["label"] == "Total"):
            return self._bold
        if role == QtCore.Qt.ToolTipRole and not isinstance(row, str):
            return plain_tooltip(f"{row['group']}: {row['label']}" if row["group"] != "Assumptions" else row["label"])
        return None

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r, col = index.row(), index.column()
        row = self._rows[r]
        if isinstance(row, str):   # a group heading: its name is the row header; the view spans the row
            return {QtCore.Qt.DisplayRole: "", QtCore.Qt.BackgroundRole: self._brushes["group"]}.get(role)
        changed = col > 0 and row["changed"][col]
        if role == QtCore.Qt.DisplayRole:
            return self._text[r][col]
        if role == QtCore.Qt.ToolTipRole:
            return plain_tooltip(self._tooltip(row, col))
        if role == QtCore.Qt.TextAlignmentRole:
            return ALIGN_RIGHT
        if role == QtCore.Qt.BackgroundRole and changed:
            return self._brushes["changed"]
        if role == QtCore.Qt.FontRole and changed:
            return self._bold
        return None

    def _tooltip(self, row: dict, i: int) -> str:
        figure = f"{row['group']}: {row['label']}" if row["group"] != "Assumptions" else row["label"]
        s, first = self._summaries[i], short_name(self._summaries[0].name)
        lines = [f"{i + 1}. {s.name}", f"{figure} = {_exact(row['values'][i], row['kind'], s.currency)}"]
        if not i:
            return "\n".join(lines)
        d = delta_text(row, i)
        if row["mismatch"][i]:
            lines.append(f"Not compared with {first}: {d}")
        elif row["deltas"][i] is not None and row["changed"][i]:
            rel = row["relative"][i]
            lines.append(f"Difference from {first}: {d} (exactly {row['deltas'][i]:+,.6g}"
                         + (f", {relative_text(rel)})" if rel is not None else ")"))
        else:
            lines.append(f"Same as {first}" if not row["changed"][i] else f"Differs from {first}")
        return "\n".join(lines)


def ask_export_path(parent, suggested: str) -> str | None:
    """Where to export, titled for what it does; a name typed without an extension gets the one of
    the format chosen in the dialog (its filter), not always .csv."""
    path, chosen = QtWidgets.QFileDialog.getSaveFileName(parent, "Export comparison", suggested, EXPORT_FILTER)
    if not path:
        return None
    if not Path(path).suffix:
        path += next((ext for ext, name in EXPORT_FILTERS.items() if name == chosen), ".csv")
    return path


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
        self.resize(*default_size(self, 1100, 700))
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
        table.setTabKeyNavigation(False)   # Tab leaves the table (no keyboard trap); arrows move in it
        table.setModel(self.model)
        # The figures' names are row headers: they stay put when the scenario columns scroll sideways.
        rows = table.verticalHeader()
        rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
        rows.setDefaultAlignment(QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter)
        rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        rows.setSectionsClickable(False)
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
        return sorted({ix.column() for ix in self.table.selectionModel().selectedIndexes()})

    def add_paths(self, paths) -> int:
        """Load and add scenario files; a refused file is reported and left out. Returns how many added."""
        known = {e.path.resolve() for e in self.entries if e.path is not None and not e.is_open}
        if self.document.path is not None:   # the open file is already here, as it is being edited
            known.add(Path(self.document.path).resolve())
        added, skipped = 0, []
        for path in paths:
            if Path(path).resolve() in known:
                skipped.append(Path(path).name)
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
        if skipped:
            dialogs.show_error(self, "Already in the comparison",
                               "Not added again (each scenario is compared once): " + ", ".join(skipped))
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
            self.table.selectColumn(0)

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
        path = ask_export_path(self, str(self._folder() / "comparison.csv"))
        if path:
            self.export(path)

    def export(self, path) -> bool:
        """Write the comparison; the format follows the extension (.csv .md .pdf .json, or the chart as
        .png .svg). Errors shown."""
        try:
            self._write(Path(path))
        except (OSError, ValueError) as exc:
            dialogs.show_error(self, "Comparison not exported", str(exc))
            return False
        return True

    def _write(self, path: Path) -> None:
        summaries, scenarios = self.summaries(), self.scenarios()
        kind = export_format(path, ("csv", "markdown", "pdf", "json", "png", "svg"))
        if kind == "json":
            write_atomic(path, json.dumps(compare(summaries), indent=2, default=plain) + "\n")
        elif kind in ("markdown", "csv"):
            write_text_report(path, summaries, scenarios)
        elif kind == "pdf":
            from ui.export.report import write_pdf
            write_pdf(path, summaries, scenarios)
        else:
            from ui.export.exports import export_chart
            export_chart(str(path), self.chart)

    # -- drawing -----------------------------------------------------------------------------------
    def _refresh(self) -> None:
        headers, tips = zip(*(self._header(i, e) for i, e in enumerate(self.entries)))
        self.model.set_comparison(self.summaries(), list(headers), list(tips))
        self.chart.set_summaries(self.summaries())
        currencies = sorted({s.currency for s in self.summaries()})
        self.currency_note.setText(f"Priced in different currencies ({', '.join(currencies)}): "
                                   "money is not compared across them.")
        self.currency_note.setVisible(len(currencies) > 1)
        self._update_buttons()

    def _header(self, i: int, entry: _Entry) -> tuple[str, str]:
        # Numbered as the chart's bars are when their names do not fit under them.
        name = f"{i + 1}. " + ("(open) " if entry.is_open else "") + short_name(entry.summary.name)
        where = entry.path.name if entry.path else "unsaved"
        tip = entry.summary.name + f"\n{entry.path or 'not saved yet'}"
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
        self.table.verticalHeader().setMinimumWidth(min(self.table.verticalHeader().sizeHint().width(), 260))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Content widths, with any room left over shared among the scenario columns."""
        spare = self.table.viewport().width() - sum(self._widths)
        extra = max(spare, 0) // max(len(self._widths), 1)
        for col, width in enumerate(self._widths):
            self.table.setColumnWidth(col, width + extra)

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
