"""The narrow view API the window calls for anything modal, so tests can replace each function."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

FILTER = "Scenario files (*.toml);;All files (*)"


def ask_open_path(parent, folder: str = "") -> str | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, "Open scenario", folder, FILTER)
    return path or None


def ask_open_paths(parent, title: str, folder: str = "", filter_: str = FILTER) -> list[str]:
    paths, _ = QtWidgets.QFileDialog.getOpenFileNames(parent, title, folder, filter_)
    return paths


def ask_save_path(parent, suggested: str = "", filter_: str = FILTER, title: str = "Save scenario as") -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, filter_)
    return path or None


def show_error(parent, title: str, message: str) -> None:
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Critical, title, message, QtWidgets.QMessageBox.Ok, parent)
    box.setTextFormat(QtCore.Qt.PlainText)  # file text is shown literally, never as markup
    box.exec()


def confirm_discard(parent, name: str) -> str:
    """'save', 'discard' or 'cancel' for unsaved changes to `name`."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setStandardButtons(QtWidgets.QMessageBox.Save | QtWidgets.QMessageBox.Discard | QtWidgets.QMessageBox.Cancel)
    box.setDefaultButton(QtWidgets.QMessageBox.Save)
    answer = box.exec()
    return {QtWidgets.QMessageBox.Save: "save", QtWidgets.QMessageBox.Discard: "discard"}.get(answer, "cancel")


def confirm_external_change(parent, name: str) -> str:
    """'overwrite', 'reload' or 'cancel' when another program changed `name` since it was opened here."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Warning)
    box.setWindowTitle("File changed on disk")
    box.setText(f"{name} was changed by another program since you opened it.")
    box.setInformativeText("Overwrite discards the other program's changes; Reload discards yours.")
    box.setTextFormat(QtCore.Qt.PlainText)
    overwrite = box.addButton("Overwrite", QtWidgets.QMessageBox.DestructiveRole)
    reload_ = box.addButton("Reload", QtWidgets.QMessageBox.ActionRole)
    box.addButton(QtWidgets.QMessageBox.Cancel)
    box.setDefaultButton(QtWidgets.QMessageBox.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return "overwrite" if clicked is overwrite else "reload" if clicked is reload_ else "cancel"


def confirm_revert(parent, name: str) -> bool:
    """True to reload `name` from disk, losing the unsaved changes."""
    return _confirm(parent, QtWidgets.QMessageBox.Warning, "Revert", f"Revert to the saved file {name}?",
                    "Your changes will be lost.", "Revert")


def confirm_overwrite_catalog(parent, ident: str, path: str) -> bool:
    """True to replace the user's catalog `ident` (stored at `path`) with the imported file."""
    return _confirm(parent, QtWidgets.QMessageBox.Question, "Replace catalog",
                    f'You already have a catalog "{ident}". Replace it with the imported file?',
                    f"The current one ({path}) will be overwritten.", "Replace")


def _confirm(parent, icon, title: str, text: str, informative: str, action_label: str) -> bool:
    """True when the user picks `action_label` (a destructive action); Cancel is the default."""
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    box.setTextFormat(QtCore.Qt.PlainText)   # names and paths are shown literally, never as markup
    action = box.addButton(action_label, QtWidgets.QMessageBox.DestructiveRole)
    box.addButton(QtWidgets.QMessageBox.Cancel)
    box.setDefaultButton(QtWidgets.QMessageBox.Cancel)
    box.exec()
    return box.clickedButton() is action


def ask_template(parent, choices: list[tuple[str, str]]) -> str | None:
    """File > New: the path of the template chosen among (label, path) choices, or None (cancelled)."""
    labels = [label for label, _path in choices]
    label, ok = QtWidgets.QInputDialog.getItem(parent, "New scenario", "Start from:", labels, 0, False)
    return dict(choices)[label] if ok and label in labels else None
