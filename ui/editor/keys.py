"""Undo and redo keys, shared by the Edit menu and the text fields that route them to the scenario's stack."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

K = QtGui.QKeySequence


def _unique(keys) -> list[QtGui.QKeySequence]:
    out: list[QtGui.QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out


def undo_keys() -> list[QtGui.QKeySequence]:
    return _unique(K.keyBindings(K.StandardKey.Undo))


def redo_keys() -> list[QtGui.QKeySequence]:
    # The platform's binding alone is Ctrl+Y on some platforms (and offscreen), Ctrl+Shift+Z on others;
    # people use both, so both always work.
    return _unique([*K.keyBindings(K.StandardKey.Redo), K("Ctrl+Y"), K("Ctrl+Shift+Z")])


def undo_or_redo(event: QtGui.QKeyEvent) -> str | None:
    """'undo', 'redo' or None for a key press (or shortcut override) event."""
    if event.key() in (QtCore.Qt.Key.Key_unknown, QtCore.Qt.Key.Key_Control, QtCore.Qt.Key.Key_Shift):
        return None
    pressed = K(event.keyCombination())
    if pressed in undo_keys():
        return "undo"
    if pressed in redo_keys():
        return "redo"
    return None


def route_to_stack(widget, event: QtCore.QEvent, stack) -> bool:
    """Undo/redo keys in a text field act on the scenario's stack, never on the field's own history.

    Qt's line and text edits claim Ctrl+Z for themselves (ShortcutOverride), so the window's Undo
    never fires there; their own undo would blank the field and the next keystroke would write that
    as a new edit. True when `event` was such a key and has been handled.
    """
    if stack is None or event.type() not in (QtCore.QEvent.Type.ShortcutOverride, QtCore.QEvent.Type.KeyPress):
        return False
    action = undo_or_redo(event)
    if action is None:
        return False
    event.accept()   # an accepted override sends the key press to the field rather than a shortcut
    if event.type() == QtCore.QEvent.Type.KeyPress:
        stack.undo() if action == "undo" else stack.redo()
    return True
