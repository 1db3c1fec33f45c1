"""Help > About, Scenario Format and Keyboard Shortcuts: plain text a person can read and copy."""

from __future__ import annotations

import re

from importlib import metadata
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from planner.model.scenario import SECTIONS, section_keys

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"   # present in a checkout


def version() -> str:
    try:
        return metadata.version("nlp-budget-planner")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def about_text(catalogs) -> str:
    lines = [f"NLP Budget Planner {version()}", "Prices a whole NLP research project, not just its final run.",
             "", "Pricing catalogs (id, date, source):"]
    for cat in sorted(catalogs.pricing.values(), key=lambda c: c.id):
        origin = "" if cat.bundled else f" [yours: {cat.path}]"
        lines.append(f"  {cat.id}  as of {cat.as_of}  {cat.source}{origin}")
    return "\n".join(lines)


def format_text() -> str:
    lines = ["A scenario is a TOML file: top-level schema = 1, name and description, then these tables.",
             "Any number may be a 90% range [low, high]. Unknown keys and comments are kept on save.", ""]
    for section in SECTIONS:
        if section == "project":
            lines.append("[project]  ensemble, seeds, final_seeds, contingency; [project.tuning] trials, scale; "
                         "[[project.ablations]] and [[project.baselines]] rows: name, runs, scale")
        else:
            lines.append(f"[{section}]  " + ", ".join(section_keys(section)))
    where = str(DOCS) if DOCS.exists() else "docs/scenario-format.md in the source distribution"
    lines += ["", f"The full format, with every key's meaning and default: {where}"]
    return "\n".join(lines)


def shortcuts_text(window) -> str:
    rows = []
    for action in window.findChildren(type(window.undo_action)):
        # Only the keys a person presses: a standard key's own name ("Undo", "Redo": keyboards with such
        # keys) is no chord to learn.
        keys = ", ".join(k.toString(QtGui.QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                         if "+" in k.toString() or re.fullmatch(r"F\d+", k.toString()))
        if keys and action.text():
            rows.append(f"{action.text().replace('&', '').rstrip('.'):<28}{keys}")
    rows += ["", "In a field: Ctrl+Z / Ctrl+Y undo and redo the scenario; Tab moves on, also out of the "
             "ablation and baseline tables (Ctrl+Tab inside a table cell)."]
    return "\n".join(sorted(set(rows[:-2]))) + "\n" + "\n".join(rows[-2:])


def show_text(parent, title: str, text: str) -> QtWidgets.QDialog:
    dialog = QtWidgets.QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setObjectName("help")
    view = QtWidgets.QPlainTextEdit(text)
    view.setReadOnly(True)
    # Fixed-width: the shortcuts line up in their column.
    view.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont))
    view.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setAccessibleName(title)
    buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QtWidgets.QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addWidget(buttons)
    dialog.resize(640, 420)
    return dialog
