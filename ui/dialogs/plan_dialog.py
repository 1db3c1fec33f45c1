"""Planning backwards: what a budget buys, the count that meets a deadline, and every offer ranked.

A thin skin over planner.analysis.plan.solve and planner.analysis.offers.price_options: the dialog parses what was
typed, shows the planner's answer or its refusal (inline, in the planner's words), and applies an
answer to the document as one undoable edit.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

import planner
from planner.analysis import plan
from planner.analysis.edits import take_offer
from planner.model.quantities import engineering, hours_text, money, price
from planner.present.formats import unranked_text
from planner.analysis.offers import unranked_catalogs
from planner.model.quantities import format_quantity, parse_money, parse_quantity

from ui.dialogs.sizes import default_size
from ui.editor.fields import INVALID_COLOR, MarkedLineEdit

SOLVES = (("Training tokens the budget buys", "tokens"), ("Tuning trials the budget buys", "trials"),
          ("Accelerator count that meets a deadline", "count"))
# (budget placeholder, deadline placeholder) for each solve
PLACEHOLDERS = {"tokens": ("required, e.g. $1.2M", "optional: also sets the count"),
                "trials": ("required, e.g. 750k", "optional: also sets the count"),
                "count": ("optional: checked against the plan", "required, e.g. 30")}
FIELD_NAMES = {"budget": "Budget", "deadline": "Deadline", "solve": "What to solve"}
ERROR_STYLE = f"color: {INVALID_COLOR};"   # the vermillion of invalid fields (ui.fields)


def short_answer(result) -> str:
    """The solved value as a person reads it: "3.26T training tokens", "124 × h100 accelerators"."""
    if result.solve == "tokens":
        return f"{engineering(result.value)} training tokens"
    if result.solve == "trials":
        return f"{result.value:,.0f} tuning trials"
    return f"{result.value:,.0f} × {result.summary.assumptions.accelerator} accelerators"


def answer_text(result, before: dict, scenario) -> str:
    """The answer and what it replaces; `before` is the summary of `scenario`, the one solved from."""
    now = {"tokens": lambda: engineering(before.final_run.tokens),
           "trials": lambda: format_quantity(scenario.project.trials),
           "count": lambda: format_quantity(scenario.compute.count)}[result.solve]()
    return f"{short_answer(result)} (now {now})"


def _reason(exc: Exception) -> str:
    """The planner's words, naming the dialog's field rather than the command-line flag."""
    if isinstance(exc, planner.RequestError):
        key = FIELD_NAMES.get(exc.field, exc.field)
        text = f"{key}: {exc.expected}" if key else exc.expected
        return text + (f"; found {exc.found}" if exc.found is not None else "")
    return str(exc)


class _FieldError(ValueError):
    """A field's text could not be read; the message already names the field."""


def _parse_days(text: str) -> float | None:
    if not text.strip():
        return None
    value = float(parse_quantity(text, allow_range=False))
    if value <= 0:
        raise ValueError("enter a number of days greater than zero")
    return value


# -- offers ---------------------------------------------------------------------------------------
COLUMNS = ("", "Accelerator", "Catalog", "Offer", "As of", "Price / acc-hour", "Project cost", "Wall-clock")
MARK, ACCELERATOR, CATALOG, OFFER, AS_OF, PRICE, COST, WALL = range(len(COLUMNS))
SORTS = (("Total cost", "cost"), ("Wall-clock", "wall_clock"))


class OffersTableModel(QtCore.QAbstractTableModel):
    """price_options() rows, read-only, each in its own currency; the scenario's own option is marked ▶
    and bold."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._text: list[tuple[str, ...]] = []

    def set_options(self, options, sort: str = "cost") -> None:
        key = (lambda o: (o.cost, o.wall_clock_hours)) if sort == "cost" else (lambda o: (o.wall_clock_hours, o.cost))
        self.beginResetModel()
        self._rows = sorted(options, key=key)
        self._text = [self._format(o) for o in self._rows]
        self.endResetModel()

    def options(self) -> list:
        return list(self._rows)

    def _format(self, o) -> tuple[str, ...]:
        return ("▶" if o.current else "", o.accelerator, o.catalog, o.offer, o.as_of,
                price(o.price_per_hour, o.currency) + (" *" if o.estimate else ""),
                money(o.cost, o.currency), hours_text(o.wall_clock_hours))

    def rowCount(self, parent=QtCore.QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QtCore.QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):  # noqa: N802
        if role == QtCore.Qt.DisplayRole and orientation == QtCore.Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index, role=QtCore.Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        o, col = self._rows[index.row()], index.column()
        if role == QtCore.Qt.DisplayRole:
            return self._text[index.row()][col]
        if role == QtCore.Qt.ToolTipRole:
            return "\n".join(filter(None, [
                o.label + ("  (this scenario)" if o.current else ""),
                "Estimated or derived price" if o.estimate else "Listed price",
                f"Project cost {o.cost:,.2f} {o.currency}",
                f"Wall-clock {o.wall_clock_hours:,.0f} h, the whole project back to back"]))
        if role == QtCore.Qt.TextAlignmentRole and col >= PRICE:
            return int(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
        if role == QtCore.Qt.FontRole and o.current:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None


def _offer_row(o) -> str:
    """The scenario's own offer as the ranked list shows it, on one line."""
    as_of = f" (as of {o.as_of})" if o.as_of else ""
    return (f"{o.label}{as_of}, {price(o.price_per_hour, o.currency)} per accelerator-hour, "
            f"{money(o.cost, o.currency)}, {hours_text(o.wall_clock_hours)}")


# -- the dialog -----------------------------------------------------------------------------------
class PlanDialog(QtWidgets.QDialog):
    """Solve tab (what to solve, budget, deadline, Solve, Apply) and Rank offers tab."""

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.solved: plan.PlanResult | None = None
        self.setWindowTitle("Plan")
        self.resize(*default_size(self, 760, 520))
        tabs = QtWidgets.QTabWidget()
        tabs.addTab(self._solve_tab(), "Solve")
        tabs.addTab(self._offers_tab(), "Rank offers")
        self.tabs = tabs
        tabs.currentChanged.connect(self._scroll_to_current)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        self.current_offer = QtWidgets.QLabel()   # what both tabs start from: the scenario's own offer
        self.current_offer.setObjectName("current_offer")
        self.current_offer.setTextFormat(QtCore.Qt.PlainText)
        self.current_offer.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.current_offer)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        document.changed.connect(self._document_changed)
        self._what_changed()
        self._fill_offers()

    def _solve_tab(self) -> QtWidgets.QWidget:
        self.what = QtWidgets.QComboBox()
        self.what.setObjectName("solve")
        for text, key in SOLVES:
            self.what.addItem(text, key)
        self.budget = MarkedLineEdit()
        self.budget.setObjectName("budget")
        self.deadline = MarkedLineEdit()
        self.deadline.setObjectName("deadline")
        for field in (self.budget, self.deadline):
            field.textEdited.connect(self._inputs_changed)
            field.returnPressed.connect(self.solve_now)
        self.what.currentIndexChanged.connect(self._what_changed)
        self.hint = QtWidgets.QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(QtCore.Qt.PlainText)
        self.hint.setForegroundRole(QtGui.QPalette.PlaceholderText)
        form = QtWidgets.QFormLayout()
        form.addRow("What to solve", self.what)
        form.addRow("Budget", self.budget)
        form.addRow("Deadline (days)", self.deadline)
        self.solve_button = QtWidgets.QPushButton("Solve")
        self.solve_button.setDefault(True)
        self.solve_button.clicked.connect(self.solve_now)
        self.apply_button = QtWidgets.QPushButton("Apply to scenario")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.solve_button)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        self.answer = QtWidgets.QLabel()
        self.answer.setObjectName("answer")
        self.answer.setTextFormat(QtCore.Qt.PlainText)
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.answer.setAlignment(QtCore.Qt.AlignTop | QtCore.Qt.AlignLeft)
        self._error = False
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.answer, 1)
        return page

    def _offers_tab(self) -> QtWidgets.QWidget:
        self.sort = QtWidgets.QComboBox()
        self.sort.setObjectName("sort")
        for text, key in SORTS:
            self.sort.addItem(text, key)
        self.sort.currentIndexChanged.connect(lambda _i: self._fill_offers())
        self.offers_model = OffersTableModel(self)
        self.offers = QtWidgets.QTableView()
        self.offers.setObjectName("offers")
        self.offers.setTabKeyNavigation(False)   # Tab leaves the table (no keyboard trap); arrows move in it
        self.offers.setModel(self.offers_model)
        self.offers.verticalHeader().setVisible(False)
        self.offers.verticalHeader().setDefaultSectionSize(self.offers.fontMetrics().height() + 6)
        self.offers.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.offers.horizontalHeader().setStretchLastSection(True)
        self.offers.selectionModel().selectionChanged.connect(lambda *_: self._offer_selected())
        self.offers.doubleClicked.connect(lambda index: self.apply_offer(index.row()))
        self.apply_offer_button = QtWidgets.QPushButton("Use this offer")
        self.apply_offer_button.setObjectName("apply_offer")
        self.apply_offer_button.setToolTip("Price the scenario with the selected offer: its accelerator (a measured "
                                           "run keeps its implied utilization), catalog and offer, as one undo step")
        self.apply_offer_button.setEnabled(False)
        self.apply_offer_button.clicked.connect(lambda: self.apply_offer(self._selected_offer()))
        self.offer_notice = QtWidgets.QLabel()   # what taking an offer did besides, or why it was refused
        self.offer_notice.setObjectName("offer_notice")
        self.offer_notice.setTextFormat(QtCore.Qt.PlainText)
        self.offer_notice.setWordWrap(True)
        self.offer_notice.setVisible(False)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Sort by"))
        row.addWidget(self.sort)
        row.addStretch(1)
        row.addWidget(self.apply_offer_button)
        note = QtWidgets.QLabel("▶ this scenario   * an estimated or derived price. Other accelerators are priced "
                                "at the same FLOPs and utilization, with their cheapest offer per catalog.")
        note.setWordWrap(True)
        note.setForegroundRole(QtGui.QPalette.PlaceholderText)
        self.unranked = QtWidgets.QLabel()   # catalogs in another currency: never ranked with these
        self.unranked.setObjectName("unranked")
        self.unranked.setTextFormat(QtCore.Qt.PlainText)
        self.unranked.setWordWrap(True)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.offers, 1)
        layout.addWidget(self.offer_notice)
        layout.addWidget(self.unranked)
        layout.addWidget(note)
        return page

    # -- public, for tests and the window --------------------------------------------------------
    def set_request(self, what: str, budget: str = "", deadline: str = "") -> None:
        """Fill the form as a person would (the texts are parsed like typed ones)."""
        self.what.setCurrentIndex(self.what.findData(what))
        self.budget.setText(budget)
        self.deadline.setText(deadline)
        self._inputs_changed()

    def solve_now(self) -> bool:
        """Solve what the form asks; show the answer or the reason it cannot be solved."""
        self.solved = None
        self.apply_button.setEnabled(False)
        what = self.what.currentData()
        try:
            budget = self._read(self.budget, "Budget", parse_money)
            deadline = self._read(self.deadline, "Deadline", _parse_days)
            result = plan.solve(self.document.scenario, what, budget=budget, deadline_days=deadline,
                                catalogs=self.document.catalogs)
        except _FieldError as exc:
            self._show(str(exc), error=True)
            return False
        except planner.RequestError as exc:
            field = {"budget": self.budget, "deadline": self.deadline}.get(exc.field)
            if field is not None:   # the planner refused that field's value: mark it as well
                self._mark(field, _reason(exc))
            self._show(_reason(exc), error=True)
            return False
        except planner.PlannerError as exc:   # any other refusal from the engine is shown, never raised
            self._show(str(exc), error=True)
            return False
        self.solved = result
        self._show(self._describe(result))
        self.apply_button.setEnabled(True)
        return True

    def result_text(self) -> str:
        """What the answer area shows: the answer, or the reason in red."""
        return self.answer.text()

    def error_shown(self) -> bool:
        return self._error

    def apply(self) -> bool:
        """Apply the shown answer to the document as one undoable step, then close."""
        if self.solved is None:
            return False
        try:
            after = planner.validate(self.solved.scenario, self.document.catalogs)
        except planner.ScenarioError as exc:
            self._show(_reason(exc), error=True)
            return False
        try:
            self.document.edit(after, f"Plan: {short_answer(self.solved)}")
        except planner.PlannerError as exc:   # the engine could not compute it: shown, nothing applied
            self._show(str(exc), error=True)
            return False
        self.accept()
        return True

    def apply_offer(self, row: int | None) -> bool:
        """Price the scenario with the offer in `row` of the ranked list (planner.analysis.edits.take_offer,
        the rule the window and the command line share), as one undoable step; the dialog stays open on
        the new ranking."""
        options = self.offers_model.options()
        if row is None or not 0 <= row < len(options) or options[row].current:
            return False
        o = options[row]
        try:
            edited = take_offer(self.document.scenario, self.document.catalogs, o.accelerator, o.catalog, o.offer)
            after = planner.validate(edited.scenario, self.document.catalogs)
            self.document.edit(after, f"Use offer {o.label}")
        except planner.PlannerError as exc:   # refused or not computable: said, nothing applied
            self._offer_said(_reason(exc), error=True)
            return False
        self._offer_said("; ".join(n.say() for n in edited.notes))
        return True

    def current_offer_text(self) -> str:
        return self.current_offer.text()

    # -- internals -------------------------------------------------------------------------------
    def _selected_offer(self) -> int | None:
        rows = self.offers.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _offer_selected(self) -> None:
        row, options = self._selected_offer(), self.offers_model.options()
        self.apply_offer_button.setEnabled(row is not None and row < len(options) and not options[row].current
                                           and options[row].catalog in self.document.catalogs.pricing)

    def _offer_said(self, text: str, error: bool = False) -> None:
        self.offer_notice.setText(text)
        self.offer_notice.setStyleSheet(ERROR_STYLE if error else "")
        self.offer_notice.setVisible(bool(text))

    def _read(self, field: QtWidgets.QLineEdit, name: str, parse):
        try:
            value = parse(field.text())
        except ValueError as exc:
            self._mark(field, str(exc))
            raise _FieldError(f"{name}: {exc}") from None
        self._mark(field, "")
        return value

    def _mark(self, field: MarkedLineEdit, reason: str) -> None:
        field.mark(reason)

    def _show(self, text: str, error: bool = False) -> None:
        self._error = error
        self.answer.setText(text)
        self.answer.setStyleSheet(ERROR_STYLE if error else "")

    def _describe(self, result) -> str:
        s, cur = result.summary, result.summary.currency
        t, count = s.total, s.assumptions.count
        lines = [answer_text(result, self.document.summary, self.document.scenario), "",
                 f"Total cost {money(t.cost, cur)}",
                 f"Wall-clock {hours_text(t.wall_clock_hours)} on {count:,g} × {s.assumptions.accelerator}"
                 " (the whole project back to back)"]
        unc = s.uncertainty
        if result.solve == "count" and unc is not None:
            w = unc.wall_clock_hours
            lines.append(f"Solved at the point estimate; the 90% range of the wall-clock is "
                         f"{w.p5 / 24:,.1f} to {w.p95 / 24:,.1f} days")
        elif unc is not None:
            c = unc.cost
            lines.append(f"Solved so that the committed budget (the total at {s.budget.confidence:.0%} confidence) "
                         "meets the budget; the 90% range of the total is "
                         f"{money(c.p5, cur)} to {money(c.p95, cur)}")
        lines += [f"Note: {note}" for note in result.notes]
        return "\n".join(lines)

    def _what_changed(self, _index: int = 0) -> None:
        what = self.what.currentData()
        budget_hint, deadline_hint = PLACEHOLDERS[what]
        self.budget.setPlaceholderText(budget_hint)
        self.deadline.setPlaceholderText(deadline_hint)
        now = money(self.document.summary.total.cost, self.document.summary.currency)
        self.hint.setText({
            "tokens": f"Scales the training tokens (and every run with them) until the whole project costs the "
                      f"budget. Now {now}.",
            "trials": f"The most tuning trials the budget pays for, everything else as it is. Now {now}.",
            "count": "The fewest accelerators that finish the whole project, run back to back, within the "
                     "deadline. The count sets the wall-clock only: the cost stays as it is.",
        }[what])
        self._inputs_changed()

    def _inputs_changed(self, _text: str = "") -> None:
        # An answer is only applied while it answers what the form shows.
        if self.solved is not None or self._error:
            self.solved = None
            self.apply_button.setEnabled(False)
            self._show("")

    def _document_changed(self, _scenario, _summary) -> None:
        self._what_changed()   # the hint quotes the current total; an answer for the old scenario goes
        self._fill_offers()

    def _fill_offers(self) -> None:
        self.offers_model.set_options(self.document.options(), self.sort.currentData())
        unranked = unranked_catalogs(self.document.scenario, self.document.catalogs)
        self.unranked.setText(unranked_text(unranked))
        self.unranked.setVisible(bool(unranked))
        self.offers.resizeColumnsToContents()
        current = next((i for i, o in enumerate(self.offers_model.options()) if o.current), None)
        self.current_offer.setText("This scenario: " + (_offer_row(self.offers_model.options()[current])
                                                         if current is not None else "no catalog offer"))
        self._offer_selected()
        self._scroll_to_current()

    def _scroll_to_current(self, _tab: int = 0) -> None:
        """The scenario's own offer in view, wherever the sort puts it (again when the tab is shown: a
        table not yet laid out cannot scroll)."""
        current = next((i for i, o in enumerate(self.offers_model.options()) if o.current), None)
        if current is not None:
            self.offers.scrollTo(self.offers_model.index(current, 0), QtWidgets.QAbstractItemView.PositionAtCenter)

