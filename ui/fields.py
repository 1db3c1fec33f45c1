"""Editable fields bound to one scenario key. An invalid entry is marked in place and changes nothing."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

import planner
from planner.quantities import format_quantity, parse_quantity

INVALID_STYLE = "QLineEdit[invalid=\"true\"] { border: 2px solid #d55e00; }"


class NumberField(QtWidgets.QLineEdit):
    """A number typed as 1.4T, 340M, 2.5k, 1.4e12, or a range 0.3-0.5; edits go live to the document."""

    error = QtCore.Signal(str)  # the reason shown for an invalid entry ("" when it is valid again)

    def __init__(self, document, section: str, key: str, label: str, *, integer=False, allow_range=True,
                 optional=False, placeholder="", parent=None):
        super().__init__(parent)
        self.document, self.section, self.key, self.label = document, section, key, label
        self.integer, self.allow_range, self.optional = integer, allow_range and not integer, optional
        self.setPlaceholderText(placeholder)
        self.setStyleSheet(INVALID_STYLE)
        self.setObjectName(f"{section}.{key}")
        self.textEdited.connect(self._edited)
        self._help = ""
        # The state lives in Python: reading an unset Qt property back (QObject.property) returns a
        # None that PySide6 6.12 does not reference-count, and enough reads crash the interpreter.
        self.invalid = False
        self.setProperty("invalid", False)

    def set_help(self, text: str) -> None:
        self._help = text
        if not self.invalid:
            self.setToolTip(text)

    def value_of(self, scenario):
        part = getattr(scenario, self.section) if self.section else scenario
        return getattr(part, self.key)

    def refresh(self, scenario) -> None:
        """Show the scenario's value, unless the text already means it (so typing is not disturbed)."""
        value = self.value_of(scenario)
        if self.invalid and self.hasFocus():
            return
        try:
            if self._parse(self.text()) == value:
                self._mark("")
                return
        except ValueError:
            pass
        self.setText(format_quantity(value, suffixes=not self.integer))
        self._mark("")

    def _parse(self, text: str):
        if not text.strip() and self.optional:
            return None
        value = parse_quantity(text, allow_range=self.allow_range)
        if self.integer:
            if not float(value).is_integer():
                raise ValueError("enter a whole number")
            return int(value)
        return value

    def _edited(self, text: str) -> None:
        try:
            value = self._parse(text)
            self.document.edit_value(self.section, self.key, value, self.label)
        except ValueError as exc:  # planner.ScenarioError is a ValueError too
            self._mark(_reason(exc))
            return
        self._mark("")

    def _mark(self, reason: str) -> None:
        invalid = bool(reason)
        if self.invalid != invalid:
            self.invalid = invalid
            self.setProperty("invalid", invalid)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setToolTip(reason or self._help)
        self.error.emit(reason)


def _reason(exc: Exception) -> str:
    """A planner message without the file prefix: the field already says where."""
    if isinstance(exc, planner.ScenarioError):
        text = f"{exc.key}: {exc.expected}" if exc.key else exc.expected
        return text + (f"; found {exc.found}" if exc.found is not None else "")
    return str(exc)


class ChoiceField(QtWidgets.QComboBox):
    """A fixed choice (family, precision, offer ...): items are (label, value)."""

    error = QtCore.Signal(str)

    def __init__(self, document, section: str, key: str, label: str, items, parent=None):
        super().__init__(parent)
        self.document, self.section, self.key, self.label = document, section, key, label
        self.setObjectName(f"{section}.{key}")
        self.set_items(items)
        self.activated.connect(self._chosen)

    def set_items(self, items) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for text, value in items:
            self.addItem(text, value)
        index = self.findData(current)
        if index >= 0:
            self.setCurrentIndex(index)
        self.blockSignals(False)

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
        except planner.ScenarioError as exc:
            self.error.emit(_reason(exc))
            self.refresh(self.document.scenario)


class CheckField(QtWidgets.QCheckBox):
    error = QtCore.Signal(str)

    def __init__(self, document, section: str, key: str, label: str, parent=None):
        super().__init__(label, parent)
        self.document, self.section, self.key, self.label = document, section, key, label
        self.setObjectName(f"{section}.{key}")
        self.clicked.connect(self._clicked)

    def refresh(self, scenario) -> None:
        value = bool(getattr(getattr(scenario, self.section), self.key))
        if value != self.isChecked():
            self.setChecked(value)

    def _clicked(self, checked: bool) -> None:
        try:
            self.document.edit_value(self.section, self.key, checked, self.label)
            self.error.emit("")
        except planner.ScenarioError as exc:
            self.error.emit(_reason(exc))
            self.refresh(self.document.scenario)


class TextField(QtWidgets.QLineEdit):
    """Free text (the scenario's name): printed literally everywhere."""

    error = QtCore.Signal(str)

    def __init__(self, document, key: str, label: str, parent=None):
        super().__init__(parent)
        self.document, self.key, self.label = document, key, label
        self.setObjectName(key)
        self.setStyleSheet(INVALID_STYLE)
        self.textEdited.connect(self._edited)

    def refresh(self, scenario) -> None:
        if self.text() != getattr(scenario, self.key):
            self.setText(getattr(scenario, self.key))

    def _edited(self, text: str) -> None:
        try:
            self.document.edit_value("", self.key, text, self.label)
            self.setProperty("invalid", False)
            self.error.emit("")
        except planner.ScenarioError as exc:
            self.setProperty("invalid", True)
            self.error.emit(_reason(exc))
        self.style().unpolish(self)
        self.style().polish(self)


class DescriptionField(QtWidgets.QPlainTextEdit):
    """The scenario's free-text description; consecutive typing merges into one undo step."""

    error = QtCore.Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("description")
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.textChanged.connect(self._edited)

    def refresh(self, scenario) -> None:
        if self.toPlainText() != scenario.description:
            self.blockSignals(True)
            self.setPlainText(scenario.description)
            self.blockSignals(False)

    def _edited(self) -> None:
        try:
            self.document.edit_value("", "description", self.toPlainText(), "description")
            self.error.emit("")
        except planner.ScenarioError as exc:
            self.error.emit(_reason(exc))
