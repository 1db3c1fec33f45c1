"""The open scenario: its value, its file, its undo stack. Widgets send edits here and listen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtGui import QUndoCommand, QUndoStack

import planner
from planner.catalogs import Catalogs
from planner.options import price_options
from planner.scenario import Scenario


class EditCommand(QUndoCommand):
    """An edit as two values (before, after). Consecutive edits of one field merge into one step."""

    _ids: dict[str, int] = {}

    def __init__(self, document: "ScenarioDocument", before: Scenario, after: Scenario, text: str,
                 merge_key: str | None):
        super().__init__(text)
        self.document, self.before, self.after, self.merge_key = document, before, after, merge_key

    def id(self) -> int:  # noqa: A003 - Qt's name
        if self.merge_key is None:
            return -1
        return EditCommand._ids.setdefault(self.merge_key, len(EditCommand._ids) + 1)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.document._set(self.after)

    def undo(self) -> None:
        self.document._set(self.before)


class ScenarioDocument(QtCore.QObject):
    """Holds the scenario; `changed` fires with the new scenario and its summary after every change."""

    changed = QtCore.Signal(object, object)        # scenario, summary
    path_changed = QtCore.Signal(object)           # Path | None

    def __init__(self, scenario: Scenario, catalogs: Catalogs, path: Path | None = None, parent=None):
        super().__init__(parent)
        self.catalogs = catalogs
        self.undo_stack = QUndoStack(self)
        self._scenario = scenario
        self._summary = planner.summarize(scenario, catalogs)
        self._options = None
        self.path = path

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def summary(self) -> dict:
        return self._summary

    def options(self):
        """Every catalog offer priced for this project (computed on demand, once per change)."""
        if self._options is None:
            self._options = price_options(self._scenario, self.catalogs)
        return self._options

    def edit(self, after: Scenario, text: str, merge_key: str | None = None) -> None:
        """Apply an already validated scenario as one undoable step."""
        if after == self._scenario:
            return
        self.undo_stack.push(EditCommand(self, self._scenario, after, text, merge_key))

    def edit_value(self, section: str, key: str, value, label: str | None = None) -> None:
        """Validate then apply one field's new value; raises planner.ScenarioError if refused."""
        after = planner.validate(planner.scenario.with_value(self._scenario, section, key, value), self.catalogs)
        name = f"{section}.{key}" if section else key
        self.edit(after, f"Edit {label or name}", merge_key=name)

    def replace_all(self, scenario: Scenario, path: Path | None) -> None:
        """A new or opened file: a fresh history, clean."""
        self.undo_stack.clear()
        self.path = path
        self._set(scenario)
        self.undo_stack.setClean()
        self.path_changed.emit(path)

    def save(self, path: Path) -> None:
        """Save through planner.save (atomic, keeps comments); raises planner.ScenarioError."""
        planner.save(self._scenario, path)
        # The saved text is now what the file holds: later saves merge into it.
        text = Path(path).read_text(encoding="utf-8")
        self._scenario = replace(self._scenario, path=str(path), source_text=text)
        self.path = Path(path)
        self.undo_stack.setClean()
        self.path_changed.emit(self.path)

    def _set(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._summary = planner.summarize(scenario, self.catalogs)
        self._options = None
        self.changed.emit(scenario, self._summary)
