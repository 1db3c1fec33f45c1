"""The Qt binding must not leak references to None/True: on Python 3.11 that aborts the interpreter
after a few hundred edits (PySide6 6.12.0 did). Guards the version pin in pyproject.toml."""

import sys

from PySide6 import QtCore


class _Emitter(QtCore.QObject):
    fired = QtCore.Signal()


def test_void_calls_and_emits_keep_reference_counts():
    emitter, obj = _Emitter(), QtCore.QObject()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(200):
        emitter.fired.emit()
        obj.setObjectName("x")
    assert abs(sys.getrefcount(None) - none_before) < 50
    assert abs(sys.getrefcount(True) - true_before) < 50
