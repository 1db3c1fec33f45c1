"""The open scenario: its value, its file, its undo stack. Widgets send edits here and listen."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtGui import QUndoCommand, QUndoStack

import numpy as np

import planner
from planner.files.catalogs import Catalogs
from planner.analysis.offers import price_options
from planner.model.scenario import Scenario
from planner.engine.summary import cost_samples

from ui.disk_stamp import stamp

DRAWS_KEPT = 4   # recent summaries whose Monte Carlo draws are kept (each 20,000 floats, 160 kB)
UNDO_LIMIT = 500  # undo steps kept: a long session's history stays bounded


class EditRefused(ValueError):
    """The engine could not compute a scenario: the edit is not applied (fields show the reason)."""


@dataclass(frozen=True)
class State:
    """A scenario with its summary, computed before it is pushed, so undo and redo cannot fail."""
    scenario: Scenario
    summary: dict
    generation: int   # of the document's catalogs: a state from before an import is re-summarised


class EditCommand(QUndoCommand):
    """An edit as two states (before, after). Consecutive edits in one typing session merge into one step."""

    def __init__(self, document: "ScenarioDocument", before: State, after: State, text: str,
                 merge_key: str | None):
        super().__init__(text)
        self.document, self.before, self.after, self.merge_key = document, before, after, merge_key
        self._pushed = False

    def id(self) -> int:  # noqa: A003 - Qt's name
        # Qt only asks mergeWith when ids match; the merge key (field and session) decides there.
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        # Qt deletes `other` now, but PySide keeps its Python wrapper referenced from the stack for
        # as long as the stack lives: drop what it holds (two scenarios and summaries), or every
        # keystroke of a long session would stay in memory.
        other.release()
        # Typed back to where the session started: Qt drops an obsolete command (and the clean
        # state returns), so no empty step and no false "modified".
        self.setObsolete(self.after.scenario == self.before.scenario)
        if self.isObsolete():   # Qt deletes this one too: its wrapper would keep both states
            self.release()
        return True

    def release(self) -> None:
        self.document = self.before = self.after = None

    def redo(self) -> None:
        if self.document is None:   # released (merged away): nothing left to do
            return
        if self._pushed:   # a redo from the menu (not the push) ends any typing session
            self.document.end_merge()
        self._pushed = True
        self.document._show(self.after)

    def undo(self) -> None:
        if self.document is None:
            return
        self.document.end_merge()
        self.document._show(self.before)


class ScenarioDocument(QtCore.QObject):
    """Holds the scenario; `changed` fires with the new scenario and its summary after every change."""

    changed = QtCore.Signal(object, object)        # scenario, summary
    path_changed = QtCore.Signal(object)           # Path | None
    problem = QtCore.Signal(str)                   # a state could not be re-summarised (shown, not raised)

    def __init__(self, scenario: Scenario, catalogs: Catalogs, path: Path | None = None, parent=None):
        super().__init__(parent)
        self.catalogs = catalogs
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._generation = 0
        self._draws: list[tuple[dict, np.ndarray]] = []   # (summary, its cost draws), newest last
        self._state = State(scenario, self.summarize(scenario), 0)
        self._options = None
        self._schedule = None
        self._session = 0
        self.path = path
        self.disk_stamp = stamp(path)   # what the file held when last read or written here

    @property
    def scenario(self) -> Scenario:
        return self._state.scenario

    @property
    def summary(self) -> dict:
        return self._state.summary

    def options(self):
        """Every catalog offer priced for this project (computed on demand, once per change)."""
        if self._options is None:
            self._options = price_options(self.scenario, self.catalogs)
        return self._options

    def schedule(self):
        """The project's schedule (planner.analysis.schedule), once per change: the Schedule tab and the
        headline's wall-clock read the same one."""
        if self._schedule is None:
            from planner.analysis.schedule import schedule
            self._schedule = schedule(self.scenario, self.summary)
        return self._schedule

    def cost_draws(self) -> np.ndarray | None:
        """The Monte Carlo draws of total cost behind the current summary's uncertainty block (None
        without ranges): the very draws summarize() made, kept rather than sampled a second time."""
        summary = self.summary
        unc = summary.uncertainty
        if not unc:
            return None
        for kept, draws in self._draws:
            if kept is summary:
                return draws
        draws = cost_samples(self.scenario, self.catalogs, unc.samples, unc.seed)   # an older state's, dropped from the cache
        self._keep_draws(summary, draws)
        return draws

    def _keep_draws(self, summary: dict, draws) -> None:
        if draws is not None:
            self._draws = [*self._draws[-(DRAWS_KEPT - 1):], (summary, draws)]

    def summarize(self, scenario: Scenario) -> dict:
        """planner.summarize; any failure becomes a ValueError the caller shows, never a crash."""
        kept: dict = {}
        try:
            summary = planner.summarize(scenario, self.catalogs, draws_out=kept)
        except planner.ScenarioError:
            raise
        except Exception as exc:  # noqa: BLE001 - an engine bug must not take the window (and edits) down
            raise EditRefused(f"could not compute this scenario ({type(exc).__name__}: {exc})") from exc
        self._keep_draws(summary, kept.get("cost"))
        return summary

    # -- edits ----------------------------------------------------------------------------------
    def edit(self, after: Scenario, text: str, merge_key: str | None = None) -> None:
        """Apply an already validated scenario as one undoable step; raises ValueError (nothing
        applied) when the engine cannot compute it. Edits with the same `merge_key` in one typing
        session merge into one step."""
        if after == self.scenario:
            return
        state = State(after, self.summarize(after), self._generation)
        key = f"{merge_key}#{self._session}" if merge_key else None
        self.undo_stack.push(EditCommand(self, self._state, state, text, key))

    def edit_value(self, section: str, key: str, value, label: str | None = None) -> None:
        """Validate then apply one field's new value; raises planner.ScenarioError if refused."""
        after = planner.validate(planner.model.scenario.with_value(self.scenario, section, key, value), self.catalogs)
        name = f"{section}.{key}" if section else key
        self.edit(after, f"Edit {label or name}", merge_key=name)

    def abandon_typing(self, name: str) -> None:
        """A field's text turned invalid: undo what this typing session of `name` applied.

        Pushed as an edit back to the session's starting value, which merges into the session's step
        and so removes it: an invalid entry never changes the scenario, even when a valid prefix of
        it ("0.5" of "0.5-0.3") was applied on the way.
        """
        stack, key = self.undo_stack, f"{name}#{self._session}"
        index = stack.index()
        top = stack.command(index - 1) if index > 0 else None
        if isinstance(top, EditCommand) and top.merge_key == key and index != stack.cleanIndex():
            stack.push(EditCommand(self, self._state, top.before, top.text(), key))

    def end_merge(self) -> None:
        """The typing session is over (field left, Return, undo, save): the next edit is a new step."""
        self._session += 1

    # -- whole documents --------------------------------------------------------------------------
    def replace_all(self, scenario: Scenario, path: Path | None) -> None:
        """A new or opened file: a fresh history, clean. Raises ValueError (nothing changed) if the
        engine cannot compute it."""
        state = State(scenario, self.summarize(scenario), self._generation)
        self.undo_stack.clear()
        self.path = path
        self.disk_stamp = stamp(path)
        self._show(state)
        self.undo_stack.setClean()
        self.path_changed.emit(path)

    def set_catalogs(self, catalogs: Catalogs) -> None:
        """New catalogs (an import): the same scenario priced again; history and modified state kept.
        Raises ValueError, keeping the old catalogs, when the scenario cannot be priced with them."""
        old = self.catalogs
        self.catalogs = catalogs
        try:
            summary = self.summarize(self.scenario)
        except ValueError:
            self.catalogs = old
            raise
        self._generation += 1
        self._show(State(self.scenario, summary, self._generation))

    def save(self, path: Path) -> None:
        """Save through planner.save (atomic, keeps comments); raises planner.ScenarioError."""
        # The window's catalogs, so user ones count too. The saved text is now what the file holds:
        # later saves merge into it.
        text = planner.save(self.scenario, path, self.catalogs)
        self._state = replace(self._state, scenario=replace(self.scenario, path=str(path), source_text=text))
        self.path = Path(path)
        self.disk_stamp = stamp(self.path)
        self.end_merge()
        self.undo_stack.setClean()
        self.path_changed.emit(self.path)

    def changed_on_disk(self) -> bool:
        """True when another program changed (or removed) the open file since it was read or saved here."""
        return self.path is not None and self.disk_stamp is not None and stamp(self.path) != self.disk_stamp

    def _show(self, state: State) -> None:
        if state.generation != self._generation:   # summarised with catalogs since replaced
            try:
                state = State(state.scenario, self.summarize(state.scenario), self._generation)
            except ValueError as exc:
                self.problem.emit(f"Shown with the prices from before the catalog import: {exc}")
        self._state = state
        self._options = None
        self._schedule = None
        self.changed.emit(state.scenario, state.summary)
