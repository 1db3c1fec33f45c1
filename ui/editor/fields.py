"""Editable fields bound to one scenario key. An invalid entry is marked in place and changes nothing."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

import planner
from planner.model.quantities import format_quantity, parse_money, parse_quantity

from ui.editor.keys import route_to_stack

INVALID_COLOR = "#d55e00"   # Okabe-Ito vermillion: stands out on light and dark backgrounds


class MarkedLineEdit(QtWidgets.QLineEdit):
    """A line edit that can be marked invalid: a vermillion frame and the reason as its tooltip.

    The frame is painted over the style's own drawing rather than set by a style sheet: a widget
    with a style sheet keeps the palette it was polished with, so it stayed white after a switch to
    a dark theme; painting also spares a re-polish per keystroke.
    """

    error = QtCore.Signal(str)  # the reason shown for an invalid entry ("" when it is valid again)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._help = ""
        # A plain attribute, not a Qt property: reading an unset Qt property back (QObject.property)
        # returns a None that PySide6 6.12 does not reference-count, and enough reads crash it.
        self.invalid = False

    def set_help(self, text: str) -> None:
        self._help = text
        if not self.invalid:
            self.setToolTip(text)

    def mark(self, reason: str) -> None:
        invalid = bool(reason)
        changed = self.invalid != invalid
        if changed:
            self.invalid = invalid
            self.update()
        tip = reason or self._help
        if self.toolTip() != tip:
            self.setToolTip(tip)
        if reason or changed:   # fields are refreshed on every edit: stay quiet when nothing changed
            self.error.emit(reason)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.invalid:
            painter = QtGui.QPainter(self)
            painter.setPen(QtGui.QPen(QtGui.QColor(INVALID_COLOR), 2))
            painter.drawRect(QtCore.QRectF(self.rect()).adjusted(1, 1, -1, -1))
            painter.end()


_KEY_EVENTS = (QtCore.QEvent.Type.ShortcutOverride, QtCore.QEvent.Type.KeyPress)


class _ScenarioText:
    """Mixin for text fields bound to the document: Ctrl+Z/Ctrl+Y act on the scenario's undo stack,
    and leaving the field ends its typing session (the next edit there is a new undo step)."""

    document = None

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() in _KEY_EVENTS and self.document is not None \
                and route_to_stack(self, event, self.document.undo_stack):
            if event.type() == QtCore.QEvent.Type.KeyPress:
                self.after_undo()
            return True
        return super().event(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.document.end_merge()
        super().focusOutEvent(event)

    def after_undo(self) -> None:
        """Show the scenario's value again, even over an invalid entry."""
        self.refresh(self.document.scenario, force=True)


class _ScenarioLineEdit(_ScenarioText, MarkedLineEdit):
    """A one-line field bound to a key (`name`, "section.key"): every edit goes live; Return also ends
    the typing session (connected to returnPressed, not editingFinished, which leaving the field emits
    as well: that ends it once, in focusOutEvent). An invalid entry is marked and changes nothing."""

    def __init__(self, document, name: str, parent=None):
        super().__init__(parent)
        self.document, self.name = document, name
        self._abandoning = False   # this field's own invalid entry is being taken back
        self.setObjectName(name)
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(document.end_merge)

    def _keeps_text(self, force: bool) -> bool:
        """True when a refresh must leave the text as typed: its own invalid entry is being taken
        back, or the user is still typing one (unless forced, as after an undo)."""
        return self._abandoning or (self.invalid and self.hasFocus() and not force)

    def _try(self, edit) -> None:
        """Apply an edit: `edit()` raises ValueError (planner.ScenarioError too) for an invalid entry,
        which is then marked with its reason after undoing what a valid prefix of it applied ("0.5"
        of "0.5-0.3")."""
        try:
            edit()
        except ValueError as exc:
            self._abandoning = True
            try:
                self.document.abandon_typing(self.name)
            finally:
                self._abandoning = False
            self.mark(_reason(exc))
            return
        self.mark("")

    def _edited(self, text: str) -> None:
        raise NotImplementedError


class NumberField(_ScenarioLineEdit):
    """A number typed as 1.4T, 340M, 2.5k, 1.4e12, or a range 0.3-0.5; edits go live to the document."""

    def __init__(self, document, section: str, key: str, label: str, *, integer=False, allow_range=True,
                 optional=False, placeholder="", parent=None):
        super().__init__(document, f"{section}.{key}", parent)
        self.section, self.key, self.label = section, key, label
        self.integer, self.allow_range, self.optional = integer, allow_range and not integer, optional
        self.setPlaceholderText(placeholder)

    def value_of(self, scenario):
        part = getattr(scenario, self.section) if self.section else scenario
        return getattr(part, self.key)

    def refresh(self, scenario, force: bool = False) -> None:
        """Show the scenario's value, unless the text already means it (so typing is not disturbed)
        or the user is still typing an invalid entry."""
        if self._keeps_text(force):
            return
        value = self.value_of(scenario)
        try:
            if self._parse(self.text()) == value:
                self.mark("")
                return
        except ValueError:
            pass
        self.setText(self._format(value))
        self.mark("")

    def _format(self, value) -> str:
        return format_quantity(value, suffixes=not self.integer)

    def _parse(self, text: str):
        if not text.strip():
            if self.optional:
                return None
            raise ValueError(f"{self.label} is required: enter a number (the last value stays in use)")
        value = parse_quantity(text, allow_range=self.allow_range)
        if self.integer:
            if not float(value).is_integer():
                raise ValueError("enter a whole number")
            return int(value)
        return value

    def _edited(self, text: str) -> None:
        self._try(lambda: self.document.edit_value(self.section, self.key, self._parse(text), self.label))


class MoneyField(NumberField):
    """An amount typed as money ("250k", "$1.2M", "1,200,000 USD"): the budget cap, wherever it is edited."""

    def _parse(self, text: str):
        value = parse_money(text)
        if value is None and not self.optional:
            raise ValueError(f"{self.label} is required: enter an amount (the last value stays in use)")
        return value

    def _format(self, value) -> str:
        if value is None:
            return ""
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _reason(exc: Exception) -> str:
    """A planner message without the file prefix: the field already says where."""
    if isinstance(exc, planner.ScenarioError):
        text = f"{exc.key}: {exc.expected}" if exc.key else exc.expected
        return text + (f"; found {exc.found}" if exc.found is not None else "")
    return str(exc)


def compact(combo: QtWidgets.QComboBox) -> None:
    """A combo box as narrow as the editor: long item texts are elided, not a reason to widen."""
    combo.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    combo.view().setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)   # the open list shows them whole


class ChoiceField(QtWidgets.QComboBox):
    """A fixed choice (family, precision, offer ...): items are (label, value)."""

    error = QtCore.Signal(str)

    def __init__(self, document, section: str, key: str, label: str, items, parent=None):
        super().__init__(parent)
        self.document, self.section, self.key, self.label = document, section, key, label
        self.setObjectName(f"{section}.{key}")
        compact(self)
        self.set_items(items)
        self.activated.connect(self._chosen)

    def set_items(self, items) -> None:
        items = list(items)
        if items == self._items():
            return   # refreshed on every edit: rebuilding unchanged items would be wasted work
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for text, value in items:
            self.addItem(text, value)
        index = self.findData(current)
        if index >= 0:
            self.setCurrentIndex(index)
        self.blockSignals(False)

    def _items(self) -> list:
        return [(self.itemText(i), self.itemData(i)) for i in range(self.count())]

    def refresh(self, scenario) -> None:
        value = getattr(getattr(scenario, self.section), self.key)
        index = self.findData(value)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _chosen(self, index: int) -> None:
        try:
            self.document.edit_value(self.section, self.key, self.itemData(index), self.label)
            self.error.emit("")
        except ValueError as exc:
            self.error.emit(_reason(exc))
            self.refresh(self.document.scenario)


class CheckField(QtWidgets.QCheckBox):
    """A yes/no key. `default_on`: a key whose absence (None) means yes (model.tie_embeddings): shown
    checked when the file leaves it out, and checking writes the absence back rather than `true`."""

    error = QtCore.Signal(str)

    def __init__(self, document, section: str, key: str, label: str, parent=None, default_on: bool = False):
        super().__init__(label, parent)
        self.document, self.section, self.key, self.label = document, section, key, label
        self.default_on = default_on
        self.setObjectName(f"{section}.{key}")
        self.clicked.connect(self._clicked)

    def refresh(self, scenario) -> None:
        value = getattr(getattr(scenario, self.section), self.key)
        value = self.default_on if value is None else bool(value)
        if value != self.isChecked():
            self.setChecked(value)

    def _clicked(self, checked: bool) -> None:
        value = None if self.default_on and checked else checked
        try:
            self.document.edit_value(self.section, self.key, value, self.label)
            self.error.emit("")
        except ValueError as exc:
            self.error.emit(_reason(exc))
            self.refresh(self.document.scenario)


class TextField(_ScenarioLineEdit):
    """Free text (the scenario's name): printed literally everywhere."""

    def __init__(self, document, key: str, label: str, parent=None):
        super().__init__(document, key, parent)
        self.key, self.label = key, label

    def refresh(self, scenario, force: bool = False) -> None:
        if self._keeps_text(force):
            return
        if self.text() != getattr(scenario, self.key):
            self.setText(getattr(scenario, self.key))
            if not self.hasFocus():
                self.setCursorPosition(0)   # a long name reads from its start, not its end
        self.mark("")

    def _edited(self, text: str) -> None:
        self._try(lambda: self.document.edit_value("", self.key, text, self.label))


class DescriptionField(_ScenarioText, QtWidgets.QPlainTextEdit):
    """The scenario's free-text description; consecutive typing merges into one undo step."""

    error = QtCore.Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("description")
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.textChanged.connect(self._edited)

    def refresh(self, scenario, force: bool = False) -> None:
        if self.toPlainText() != scenario.description:
            self.blockSignals(True)
            self.setPlainText(scenario.description)
            self.blockSignals(False)

    def _edited(self) -> None:
        try:
            self.document.edit_value("", "description", self.toPlainText(), "description")
            self.error.emit("")
        except ValueError as exc:
            self.error.emit(_reason(exc))
