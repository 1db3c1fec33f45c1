"""Headline figures and the category table: what the engine answered for the current scenario."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from planner.engine.summary_types import runs_text
from planner.present.content import KIND_LABELS, ROW_MARK, note_items
from ui.editor.help_text import COLUMN_HELP, TILE_HELP
from planner.model.quantities import accelerators, engineering, hours_text, money, short_money
from planner.engine.categories import category_label

from ui.table_model import RowsTableModel

MAX_ROWS = 8   # rows of the budget table shown at once (the total is under them, always); more scroll
COLUMNS = ("Category", "Runs", "Accel-hours", "Cost", "Share", "MWh", "CO2e (t)")


# Roles as plain ints, looked up once: comparing against PySide6's enums costs microseconds each, and
# a view asks data() several hundred times per paint.
DISPLAY, TOOLTIP, ALIGN, FONT = (int(r) for r in (QtCore.Qt.DisplayRole, QtCore.Qt.ToolTipRole,
                                                  QtCore.Qt.TextAlignmentRole, QtCore.Qt.FontRole))
RIGHT = int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)


class CategoryTableModel(RowsTableModel):
    columns = COLUMNS

    def headerData(self, section, orientation, role=DISPLAY):  # noqa: N802 - Qt's name
        if role == TOOLTIP and orientation == QtCore.Qt.Horizontal:
            return COLUMN_HELP[section]
        return super().headerData(section, orientation, role)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._cells: dict[tuple[int, int, int], object] = {}
        self._currency = "USD"
        self._total = 1.0
        self._bold = QtGui.QFont()
        self._bold.setBold(True)

    def set_summary(self, summary: dict) -> None:
        rows = table_lines(summary)
        same_shape = len(rows) == len(self._rows)
        if not same_shape:
            self.beginResetModel()
        self._rows, self._currency = rows, summary.currency
        self._total = summary.total.cost or 1.0
        # Every cell is worked out once per change; data() only looks it up.
        cells = {}
        for r, (kind, label, row) in enumerate(rows):
            flops = getattr(row, "flops", None)   # categories have FLOPs; named rows and line items do not
            flops = "FLOPs not given" if flops is None else f"{flops:.4g} FLOPs"
            tip = f"{row.cost:,.2f} {self._currency}" + (f"; {flops}" if kind == "category" else "")
            for c, text in enumerate(self._format(kind, label, row)):
                cells[r, c, DISPLAY], cells[r, c, TOOLTIP] = text, tip
                if c:
                    cells[r, c, ALIGN] = RIGHT
                if kind == "total":
                    cells[r, c, FONT] = self._bold
        changed = cells != self._cells
        self._cells = cells
        if not same_shape:
            self.endResetModel()
        elif changed:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))

    def _format(self, kind: str, label: str, row) -> tuple[str, ...]:
        cost = (money(row.cost, self._currency), f"{row.cost / self._total:.1%}")
        if kind == "item":
            return (label, "", "") + cost + ("", "")
        return ((ROW_MARK + label) if kind == "row" else label, runs_text(row.runs),
                f"{row.accelerator_hours:,.0f}") + cost + (sig3(row.energy_kwh / 1000), sig3(row.co2_kg / 1000))

    def data(self, index, role=DISPLAY):
        return self._cells.get((index.row(), index.column(), role))


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
        small = self.band.font()   # a notch smaller than the caption: bands fit the narrow tiles at 1024 wide
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.band.setFont(small)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        for w in (self.caption, self.value, self.band):
            w.setTextFormat(QtCore.Qt.PlainText)
            layout.addWidget(w)
        # A long band line (dates, a cap) is cut rather than widening the window past its 1280 pixels;
        # the tooltip says it whole.
        self.band.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        layout.addStretch(1)   # a tile taller than its text (the total spans two rows) keeps it together

    def enlarge(self, factor: float) -> None:
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * factor)
        self.value.setFont(font)

    def show_value(self, text: str, band: str = "", tooltip: str = "") -> None:
        self.value.setText(text)
        self.band.setText(band)
        self.band.setVisible(bool(band))
        self.setToolTip(TILE_HELP[self.objectName()] + (f"\n{tooltip}" if tooltip else "")
                        + ("\nThe band is the 5th to 95th percentile over the inputs given as ranges" if band
                           and band.startswith("90%") else ""))


class ResultsPanel(QtWidgets.QWidget):
    """Compact on purpose: every pixel it does not need goes to the charts below it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.figures: dict[str, Headline] = {}
        self.table_model = CategoryTableModel(self)
        self.table = self._category_table()
        self.total_table = self._total_footer()
        # After both views have taken the reset: a view forgets its hidden rows when its model resets.
        self.table_model.modelReset.connect(self._fit_table)
        self.notes = QtWidgets.QLabel()
        self.notes.setObjectName("notes")
        self.notes.setTextFormat(QtCore.Qt.PlainText)
        self.notes.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._tiles())
        layout.addWidget(self.table)
        layout.addWidget(self.total_table)
        layout.addWidget(self.notes)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_notes()

    def _fit_notes(self) -> None:
        """The notes' wrapped height is part of the panel's minimum, so that a splitter or a short
        window never draws the notes over the table."""
        height = self.notes.heightForWidth(max(self.width(), 200)) if self.notes.text() else 0
        if self.notes.minimumHeight() != height:
            self.notes.setMinimumHeight(height)

    def _tiles(self) -> QtWidgets.QGridLayout:
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(4)
        specs = (("Total project cost", "total_cost"), ("Committed budget", "committed"),
                 ("Final run cost", "final_cost"),
                 ("Iceberg ratio", "iceberg"), ("Accelerator-hours", "accelerator_hours"),
                 ("Wall-clock", "wall_clock"), ("Energy", "energy"), ("CO2e", "co2"))
        for caption, name in specs:
            self.figures[name] = Headline(caption, name)
        # The point estimate and the committed budget, the figures that matter most, one above the other
        # in the first column; the other six in three columns: usable from 1024 pixels wide.
        grid.addWidget(self.figures["total_cost"], 0, 0)
        grid.addWidget(self.figures["committed"], 1, 0)
        for i, (_caption, name) in enumerate(specs[2:]):
            grid.addWidget(self.figures[name], i // 3, 1 + i % 3)
        grid.setColumnStretch(0, 2)
        for col in range(1, 4):
            grid.setColumnStretch(col, 1)
        return grid

    def _category_table(self) -> QtWidgets.QTableView:
        table = QtWidgets.QTableView()
        table.setObjectName("categories")
        table.setTextElideMode(QtCore.Qt.ElideMiddle)   # named rows alike at the start keep their different ends
        table.setTabKeyNavigation(False)   # Tab leaves the table (no keyboard trap); arrows move in it
        table.setModel(self.table_model)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 3)
        table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        table.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
        # Fixed widths wide enough for large figures: ResizeToContents would re-measure every cell on
        # every keystroke (hundreds of data() calls per edit).
        header = table.horizontalHeader()
        # The figures' columns as wide as their widest figure (_fit_columns, after each change); the
        # Category column takes the rest of the panel's width: no horizontal scroll bar over the Total
        # row, and long ablation names get what room there is.
        header.setSectionResizeMode(QtWidgets.QHeaderView.Fixed)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        bold = QtGui.QFont(table.font())
        bold.setBold(True)
        self._bold_metrics = QtGui.QFontMetrics(bold)   # the total's row: the widest figures, in bold
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("Accel-hours") // 2)
        table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        return table

    def _total_footer(self) -> QtWidgets.QTableView:
        """The Total row, always on screen: the same model, showing only its last row, under the table
        (which scrolls once named rows and line items outgrow MAX_ROWS), its columns kept in step."""
        footer = QtWidgets.QTableView()
        footer.setObjectName("total")
        footer.setModel(self.table_model)
        footer.horizontalHeader().setVisible(False)
        footer.verticalHeader().setVisible(False)
        footer.verticalHeader().setDefaultSectionSize(self.table.verticalHeader().defaultSectionSize())
        for bar in (footer.horizontalScrollBar(), footer.verticalScrollBar()):
            bar.setEnabled(False)
        footer.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        footer.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        footer.setFocusPolicy(QtCore.Qt.NoFocus)
        footer.setFixedHeight(footer.verticalHeader().defaultSectionSize() + 2 * footer.frameWidth())
        footer.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)
        self.table.horizontalHeader().sectionResized.connect(lambda i, _old, new: footer.setColumnWidth(i, new))
        return footer

    def _fit_columns(self) -> None:
        """The Cost column as wide as the total's money (the largest, in bold); the footer's columns as the
        table's, so that the total sits under its figures."""
        count, m = self.table_model.rowCount(), self._bold_metrics
        header = self.table.horizontalHeader()
        for column in range(1, len(COLUMNS)):   # bold: wide enough for every row, the total's included
            texts = [self.table_model.data(self.table_model.index(r, column)) or "" for r in range(count)]
            title = header.fontMetrics().horizontalAdvance(COLUMNS[column])
            width = max([m.horizontalAdvance(t) for t in texts] + [title]) + 16
            if self.table.columnWidth(column) != width:
                self.table.horizontalHeader().resizeSection(column, width)
        for i in range(self.table_model.columnCount()):
            self.total_table.setColumnWidth(i, self.table.columnWidth(i))

    def _fit_table(self) -> None:
        """Exactly as tall as its rows (7 to 9 with distillation and the total): no blank rows. Named
        ablations and baselines and line items add rows: beyond MAX_ROWS the table scrolls, so that the
        charts below keep their room."""
        count = self.table_model.rowCount()
        for r in range(count):   # the total is the footer's alone
            self.table.setRowHidden(r, r == count - 1)
            self.total_table.setRowHidden(r, r != count - 1)
        self.total_table.scrollToBottom()
        self._fit_columns()
        rows = min(count - 1, MAX_ROWS)
        scrolls = QtCore.Qt.ScrollBarAlwaysOn if count - 1 > MAX_ROWS else QtCore.Qt.ScrollBarAlwaysOff
        self.table.setVerticalScrollBarPolicy(scrolls)
        self.total_table.setVerticalScrollBarPolicy(scrolls)   # the same gutter: columns line up
        height = self.table.horizontalHeader().sizeHint().height() + rows * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())

    def set_summary(self, summary: dict, schedule=None) -> None:
        """`schedule` (planner.analysis.schedule) gives the wall-clock tile its duration."""
        self._show_figures(summary)
        if schedule is not None:
            self._show_schedule(summary, schedule)
        self.table_model.set_summary(summary)
        self._fit_columns()   # a larger total may need a wider Cost column
        notes = "\n".join(note_lines(summary))
        if self.notes.text() != notes:   # a wrapped label re-lays out the panel on every setText
            self.notes.setText(notes)
            self.notes.setVisible(bool(notes))
            self._fit_notes()

    def _show_figures(self, summary: dict) -> None:
        cur, t, f = summary.currency, summary.total, summary.final_run
        unc = summary.uncertainty
        count = summary.assumptions.count

        def band(key, fmt, unit=""):
            u = getattr(unc, key, None) if unc else None   # energy_kwh and the others may be left out
            if u is None:
                return ""
            return f"90%: {fmt(u.p5)}-{fmt(u.p95)}{unit}"   # short: a tile is a quarter of the panel

        days = f.wall_clock_hours / 24
        self.figures["total_cost"].show_value(money(t.cost, cur), band("cost", lambda v: short_money(v, cur)),
                                              f"{t.cost:,.2f} {cur}")
        self._show_committed(summary)
        self.figures["final_cost"].show_value(money(f.cost, cur), "", f"{f.cost:,.2f} {cur}; "
                                              f"{hours_text(f.wall_clock_hours)} on {accelerators(count)}")
        self.figures["iceberg"].show_value(
            f"{summary.iceberg_ratio:,.1f}x", "project / final run",
            f"{t.cost:,.2f} / {f.cost:,.2f} {cur} = {summary.iceberg_ratio:,.4g}")
        self.figures["accelerator_hours"].show_value(
            f"{t.accelerator_hours:,.0f}", band("accelerator_hours", engineering),
            f"{t.accelerator_hours:,.1f} accelerator-hours in all; the final run {f.accelerator_hours:,.1f}")
        self.figures["wall_clock"].show_value(
            f"{sig3(t.wall_clock_hours / 24)} days",
            band("wall_clock_hours", lambda v: sig3(v / 24), " days") or f"final run: {hours_text(f.wall_clock_hours)}",
            f"The whole project run back to back on {accelerators(count)} ({t.wall_clock_hours:,.1f} h); "
            f"the final run alone takes {hours_text(f.wall_clock_hours)} ({days:,.2f} days)")
        self.figures["energy"].show_value(
            f"{sig3(t.energy_kwh / 1000)} MWh", band("energy_kwh", lambda v: sig3(v / 1000), " MWh"),
            f"{t.energy_kwh:,.1f} kWh, PUE included")
        self.figures["co2"].show_value(
            f"{sig3(t.co2_kg / 1000)} t", band("co2_kg", lambda v: sig3(v / 1000), " t"),
            f"{t.co2_kg:,.1f} kg CO2e")


    def _show_schedule(self, summary, s) -> None:
        """Wall-clock is the schedule's: phases one after another, runs side by side as the accelerators allow."""
        f, count = summary.final_run, summary.assumptions.count
        back_to_back = summary.total.wall_clock_hours / 24
        start = s.start if s.start_given else f"{s.start} (today: schedule.start is not set)"
        self.figures["wall_clock"].show_value(
            duration_text(s.duration_days), f"ends {s.end}",
            f"The schedule: tuning, then ablations and baselines, then the final run (with ensemble members), "
            f"its seed repeats, distillation and contingency, one phase after another; within a phase "
            f"{s.runs_at_once:,} run{'s' if s.runs_at_once != 1 else ''} at once on {s.accelerators:,g} "
            f"accelerators (schedule.accelerators), each on {accelerators(count)}. From {start} to {s.end}. "
            f"Back to back on {accelerators(count)}: {back_to_back:,.1f} days; the final run alone takes "
            f"{hours_text(f.wall_clock_hours)}. See the Schedule tab.")

    def _show_committed(self, summary) -> None:
        """The figure for a grant: the total at the file's confidence, beside the point estimate."""
        b, cur, tile = summary.budget, summary.currency, self.figures["committed"]
        ranged = "uncertainty" in summary
        tile.caption.setText(f"Committed budget at {b.confidence:.0%}" if ranged else "Committed budget")
        if b.cap is not None:
            band = f"{b.probability_over:.1%} chance over the {short_money(b.cap, cur)} cap"
        else:
            band = f"{b.confidence:.0%} of draws stay within" if ranged else "the point estimate"
        tip = (f"The total at {b.confidence:.0%} confidence: {b.confidence:.0%} of the Monte Carlo draws of the "
               f"project's total stay within {b.amount:,.2f} {cur} (budget.confidence; the point estimate is "
               f"{summary.total.cost:,.2f})" if ranged else
               "No input is a range, so the committed budget is the point estimate (budget.confidence "
               "applies once some input is given as [low, high])")
        tile.show_value(money(b.amount, cur), band, tip)


def table_lines(summary) -> list[tuple[str, str, object]]:
    """The window's budget table: every category (zeros too), each named ablation and baseline under its
    category, the line items beyond compute, then the total."""
    out = []
    for c in summary.categories:
        out.append(("category", category_label(c.category), c))
        out += [("row", r.name, r) for r in (c.rows or [])]
    out += [("item", f"{KIND_LABELS.get(i.kind, i.kind)}: {i.name}", i) for i in summary.costs]
    return out + [("total", "Total", summary.total.as_category())]


def duration_text(days: float) -> str:
    """"14.5 days"; under two days in hours ("2.2 h", not "0.0253 days"), as the command line says it."""
    return f"{sig3(days)} days" if days >= 2 else f"{sig3(days * 24)} h"


def sig3(value: float) -> str:
    """Three significant figures, grouped when large: 0.0921, 12.8, 1,234."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def note_lines(summary) -> list[str]:
    """Budget cap, what-ifs, serving, checks and warnings, one line each, worded as every report words them."""
    return [f"{label}: {text}" for label, text in note_items(summary)]
