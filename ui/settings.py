"""QSettings through one factory: window state and recent files only (results live in scenario files)."""

from __future__ import annotations

from PySide6 import QtCore

ORG, APP = "nlp-budget-planner", "planner"
MAX_RECENT = 8


def settings() -> QtCore.QSettings:
    # INI everywhere: readable, and tests point QSettings.setPath at a temporary folder.
    return QtCore.QSettings(QtCore.QSettings.IniFormat, QtCore.QSettings.UserScope, ORG, APP)


def recent_files() -> list[str]:
    value = settings().value("recent_files", [], type=list)
    return [str(v) for v in value if v]


def add_recent(path: str) -> list[str]:
    files = [path] + [p for p in recent_files() if p != path]
    settings().setValue("recent_files", files[:MAX_RECENT])
    return files[:MAX_RECENT]


def remove_recent(path: str) -> list[str]:
    files = [p for p in recent_files() if p != path]
    settings().setValue("recent_files", files)
    return files
