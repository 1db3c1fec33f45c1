"""Dialog sizes that fit the screen they open on."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets


def default_size(widget: QtWidgets.QWidget, width: int, height: int) -> tuple[int, int]:
    """(width, height), shrunk to fit the screen the widget opens on (a 1024x640 laptop, say)."""
    screen = widget.screen() or QtWidgets.QApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, width, height)
    return min(width, int(room.width() * 0.95)), min(height, int(room.height() * 0.9))
